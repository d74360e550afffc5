// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.listview_settings["Satisfaction Survey"] = {
	add_fields: ["status", "rating"],
	get_indicator(doc) {
		const colors = {
			Pending: "gray",
			Sent: "blue",
			Responded: doc.rating && doc.rating <= 3 ? "orange" : "green",
			Expired: "gray",
			Failed: "red",
		};
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};

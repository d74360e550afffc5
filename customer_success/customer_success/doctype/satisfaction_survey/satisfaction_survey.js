// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.ui.form.on("Satisfaction Survey", {
	refresh(frm) {
		const doc = frm.doc;
		if (doc.status === "Failed" && doc.last_error) {
			frm.dashboard.set_headline_alert(
				__("The email could not be sent: {0}", [frappe.utils.escape_html(doc.last_error)]),
				"red"
			);
		} else if (doc.status === "Responded" && doc.rating) {
			const stars = "★".repeat(doc.rating) + "☆".repeat(5 - doc.rating);
			const follow_up = doc.follow_up
				? " · " + __("Follow-up: {0}", [frappe.utils.get_form_link("ToDo", doc.follow_up, true)])
				: "";
			frm.dashboard.set_headline_alert(
				`${stars} ${__("{0} of 5", [doc.rating])}${follow_up}`,
				doc.rating <= 3 ? "orange" : "green"
			);
		}
	},
});

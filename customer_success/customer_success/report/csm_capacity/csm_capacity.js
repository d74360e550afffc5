// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.query_reports["CSM Capacity"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "partner", label: __("Partner"), fieldtype: "Link", options: "CS Partner" },
		{ fieldname: "csm", label: __("CSM"), fieldtype: "Link", options: "User" },
		{ fieldname: "tier", label: __("Tier"), fieldtype: "Select", options: ["", "Tier 1", "Tier 2", "Tier 3"] },
	],
	tree: true,
	name_field: "partner",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data) {
			const bad = ["Understaffed", "Over capacity"].includes(data.status);
			value = `<span class="indicator-pill ${bad ? "red" : "green"}">${value}</span>`;
		}
		return value;
	},
};

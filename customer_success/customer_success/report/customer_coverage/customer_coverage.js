// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.query_reports["Customer Coverage"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: moment().subtract(9, "months").startOf("quarter").format("YYYY-MM-DD"),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "csm", label: __("CSM"), fieldtype: "Link", options: "User" },
		{ fieldname: "partner", label: __("Partner"), fieldtype: "Link", options: "CS Partner" },
		{ fieldname: "tier", label: __("Tier"), fieldtype: "Select", options: ["", "Tier 1", "Tier 2", "Tier 3"] },
	],
	tree: true,
	name_field: "group",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		if (data && column.fieldname === "coverage" && value == null && data.indent < 2) {
			return `<span class="text-muted">${__("n/a")}</span>`;
		}
		value = default_formatter(value, row, column, data);
		return data && data.indent === 0 ? `<b>${value}</b>` : value;
	},
};

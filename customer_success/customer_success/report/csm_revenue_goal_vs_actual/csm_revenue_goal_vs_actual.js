// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.query_reports["CSM Revenue Goal vs Actual"] = {
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
	formatter(value, row, column, data, default_formatter) {
		if (data && column.fieldname === "attainment" && value == null) {
			return `<span class="text-muted">${__("n/a")}</span>`;
		}
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "attainment" && data.attainment != null) {
			value = `<span class="${data.attainment >= 100 ? "text-success" : "text-danger"}">${value}</span>`;
		}
		return data && data.is_total ? `<b>${value}</b>` : value;
	},
};

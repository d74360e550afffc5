// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.query_reports["Enterprise Support Score"] = {
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
	],
	tree: true,
	name_field: "group",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		if (data && ["sla_met_percent", "feedback"].includes(column.fieldname) && value == null) {
			return `<span class="text-muted">${__("n/a")}</span>`;
		}
		value = default_formatter(value, row, column, data);
		if (data && ["sla_status", "feedback_status"].includes(column.fieldname)) {
			const color = { Met: "green", "Below target": "red" }[data[column.fieldname]] || "gray";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return data && (data.is_total || data.indent === 0) ? `<b>${value}</b>` : value;
	},
};

// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.query_reports["Account Health"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: moment().subtract(3, "months").startOf("quarter").format("YYYY-MM-DD"),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "csm", label: __("CSM"), fieldtype: "Link", options: "User" },
		{ fieldname: "partner", label: __("Partner"), fieldtype: "Link", options: "CS Partner" },
		{ fieldname: "tier", label: __("Tier"), fieldtype: "Select", options: ["", "Tier 1", "Tier 2", "Tier 3"] },
	],
	formatter(value, row, column, data, default_formatter) {
		const signals = ["health_score", "satisfaction", "engagement", "support", "retention"];
		if (data && signals.includes(column.fieldname) && value == null) {
			return `<span class="text-muted">${__("n/a")}</span>`;
		}
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "band" && data.health_score != null) {
			const color = data.health_score >= 70 ? "green" : data.health_score >= 40 ? "orange" : "red";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};

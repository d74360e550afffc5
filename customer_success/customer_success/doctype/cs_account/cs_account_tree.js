frappe.treeview_settings["CS Account"] = {
	breadcrumb: "Customer Success",
	title: __("Accounts and Subsidiaries"),
	get_tree_root: false,
	root_label: "CS Account",
	get_tree_nodes: "customer_success.customer_success.doctype.cs_account.cs_account.get_children",
	fields: [
		{ fieldtype: "Data", fieldname: "account_name", label: __("Account Name"), reqd: true },
		{ fieldtype: "Link", fieldname: "partner", label: __("Partner"), options: "CS Partner" },
		{ fieldtype: "Currency", fieldname: "annual_revenue", label: __("Annual Revenue") },
		{ fieldtype: "Link", fieldname: "revenue_currency", label: __("Revenue Currency"), options: "Currency", default: "USD", reqd: true },
		{ fieldtype: "Check", fieldname: "is_group", label: __("Is Group") },
	],
	ignore_fields: ["parent_cs_account"],
	onload(treeview) {
		treeview.make_tree();
	},
};

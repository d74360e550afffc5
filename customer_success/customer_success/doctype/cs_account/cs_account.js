// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.ui.form.on("CS Account", {
	setup(frm) {
		frm.set_query("parent_cs_account", () => ({ filters: { is_group: 1, name: ["!=", frm.doc.name] } }));
	},
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Assignments"), () =>
				frappe.set_route("List", "CSM Assignment", { account: frm.doc.name })
			);
			frm.add_custom_button(
				__("Touchpoint"),
				() => frappe.new_doc("Engagement Touchpoint", { account: frm.doc.name }),
				__("New")
			);
			frm.add_custom_button(__("QBR"), () => frappe.new_doc("QBR Log", { account: frm.doc.name }), __("New"));
			frm.add_custom_button(
				__("Kick-off"),
				() => frappe.new_doc("CS Kickoff", { account: frm.doc.name }),
				__("New")
			);
			if (frappe.user.has_role(["CS Head", "System Manager"])) {
				frm.add_custom_button(__("Assign Manager"), () =>
					frappe.new_doc("CSM Assignment", { account: frm.doc.name })
				);
			}
		}
	},
});

// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.ui.form.on("Engagement Touchpoint", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Planned") {
			frm.add_custom_button(__("Mark Completed"), () => {
				frm.set_value("status", "Completed");
				frm.set_value("completed_on", frappe.datetime.get_today());
				frm.save();
			});
		}
		if (frm.doc.account) {
			frm.add_custom_button(__("Update Account Mapping"), () => frappe.set_route("Form", "CS Account", frm.doc.account));
		}
	},
});

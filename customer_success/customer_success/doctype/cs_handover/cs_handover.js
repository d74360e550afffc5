// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.ui.form.on("CS Handover", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status === "Due") {
			frm.add_custom_button(__("Complete Handover"), () => {
				frm.set_value("status", "Completed");
				frm.save();
			});
		} else {
			frm.add_custom_button(__("Schedule Kick-off"), () =>
				frappe.new_doc("CS Kickoff", {
					account: frm.doc.account,
					participants: (frm.doc.stakeholders_introduced || []).map((row) => ({
						full_name: row.full_name,
						email: row.email,
						side: row.side,
						participant_role: row.stakeholder_role,
					})),
				})
			);
		}
	},
});

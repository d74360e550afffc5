// Copyright (c) 2026, Customer Success contributors
// For license information, please see license.txt

frappe.ui.form.on("QBR Log", {
	account(frm) {
		if (!frm.doc.account || (frm.doc.participants || []).length) return;
		frappe
			.call("customer_success.customer_success.doctype.qbr_log.qbr_log.get_participants", {
				account: frm.doc.account,
			})
			.then(({ message }) => {
				(message || []).forEach((row) => frm.add_child("participants", row));
				frm.refresh_field("participants");
			});
	},
	meeting_date(frm) {
		if (!frm.doc.meeting_date) return;
		const date = frappe.datetime.str_to_obj(frm.doc.meeting_date);
		frm.set_value("quarter", `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`);
	},
});

// Copyright (c) 2026, Customer Success contributors and contributors
// For license information, please see license.txt

// frappe.ui.form.on("CS Revenue Entry", {
// 	refresh(frm) {

// 	},
// });

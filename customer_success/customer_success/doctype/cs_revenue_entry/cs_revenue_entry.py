# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Revenue from an existing customer: entered by hand (or imported) without ERPNext,
written from Sales Invoices with it (see `customer_success.revenue`)."""

import frappe
from frappe import _
from frappe.model.document import Document

from customer_success.revenue import SALES_INVOICE
from customer_success.rules.revenue import entry_key


class CSRevenueEntry(Document):
	def validate(self):
		self.validate_not_from_invoice()
		self.validate_amount()
		self.set_entry_key()

	def validate_not_from_invoice(self):
		if self.reference_doctype == SALES_INVOICE:
			frappe.throw(
				_(
					"Revenue entries of Sales Invoices follow the invoice: submit, cancel or amend the invoice."
				),
				title=_("Entry Kept by Its Invoice"),
			)

	def validate_amount(self):
		if not self.amount:
			frappe.throw(_("A revenue entry needs an amount."), title=_("Missing Amount"))

	def set_entry_key(self):
		"""Two entries for the same referenced line are refused by the database."""
		self.entry_key = (
			entry_key(self.reference_doctype, self.reference_name, self.reference_line)
			if self.reference_doctype and self.reference_name
			else None
		)


def on_doctype_update():
	# Covers the reports: an account's entries of a span of days, by type, with their amounts.
	frappe.db.add_index("CS Revenue Entry", ["account", "posting_date", "revenue_type", "amount"])

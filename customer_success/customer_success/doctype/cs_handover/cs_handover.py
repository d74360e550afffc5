# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from customer_success.engagement import close_todos

BEFORE_ONBOARDING = ("Implementation", "Handover Due")


class CSHandover(Document):
	def validate(self):
		self.validate_one_per_account()
		self.validate_completion()

	def on_update(self):
		if self.status == "Completed" and self.has_value_changed("status"):
			self.start_onboarding()

	def validate_one_per_account(self):
		existing = frappe.db.get_value("CS Handover", {"account": self.account, "name": ("!=", self.name)})
		if existing:
			frappe.throw(
				_("{0} already has handover {1}.").format(frappe.bold(self.account), existing),
				title=_("Duplicate Handover"),
			)

	def validate_completion(self):
		if self.status != "Completed":
			self.completed_on = None
			return
		self.completed_on = self.completed_on or today()
		if getdate(self.completed_on) > getdate(today()):
			frappe.throw(
				_("A handover cannot be completed in the future."), title=_("Invalid Completion Date")
			)
		open_items = [row.item for row in self.open_items if row.status == "Open" and not row.owner_user]
		if open_items:
			frappe.throw(
				_("Give every open item an owner before completing the handover: {0}").format(
					", ".join(open_items)
				),
				title=_("Open Items Without Owner"),
			)

	def start_onboarding(self):
		"""The CSM has the account: it moves on to onboarding and the kick-off."""
		if frappe.db.get_value("CS Account", self.account, "status") in BEFORE_ONBOARDING:
			frappe.db.set_value("CS Account", self.account, "status", "Onboarding")
		close_todos(self.doctype, self.name)

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class CSPartner(Document):
	def validate(self):
		self.validate_managers()

	def on_update(self):
		self.bind_head_of_cs()

	def validate_managers(self):
		seen = set()
		for row in self.managers:
			if row.user in seen:
				frappe.throw(
					_("Row {0}: {1} is listed twice among the managers.").format(row.idx, row.user),
					title=_("Duplicate Manager"),
				)
			seen.add(row.user)

	def bind_head_of_cs(self):
		"""The Head of CS of a partner sees that partner's accounts only."""
		if self.head_of_cs:
			bind_user_to_partner(self.head_of_cs, self.name)


def bind_user_to_partner(user: str, partner: str):
	"""A User Permission on CS Partner: scopes a CS Head or CS Partner User to `partner`."""
	if frappe.db.exists("User Permission", {"user": user, "allow": "CS Partner", "for_value": partner}):
		return
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": "CS Partner",
			"for_value": partner,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)

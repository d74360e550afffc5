# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""A manager's revenue goal for a period. Managers see their own targets; a Head of CS
bound to partners sees the targets of those partners' managers, and all when unbound."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import format_date, getdate

from customer_success.permissions import UNRESTRICTED_ROLES, bound_partners


class CSMTarget(Document):
	def validate(self):
		self.validate_dates()
		self.validate_overlap()

	def validate_dates(self):
		if getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("The target period cannot end before it starts."), title=_("Invalid Dates"))

	def validate_overlap(self):
		"""Two targets of one manager over the same days would count that goal twice."""
		other = frappe.db.get_value(
			"CSM Target",
			{
				"user": self.user,
				"name": ("!=", self.name),
				"from_date": ("<=", self.to_date),
				"to_date": (">=", self.from_date),
			},
			["name", "from_date", "to_date"],
			as_dict=True,
		)
		if other:
			frappe.throw(
				_("{0} already has target {1} from {2} to {3}, which overlaps this one.").format(
					frappe.bold(self.user),
					other.name,
					format_date(other.from_date),
					format_date(other.to_date),
				),
				title=_("Overlapping Target"),
			)


def visible_managers(user: str | None = None) -> list[str] | None:
	"""The users whose targets `user` may see; None for everyone's."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or roles & UNRESTRICTED_ROLES:
		return None
	partners = bound_partners(user) if "CS Head" in roles else []
	if "CS Head" in roles and not partners:
		return None
	managers = {user}
	if partners:
		managers.update(
			frappe.get_all(
				"CS Partner Manager",
				filters={"parenttype": "CS Partner", "parent": ("in", partners)},
				pluck="user",
			)
		)
	return sorted(managers)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	managers = visible_managers(user)
	if managers is None:
		return ""
	return "`tabCSM Target`.user in ({})".format(", ".join(frappe.db.escape(m) for m in managers))


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	managers = visible_managers(user)
	return managers is None or doc.user in managers

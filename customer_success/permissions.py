"""Who sees which accounts, in Desk lists, reports, `frappe.get_list` and the REST API.

- System Manager and Administrator: every account.
- CS Head: the accounts of the partners they are bound to by a User Permission on
  CS Partner; every account when bound to none.
- CS Partner User: the accounts of their partner only (none while unbound).
- CS Manager: the accounts where they hold an assignment that has not ended.

A user with several of these roles sees the union. Records that hang off an account
(`account` field) follow the account.
"""

import frappe
from frappe.utils import getdate, today

UNRESTRICTED_ROLES = {"System Manager"}


def bound_partners(user: str) -> list[str]:
	permissions = frappe.permissions.get_user_permissions(user).get("CS Partner", [])
	return [row.get("doc") for row in permissions]


def assigned_accounts_sql(user: str) -> str:
	return (
		"select `tabCSM Assignment`.account from `tabCSM Assignment` "
		f"where `tabCSM Assignment`.user = {frappe.db.escape(user)} "
		"and (`tabCSM Assignment`.to_date is null or `tabCSM Assignment`.to_date >= curdate())"
	)


def _in_list(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(value) for value in values)


def account_scope(user: str | None = None) -> str | None:
	"""SQL condition on `tabCS Account` selecting the accounts `user` may see; None for all."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or roles & UNRESTRICTED_ROLES:
		return None

	conditions = []
	if {"CS Head", "CS Partner User"} & roles:
		partners = bound_partners(user)
		if "CS Head" in roles and not partners:
			return None
		if partners:
			conditions.append(f"`tabCS Account`.partner in ({_in_list(partners)})")
	if "CS Manager" in roles:
		conditions.append(f"`tabCS Account`.name in ({assigned_accounts_sql(user)})")
	return "({})".format(" or ".join(conditions)) if conditions else "1=0"


def can_see_account(account: str | None, partner: str | None, user: str | None = None) -> bool:
	"""The Python twin of `account_scope` for one account."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or roles & UNRESTRICTED_ROLES:
		return True
	if {"CS Head", "CS Partner User"} & roles:
		partners = bound_partners(user)
		if "CS Head" in roles and not partners:
			return True
		if partner and partner in partners:
			return True
	if "CS Manager" in roles and account:
		return is_assigned(account, user)
	return False


def is_assigned(account: str, user: str) -> bool:
	return bool(
		frappe.db.sql(
			"""select name from `tabCSM Assignment`
			where account = %s and user = %s and (to_date is null or to_date >= %s) limit 1""",
			(account, user, getdate(today())),
		)
	)


def account_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return account_scope(user) or ""


def account_record_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = account_scope(user)
	if scope is None:
		return ""
	return f"`tab{doctype}`.account in (select `tabCS Account`.name from `tabCS Account` where {scope})"


def has_account_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	return can_see_account(None if doc.is_new() else doc.name, doc.get("partner"), user)


def has_account_record_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool:
	account = doc.get("account")
	if not account:
		return True
	partner = frappe.db.get_value("CS Account", account, "partner")
	return can_see_account(account, partner, user)

"""What the KPI reports share: their period, the account filters and the user's scope.

Every report reads `from_date`, `to_date` (by default the last four quarters up to today)
and, where they apply, `csm`, `partner` and `tier`; every query goes through
`account_where`, so that a manager's reports show their own accounts only.
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from customer_success.permissions import account_scope
from customer_success.rules.kpi import last_quarters, meets_target

NO_CSM = "(No CSM)"


def period(filters, quarters: int = 4) -> tuple:
	"""The report's dates; the last four (or `quarters`) quarters up to today when not given."""
	default_from, default_to = last_quarters(getdate(today()), quarters)
	from_date = getdate(filters.get("from_date") or default_from)
	to_date = getdate(filters.get("to_date") or default_to)
	if to_date < from_date:
		frappe.throw(_("The period cannot end before it starts."), title=_("Invalid Period"))
	return from_date, to_date


def account_where(filters, csm_column: str = "acc.csm", tier: str | None = None) -> tuple[str, dict]:
	"""WHERE clause over `tabCS Account` aliased `acc`: the filters and the user's scope.

	`csm_column` is what the CSM filter compares with (the account's current CSM unless
	the report attributes figures otherwise); `tier` fixes the tier whatever the filter."""
	conditions, values = ["1=1"], {}
	if filters.get("partner"):
		conditions.append("acc.partner = %(partner)s")
		values["partner"] = filters.partner
	if tier or filters.get("tier"):
		conditions.append("acc.tier = %(tier)s")
		values["tier"] = tier or filters.tier
	if filters.get("csm"):
		conditions.append(f"{csm_column} = %(csm)s")
		values["csm"] = filters.csm
	scope = account_scope()
	if scope is not None:
		conditions.append(f"acc.name in (select `tabCS Account`.name from `tabCS Account` where {scope})")
	return " and ".join(conditions), values


def quarter_sql(column: str) -> str:
	"""SQL naming the quarter of a date column like `2026-Q4`."""
	return f"concat(year({column}), '-Q', quarter({column}))"


def csm_label(user: str | None) -> str:
	return user or _(NO_CSM)


def full_names(users) -> dict:
	users = [user for user in set(users) if user]
	if not users:
		return {}
	return dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "full_name"], as_list=1)
	)


def target_status(value, target) -> str:
	"""Met / Below target / n/a for a figure against its target."""
	met = meets_target(value, target)
	if met is None:
		return _("n/a")
	return _("Met") if met else _("Below target")

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Each manager's revenue goal against the revenue their accounts brought (spec dashboard 1).

Revenue counts for the manager who was the account's CSM on the day it was posted, so a
handover moves later revenue to the new manager and leaves earlier revenue where it was;
revenue of days without a CSM shows as "(No CSM)".
Targets are prorated to the days they share with the period; the target is the manager's
whole goal even when the partner or tier filter shows a slice of their revenue.
"""

from collections import defaultdict

import frappe
from frappe import _

from customer_success.customer_success.doctype.csm_target.csm_target import visible_managers
from customer_success.reporting import account_where, csm_label, full_names, period
from customer_success.rules.kpi import percent, prorated_target
from customer_success.rules.revenue import REVENUE_TYPES


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def type_key(revenue_type: str) -> str:
	return frappe.scrub(revenue_type)


def get_columns():
	return [
		{"fieldname": "csm", "label": _("CSM"), "fieldtype": "Link", "options": "User", "width": 220},
		{"fieldname": "full_name", "label": _("Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "actual", "label": _("Actual"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "attainment", "label": _("Attainment %"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "variance", "label": _("Actual − Target"), "fieldtype": "Currency", "width": 130},
		*(
			{"fieldname": type_key(kind), "label": _(kind), "fieldtype": "Currency", "width": 120}
			for kind in REVENUE_TYPES
		),
	]


def get_data(filters):
	from_date, to_date = period(filters)
	actual = actual_by_manager(filters, from_date, to_date)
	target = target_by_manager(filters, from_date, to_date)
	names = full_names([*actual, *target])
	rows = [
		figures(csm_label(user), names.get(user), target.get(user, 0.0), actual.get(user, {}))
		for user in set(actual) | set(target)
	]
	rows.sort(key=lambda row: (-row["actual"], row["csm"]))
	if rows:
		total_by_type = {kind: sum(row[type_key(kind)] for row in rows) for kind in REVENUE_TYPES}
		total = figures(_("Total"), None, sum(target.values()), total_by_type)
		rows.append({**total, "is_total": 1})
	return rows


def figures(csm: str, full_name: str | None, target: float, by_type: dict) -> dict:
	actual = round(sum(by_type.values()), 2)
	return {
		"csm": csm,
		"full_name": full_name,
		"target": target,
		"actual": actual,
		"attainment": percent(actual, target),
		"variance": round(actual - target, 2),
		**{type_key(kind): by_type.get(kind, 0.0) for kind in REVENUE_TYPES},
	}


def actual_by_manager(filters, from_date, to_date) -> dict:
	"""Revenue per manager and revenue type: one grouped query over the CSM assignments,
	each reaching its account's entries of the days it covers (the entries' account and
	date index), and, without a manager filter, one for the revenue of the period, whose
	rest had no CSM on the day."""
	where, values = account_where(filters, csm_column="asg.user")
	values.update(from_date=from_date, to_date=to_date)
	actual = defaultdict(dict)
	for user, kind, amount in frappe.db.sql(
		f"""select asg.user, entry.revenue_type, sum(entry.amount)
		from `tabCSM Assignment` asg
		join `tabCS Account` acc on acc.name = asg.account
		join `tabCS Revenue Entry` entry on entry.account = asg.account
			and entry.posting_date >= greatest(asg.from_date, %(from_date)s)
			and entry.posting_date <= least(coalesce(asg.to_date, %(to_date)s), %(to_date)s)
		where asg.assignment_role = 'CSM' and asg.from_date <= %(to_date)s
			and (asg.to_date is null or asg.to_date >= %(from_date)s) and {where}
		group by asg.user, entry.revenue_type""",
		values,
	):
		actual[user][kind] = float(amount or 0)
	if filters.get("csm"):
		return actual

	where, values = account_where(filters)
	unassigned = {}
	for kind, amount in frappe.db.sql(
		f"""select entry.revenue_type, sum(entry.amount)
		from `tabCS Revenue Entry` entry
		join `tabCS Account` acc on acc.name = entry.account
		where entry.posting_date between %(from_date)s and %(to_date)s and {where}
		group by entry.revenue_type""",
		{**values, "from_date": from_date, "to_date": to_date},
	):
		rest = round(float(amount or 0) - sum(by_type.get(kind, 0) for by_type in actual.values()), 2)
		if rest:
			unassigned[kind] = rest
	if unassigned:
		actual[None] = unassigned
	return actual


def target_by_manager(filters, from_date, to_date) -> dict:
	"""Each manager's targets prorated to the period, for the managers this user may see;
	with a partner or tier filter, only managers with accounts in that slice."""
	conditions, values = [], {"from_date": from_date, "to_date": to_date}
	managers = visible_managers()
	if managers is not None:
		conditions.append("target.user in %(managers)s")
		values["managers"] = tuple(managers)
	if filters.get("csm"):
		conditions.append("target.user = %(csm)s")
		values["csm"] = filters.csm
	if filters.get("partner") or filters.get("tier"):
		where, account_values = account_where(frappe._dict(partner=filters.partner, tier=filters.tier))
		conditions.append(
			f"""target.user in (select asg.user from `tabCSM Assignment` asg
			join `tabCS Account` acc on acc.name = asg.account
			where asg.assignment_role = 'CSM' and asg.from_date <= %(to_date)s
			and (asg.to_date is null or asg.to_date >= %(from_date)s) and {where})"""
		)
		values.update(account_values)
	target = defaultdict(float)
	for user, start, end, amount in frappe.db.sql(
		f"""select target.user, target.from_date, target.to_date, target.target_amount
		from `tabCSM Target` target
		where target.from_date <= %(to_date)s and target.to_date >= %(from_date)s
		{"".join(" and " + condition for condition in conditions)}""",
		values,
	):
		target[user] += prorated_target(amount, start, end, from_date, to_date)
	return {user: round(amount, 2) for user, amount in target.items()}


def get_chart(rows):
	managers = [row for row in rows if not row.get("is_total")]
	if not managers:
		return None
	return {
		"data": {
			"labels": [row["full_name"] or row["csm"] for row in managers],
			"datasets": [
				{"name": _("Target"), "values": [row["target"] for row in managers]},
				{"name": _("Actual"), "values": [row["actual"] for row in managers]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#a3a3a3", "#5e64ff"],
	}

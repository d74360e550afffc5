# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Gross and net retention of the AMC revenue due for renewal in the period.

AMC renews yearly, so what is due in the period is the AMC revenue each account brought
over the same dates a year before; what the same accounts bring in the period is set
against it. An account that brings nothing is churned, less is contracted, more is
expansion: GRR = (due − churned − contracted) ÷ due, and NRR adds the expansion.
Rows are by the account's current manager, then tier.
"""

from collections import defaultdict

import frappe
from frappe import _

from customer_success.reporting import account_where, csm_label, period
from customer_success.rules.kpi import retention, year_before
from customer_success.rules.revenue import AMC


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns():
	currency = {"fieldtype": "Currency", "width": 130}
	return [
		{"fieldname": "group", "label": _("CSM / Tier"), "fieldtype": "Data", "width": 240},
		{"fieldname": "csm", "label": _("CSM"), "fieldtype": "Data", "width": 200},
		{"fieldname": "tier", "label": _("Tier"), "fieldtype": "Data", "width": 80},
		{"fieldname": "accounts_due", "label": _("Accounts Due"), "fieldtype": "Int", "width": 110},
		{"fieldname": "due", "label": _("Renewals Due"), **currency},
		{"fieldname": "renewed", "label": _("Renewed"), **currency},
		{"fieldname": "churned", "label": _("Churned"), **currency},
		{"fieldname": "contracted", "label": _("Contracted"), **currency},
		{"fieldname": "expansion", "label": _("Expansion"), **currency},
		{"fieldname": "grr", "label": _("GRR %"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "nrr", "label": _("NRR %"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "accounts_churned", "label": _("Accounts Churned"), "fieldtype": "Int", "width": 130},
	]


def renewal_periods(filters) -> tuple:
	"""(from, to, base from, base to): the period and the same dates a year before."""
	from_date, to_date = period(filters)
	base_from, base_to = year_before(from_date), year_before(to_date)
	if base_to >= from_date:
		frappe.throw(
			_("AMC Retention compares a period of a year at most with the same dates a year before."),
			title=_("Period Too Long"),
		)
	return from_date, to_date, base_from, base_to


def amc_by_account(filters) -> list[tuple]:
	"""(manager, tier, due, renewed) per account with AMC in either span, in one grouped query.

	It reads the entries' covering index in account order (cheap even when the scope is a
	few accounts) rather than looking each account's entries up, which the optimizer
	prefers and which is five times slower on a large book."""
	from_date, to_date, base_from, base_to = renewal_periods(filters)
	where, values = account_where(filters)
	return frappe.db.sql(
		f"""select acc.csm, acc.tier,
			sum(case when entry.posting_date <= %(base_to)s then entry.amount else 0 end) due,
			sum(case when entry.posting_date >= %(from_date)s then entry.amount else 0 end) renewed
		from `tabCS Revenue Entry` entry
		straight_join `tabCS Account` acc on acc.name = entry.account
		where entry.revenue_type = %(amc)s
			and (entry.posting_date between %(base_from)s and %(base_to)s
				or entry.posting_date between %(from_date)s and %(to_date)s)
			and {where}
		group by entry.account""",
		{
			**values,
			"amc": AMC,
			"from_date": from_date,
			"to_date": to_date,
			"base_from": base_from,
			"base_to": base_to,
		},
	)


def get_data(filters):
	by_manager = defaultdict(lambda: defaultdict(list))  # manager -> tier -> (due, renewed)
	for user, tier, due, renewed in amc_by_account(filters):
		by_manager[user or ""][tier or ""].append((due, renewed))
	rows = []
	for user, tiers in sorted(by_manager.items()):
		accounts = [pair for pairs in tiers.values() for pair in pairs]
		rows.append(figures(csm_label(user), csm_label(user), None, accounts, indent=0))
		rows.extend(
			figures(tier or _("(No Tier)"), csm_label(user), tier, pairs, indent=1)
			for tier, pairs in sorted(tiers.items())
		)
	if rows:
		everything = [pair for tiers in by_manager.values() for pairs in tiers.values() for pair in pairs]
		rows.append({**figures(_("Total"), None, None, everything, indent=0), "is_total": 1})
	return rows


def figures(label, csm, tier, accounts, indent) -> dict:
	result = retention(accounts)
	return {
		"group": label,
		"csm": csm,
		"tier": tier,
		"accounts_due": result.accounts_due,
		"due": result.due,
		"renewed": result.renewed,
		"churned": result.churned,
		"contracted": result.contracted,
		"expansion": result.expansion,
		"grr": result.grr,
		"nrr": result.nrr,
		"accounts_churned": result.accounts_churned,
		"indent": indent,
	}


def get_chart(rows):
	managers = [
		row for row in rows if row["indent"] == 0 and not row.get("is_total") and row["grr"] is not None
	]
	if not managers:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in managers],
			"datasets": [
				{"name": _("GRR %"), "values": [row["grr"] for row in managers]},
				{"name": _("NRR %"), "values": [row["nrr"] for row in managers]},
			],
		},
		"type": "bar",
		"fieldtype": "Percent",
		"colors": ["#ff8c00", "#5e64ff"],
	}

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Managers the org-structure ratios call for at each partner, against the managers there.

Partner rows: accounts by tier, the load they make (in managers), managers needed (an SMB
partner one CSM, an Enterprise partner a Head of CS plus managers by the ratios) and
managers assigned. Manager rows beneath: their accounts at that partner and their load
over all their accounts. Churned accounts need no manager and are left out.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import getdate, today

from customer_success.customer_success.doctype.cs_settings.cs_settings import tier_config
from customer_success.reporting import account_where
from customer_success.rules.capacity import load, percent, staffing
from customer_success.rules.tiers import TIERS

MANAGER_ROLES = ("CSM", "Partner CSM")
NO_PARTNER = _("(No Partner)")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns():
	return [
		{"fieldname": "partner", "label": _("Partner / Manager"), "fieldtype": "Data", "width": 240},
		{"fieldname": "partner_type", "label": _("Type"), "fieldtype": "Data", "width": 90},
		*(
			{
				"fieldname": tier_key(tier),
				"label": _("{0} Accounts").format(tier),
				"fieldtype": "Int",
				"width": 110,
			}
			for tier in TIERS
		),
		{
			"fieldname": "load",
			"label": _("Load (managers)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
		{"fieldname": "load_percent", "label": _("Manager Load %"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "managers_needed", "label": _("Managers Needed"), "fieldtype": "Int", "width": 130},
		{"fieldname": "managers_assigned", "label": _("Managers Assigned"), "fieldtype": "Int", "width": 140},
		{"fieldname": "managers_short", "label": _("Managers Short"), "fieldtype": "Int", "width": 120},
		{"fieldname": "head_of_cs", "label": _("Head of CS"), "fieldtype": "Data", "width": 180},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 160},
	]


def tier_key(tier: str) -> str:
	return tier.lower().replace(" ", "_")


def period(filters) -> tuple:
	to_date = getdate(filters.to_date or today())
	return getdate(filters.from_date or to_date), to_date


def get_data(filters):
	config = tier_config()
	from_date, to_date = period(filters)
	# The CSM filter picks manager rows (below), not the accounts' current CSM.
	where, values = account_where(frappe._dict(filters, csm=None))
	where += " and acc.status != 'Churned'"
	values.update(from_date=from_date, to_date=to_date, roles=MANAGER_ROLES, csm=filters.csm)
	overlapping = "asg.from_date <= %(to_date)s and (asg.to_date is null or asg.to_date >= %(from_date)s)"

	accounts_by_partner = defaultdict(list)
	for partner, tier, count in frappe.db.sql(
		f"""select acc.partner, acc.tier, count(*) from `tabCS Account` acc
		where {where} group by acc.partner, acc.tier""",
		values,
	):
		accounts_by_partner[partner or NO_PARTNER].extend([tier] * count)

	manager_filter = "and asg.user = %(csm)s" if filters.csm else ""
	managed = defaultdict(lambda: defaultdict(list))
	for partner, user, tier, count in frappe.db.sql(
		f"""select acc.partner, asg.user, acc.tier, count(distinct acc.name)
		from `tabCSM Assignment` asg join `tabCS Account` acc on acc.name = asg.account
		where {where} and {overlapping} and asg.assignment_role in %(roles)s {manager_filter}
		group by acc.partner, asg.user, acc.tier""",
		values,
	):
		managed[partner or NO_PARTNER][user].extend([tier] * count)

	# A manager's load counts all their accounts, whichever partner they belong to.
	total_load = defaultdict(list)
	for user, tier, count in frappe.db.sql(
		f"""select asg.user, acc.tier, count(distinct acc.name)
		from `tabCSM Assignment` asg join `tabCS Account` acc on acc.name = asg.account
		where acc.status != 'Churned' and {overlapping} and asg.user in %(users)s
		group by asg.user, acc.tier""",
		{**values, "users": tuple({u for users in managed.values() for u in users}) or ("",)},
	):
		total_load[user].extend([tier] * count)

	partners = {
		p.name: p
		for p in frappe.get_all(
			"CS Partner",
			filters={"name": filters.partner} if filters.partner else {},
			fields=["name", "partner_type", "head_of_cs"],
		)
	}
	rows = []
	for partner in sorted(set(accounts_by_partner) | set(managed)):
		info = partners.get(partner) or frappe._dict(partner_type="Enterprise", head_of_cs=None)
		need = staffing(
			info.partner_type,
			accounts_by_partner.get(partner, []),
			managers_assigned=len(managed.get(partner, {})),
			has_head_of_cs=bool(info.head_of_cs),
			ratios=config.ratios,
		)
		rows.append(
			{
				"partner": partner,
				"partner_type": info.partner_type,
				"indent": 0,
				**{tier_key(tier): need.accounts_by_tier[tier] for tier in TIERS},
				"load": float(need.load),
				# A partner's figure: how full its managers are on average.
				"load_percent": percent(need.load / need.managers_assigned)
				if need.managers_assigned
				else None,
				"managers_needed": need.managers_needed,
				"managers_assigned": need.managers_assigned,
				"managers_short": need.managers_short,
				"head_of_cs": info.head_of_cs or (_("Needed") if need.head_of_cs_needed else ""),
				"status": _("Staffed") if need.is_staffed else _("Understaffed"),
			}
		)
		for user, tiers in sorted(managed.get(partner, {}).items()):
			share = load(total_load.get(user, tiers), config.ratios)
			rows.append(
				{
					"partner": user,
					"indent": 1,
					**{tier_key(tier): tiers.count(tier) for tier in TIERS},
					"load": float(load(tiers, config.ratios)),
					"load_percent": percent(share),
					"status": _("Over capacity") if share > 1 else _("Within capacity"),
				}
			)
	return rows


def get_chart(rows):
	partners = [row for row in rows if row["indent"] == 0]
	if not partners:
		return None
	return {
		"data": {
			"labels": [row["partner"] for row in partners],
			"datasets": [
				{"name": _("Managers Needed"), "values": [row["managers_needed"] for row in partners]},
				{"name": _("Managers Assigned"), "values": [row["managers_assigned"] for row in partners]},
			],
		},
		"type": "bar",
		"colors": ["#ff5858", "#5e64ff"],
	}

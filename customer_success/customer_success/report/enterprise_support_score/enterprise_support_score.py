# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Support score of the enterprise (Tier 1) accounts: the share of resolved tickets whose
service level agreement was fulfilled, against 85%, and the average support feedback,
against 4.5 (spec section 2). Rows are by the account's current manager, with each
account beneath. Tickets come from Helpdesk or ERPNext (see `customer_success.support`);
without either, the report says there is no support source.
"""

import frappe
from frappe import _

from customer_success.reporting import account_where, csm_label, period, target_status
from customer_success.rules.kpi import SLA_MET_TARGET, SUPPORT_FEEDBACK_TARGET, average, percent
from customer_success.rules.tiers import TIER_1
from customer_success.support import SupportFigures, support_by_account, support_source


def execute(filters=None):
	filters = frappe._dict(filters or {})
	source = support_source()
	if not source:
		return get_columns(), [], no_source_message(), None
	rows = get_data(filters, source)
	return get_columns(), rows, None, get_chart(rows)


def no_source_message() -> str:
	return _(
		"There is no support source on this site: the support score reads ERPNext Issues or "
		"Helpdesk tickets, and neither app is installed."
	)


def get_columns():
	return [
		{"fieldname": "group", "label": _("CSM / Account"), "fieldtype": "Data", "width": 240},
		{"fieldname": "csm", "label": _("CSM"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "account",
			"label": _("Account"),
			"fieldtype": "Link",
			"options": "CS Account",
			"width": 180,
		},
		{"fieldname": "resolved", "label": _("Tickets Resolved"), "fieldtype": "Int", "width": 130},
		{"fieldname": "sla_met", "label": _("SLA Fulfilled"), "fieldtype": "Int", "width": 110},
		{"fieldname": "sla_met_percent", "label": _("SLA Met %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "sla_status", "label": _("SLA vs 85%"), "fieldtype": "Data", "width": 110},
		{"fieldname": "ratings", "label": _("Feedback Responses"), "fieldtype": "Int", "width": 140},
		{
			"fieldname": "feedback",
			"label": _("Support Feedback"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
		{"fieldname": "feedback_status", "label": _("Feedback vs 4.5"), "fieldtype": "Data", "width": 120},
	]


def get_data(filters, source):
	from_date, to_date = period(filters)
	where, values = account_where(filters, tier=TIER_1)
	accounts = frappe.db.sql(
		f"""select acc.name, acc.csm from `tabCS Account` acc
		where acc.status != 'Churned' and {where} order by acc.csm, acc.name""",
		values,
	)
	figures = support_by_account(source, where, values, from_date, to_date)
	by_manager = {}
	for name, user in accounts:
		by_manager.setdefault(user or "", []).append(name)

	rows = []
	for user, names in sorted(by_manager.items()):
		rows.append(score(csm_label(user), csm_label(user), None, [figures.get(n) for n in names], indent=0))
		rows.extend(score(name, csm_label(user), name, [figures.get(name)], indent=1) for name in names)
	if rows:
		total = score(_("Total"), None, None, [figures.get(name) for name, _user in accounts], indent=0)
		rows.append({**total, "is_total": 1})
	return rows


def score(label, csm, account, figures: list, indent: int) -> dict:
	total = SupportFigures()
	for item in filter(None, figures):
		total.resolved += item.resolved
		total.sla_met += item.sla_met
		total.ratings += item.ratings
		total.rating_total += item.rating_total
	sla_met_percent = percent(total.sla_met, total.resolved)
	feedback = average(total.rating_total, total.ratings)
	return {
		"group": label,
		"csm": csm,
		"account": account,
		"resolved": total.resolved,
		"sla_met": total.sla_met,
		"sla_met_percent": sla_met_percent,
		"sla_status": target_status(sla_met_percent, SLA_MET_TARGET),
		"ratings": total.ratings,
		"feedback": feedback,
		"feedback_status": target_status(feedback, SUPPORT_FEEDBACK_TARGET),
		"indent": indent,
	}


def get_chart(rows):
	managers = [row for row in rows if row["indent"] == 0 and not row.get("is_total")]
	if not managers:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in managers],
			"datasets": [
				{"name": _("SLA Met %"), "values": [row["sla_met_percent"] or 0 for row in managers]},
				{"name": _("Target %"), "values": [SLA_MET_TARGET] * len(managers)},
			],
		},
		"type": "bar",
		"fieldtype": "Percent",
		"colors": ["#5e64ff", "#ff5858"],
	}

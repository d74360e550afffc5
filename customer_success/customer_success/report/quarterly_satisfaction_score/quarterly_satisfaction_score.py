# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Average satisfaction rating per quarter, by manager and tier, against the 4.5 target
(spec dashboard 2).

It counts the answered monthly and QBR surveys (the customer's view of the CSM
experience; support surveys belong to the support score), in the quarter they were
answered, for the manager named on the survey (the account's CSM when it names none).
A quarter without answers has no score rather than a score of zero.
"""

from collections import defaultdict

import frappe
from frappe import _

from customer_success.reporting import account_where, csm_label, period, quarter_sql, target_status
from customer_success.rules.kpi import SATISFACTION_TARGET, average, quarters

SATISFACTION_SURVEYS = ("Monthly CSAT", "QBR")
SURVEY_CSM = "coalesce(survey.csm, acc.csm)"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns():
	return [
		{"fieldname": "group", "label": _("Quarter / CSM / Tier"), "fieldtype": "Data", "width": 260},
		{"fieldname": "quarter", "label": _("Quarter"), "fieldtype": "Data", "width": 90},
		{"fieldname": "csm", "label": _("CSM"), "fieldtype": "Data", "width": 200},
		{"fieldname": "tier", "label": _("Tier"), "fieldtype": "Data", "width": 80},
		{"fieldname": "responses", "label": _("Responses"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "average_rating",
			"label": _("Average Rating"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Float", "precision": 1, "width": 80},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 120},
	]


def ratings(filters, from_date, to_date) -> list[tuple]:
	"""(quarter, manager, tier, responses, sum of ratings), in one grouped query."""
	where, values = account_where(filters, csm_column=SURVEY_CSM)
	return frappe.db.sql(
		f"""select {quarter_sql("survey.responded_on")} quarter, {SURVEY_CSM} csm, acc.tier,
			count(*), sum(survey.rating)
		from `tabSatisfaction Survey` survey
		join `tabCS Account` acc on acc.name = survey.account
		where survey.status = 'Responded' and survey.rating between 1 and 5
			and survey.survey_type in %(survey_types)s
			and survey.responded_on >= %(from_date)s and survey.responded_on < %(day_after)s
			and {where}
		group by quarter, csm, acc.tier""",
		{
			**values,
			"survey_types": SATISFACTION_SURVEYS,
			"from_date": from_date,
			"day_after": frappe.utils.add_days(to_date, 1),
		},
	)


def get_data(filters):
	from_date, to_date = period(filters)
	totals = defaultdict(lambda: [0, 0])
	tiers_of = defaultdict(lambda: defaultdict(set))  # quarter -> manager -> tiers
	for quarter, user, tier, count, total in ratings(filters, from_date, to_date):
		tiers_of[quarter][user].add(tier)
		for key in ((quarter,), (quarter, user), (quarter, user, tier)):
			totals[key][0] += count
			totals[key][1] += total or 0

	rows = []
	for quarter in quarters(from_date, to_date):
		rows.append(row(quarter.name, (quarter.name,), totals, indent=0))
		managers = tiers_of.get(quarter.name, {})
		for user in sorted(managers, key=lambda user: user or ""):
			rows.append(row(csm_label(user), (quarter.name, user), totals, indent=1))
			for tier in sorted(managers[user], key=lambda tier: tier or ""):
				rows.append(row(tier or _("(No Tier)"), (quarter.name, user, tier), totals, indent=2))
	return rows


def row(label: str, key: tuple, totals: dict, indent: int) -> dict:
	responses, total = totals.get(key, (0, 0))
	score = average(total, responses)
	return {
		"group": label,
		"quarter": key[0],
		"csm": csm_label(key[1]) if len(key) > 1 else None,
		"tier": key[2] if len(key) > 2 else None,
		"responses": responses,
		"average_rating": score,
		"target": SATISFACTION_TARGET,
		"status": target_status(score, SATISFACTION_TARGET),
		"indent": indent,
	}


def get_chart(rows):
	scored = [row for row in rows if row["indent"] == 0 and row["average_rating"] is not None]
	if not scored:
		return None
	return {
		"data": {
			"labels": [row["quarter"] for row in scored],
			"datasets": [
				{"name": _("Average Rating"), "values": [row["average_rating"] for row in scored]},
				{"name": _("Target"), "values": [SATISFACTION_TARGET] * len(scored)},
			],
		},
		"type": "line",
		"colors": ["#5e64ff", "#ff5858"],
		"lineOptions": {"dotSize": 6},
		"axisOptions": {"xIsSeries": 1},
	}

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Each account's health on 0-100 over the period (by default the last two quarters), with
the signals it is made of: satisfaction, engagement (touchpoints held), support (SLA met)
and AMC retention, weighted by CS Settings (see `customer_success.rules.health`). The
weakest accounts come first; an account with nothing to measure has no score.
"""

from collections import Counter

import frappe
from frappe import _

from customer_success.health import signals_by_account, weights
from customer_success.reporting import account_where, csm_label, period
from customer_success.rules.health import AT_RISK, HEALTHY, SIGNALS, WATCH, health_band, health_score

NO_SCORE = "No score"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns():
	signal_columns = [
		{"fieldname": signal, "label": _(signal.title()), "fieldtype": "Percent", "width": 110}
		for signal in SIGNALS
	]
	return [
		{
			"fieldname": "account",
			"label": _("Account"),
			"fieldtype": "Link",
			"options": "CS Account",
			"width": 220,
		},
		{
			"fieldname": "partner",
			"label": _("Partner"),
			"fieldtype": "Link",
			"options": "CS Partner",
			"width": 160,
		},
		{"fieldname": "csm", "label": _("CSM"), "fieldtype": "Data", "width": 180},
		{"fieldname": "tier", "label": _("Tier"), "fieldtype": "Data", "width": 80},
		{"fieldname": "health_score", "label": _("Health"), "fieldtype": "Int", "width": 80},
		{"fieldname": "band", "label": _("Band"), "fieldtype": "Data", "width": 100},
		*signal_columns,
	]


def get_data(filters):
	from_date, to_date = period(filters, quarters=2)
	where, values = account_where(filters)
	accounts = frappe.db.sql(
		f"""select acc.name, acc.partner, acc.csm, acc.tier from `tabCS Account` acc
		where acc.status != 'Churned' and {where}""",
		values,
	)
	signals = signals_by_account(where, values, from_date, to_date)
	weighting = weights()
	rows = []
	for name, partner, user, tier in accounts:
		account_signals = signals.get(name, {})
		score = health_score(account_signals, weighting)
		rows.append(
			{
				"account": name,
				"partner": partner,
				"csm": csm_label(user),
				"tier": tier,
				"health_score": score,
				"band": _(health_band(score) or NO_SCORE),
				**{
					signal: None
					if account_signals.get(signal) is None
					else round(account_signals[signal] * 100, 1)
					for signal in SIGNALS
				},
			}
		)
	rows.sort(key=lambda row: (row["health_score"] is None, row["health_score"] or 0, row["account"]))
	return rows


def get_chart(rows):
	if not rows:
		return None
	bands = Counter(row["band"] for row in rows)
	labels = [_(band) for band in (HEALTHY, WATCH, AT_RISK, NO_SCORE)]
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": _("Accounts"), "values": [bands[label] for label in labels]}],
		},
		"type": "bar",
		"colors": ["#29cd42"],
	}

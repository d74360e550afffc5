"""Account health: the signals of each account over a period, and the daily score.

The signals come from what the KPI reports read (satisfaction surveys, touchpoints, the
support source, AMC revenue), with one grouped query each for all the accounts asked for;
`customer_success.rules.health` weighs them into a score. The daily job writes every
account's score of the last two quarters into `CS Account.health_score`.
"""

from collections import defaultdict

import frappe
from frappe.utils import add_days, cint, getdate, today

from customer_success.rules.health import (
	DEFAULT_WEIGHTS,
	ENGAGEMENT,
	RETENTION,
	SATISFACTION,
	SUPPORT,
	engagement_signal,
	health_score,
	retention_signal,
	satisfaction_signal,
	support_signal,
)
from customer_success.rules.kpi import last_quarters, year_before
from customer_success.rules.revenue import AMC
from customer_success.support import support_by_account, support_source

SATISFACTION_SURVEYS = ("Monthly CSAT", "QBR")


def weights() -> dict:
	"""The weights in CS Settings; the default for one never set."""
	stored = frappe.db.get_singles_dict("CS Settings", cast=False)
	return {
		signal: default
		if stored.get(f"health_weight_{signal}") is None
		else cint(stored[f"health_weight_{signal}"])
		for signal, default in DEFAULT_WEIGHTS.items()
	}


def signals_by_account(where: str, values: dict, from_date, to_date) -> dict:
	"""{account: {signal: share or None}} for the accounts `where` selects (over `acc`)."""
	period = {**values, "from_date": from_date, "to_date": to_date, "day_after": add_days(to_date, 1)}
	raw = defaultdict(dict)
	for account, ratings, total in frappe.db.sql(
		f"""select acc.name, count(*), sum(survey.rating)
		from `tabSatisfaction Survey` survey
		join `tabCS Account` acc on acc.name = survey.account
		where survey.status = 'Responded' and survey.rating between 1 and 5
			and survey.survey_type in %(survey_types)s
			and survey.responded_on >= %(from_date)s and survey.responded_on < %(day_after)s and {where}
		group by acc.name""",
		{**period, "survey_types": SATISFACTION_SURVEYS},
	):
		raw[account][SATISFACTION] = satisfaction_signal(total, ratings)
	for account, held, missed in frappe.db.sql(
		f"""select acc.name, sum(touchpoint.status = 'Completed'), sum(touchpoint.status = 'Missed')
		from `tabEngagement Touchpoint` touchpoint
		join `tabCS Account` acc on acc.name = touchpoint.account
		where touchpoint.status in ('Completed', 'Missed') and touchpoint.touchpoint_type != 'Email'
			and touchpoint.scheduled_date between %(from_date)s and %(to_date)s and {where}
		group by acc.name""",
		period,
	):
		raw[account][ENGAGEMENT] = engagement_signal(held, missed)
	source = support_source()
	if source:
		for account, figures in support_by_account(source, where, values, from_date, to_date).items():
			raw[account][SUPPORT] = support_signal(figures.sla_met, figures.resolved)
	for account, due, renewed in frappe.db.sql(
		f"""select entry.account,
			sum(case when entry.posting_date <= %(base_to)s then entry.amount else 0 end),
			sum(case when entry.posting_date >= %(from_date)s then entry.amount else 0 end)
		from `tabCS Revenue Entry` entry
		straight_join `tabCS Account` acc on acc.name = entry.account
		where entry.revenue_type = %(amc)s
			and (entry.posting_date between %(base_from)s and %(base_to)s
				or entry.posting_date between %(from_date)s and %(to_date)s)
			and {where}
		group by entry.account""",
		{**period, "amc": AMC, "base_from": year_before(from_date), "base_to": year_before(to_date)},
	):
		raw[account][RETENTION] = retention_signal(due, renewed)
	return raw


def update_health_scores():
	"""Daily: every account's health over the last two quarters into `health_score` (0 when
	there is nothing to score), in at most one statement per score value."""
	from_date, to_date = last_quarters(getdate(today()), 2)
	signals = signals_by_account("acc.status != 'Churned'", {}, from_date, to_date)
	weighting = weights()
	accounts_by_score = defaultdict(list)
	for account, values in signals.items():
		score = health_score(values, weighting)
		if score:
			accounts_by_score[score].append(account)
	frappe.db.sql("update `tabCS Account` set health_score = 0 where health_score != 0")
	for score, accounts in accounts_by_score.items():
		frappe.db.sql(
			"update `tabCS Account` set health_score = %s where name in %s", (score, tuple(accounts))
		)
	frappe.db.commit()

"""The KPI reports over a large book, each against one hand-written grouped SQL query.

Run from the bench's sites folder (scripts/benchmark.sh does it):
    ../env/bin/python -m benchmarks.report_benchmark SITE [REPEAT]

The first run fills the site: 20,000 accounts (the demo generator), then, with bulk
inserts over the two years up to today, 1,000,000 touchpoints, 200,000 survey answers and
500,000 revenue entries, and 300,000 support tickets when ERPNext is installed. Later runs
reuse them.

Each report then runs as it does for a Head of CS (no filters: the last four quarters)
against its baseline, a single grouped query written by hand that computes the same
figures; both run REPEAT times (default 3), alternating, and the best time of each counts.
The figures of both must agree. It prints the times, the SQL statements the report ran and
the ratio report ÷ baseline; the goal is 1.5 at most for every report.
"""

import random
import sys
from datetime import timedelta

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

from benchmarks.utils import connect, ensure_demo_book, measure
from customer_success.customer_success.report.account_health import account_health
from customer_success.customer_success.report.amc_retention import amc_retention
from customer_success.customer_success.report.csm_revenue_goal_vs_actual import csm_revenue_goal_vs_actual
from customer_success.customer_success.report.customer_coverage import customer_coverage
from customer_success.customer_success.report.enterprise_support_score import enterprise_support_score
from customer_success.customer_success.report.quarterly_satisfaction_score import (
	quarterly_satisfaction_score,
)
from customer_success.reporting import NO_CSM, period, quarter_sql
from customer_success.rules.kpi import quarters, year_before
from customer_success.support import support_source

ACCOUNTS = 20_000
TOUCHPOINTS = 1_000_000
SURVEYS = 200_000
REVENUE_ENTRIES = 500_000
TICKETS = 300_000
DAYS = 730
GOAL = 1.5
# Amounts are compared to the cent after rounding to 0.1; scores are whole points.
TOLERANCE = 0.11
STANDARD = ("creation", "modified", "owner", "modified_by", "docstatus", "idx")


# --- filling the site -------------------------------------------------------------------


def fill(rng: random.Random):
	ensure_demo_book(ACCOUNTS)
	book = frappe.db.sql("select name, partner, csm, tier from `tabCS Account`", as_dict=True)
	fill_table("Engagement Touchpoint", TOUCHPOINTS, touchpoint_rows(rng, book))
	fill_table("Satisfaction Survey", SURVEYS, survey_rows(rng, book))
	fill_table("CS Revenue Entry", REVENUE_ENTRIES, revenue_rows(rng, book))
	if "erpnext" in frappe.get_installed_apps():
		# Tier 1 accounts are ERPNext customers of the same name, which their tickets name.
		frappe.db.sql("update `tabCS Account` set customer = name where tier = 'Tier 1' and customer is null")
		tier_1 = [account for account in book if account.tier == "Tier 1"]
		fill_table("Issue", TICKETS, ticket_rows(rng, tier_1))
	frappe.db.commit()
	# What the database does by itself a while after large changes: fresh index statistics,
	# without which the optimizer plans for the empty tables the bulk inserts started from.
	tables = [
		"CS Account",
		"CSM Assignment",
		"Engagement Touchpoint",
		"Satisfaction Survey",
		"CS Revenue Entry",
	]
	if "erpnext" in frappe.get_installed_apps():
		tables.append("Issue")
	frappe.db.sql("analyze table " + ", ".join(f"`tab{table}`" for table in tables))


def fill_table(doctype: str, wanted: int, rows):
	"""Bulk-insert rows from the generator `rows` until the table holds `wanted` rows."""
	missing = wanted - frappe.db.count(doctype)
	if missing <= 0:
		return
	print(f"Inserting {missing:,} rows into {doctype} ...", file=sys.stderr)
	with measure() as took:
		fields = next(rows)
		stamp = now_datetime()
		frappe.db.bulk_insert(
			doctype,
			[*fields, *STANDARD],
			(
				(*next(rows), stamp, stamp, "Administrator", "Administrator", 0, 0)
				for _number in range(missing)
			),
		)
		frappe.db.commit()
	print(f"  in {took.seconds:.0f}s", file=sys.stderr)


def random_day(rng: random.Random, days: int = DAYS):
	return getdate(today()) - timedelta(days=rng.randrange(days))


def touchpoint_rows(rng: random.Random, book: list):
	"""The field names, then rows: a spread of types, formats and outcomes over two years."""
	yield (
		"name", "account", "partner", "touchpoint_type", "meeting_format", "status",
		"scheduled_date", "completed_on", "csm", "tier",
	)  # fmt: skip
	kinds = ("Tier Meeting",) * 5 + ("Call",) * 3 + ("QBR", "Email", "Email", "Training", "Kick-off")
	formats = {"Call": "Call", "Email": "Email"}
	statuses = ("Completed",) * 6 + ("Missed", "Missed", "Cancelled", "Planned")
	for number in range(sys.maxsize):
		account = rng.choice(book)
		kind, status = rng.choice(kinds), rng.choice(statuses)
		scheduled = random_day(rng)
		yield (
			f"BENCH-TP-{number:08d}-{rng.getrandbits(32):08x}",
			account.name,
			account.partner,
			kind,
			formats.get(kind) or rng.choice(("In-person", "Video")),
			status,
			scheduled,
			scheduled if status == "Completed" else None,
			account.csm,
			account.tier,
		)


def survey_rows(rng: random.Random, book: list):
	yield (
		"name", "account", "partner", "contact_email", "survey_type", "period", "status", "rating",
		"responded_on", "csm",
	)  # fmt: skip
	types = ("Monthly CSAT",) * 8 + ("QBR", "Support")
	ratings = (5, 5, 5, 4, 4, 4, 3, 2, 1)
	for number in range(sys.maxsize):
		account = rng.choice(book)
		day = random_day(rng)
		answered = rng.random() < 0.7
		yield (
			f"BENCH-CSAT-{number:08d}-{rng.getrandbits(32):08x}",
			account.name,
			account.partner,
			"contact@customer.example",
			rng.choice(types),
			f"{day.year}-{day.month:02d}",
			"Responded" if answered else rng.choice(("Sent", "Expired")),
			rng.choice(ratings) if answered else 0,
			f"{day} {rng.randrange(24):02d}:{rng.randrange(60):02d}:00" if answered else None,
			account.csm if rng.random() < 0.9 else None,
		)


def revenue_rows(rng: random.Random, book: list):
	yield ("name", "account", "posting_date", "revenue_type", "amount")
	types = ("AMC",) * 4 + ("Upsell",) * 3 + ("New Project", "Services", "Services")
	for number in range(sys.maxsize):
		kind = rng.choice(types)
		amount = round(rng.uniform(500, 50_000), 2)
		if rng.random() < 0.03:
			amount = -amount  # credit notes
		yield (
			f"BENCH-REV-{number:08d}-{rng.getrandbits(32):08x}",
			rng.choice(book).name,
			random_day(rng),
			kind,
			amount,
		)


def ticket_rows(rng: random.Random, tier_1: list):
	yield ("name", "subject", "customer", "status", "opening_date", "resolution_date", "agreement_status")
	statuses = ("Resolved", "Closed", "Closed", "Open", "Replied")
	for number in range(sys.maxsize):
		status = rng.choice(statuses)
		opened = random_day(rng)
		resolved = opened + timedelta(days=rng.randrange(5)) if status in ("Resolved", "Closed") else None
		yield (
			f"BENCH-ISS-{number:08d}-{rng.getrandbits(32):08x}",
			"Benchmark ticket",
			rng.choice(tier_1).name,
			status,
			opened,
			f"{resolved} 12:00:00" if resolved else None,
			rng.choice(("Fulfilled",) * 6 + ("Failed",)) if resolved else "Resolution Due",
		)


# --- reports and baselines, reduced to comparable figures ----------------------------------


def label(user):
	return user or NO_CSM


def rounded(values):
	return tuple(round(float(v), 1) if isinstance(v, float) else v for v in values)


def revenue_report(filters):
	rows = csm_revenue_goal_vs_actual.get_data(filters)
	return {
		row["csm"]: rounded(
			(row["target"], row["actual"], row["amc"], row["upsell"], row["new_project"], row["services"])
		)
		for row in rows
		if not row.get("is_total")
	}


def revenue_baseline(filters):
	from_date, to_date = period(filters)
	by_type = """sum(entry.amount) actual,
		sum(if(entry.revenue_type = 'AMC', entry.amount, 0)) amc,
		sum(if(entry.revenue_type = 'Upsell', entry.amount, 0)) upsell,
		sum(if(entry.revenue_type = 'New Project', entry.amount, 0)) new_project,
		sum(if(entry.revenue_type = 'Services', entry.amount, 0)) services"""
	attributed = f"""select asg.user csm, 0 target, {by_type}
		from `tabCSM Assignment` asg
		join `tabCS Revenue Entry` entry on entry.account = asg.account
			and entry.posting_date >= greatest(asg.from_date, %(from_date)s)
			and entry.posting_date <= least(coalesce(asg.to_date, %(to_date)s), %(to_date)s)
		where asg.assignment_role = 'CSM' and asg.from_date <= %(to_date)s
			and (asg.to_date is null or asg.to_date >= %(from_date)s)"""
	rows = frappe.db.sql(
		f"""select csm, sum(target), sum(actual), sum(amc), sum(upsell), sum(new_project), sum(services)
		from (
			{attributed} group by asg.user
			union all
			select null, 0, {by_type} from `tabCS Revenue Entry` entry
			where entry.posting_date between %(from_date)s and %(to_date)s
			union all
			select null, 0, -actual, -amc, -upsell, -new_project, -services from ({attributed}) everyone
			union all
			select target.user, round(target.target_amount
				* (datediff(least(target.to_date, %(to_date)s), greatest(target.from_date, %(from_date)s)) + 1)
				/ (datediff(target.to_date, target.from_date) + 1), 2), 0, 0, 0, 0, 0
			from `tabCSM Target` target
			where target.from_date <= %(to_date)s and target.to_date >= %(from_date)s
		) figures
		group by csm""",
		{"from_date": from_date, "to_date": to_date},
	)
	figures = {label(row[0]): rounded(tuple(float(v or 0) for v in row[1:])) for row in rows}
	if not any(figures.get(NO_CSM, (0,))):
		figures.pop(NO_CSM, None)  # every amount had its CSM
	return figures


def satisfaction_report(filters):
	rows = quarterly_satisfaction_score.get_data(filters)
	return {
		(row["quarter"], row["csm"], row["tier"] or ""): (row["responses"], row["average_rating"])
		for row in rows
		if row["indent"] == 2
	}


def satisfaction_baseline(filters):
	from_date, to_date = period(filters)
	rows = frappe.db.sql(
		f"""select {quarter_sql("survey.responded_on")} quarter,
			coalesce(survey.csm, acc.csm) csm, acc.tier, count(*), round(avg(survey.rating), 2)
		from `tabSatisfaction Survey` survey
		join `tabCS Account` acc on acc.name = survey.account
		where survey.status = 'Responded' and survey.rating between 1 and 5
			and survey.survey_type in ('Monthly CSAT', 'QBR')
			and survey.responded_on >= %(from_date)s and survey.responded_on < %(day_after)s
		group by quarter, csm, acc.tier""",
		{"from_date": from_date, "day_after": add_days(to_date, 1)},
	)
	return {
		(quarter, label(csm), tier or ""): (responses, float(score))
		for quarter, csm, tier, responses, score in rows
	}


def coverage_report(filters):
	rows = customer_coverage.get_data(filters)
	figures = {
		(row["quarter"], row["csm"], row["tier"] or ""): (row["accounts"], row["covered"])
		for row in rows
		if row["indent"] == 1
	}
	figures["uncovered rows"] = sum(row["indent"] == 2 for row in rows)
	return figures


def coverage_baseline(filters):
	from_date, to_date = period(filters)
	names = " union all ".join(
		f"select {frappe.db.escape(q.name)} quarter" for q in quarters(from_date, to_date)
	)
	rows = frappe.db.sql(
		f"""select q.quarter, coalesce(acc.csm, ''), coalesce(acc.tier, ''), count(*), count(met.account)
		from `tabCS Account` acc
		cross join ({names}) q
		left join (
			select touchpoint.account, {quarter_sql("touchpoint.completed_on")} quarter
			from `tabEngagement Touchpoint` touchpoint
			where touchpoint.status = 'Completed' and touchpoint.completed_on between %(from_date)s and %(to_date)s
				and touchpoint.touchpoint_type != 'Email' and coalesce(touchpoint.meeting_format, '') != 'Email'
			group by touchpoint.account, quarter
		) met on met.account = acc.name and met.quarter = q.quarter
		where acc.status != 'Churned'
		group by q.quarter, acc.csm, acc.tier""",
		{"from_date": from_date, "to_date": to_date},
	)
	figures = {
		(quarter, label(csm), tier): (accounts, covered) for quarter, csm, tier, accounts, covered in rows
	}
	figures["uncovered rows"] = sum(accounts - covered for accounts, covered in figures.values())
	return figures


def retention_report(filters):
	rows = amc_retention.get_data(filters)
	return {
		(row["csm"], row["tier"] or ""): rounded(
			(
				row["due"],
				row["renewed"],
				row["churned"],
				row["contracted"],
				row["expansion"],
				row["accounts_due"],
				row["accounts_churned"],
			)
		)
		for row in rows
		if row["indent"] == 1 and row["accounts_due"]
	}


def retention_baseline(filters):
	from_date, to_date = period(filters)
	rows = frappe.db.sql(
		"""select csm, tier, sum(due), sum(greatest(renewed, 0)),
			sum(if(renewed <= 0, due, 0)), sum(if(renewed > 0 and renewed < due, due - renewed, 0)),
			sum(if(renewed > due, renewed - due, 0)), count(*), sum(renewed <= 0)
		from (
			select coalesce(acc.csm, '') csm, coalesce(acc.tier, '') tier,
				sum(if(entry.posting_date <= %(base_to)s, entry.amount, 0)) due,
				sum(if(entry.posting_date >= %(from_date)s, entry.amount, 0)) renewed
			from `tabCS Revenue Entry` entry
			straight_join `tabCS Account` acc on acc.name = entry.account
			where entry.revenue_type = 'AMC'
				and (entry.posting_date between %(base_from)s and %(base_to)s
					or entry.posting_date between %(from_date)s and %(to_date)s)
			group by entry.account
		) accounts
		where due > 0
		group by csm, tier""",
		{
			"from_date": from_date,
			"to_date": to_date,
			"base_from": year_before(from_date),
			"base_to": year_before(to_date),
		},
	)
	return {
		(label(row[0]), row[1]): rounded(tuple(float(v) for v in row[2:7]) + tuple(int(v) for v in row[7:]))
		for row in rows
	}


def support_report(filters):
	rows = enterprise_support_score.get_data(filters, support_source())
	return {
		row["csm"]: (row["resolved"], row["sla_met"], row["ratings"], row["feedback"])
		for row in rows
		if row["indent"] == 0 and not row.get("is_total") and (row["resolved"] or row["ratings"])
	}


def support_baseline(filters):
	from_date, to_date = period(filters)
	rows = frappe.db.sql(
		"""select csm, sum(resolved), sum(met), sum(ratings), round(sum(rating_total) / sum(ratings), 2)
		from (
			select coalesce(acc.csm, '') csm, 1 resolved, issue.agreement_status = 'Fulfilled' met,
				0 ratings, 0 rating_total
			from `tabIssue` issue join `tabCS Account` acc on acc.customer = issue.customer
			where acc.tier = 'Tier 1' and acc.status != 'Churned' and issue.status in ('Resolved', 'Closed')
				and issue.resolution_date >= %(from_date)s and issue.resolution_date < %(day_after)s
			union all
			select coalesce(acc.csm, ''), 0, 0, 1, survey.rating
			from `tabSatisfaction Survey` survey join `tabCS Account` acc on acc.name = survey.account
			where acc.tier = 'Tier 1' and acc.status != 'Churned' and survey.survey_type = 'Support'
				and survey.status = 'Responded' and survey.rating between 1 and 5
				and survey.responded_on >= %(from_date)s and survey.responded_on < %(day_after)s
		) tickets
		group by csm""",
		{"from_date": from_date, "day_after": add_days(to_date, 1)},
	)
	return {
		label(csm): (int(resolved), int(met), int(ratings), float(score) if score is not None else None)
		for csm, resolved, met, ratings, score in rows
	}


def health_report(filters):
	return {row["account"]: row["health_score"] for row in account_health.get_data(filters)}


def health_baseline(filters):
	"""Every signal per account in one statement, weighed in SQL with the default weights."""
	from_date, to_date = period(filters, quarters=2)
	tickets = (
		"""union all
			select acc.name, 0, 0, 0, 0, count(*), sum(issue.agreement_status = 'Fulfilled'), 0, 0
			from `tabIssue` issue join `tabCS Account` acc on acc.customer = issue.customer
			where issue.status in ('Resolved', 'Closed')
				and issue.resolution_date >= %(from_date)s and issue.resolution_date < %(day_after)s
			group by acc.name"""
		if support_source()
		else ""
	)
	rows = frappe.db.sql(
		f"""select acc.name, sum(s.rating_total), sum(s.ratings), sum(s.held), sum(s.missed),
			sum(s.resolved), sum(s.met), sum(s.due), sum(s.renewed)
		from `tabCS Account` acc
		left join (
			select survey.account, sum(survey.rating) rating_total, count(*) ratings,
				0 held, 0 missed, 0 resolved, 0 met, 0 due, 0 renewed
			from `tabSatisfaction Survey` survey
			where survey.status = 'Responded' and survey.rating between 1 and 5
				and survey.survey_type in ('Monthly CSAT', 'QBR')
				and survey.responded_on >= %(from_date)s and survey.responded_on < %(day_after)s
			group by survey.account
			union all
			select touchpoint.account, 0, 0, sum(touchpoint.status = 'Completed'),
				sum(touchpoint.status = 'Missed'), 0, 0, 0, 0
			from `tabEngagement Touchpoint` touchpoint
			where touchpoint.status in ('Completed', 'Missed') and touchpoint.touchpoint_type != 'Email'
				and touchpoint.scheduled_date between %(from_date)s and %(to_date)s
			group by touchpoint.account
			{tickets}
			union all
			select entry.account, 0, 0, 0, 0, 0, 0,
				sum(if(entry.posting_date <= %(base_to)s, entry.amount, 0)),
				sum(if(entry.posting_date >= %(from_date)s, entry.amount, 0))
			from `tabCS Revenue Entry` entry
			where entry.revenue_type = 'AMC'
				and (entry.posting_date between %(base_from)s and %(base_to)s
					or entry.posting_date between %(from_date)s and %(to_date)s)
			group by entry.account
		) s on s.account = acc.name
		where acc.status != 'Churned'
		group by acc.name""",
		{
			"from_date": from_date,
			"to_date": to_date,
			"day_after": add_days(to_date, 1),
			"base_from": year_before(from_date),
			"base_to": year_before(to_date),
		},
	)
	# The divisions in Python: SQL divides to four decimals, which moves scores at a half point.
	weights = (30, 30, 20, 20)
	scores = {}
	for name, rating_total, ratings, held, missed, resolved, met, due, renewed in rows:
		signals = (
			(float(rating_total) / float(ratings) - 1) / 4 if ratings else None,
			float(held) / float(held + missed) if held or missed else None,
			float(met) / float(resolved) if resolved else None,
			min(max(float(renewed) / float(due), 0.0), 1.0) if due and due > 0 else None,
		)
		present = [
			(weight, value) for weight, value in zip(weights, signals, strict=True) if value is not None
		]
		total = sum(weight for weight, _value in present)
		scores[name] = (
			round(100 * sum(weight * value for weight, value in present) / total) if total else None
		)
	return scores


BENCHMARKS = (
	("CSM Revenue Goal vs Actual", revenue_report, revenue_baseline),
	("Quarterly Satisfaction Score", satisfaction_report, satisfaction_baseline),
	("Customer Coverage", coverage_report, coverage_baseline),
	("AMC Retention", retention_report, retention_baseline),
	("Enterprise Support Score", support_report, support_baseline),
	("Account Health", health_report, health_baseline),
)


def same(report: dict, baseline: dict) -> bool:
	if report.keys() != baseline.keys():
		return False
	for key, value in report.items():
		other = baseline[key]
		if isinstance(value, tuple):
			if any(not close(a, b) for a, b in zip(value, other, strict=True)):
				return False
		elif not close(value, other):
			return False
	return True


def close(a, b) -> bool:
	if a is None or b is None:
		return a is b
	return abs(float(a) - float(b)) <= TOLERANCE


def main(site: str, repeat: int = 3):
	connect(site)
	fill(random.Random(2026))
	filters = frappe._dict()
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in ("CS Account", "Engagement Touchpoint", "Satisfaction Survey", "CS Revenue Entry")
	}
	print("Book: " + ", ".join(f"{count:,} {doctype}" for doctype, count in counts.items()))
	print(f"{'report':<30} {'report s':>9} {'queries':>8} {'baseline s':>11} {'ratio':>6}  same figures")
	failed = False
	for name, report, baseline in BENCHMARKS:
		if name == "Enterprise Support Score" and not support_source():
			print(f"{name:<30} skipped: no support source (install ERPNext for tickets)")
			continue
		report_times, baseline_times = [], []
		for _run in range(repeat):
			with measure() as took:
				report_figures = report(filters)
			report_times.append(took.seconds)
			queries = took.queries
			with measure() as took:
				baseline_figures = baseline(filters)
			baseline_times.append(took.seconds)
		agree = same(report_figures, baseline_figures)
		ratio = min(report_times) / min(baseline_times)
		failed |= not agree or ratio > GOAL
		print(
			f"{name:<30} {min(report_times):>9.3f} {queries:>8} {min(baseline_times):>11.3f} "
			f"{ratio:>6.2f}  {'yes' if agree else 'NO'}"
		)
	frappe.destroy()
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1], *(int(arg) for arg in sys.argv[2:3])))

"""The monthly satisfaction survey: on the survey day of `CS Settings`, one survey per survey
contact of every Active, At Risk and Onboarding account, emailed through the Email Queue.

- Once: a survey's `survey_key` (type, account, contact, period) is UNIQUE in the database,
  so a second or concurrent run creates nothing twice; the rows to send are locked
  (SELECT ... FOR UPDATE) while they are queued, so a second sender skips them.
- Never lost: a survey whose email ends in error in the Email Queue is marked Failed with
  the error and sent again (with a new link) on the next run, up to MAX_SEND_ATTEMPTS.
- Batched: planning is a fixed number of queries whatever the size of the book; sending
  goes to background jobs of CHUNK_SIZE surveys, each a fixed number of queries.
"""

from collections import defaultdict

import frappe
from frappe.model.naming import parse_naming_series
from frappe.utils import create_batch, getdate, now_datetime, today

from customer_success.rules.cadence import MONTHLY, period_of
from customer_success.rules.surveys import (
	MAX_SEND_ATTEMPTS,
	SURVEYED_STATUSES,
	answer_deadline,
	is_survey_due,
	new_token,
	survey_key,
	token_hash,
)
from customer_success.surveys.bulk import insert_rows
from customer_success.surveys.mail import SurveyMailer, SurveyMailError, insert_queue_rows

MONTHLY_CSAT = "Monthly CSAT"
CHUNK_SIZE = 1000
SURVEY = "Satisfaction Survey"


def send_monthly_surveys():
	"""Daily scheduler job: acts from the survey day of the month on."""
	run_monthly_surveys()


def run_monthly_surveys(on_date=None, accounts: list[str] | None = None, now: bool = False) -> dict:
	"""Plan this month's surveys (from the survey day on) and queue every survey still to send.

	`accounts` limits the run to some accounts (tests, benchmarks); `now` sends in this
	process instead of background jobs.
	"""
	on_date = getdate(on_date or today())
	period = period_of(on_date, MONTHLY).name
	mark_failed_sends(accounts)
	expire_surveys(on_date, period, accounts)
	planned = 0
	if is_survey_due(on_date, frappe.db.get_single_value("CS Settings", "survey_day")):
		planned = plan_surveys(period, accounts)
	names = surveys_to_send(period, on_date, accounts)
	for chunk in create_batch(names, CHUNK_SIZE):
		frappe.enqueue(
			"customer_success.surveys.sending.send_surveys",
			names=list(chunk),
			on_date=str(on_date),
			queue="long",
			timeout=1800,
			now=now,
			# A job that started before this run commits would find none of its surveys.
			enqueue_after_commit=True,
		)
	return {"period": period, "planned": planned, "to_send": len(names)}


def plan_surveys(period: str, accounts: list[str] | None = None) -> int:
	"""Create the period's missing surveys in one insert; returns how many were missing."""
	existing = set(
		frappe.get_all(
			SURVEY, filters={"period": period, "survey_type": MONTHLY_CSAT}, pluck="survey_key", limit=0
		)
	)
	rows = []
	for contact in survey_contacts(accounts):
		contact.key = survey_key(MONTHLY_CSAT, contact.account, contact.email, period)
		if contact.key not in existing:
			rows.append(contact)
	if not rows:
		return 0
	names = reserve_names(SURVEY, len(rows))
	# IGNORE: when a concurrent run inserted the same survey_key first, its row stays and this one is dropped.
	insert_rows(
		SURVEY,
		[
			{
				"name": name,
				"account": contact.account,
				"partner": contact.partner,
				"contact_email": contact.email,
				"contact_name": contact.full_name,
				"survey_type": MONTHLY_CSAT,
				"period": period,
				"status": "Pending",
				"csm": contact.csm,
				"attempts": 0,
				"survey_key": contact.key,
			}
			for name, contact in zip(names, rows, strict=True)
		],
		ignore_duplicates=True,
	)
	return len(rows)


def survey_contacts(accounts: list[str] | None = None) -> list[frappe._dict]:
	"""Each survey contact once per account, with the account's partner and CSM; contacts
	who unsubscribed from all emails are left out."""
	rows = frappe.db.sql(
		f"""
		select account.name as account, account.partner, account.csm,
			lower(trim(person.email)) as email, person.full_name
		from `tabCS Account` account
		join `tabCS Stakeholder` person on person.parent = account.name
			and person.parenttype = 'CS Account' and person.parentfield = 'stakeholders'
		where account.status in %(statuses)s and person.receives_survey = 1
			and ifnull(person.email, '') != '' {in_accounts(accounts, "account.name")}
		order by account.name, person.idx
		""",
		{"statuses": SURVEYED_STATUSES, "accounts": tuple(accounts or ())},
		as_dict=True,
	)
	unsubscribed = set(
		frappe.get_all("Email Unsubscribe", filters={"global_unsubscribe": 1}, pluck="email", limit=0)
	)
	seen = set()
	contacts = []
	for row in rows:
		if (row.account, row.email) in seen or row.email in unsubscribed:
			continue
		seen.add((row.account, row.email))
		contacts.append(row)
	return contacts


def reserve_names(doctype: str, count: int) -> list[str]:
	"""`count` consecutive names of the DocType's naming series in three queries (the
	series row stays locked until commit, so concurrent runs get distinct ranges)."""
	series = {}

	def capture(prefix, digits):
		series.update(prefix=prefix, digits=digits)
		return ""

	parse_naming_series(frappe.get_meta(doctype).autoname, number_generator=capture)
	prefix, digits = series["prefix"], series["digits"]
	frappe.db.sql(
		"insert into `tabSeries` (name, current) values (%s, 0) on duplicate key update name = name", prefix
	)
	frappe.db.sql("update `tabSeries` set current = current + %s where name = %s", (count, prefix))
	last = frappe.db.sql("select current from `tabSeries` where name = %s", prefix)[0][0]
	return [f"{prefix}{number:0{digits}d}" for number in range(last - count + 1, last + 1)]


def surveys_to_send(period: str, on_date, accounts: list[str] | None = None) -> list[str]:
	"""The period's surveys not yet emailed, and failed ones still within their attempts."""
	return frappe.db.sql_list(
		f"""
		select name from `tabSatisfaction Survey`
		where survey_type = %(type)s and period = %(period)s {in_accounts(accounts)}
			and (status = 'Pending' or (status = 'Failed' and attempts < %(max)s
				and (expires_on is null or expires_on >= %(today)s)))
		order by name
		""",
		{
			"type": MONTHLY_CSAT,
			"period": period,
			"max": MAX_SEND_ATTEMPTS,
			"today": on_date,
			"accounts": tuple(accounts or ()),
		},
	)


def send_surveys(names: list[str], on_date=None) -> int:
	"""Queue the emails of some surveys (a background job); returns how many were queued.

	The surveys are locked while their emails are built, so a concurrent job waits, then
	finds them Sent and skips them.
	"""
	on_date = getdate(on_date or today())
	surveys = frappe.db.sql(
		"""
		select name, account, contact_email, contact_name, period, csm, attempts
		from `tabSatisfaction Survey`
		where name in %(names)s
			and (status = 'Pending' or (status = 'Failed' and attempts < %(max)s))
		order by name
		for update
		""",
		{"names": tuple(names), "max": MAX_SEND_ATTEMPTS},
		as_dict=True,
	)
	if not surveys:
		return 0
	try:
		mailer = SurveyMailer()
	except SurveyMailError as e:
		record_failures({str(e): [s.name for s in surveys]}, count_attempt=False)
		frappe.log_error("Satisfaction surveys not sent", str(e))
		return 0

	add_names(surveys)
	expires_on = answer_deadline(on_date)
	queued, failures = [], defaultdict(list)
	for survey in surveys:
		token = new_token()
		try:
			queue = mailer.queue_row({**survey, "expires_on": expires_on}, token)
		except Exception as e:
			failures[str(e) or type(e).__name__].append(survey.name)
			continue
		queued.append((survey, queue, token_hash(token)))

	insert_queue_rows([(queue, survey.name, survey.contact_email) for survey, queue, _hash in queued])
	mark_sent(queued, expires_on)
	record_failures(failures)
	return len(queued)


def add_names(surveys: list[frappe._dict]):
	"""Account and CSM names for the emails, in two queries."""
	accounts = dict(
		frappe.get_all(
			"CS Account",
			filters={"name": ("in", {s.account for s in surveys})},
			fields=["name", "account_name"],
			as_list=True,
		)
	)
	csms = {s.csm for s in surveys if s.csm}
	users = (
		dict(
			frappe.get_all("User", filters={"name": ("in", csms)}, fields=["name", "full_name"], as_list=True)
		)
		if csms
		else {}
	)
	for survey in surveys:
		survey.account_name = accounts.get(survey.account) or survey.account
		survey.csm_name = users.get(survey.csm) if survey.csm else None


def mark_sent(queued: list, expires_on):
	"""One update for the whole chunk: status, link hash, queue row, deadline, attempts."""
	if not queued:
		return
	names = [survey.name for survey, _queue, _hash in queued]
	hashes = " ".join(["when %s then %s"] * len(queued))
	queues = " ".join(["when %s then %s"] * len(queued))
	values = (
		[value for survey, _queue, digest in queued for value in (survey.name, digest)]
		+ [value for survey, queue, _hash in queued for value in (survey.name, queue["name"])]
		+ [now_datetime(), expires_on, now_datetime(), tuple(names)]
	)
	frappe.db.sql(
		f"""
		update `tabSatisfaction Survey`
		set token_hash = case name {hashes} end,
			email_queue = case name {queues} end,
			status = 'Sent', sent_on = %s, expires_on = %s, attempts = attempts + 1,
			last_error = null, modified = %s
		where name in %s
		""",
		values,
	)


def record_failures(failures: dict[str, list[str]], count_attempt: bool = True):
	"""Mark surveys Failed with their error: one update per distinct error."""
	for error, names in failures.items():
		frappe.db.sql(
			f"""
			update `tabSatisfaction Survey`
			set status = 'Failed', last_error = %s, modified = %s
				{", attempts = attempts + 1" if count_attempt else ""}
			where name in %s
			""",
			(error[:1000], now_datetime(), tuple(names)),
		)


# The sweeps below read the rows to change first, then update them by name: an UPDATE with a
# range condition would lock index gaps that a concurrent run's INSERT needs (a deadlock).


def mark_failed_sends(accounts: list[str] | None = None):
	"""Surveys whose email ended in error in the Email Queue become Failed."""
	names = frappe.db.sql_list(
		f"""
		select survey.name from `tabSatisfaction Survey` survey
		join `tabEmail Queue` queue on queue.name = survey.email_queue
		where survey.status = 'Sent' and queue.status = 'Error' {in_accounts(accounts, "survey.account")}
		""",
		{"accounts": tuple(accounts or ())},
	)
	if not names:
		return
	frappe.db.sql(
		"""
		update `tabSatisfaction Survey` survey
		join `tabEmail Queue` queue on queue.name = survey.email_queue
		set survey.status = 'Failed', survey.modified = %(now)s,
			survey.last_error = left(substring_index(trim(trailing '\\n' from
				ifnull(queue.error, 'The email could not be sent.')), '\\n', -1), 1000)
		where survey.name in %(names)s and survey.status = 'Sent' and queue.status = 'Error'
		""",
		{"now": now_datetime(), "names": tuple(names)},
	)


def expire_surveys(on_date, period: str, accounts: list[str] | None = None):
	"""Links past their deadline, and monthly surveys never sent in their month, expire."""
	expired = """((status = 'Sent' and expires_on < %(today)s)
		or (status = 'Pending' and survey_type = %(type)s and period < %(period)s))"""
	values = {"today": on_date, "type": MONTHLY_CSAT, "period": period, "accounts": tuple(accounts or ())}
	names = frappe.db.sql_list(
		f"select name from `tabSatisfaction Survey` where {expired} {in_accounts(accounts)}", values
	)
	if names:
		frappe.db.sql(
			f"""update `tabSatisfaction Survey` set status = 'Expired', modified = %(now)s
			where name in %(names)s and {expired}""",
			{**values, "now": now_datetime(), "names": tuple(names)},
		)


def in_accounts(accounts: list[str] | None, column: str = "account") -> str:
	"""The SQL condition of a run limited to some accounts (values passed as %(accounts)s)."""
	return f"and {column} in %(accounts)s" if accounts else ""

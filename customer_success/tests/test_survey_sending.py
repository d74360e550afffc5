"""The monthly survey job: who gets a survey, the Email Queue rows, once only, failures
retried, expiry, and a query count that does not grow with the number of contacts."""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from customer_success.rules.surveys import MAX_SEND_ATTEMPTS, survey_key
from customer_success.surveys.answers import find_by_token, link_state
from customer_success.surveys.mail import SURVEY_TEMPLATE
from customer_success.surveys.sending import run_monthly_surveys
from customer_success.tests.survey_fixtures import (
	email_parts,
	ensure_outgoing_email_account,
	link_token,
	queued_survey_email,
	survey_account,
)

SURVEY_DAY = date(2031, 3, 10)


def surveys_of(accounts: list[str], **filters) -> list[frappe._dict]:
	return frappe.get_all(
		"Satisfaction Survey",
		filters={"account": ("in", accounts), **filters},
		fields=[
			"name",
			"account",
			"contact_email",
			"status",
			"email_queue",
			"attempts",
			"token_hash",
			"last_error",
		],
		order_by="name",
	)


def count_queries(run) -> int:
	real_sql = frappe.db.sql
	count = 0

	def counting(*args, **kwargs):
		nonlocal count
		count += 1
		return real_sql(*args, **kwargs)

	frappe.db.sql = counting
	try:
		run()
	finally:
		frappe.db.sql = real_sql
	return count


class TestMonthlySurveys(FrappeTestCase):
	def setUp(self):
		ensure_outgoing_email_account()
		frappe.db.set_single_value("CS Settings", "survey_day", SURVEY_DAY.day)

	def run_job(self, accounts=None, on_date=SURVEY_DAY):
		return run_monthly_surveys(on_date=on_date, accounts=accounts, now=True)

	def test_one_survey_per_survey_contact_of_every_active_account(self):
		surveyed = {status: survey_account(status=status) for status in ("Active", "At Risk", "Onboarding")}
		left_out = [survey_account(status=status) for status in ("Implementation", "Churned", "Handover Due")]
		twice = surveyed["Active"]
		twice.append("stakeholders", {"full_name": "Same", "email": twice.stakeholders[0].email.upper()})
		twice.stakeholders[-1].receives_survey = 1
		# The account refuses the same email twice on save, but bulk-loaded books can have it.
		twice.db_update_all()

		self.run_job()  # every account of the site, as the scheduler does

		names = [a.name for a in surveyed.values()] + [a.name for a in left_out]
		surveys = surveys_of(names)
		expected = {
			(account.name, row.email) for account in surveyed.values() for row in account.stakeholders[:2]
		}
		self.assertEqual({(s.account, s.contact_email) for s in surveys}, expected)
		self.assertEqual({s.status for s in surveys}, {"Sent"})
		for survey in surveys:
			queue = frappe.get_doc("Email Queue", survey.email_queue)
			self.assertEqual(
				(queue.reference_doctype, queue.reference_name), ("Satisfaction Survey", survey.name)
			)
			self.assertEqual(queue.status, "Not Sent")
			self.assertEqual([r.recipient for r in queue.recipients], [survey.contact_email])

	def test_contacts_who_unsubscribed_from_all_emails_get_no_survey(self):
		account = survey_account()
		frappe.get_doc(
			{"doctype": "Email Unsubscribe", "email": account.stakeholders[0].email, "global_unsubscribe": 1}
		).insert(ignore_permissions=True)
		self.run_job([account.name])
		self.assertEqual(
			[s.contact_email for s in surveys_of([account.name])], [account.stakeholders[1].email]
		)

	def test_nothing_goes_out_before_the_survey_day(self):
		account = survey_account()
		self.run_job([account.name], on_date=add_days(SURVEY_DAY, -1))
		self.assertEqual(surveys_of([account.name]), [])
		self.run_job([account.name], on_date=SURVEY_DAY)
		self.assertEqual(len(surveys_of([account.name])), 2)

	def test_a_missed_survey_day_is_caught_up_later_in_the_month(self):
		account = survey_account()
		self.run_job([account.name], on_date=add_days(SURVEY_DAY, 5))
		self.assertEqual(len(surveys_of([account.name], period="2031-03")), 2)

	def test_a_second_run_sends_nothing_twice(self):
		account = survey_account(contacts=3)
		self.run_job([account.name])
		first = surveys_of([account.name])
		queued = frappe.db.count("Email Queue", {"reference_name": ("in", [s.name for s in first])})
		result = self.run_job([account.name])
		self.assertEqual((result["planned"], result["to_send"]), (0, 0))
		self.assertEqual(surveys_of([account.name]), first)
		self.assertEqual(
			frappe.db.count("Email Queue", {"reference_name": ("in", [s.name for s in first])}), queued
		)
		self.assertEqual(queued, 3)

	def test_the_database_refuses_a_second_survey_for_a_contact_and_month(self):
		account = survey_account()
		self.run_job([account.name])
		email = account.stakeholders[0].email
		key = survey_key("Monthly CSAT", account.name, email, "2031-03")
		with self.assertRaises(Exception) as refused:
			frappe.db.sql(
				"""insert into `tabSatisfaction Survey` (name, account, contact_email, survey_type, period, survey_key)
				values ('CSAT-DUPLICATE', %s, %s, 'Monthly CSAT', '2031-03', %s)""",
				(account.name, email, key),
			)
		self.assertTrue(frappe.db.is_unique_key_violation(refused.exception))
		duplicate = frappe.get_doc(
			{
				"doctype": "Satisfaction Survey",
				"account": account.name,
				"contact_email": email,
				"survey_type": "Monthly CSAT",
				"period": "2031-03",
			}
		)
		self.assertRaisesRegex(frappe.ValidationError, "already has a Monthly CSAT survey", duplicate.insert)

	def test_the_email_comes_from_the_editable_template_with_names_and_link(self):
		template = frappe.get_doc("Email Template", SURVEY_TEMPLATE)
		template.subject = "Survey for {{ account_name }}"
		template.response_html = (
			"<p>Hello {{ contact_name }}, {{ csm_name }} asks about {{ account_name }}:"
			' <a href="{{ survey_link }}">answer</a></p>'
		)
		template.save(ignore_permissions=True)
		account = survey_account(account_name=f'Fish & Chips "Deli" {frappe.generate_hash(length=6)}')
		self.run_job([account.name])
		survey = surveys_of([account.name])[0]
		message = queued_survey_email(survey.name)
		parts = email_parts(message)
		html = parts["text/html"]
		self.assertIn(f"Survey for {account.account_name}", message)
		self.assertIn(f"asks about {frappe.utils.escape_html(account.account_name)}", html)
		self.assertNotIn('Chips "Deli"', html)
		csm_name = frappe.db.get_value("User", account.csm, "full_name")
		self.assertIn(f"{csm_name} asks", html)
		token = link_token(html)
		self.assertEqual(find_by_token(token).name, survey.name)
		self.assertNotIn(token, str(frappe.db.get_value("Satisfaction Survey", survey.name, "*")))

	def test_a_failed_email_is_marked_and_sent_again_with_a_new_link(self):
		account = survey_account(contacts=1)
		self.run_job([account.name])
		survey = surveys_of([account.name])[0]
		old_token = link_token(email_parts(queued_survey_email(survey.name))["text/html"])
		for attempt in range(1, MAX_SEND_ATTEMPTS + 1):
			frappe.db.set_value(
				"Email Queue",
				surveys_of([account.name])[0].email_queue,
				{"status": "Error", "error": "Traceback...\nSMTPRecipientsRefused: mailbox unavailable\n"},
			)
			self.run_job([account.name], on_date=add_days(SURVEY_DAY, attempt))
			current = surveys_of([account.name])[0]
			if attempt < MAX_SEND_ATTEMPTS:
				self.assertEqual((current.status, current.attempts), ("Sent", attempt + 1))
				self.assertNotEqual(current.email_queue, survey.email_queue)
		self.assertEqual(current.status, "Failed")
		self.assertEqual(current.attempts, MAX_SEND_ATTEMPTS)
		self.assertEqual(current.last_error, "SMTPRecipientsRefused: mailbox unavailable")
		self.assertEqual(link_state(find_by_token(old_token)), "invalid")
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": survey.name}), MAX_SEND_ATTEMPTS)

	def test_without_an_outgoing_email_account_surveys_fail_with_the_reason_and_go_later(self):
		account = survey_account(contacts=1)
		frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)
		frappe.local.outgoing_email_account = {}
		self.run_job([account.name])
		survey = surveys_of([account.name])[0]
		self.assertEqual((survey.status, survey.attempts, survey.email_queue), ("Failed", 0, None))
		self.assertIn("no outgoing email account", survey.last_error)
		ensure_outgoing_email_account()
		frappe.db.set_value("Email Account", "CS Survey Tests", "enable_outgoing", 1)
		self.run_job([account.name], on_date=add_days(SURVEY_DAY, 1))
		self.assertEqual(surveys_of([account.name])[0].status, "Sent")

	def test_links_expire_and_unsent_surveys_of_past_months_too(self):
		account = survey_account(contacts=2)
		self.run_job([account.name])
		answered_late, never_sent = surveys_of([account.name])
		frappe.db.set_value("Satisfaction Survey", never_sent.name, "status", "Pending")
		token = link_token(email_parts(queued_survey_email(answered_late.name))["text/html"])
		self.run_job([account.name], on_date=add_days(SURVEY_DAY, 31))
		statuses = {s.name: s.status for s in surveys_of([account.name], period="2031-03")}
		self.assertEqual(statuses, {answered_late.name: "Expired", never_sent.name: "Expired"})
		self.assertEqual(link_state(find_by_token(token)), "invalid")

	def test_the_query_count_does_not_grow_with_the_number_of_contacts(self):
		small = [survey_account(contacts=1).name]
		large = [survey_account(contacts=5).name for _ in range(8)]
		self.run_job([survey_account(contacts=1).name])  # caches warm, as in a running worker
		queries_small = count_queries(lambda: self.run_job(small))
		queries_large = count_queries(lambda: self.run_job(large))
		self.assertEqual(len(surveys_of(large)), 40)
		self.assertEqual(queries_small, queries_large)


class TestSurveyPeriod(FrappeTestCase):
	def test_the_period_is_the_month_of_the_run(self):
		ensure_outgoing_email_account()
		frappe.db.set_single_value("CS Settings", "survey_day", 1)
		account = survey_account(contacts=1)
		result = run_monthly_surveys(accounts=[account.name], now=True)
		self.assertEqual(result["period"], getdate(today()).strftime("%Y-%m"))
		self.assertEqual(surveys_of([account.name])[0].status, "Sent")

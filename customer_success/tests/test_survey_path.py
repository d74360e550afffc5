"""The whole path on a real site, over HTTP: the monthly job queues the email, the link in
it opens the public page, the answer is posted as a guest and stored once; and two runs
(or two senders) at the same moment email each contact once."""

from datetime import date
from urllib.parse import urlsplit

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.surveys.sending import plan_surveys, run_monthly_surveys, send_surveys
from customer_success.tests.survey_fixtures import (
	clear_rate_limit,
	delete_test_records,
	email_parts,
	ensure_outgoing_email_account,
	http,
	link_token,
	queued_survey_email,
	submit,
	survey_account,
	user,
)
from customer_success.tests.utils import in_threads, make_partner

# The 28th is on or after any survey day (1-28), so the run does not depend on CS Settings.
RUN_DAY = date(2031, 5, 28)


class TestSurveyPath(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_outgoing_email_account()
		cls.head = user(["CS Head"], "survey-head")
		cls.csm = user(["CS Manager"], "survey-csm")
		cls.partner = make_partner("Enterprise", head_of_cs=cls.head)
		cls.accounts = []
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		delete_test_records(cls.accounts, [cls.head, cls.csm], [cls.partner])
		super().tearDownClass()

	def new_account(self, **kwargs):
		account = survey_account(partner=self.partner, csm=self.csm, **kwargs)
		self.accounts.append(account.name)
		frappe.db.commit()
		return account

	def test_from_the_monthly_job_to_the_stored_answer(self):
		account = self.new_account(contacts=2)
		run_monthly_surveys(on_date=RUN_DAY, accounts=[account.name], now=True)
		frappe.db.commit()
		survey = frappe.get_all(
			"Satisfaction Survey",
			filters={"account": account.name, "contact_email": account.stakeholders[0].email},
			pluck="name",
		)[0]

		# The Email Queue row: to the contact, about the survey, with the link.
		queue = frappe.get_doc(
			"Email Queue", frappe.db.get_value("Satisfaction Survey", survey, "email_queue")
		)
		self.assertEqual([r.recipient for r in queue.recipients], [account.stakeholders[0].email])
		self.assertEqual((queue.status, queue.reference_name), ("Not Sent", survey))
		html = email_parts(queued_survey_email(survey))["text/html"]
		link = next(part for part in html.split('"') if "/survey?token=" in part and "rating=" not in part)
		token = link_token(link)
		page_path = f"{urlsplit(link).path}?{urlsplit(link).query}"

		# The page, as a guest.
		page = http("get", page_path)
		self.assertEqual(page.status_code, 200)
		body = page.get_data(as_text=True)
		self.assertIn('id="cs-survey-form"', body)
		self.assertIn(frappe.utils.escape_html(account.account_name), body)
		self.assertIn(frappe.db.get_value("User", self.csm, "full_name"), body)
		self.assertEqual(body.count('name="rating"'), 5)

		# The answer, as a guest: stored once, with the follow-up of a low rating.
		clear_rate_limit()
		comment = "<script>alert('x')</script> Replies are slow"
		answer = submit(token, 2, comment)
		self.assertEqual(answer.status_code, 200, answer.get_data(as_text=True))
		self.assertIn("Thank you", answer.json["message"]["message"])
		frappe.db.commit()
		stored = frappe.get_doc("Satisfaction Survey", survey)
		self.assertEqual((stored.status, stored.rating), ("Responded", 2))
		self.assertIn("Replies are slow", stored.comment)
		self.assertNotIn("<script", stored.comment)
		self.assertTrue(stored.responded_on)
		todo = frappe.get_doc("ToDo", stored.follow_up)
		self.assertEqual((todo.allocated_to, todo.reference_name, todo.status), (self.csm, survey, "Open"))
		timeline = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "CS Account", "reference_name": account.name},
			pluck="content",
		)
		self.assertEqual(len(timeline), 1)
		self.assertIn("&lt;script&gt;", timeline[0])
		self.assertNotIn("<script", timeline[0] + todo.description)

		# Thank-you page, then "already answered" for the page and the API; nothing changes.
		thanks = http("get", page_path + "&thanks=1").get_data(as_text=True)
		self.assertIn("Thank you for your answer", thanks)
		self.assertNotIn('id="cs-survey-form"', thanks)
		self.assertIn("already been answered", http("get", page_path).get_data(as_text=True))
		again = submit(token, 5, "changed my mind")
		self.assertEqual(again.status_code, 409)
		self.assertIn("already been answered", again.get_data(as_text=True))
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Satisfaction Survey", survey, "rating"), 2)
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": survey}), 1)

	def test_two_runs_at_the_same_moment_email_each_contact_once(self):
		account = self.new_account(contacts=4)
		errors = in_threads(
			2, lambda: run_monthly_surveys(on_date=RUN_DAY, accounts=[account.name], now=True)
		)
		self.assertEqual(errors, [])
		frappe.db.commit()
		surveys = frappe.get_all("Satisfaction Survey", filters={"account": account.name}, pluck="name")
		self.assertEqual(len(surveys), 4)
		self.assertEqual(
			frappe.db.count(
				"Email Queue", {"reference_doctype": "Satisfaction Survey", "reference_name": ("in", surveys)}
			),
			4,
		)

	def test_two_senders_of_the_same_surveys_queue_each_email_once(self):
		account = self.new_account(contacts=3)
		plan_surveys("2031-06", [account.name])
		frappe.db.commit()
		names = frappe.get_all("Satisfaction Survey", filters={"account": account.name}, pluck="name")
		errors = in_threads(2, lambda: send_surveys(names, on_date=str(RUN_DAY)))
		self.assertEqual(errors, [])
		frappe.db.commit()
		self.assertEqual(
			frappe.db.count(
				"Email Queue", {"reference_doctype": "Satisfaction Survey", "reference_name": ("in", names)}
			),
			3,
		)
		self.assertEqual(
			set(frappe.get_all("Satisfaction Survey", filters={"name": ("in", names)}, pluck="status")),
			{"Sent"},
		)

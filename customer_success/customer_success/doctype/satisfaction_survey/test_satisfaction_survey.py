# Copyright (c) 2026, Customer Success contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.customer_success.doctype.cs_partner.cs_partner import bind_user_to_partner
from customer_success.surveys import record_qbr_rating, satisfaction_by_account
from customer_success.surveys.answers import SurveyAlreadyAnswered, SurveyLinkError, answer_survey
from customer_success.tests.survey_fixtures import open_survey, survey_account, user
from customer_success.tests.utils import make_partner


def follow_ups(survey: str) -> list[frappe._dict]:
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Satisfaction Survey", "reference_name": survey},
		fields=["name", "allocated_to", "priority", "description", "status"],
	)


def alerts(survey: str) -> dict[str, str]:
	return dict(
		frappe.get_all(
			"Notification Log",
			filters={"document_type": "Satisfaction Survey", "document_name": survey},
			fields=["for_user", "type"],
			as_list=True,
		)
	)


def timeline(account: str) -> list[str]:
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": "CS Account", "reference_name": account, "comment_type": "Comment"},
		pluck="content",
	)


class TestSatisfactionSurvey(FrappeTestCase):
	def setUp(self):
		self.head = user(["CS Head"], "survey-head")
		self.partner = make_partner("Enterprise", head_of_cs=self.head)
		self.csm = user(["CS Manager"], "survey-csm")
		self.account = survey_account(partner=self.partner, csm=self.csm)

	def answer(self, rating, comment=None):
		survey, token = open_survey(self.account)
		answer_survey(token, rating, comment)
		return survey

	def test_a_low_rating_opens_a_follow_up_for_the_csm_and_alerts_the_head_of_cs(self):
		survey = self.answer(2, "Nobody called back <b>twice</b>")
		(todo,) = follow_ups(survey)
		self.assertEqual((todo.allocated_to, todo.priority, todo.status), (self.csm, "High", "Open"))
		self.assertIn("rated", todo.description)
		self.assertIn("&lt;b&gt;twice&lt;/b&gt;", todo.description)
		self.assertEqual(frappe.db.get_value("Satisfaction Survey", survey, "follow_up"), todo.name)
		self.assertEqual(alerts(survey), {self.head: "Alert", self.csm: "Alert"})

	def test_a_three_is_still_followed_up_but_a_four_is_not(self):
		self.assertEqual(follow_ups(self.answer(3))[0].priority, "Medium")
		four = self.answer(4)
		self.assertEqual(follow_ups(four), [])
		self.assertEqual(alerts(four), {})

	def test_without_a_partner_head_the_unbound_heads_of_cs_are_alerted(self):
		everywhere = user(["CS Head"], "head-all")
		elsewhere = user(["CS Head"], "head-other")
		bind_user_to_partner(elsewhere, make_partner("SMB"))
		frappe.db.set_value("CS Partner", self.partner, "head_of_cs", None)
		survey = self.answer(1)
		notified = alerts(survey)
		self.assertEqual(notified.get(everywhere), "Alert")
		self.assertNotIn(elsewhere, notified)
		self.assertNotIn(self.head, notified)

	def test_every_answer_goes_on_the_account_timeline_escaped(self):
		self.answer(5, "Great <img src=x onerror=alert(1)> team")
		self.answer(2)
		entries = timeline(self.account.name)
		self.assertEqual(len(entries), 2)
		self.assertTrue(any("5 of 5" in entry and "Great" in entry for entry in entries))
		self.assertFalse(any("<img" in entry for entry in entries))

	def test_an_answer_is_taken_once(self):
		survey, token = open_survey(self.account)
		answer_survey(token, 4)
		self.assertRaises(SurveyAlreadyAnswered, answer_survey, token, 1)
		self.assertEqual(frappe.db.get_value("Satisfaction Survey", survey, "rating"), 4)

	def test_an_unsent_survey_cannot_be_answered(self):
		survey, token = open_survey(self.account)
		frappe.db.set_value("Satisfaction Survey", survey, "status", "Pending")
		self.assertRaises(SurveyLinkError, answer_survey, token, 5)

	def test_qbr_live_capture_writes_a_qbr_survey_once_per_contact(self):
		contact = self.account.stakeholders[1].email
		name = record_qbr_rating(self.account.name, contact.upper(), 3, "Needs more training")
		survey = frappe.get_doc("Satisfaction Survey", name)
		self.assertEqual(
			(survey.survey_type, survey.status, survey.rating, survey.contact_email),
			("QBR", "Responded", 3, contact),
		)
		self.assertRegex(survey.period, r"^\d{4}-Q[1-4]$")
		self.assertEqual(len(follow_ups(name)), 1)
		self.assertEqual(record_qbr_rating(self.account.name, contact, 4), name)
		self.assertEqual(frappe.db.get_value("Satisfaction Survey", name, "rating"), 4)

	def test_qbr_capture_without_a_contact_takes_the_first_survey_contact(self):
		name = record_qbr_rating(self.account.name, None, 5)
		self.assertEqual(
			frappe.db.get_value("Satisfaction Survey", name, "contact_email"),
			self.account.stakeholders[0].email,
		)

	def test_qbr_capture_refuses_a_rating_outside_one_to_five(self):
		self.assertRaisesRegex(
			frappe.ValidationError, "from 1 to 5", record_qbr_rating, self.account.name, None, 6
		)

	def test_an_answered_survey_needs_a_rating_from_one_to_five(self):
		survey = frappe.get_doc(
			{
				"doctype": "Satisfaction Survey",
				"account": self.account.name,
				"contact_email": self.account.stakeholders[0].email,
				"survey_type": "Support",
				"period": "2031-01",
				"status": "Responded",
			}
		)
		self.assertRaisesRegex(frappe.ValidationError, "needs its rating", survey.insert)
		survey.rating = 7
		self.assertRaisesRegex(frappe.ValidationError, "from 1 to 5", survey.insert)

	def test_answers_feed_the_satisfaction_score_of_the_account(self):
		self.answer(5)
		self.answer(4)
		self.answer(3)
		open_survey(self.account)  # not answered: not counted
		score = satisfaction_by_account(accounts=[self.account.name])[self.account.name]
		self.assertEqual((score.answers, score.average), (3, 4.0))

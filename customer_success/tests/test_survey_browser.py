"""A contact answers in a real browser: headless Chromium (Debian's `chromium`, driven by
Playwright) opens the emailed link on a live server, picks the stars, writes a comment,
sends, and lands on the thank-you page."""

import os
import unittest
from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.surveys.sending import run_monthly_surveys
from customer_success.tests.survey_fixtures import (
	clear_rate_limit,
	delete_test_records,
	email_parts,
	ensure_outgoing_email_account,
	link_token,
	queued_survey_email,
	survey_account,
)
from customer_success.tests.utils import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]


@unittest.skipUnless(os.path.exists(CHROMIUM), f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
class TestSurveyInABrowser(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_outgoing_email_account()
		cls.account = survey_account(contacts=1)
		run_monthly_surveys(on_date=date(2031, 7, 28), accounts=[cls.account.name], now=True)
		cls.survey = frappe.get_all(
			"Satisfaction Survey", filters={"account": cls.account.name}, pluck="name"
		)[0]
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		delete_test_records([cls.account.name], [cls.account.csm])
		super().tearDownClass()

	def test_a_contact_answers_from_the_emailed_link_and_sees_the_thank_you_page(self):
		from playwright.sync_api import sync_playwright

		clear_rate_limit()
		token = link_token(email_parts(queued_survey_email(self.survey))["text/html"])
		with live_server() as base_url, sync_playwright() as playwright:
			browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
			try:
				page = browser.new_page()
				page.goto(f"{base_url}/survey?token={token}")
				self.assertIn(self.account.account_name, page.inner_text(".cs-survey-intro"))

				page.click("button[type=submit]")  # no stars yet: told so, nothing sent
				self.assertIn("Choose a rating", page.inner_text(".cs-survey-error"))

				page.click("label[for=cs-star-4]")
				page.fill("#cs-comment", "Quick answers, <b>thank you</b>! 👍")
				with page.expect_navigation():
					page.click("button[type=submit]")
				self.assertIn("thanks=1", page.url)
				self.assertIn("Thank you for your answer", page.inner_text(".cs-survey-message"))
				self.assertEqual(page.locator(".cs-stars-shown .on").count(), 4)

				page.goto(f"{base_url}/survey?token={token}")
				self.assertIn("already been answered", page.inner_text(".cs-survey-message"))
			finally:
				browser.close()

		frappe.db.commit()  # a fresh snapshot: see what the server stored
		stored = frappe.db.get_value(
			"Satisfaction Survey", self.survey, ["status", "rating", "comment"], as_dict=True
		)
		self.assertEqual((stored.status, stored.rating), ("Responded", 4))
		self.assertIn("Quick answers", stored.comment)
		self.assertIn("👍", stored.comment)

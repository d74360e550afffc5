"""The guest answer endpoint over HTTP: refusals with a clear message and nothing stored,
one generic message for every unusable link, the rate limit, and a fuzz of malformed
answers (types, sizes, encodings, scripts) that never gets a server error or a stored row."""

import json
from urllib.parse import quote

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customer_success.api.survey import ANSWERS_PER_WINDOW
from customer_success.rules.surveys import MAX_COMMENT_LENGTH, new_token
from customer_success.tests.survey_fixtures import (
	SUBMIT_PATH,
	clear_rate_limit,
	delete_test_records,
	http,
	open_survey,
	submit,
	survey_account,
)

GENERIC = "This survey link is not valid or has expired."
FUZZ = settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
BAD_RATINGS = st.one_of(
	st.integers().filter(lambda n: not 1 <= n <= 5),
	st.floats(allow_nan=False, allow_infinity=False),
	st.text(max_size=20).filter(lambda s: s.strip() not in {"1", "2", "3", "4", "5"}),
	st.none(),
	st.booleans(),
	st.lists(st.integers(1, 5), max_size=2),
	st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
BAD_COMMENTS = st.one_of(
	st.text(min_size=MAX_COMMENT_LENGTH + 1, max_size=MAX_COMMENT_LENGTH + 50),
	st.just("<script>alert(1)</script>" * 100),
	st.text(max_size=10).map(lambda s: s + "\ud800"),
	st.integers(),
	st.floats(allow_nan=False, allow_infinity=False),
	st.lists(st.text(max_size=5), max_size=3),
	st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
BAD_TOKENS = st.one_of(
	st.text(max_size=200),
	st.integers(),
	st.none(),
	st.lists(st.text(max_size=5), max_size=2),
	st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
	st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=43, max_size=43),
)


def messages(response) -> str:
	"""The user-facing messages of an API error response."""
	data = response.json or {}
	return " ".join(json.loads(m).get("message", "") for m in json.loads(data.get("_server_messages", "[]")))


class TestSurveyAnswers(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.account = survey_account(contacts=2)
		cls.survey, cls.token = open_survey(cls.account)
		cls.expired, cls.expired_token = open_survey(cls.account)
		frappe.db.set_value("Satisfaction Survey", cls.expired, "expires_on", add_days(today(), -1))
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		delete_test_records([cls.account.name], [cls.account.csm])
		super().tearDownClass()

	def setUp(self):
		clear_rate_limit()
		# Each test starts from an open survey, whatever the one before did.
		frappe.db.set_value(
			"Satisfaction Survey",
			self.survey,
			{"status": "Sent", "rating": 0, "comment": None, "responded_on": None},
		)
		frappe.db.commit()

	def assertNothingStored(self, survey=None):
		frappe.db.commit()  # a fresh snapshot: see what the request committed
		row = frappe.db.get_value(
			"Satisfaction Survey", survey or self.survey, ["status", "rating", "comment"], as_dict=True
		)
		self.assertEqual((row.status, row.rating, row.comment), ("Sent", 0, None))

	def test_unknown_expired_and_malformed_links_get_the_same_message(self):
		for token in (new_token(), self.expired_token, "x", "' or 1=1 --", "é" * 43):
			response = submit(token, 4)
			self.assertEqual(response.status_code, 404, token)
			self.assertEqual(messages(response), GENERIC)
			page = http("get", "/survey", query_string={"token": token}).get_data(as_text=True)
			self.assertIn(GENERIC, page)
			self.assertNotIn('id="cs-survey-form"', page)
		self.assertNothingStored(self.expired)

	def test_a_rating_outside_one_to_five_is_refused_with_a_clear_message(self):
		for rating in (0, 6, -1, "4.5", "", None, "five"):
			response = submit(self.token, rating)
			self.assertEqual(response.status_code, 417, rating)
			self.assertEqual(messages(response), "Choose a rating from 1 to 5 stars.")
		self.assertNothingStored()

	def test_a_comment_over_the_limit_is_refused_with_a_clear_message(self):
		response = submit(self.token, 5, "x" * (MAX_COMMENT_LENGTH + 1))
		self.assertEqual(response.status_code, 417)
		self.assertIn(f"keep it under {MAX_COMMENT_LENGTH} characters", messages(response))
		self.assertNothingStored()

	def test_answers_are_only_taken_by_post(self):
		response = http("get", SUBMIT_PATH, query_string={"token": self.token, "rating": 5})
		self.assertEqual(response.status_code, 403)
		self.assertNothingStored()

	def test_the_endpoint_is_rate_limited(self):
		statuses = [submit(new_token(), 5).status_code for _ in range(ANSWERS_PER_WINDOW + 1)]
		self.assertEqual(statuses[:-1], [404] * ANSWERS_PER_WINDOW)
		self.assertEqual(statuses[-1], 429)
		self.assertEqual(submit(self.token, 5).status_code, 429)
		self.assertNothingStored()

	def post_form(self, fields: dict, charset: str):
		"""A form post whose bytes are in `charset` (Latin-1 bytes are not valid UTF-8)."""
		errors = "surrogatepass" if charset == "utf-8" else "replace"
		body = "&".join(f"{key}={quote(value.encode(charset, errors))}" for key, value in fields.items())
		return http("post", SUBMIT_PATH, data=body, content_type="application/x-www-form-urlencoded")

	def assertRefused(self, response):
		self.assertLess(response.status_code, 500, response.get_data(as_text=True)[:500])
		self.assertIn(response.status_code, (404, 417))
		self.assertNothingStored()

	@FUZZ
	@given(
		st.one_of(
			st.fixed_dictionaries(
				{"rating": BAD_RATINGS, "comment": st.one_of(st.none(), st.text(max_size=50))}
			),
			st.fixed_dictionaries({"rating": st.integers(1, 5), "comment": BAD_COMMENTS}),
			st.fixed_dictionaries(
				{"token": BAD_TOKENS, "rating": st.integers(1, 5), "comment": st.text(max_size=20)}
			),
		),
		st.booleans(),
	)
	def test_malformed_json_answers_get_no_server_error_and_store_nothing(self, answer, real_token):
		clear_rate_limit()
		payload = {"token": self.token if real_token else new_token(), **answer}
		self.assertRefused(http("post", SUBMIT_PATH, json=payload))

	@FUZZ
	@given(
		st.one_of(
			st.fixed_dictionaries(
				{
					"rating": st.text(max_size=20).filter(
						lambda s: s.strip() not in {"1", "2", "3", "4", "5"}
					),
					"comment": st.text(max_size=50),
				}
			),
			st.fixed_dictionaries(
				{
					"rating": st.sampled_from(["1", "3", "5"]),
					# Long enough to stay too long however its bytes are decoded (up to 4 per character).
					"comment": st.text(min_size=1, max_size=20).map(
						lambda s: s * (4 * MAX_COMMENT_LENGTH // len(s) + 1)
					),
				}
			),
		),
		st.sampled_from(["utf-8", "latin-1"]),
	)
	def test_malformed_form_answers_in_any_encoding_store_nothing(self, answer, charset):
		clear_rate_limit()
		self.assertRefused(self.post_form({"token": self.token, **answer}, charset))

	def test_scripts_and_scripts_in_other_alphabets_are_stored_as_text_and_shown_escaped(self):
		survey, token = open_survey(self.account, self.account.stakeholders[1].email)
		frappe.db.commit()
		comment = "<img src=x onerror=alert(1)> सेवा अच्छी है 👍 «très bien» \u202eRTL"
		self.assertEqual(submit(token, 5, comment).status_code, 200)
		frappe.db.commit()
		stored = frappe.db.get_value("Satisfaction Survey", survey, "comment")
		self.assertNotIn("onerror", stored)
		self.assertIn("सेवा अच्छी है 👍 «très bien»", stored)
		timeline = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "CS Account", "reference_name": self.account.name},
			pluck="content",
		)
		self.assertTrue(any("सेवा अच्छी है" in content for content in timeline))
		self.assertFalse(any("<img" in content for content in timeline))

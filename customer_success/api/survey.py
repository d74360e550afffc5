"""The guest endpoint that stores a survey answer.

POST /api/method/customer_success.api.survey.submit_response
with `token` (from the survey link), `rating` (1-5) and an optional `comment`.

Answers:
- 200 with a thank-you message when the answer is stored;
- 409 when the survey was already answered;
- 404 for an unknown, expired or malformed token (one message for all);
- 417 with the reason when the rating or the comment cannot be taken (nothing is stored);
- 429 past ANSWERS_PER_WINDOW answers from one address in WINDOW_SECONDS.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from customer_success.surveys.answers import answer_survey

ANSWERS_PER_WINDOW = 20
WINDOW_SECONDS = 10 * 60


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=ANSWERS_PER_WINDOW, seconds=WINDOW_SECONDS)
def submit_response(token=None, rating=None, comment=None):
	survey = answer_survey(token, rating, comment)
	return {"status": survey.status, "rating": survey.rating, "message": _("Thank you for your answer!")}

"""Answers: from the public page and the guest API (by token), and captured live in a QBR."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from customer_success.rules.cadence import QUARTERLY, period_of
from customer_success.rules.surveys import (
	MAX_COMMENT_LENGTH,
	InvalidAnswer,
	clean_comment,
	looks_like_token,
	parse_rating,
	survey_key,
	token_hash,
)

SURVEY = "Satisfaction Survey"
PAGE_FIELDS = ("name", "account", "contact_name", "period", "status", "expires_on", "rating", "csm")


class SurveyLinkError(frappe.ValidationError):
	"""Unknown, expired or otherwise unusable link: always the same message."""

	http_status_code = 404


class SurveyAlreadyAnswered(frappe.ValidationError):
	http_status_code = 409


class InvalidSurveyAnswer(frappe.ValidationError):
	pass


def invalid_link_message() -> str:
	return _("This survey link is not valid or has expired.")


def already_answered_message() -> str:
	return _("This survey has already been answered. Thank you!")


def answer_error_message(error: InvalidAnswer) -> str:
	return {
		"rating": _("Choose a rating from 1 to 5 stars."),
		"comment_type": _("The comment must be text."),
		"comment_encoding": _("The comment contains characters that cannot be stored."),
		"comment_length": _("The comment is too long: keep it under {0} characters.").format(
			MAX_COMMENT_LENGTH
		),
	}[error.reason]


def validated_answer(rating, comment) -> tuple[int, str]:
	try:
		return parse_rating(rating), clean_comment(comment)
	except InvalidAnswer as e:
		frappe.throw(answer_error_message(e), InvalidSurveyAnswer, title=_("Answer Not Saved"))


def find_by_token(token) -> frappe._dict | None:
	"""The survey a link points to, or None; a malformed token costs no query."""
	if not looks_like_token(token):
		return None
	return frappe.db.get_value(SURVEY, {"token_hash": token_hash(token)}, PAGE_FIELDS, as_dict=True)


def link_state(survey: frappe._dict | None) -> str:
	"""open, answered or invalid (unknown, expired, never sent: told apart to nobody)."""
	if not survey:
		return "invalid"
	if survey.status == "Responded":
		return "answered"
	if survey.status == "Sent" and (not survey.expires_on or getdate(survey.expires_on) >= getdate(today())):
		return "open"
	return "invalid"


def answer_survey(token, rating, comment=None):
	"""Store a contact's answer once; raises with a translated message otherwise.

	The survey row is locked while it is checked and saved, so two answers sent at the same
	moment store one and get "already answered" for the other.
	"""
	rating, comment = validated_answer(rating, comment)
	if not looks_like_token(token):
		frappe.throw(invalid_link_message(), SurveyLinkError, title=_("Survey Not Found"))
	found = frappe.db.sql(
		"select name from `tabSatisfaction Survey` where token_hash = %s for update", token_hash(token)
	)
	survey = frappe.get_doc(SURVEY, found[0][0]) if found else None
	state = link_state(survey)
	if state == "answered":
		frappe.throw(already_answered_message(), SurveyAlreadyAnswered, title=_("Already Answered"))
	if state != "open":
		frappe.throw(invalid_link_message(), SurveyLinkError, title=_("Survey Not Found"))
	survey.rating = rating
	survey.comment = comment
	survey.status = "Responded"
	survey.responded_on = now_datetime()
	survey.save(ignore_permissions=True)
	return survey


def record_qbr_rating(account: str, contact_email: str | None, rating, comment=None, qbr: str | None = None):
	"""Write the satisfaction captured live in a QBR as a `Satisfaction Survey` of type QBR
	and return its name. A second capture for the same QBR and contact updates it.

	Without a contact email, the account's first survey contact is taken.
	"""
	rating, comment = validated_answer(rating, comment)
	contact_email = (contact_email or first_survey_contact(account) or "").strip().lower()
	if not contact_email:
		frappe.throw(
			_("Say which customer contact gave the QBR rating: {0} has no survey contact.").format(account),
			title=_("Missing Contact"),
		)
	period = (qbr and frappe.db.get_value("QBR Log", qbr, "quarter")) or period_of(
		getdate(today()), QUARTERLY
	).name
	name = frappe.db.get_value(SURVEY, {"survey_key": survey_key("QBR", account, contact_email, period, qbr)})
	survey = frappe.get_doc(SURVEY, name) if name else frappe.new_doc(SURVEY)
	survey.update(
		{
			"account": account,
			"contact_email": contact_email,
			"survey_type": "QBR",
			"period": period,
			"qbr": qbr,
			"rating": rating,
			"comment": comment,
			"status": "Responded",
			"responded_on": survey.responded_on or now_datetime(),
		}
	)
	# The QBR's own permission check has run; the survey follows it.
	survey.save(ignore_permissions=True)
	return survey.name


def first_survey_contact(account: str) -> str | None:
	contacts = frappe.get_all(
		"CS Stakeholder",
		filters={"parent": account, "parenttype": "CS Account", "email": ("is", "set")},
		fields=["email"],
		order_by="receives_survey desc, idx asc",
		limit=1,
		pluck="email",
	)
	return contacts[0] if contacts else None

"""/survey?token=<token>: the public page where a contact answers the satisfaction survey.

No login: the token in the link is the only key. An unknown, expired or malformed token gets
one generic message; an answered survey says so. Everything shown is escaped in the template.
"""

import frappe
from frappe import _

from customer_success.rules.surveys import MAX_COMMENT_LENGTH, RATING_MAX, RATING_MIN
from customer_success.surveys.answers import (
	already_answered_message,
	find_by_token,
	invalid_link_message,
	link_state,
)
from customer_success.surveys.mail import period_label

no_cache = 1
sitemap = 0


def get_context(context):
	token = frappe.form_dict.get("token")
	survey = find_by_token(token)
	context.state = link_state(survey)
	context.no_cache = 1
	context.show_sidebar = False
	context.title = _("Customer Satisfaction Survey")
	context.max_comment_length = MAX_COMMENT_LENGTH
	context.ratings = range(RATING_MIN, RATING_MAX + 1)
	if context.state == "invalid":
		context.message = invalid_link_message()
		return context
	if context.state == "answered":
		context.thanks = bool(frappe.form_dict.get("thanks"))
		context.rating = survey.rating
		context.message = _("Thank you for your answer!") if context.thanks else already_answered_message()
		return context
	context.token = token
	context.account_name = frappe.db.get_value("CS Account", survey.account, "account_name") or survey.account
	context.contact_name = survey.contact_name
	context.csm_name = survey.csm and frappe.db.get_value("User", survey.csm, "full_name")
	context.period_label = period_label(survey.period)
	context.preselected = preselected_rating(frappe.form_dict.get("rating"))
	return context


def preselected_rating(value) -> int | None:
	"""The star clicked in the email, if any (it only pre-fills the form)."""
	try:
		rating = int(value)
	except (TypeError, ValueError):
		return None
	return rating if RATING_MIN <= rating <= RATING_MAX else None

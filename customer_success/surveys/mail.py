"""The survey email: an editable `Email Template` shipped with the app, rendered for each
contact and written to Frappe's Email Queue.

`frappe.sendmail` costs two queries and a CSS inlining pass per email. A monthly run
builds the same Email Queue rows (same MIME message, same placeholders that Frappe fills
in when it sends), but looks up the email account, the template and the site's frame
once, so a chunk of any size costs a fixed number of queries.
"""

import os
from datetime import date

import frappe
from frappe import _
from frappe.core.utils import html2text
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.email.email_body import get_email, get_formatted_html
from frappe.utils import cstr, escape_html, format_date, get_string_between, get_url
from frappe.utils.jinja import get_jenv

from customer_success.surveys.bulk import insert_rows

SURVEY_TEMPLATE = "Customer Satisfaction Survey"
DEFAULT_SUBJECT = "{{ account_name }}: how are we doing? A one-minute survey"
TEMPLATE_FILE = os.path.join(
	os.path.dirname(__file__), "..", "templates", "emails", "satisfaction_survey.html"
)

# Stand-ins for the parts of the framed message that change from one contact to the next.
BODY_MARK = "cs-survey-body-3f9c2e"
TITLE_MARK = "cs-survey-title-3f9c2e"


class SurveyMailError(frappe.ValidationError):
	"""The surveys cannot be emailed at all (no outgoing email account)."""


def ensure_survey_template():
	"""Create the survey's Email Template once; later edits in Desk are kept."""
	if frappe.db.exists("Email Template", SURVEY_TEMPLATE):
		return
	with open(TEMPLATE_FILE) as f:
		body = f.read()
	template = frappe.new_doc("Email Template")
	template.name = SURVEY_TEMPLATE
	template.subject = DEFAULT_SUBJECT
	template.use_html = 1
	template.response_html = body
	template.insert(ignore_permissions=True)


def outgoing_email_account(doctype: str = "Satisfaction Survey"):
	"""The account the surveys go out from, or None (Frappe's dummy account of a site with
	muted emails has no address, so it counts as none)."""
	account = EmailAccount.find_outgoing(match_by_doctype=doctype)
	return account if account and account.get("email_id") else None


def survey_link(token: str) -> str:
	return get_url(f"/survey?token={token}")


def period_label(period: str) -> str:
	"""`2026-12` as "December 2026" in the site's language; other periods as they are."""
	try:
		year, month = (int(part) for part in period.split("-"))
		return format_date(date(year, month, 1), "MMMM yyyy")
	except ValueError:
		return period


class SurveyMailer:
	"""Builds the Email Queue rows of many surveys with a fixed number of queries."""

	def __init__(self):
		self.email_account = outgoing_email_account()
		if not self.email_account:
			raise SurveyMailError(
				_(
					"Surveys cannot be emailed: there is no outgoing email account. Set one up in "
					"Email Account (tick Default Outgoing); failed surveys are sent again on the next run."
				)
			)
		ensure_survey_template()
		template = frappe.get_doc("Email Template", SURVEY_TEMPLATE)
		jenv = get_jenv()
		self.subject = jenv.from_string(template.subject or DEFAULT_SUBJECT)
		self.body = jenv.from_string(
			(template.response_html if template.use_html else template.response) or ""
		)
		self.frame = get_formatted_html(TITLE_MARK, BODY_MARK, email_account=self.email_account)
		self.sender = self.email_account.default_sender
		self.email_account_name = self.email_account.is_exists_in_db() and self.email_account.name

	def queue_row(self, survey: dict, token: str) -> dict:
		"""The Email Queue values for one survey: `survey` has contact_email, contact_name,
		account_name, csm_name, period and expires_on."""
		values = {
			"contact_name": survey.get("contact_name") or survey["contact_email"],
			"account_name": survey["account_name"],
			"csm_name": survey.get("csm_name") or _("Your Customer Success team"),
			"period_label": period_label(survey["period"]),
			"expires_on": format_date(survey["expires_on"]),
		}
		link = survey_link(token)
		# The subject is plain text; the body is HTML, so names are escaped there.
		subject = " ".join(self.subject.render({**values, "survey_link": link}).split())
		body = self.body.render(
			{**{key: escape_html(value) for key, value in values.items()}, "survey_link": link}
		)
		html = self.frame.replace(BODY_MARK, body).replace(TITLE_MARK, escape_html(subject))
		mail = get_email(
			msg=html,  # unused beside `formatted`, but saves a Markdown pass over an empty text
			recipients=[survey["contact_email"]],
			sender=self.sender,
			subject=subject,
			formatted=html,
			text_content=html2text(body),
			email_account=self.email_account,
		)
		mail.set_message_id(None)
		message = cstr(mail.as_string())
		return {
			"name": frappe.generate_hash(length=10),
			"sender": mail.sender,
			"message": message,
			"message_id": get_string_between("<", mail.msg_root["Message-Id"], ">"),
			"email_account": self.email_account_name or None,
		}


def insert_queue_rows(rows: list[tuple[dict, str, str]]):
	"""Write (queue values, survey name, recipient) rows to the Email Queue: one insert for
	the queue, one for its recipients, as `EmailQueue.new` would write them one by one."""
	insert_rows(
		"Email Queue",
		[
			{
				**queue,
				"status": "Not Sent",
				"reference_doctype": "Satisfaction Survey",
				"reference_name": survey,
				"priority": 1,
				"retry": 0,
				"add_unsubscribe_link": 0,
				"unsubscribe_method": "/api/method/frappe.email.queue.unsubscribe",
				"attachments": "[]",
				"show_as_cc": "",
			}
			for queue, survey, _recipient in rows
		],
	)
	insert_rows(
		"Email Queue Recipient",
		[
			{
				"name": frappe.generate_hash(length=10),
				"parent": queue["name"],
				"parenttype": "Email Queue",
				"parentfield": "recipients",
				"idx": 1,
				"recipient": recipient,
				"status": "Not Sent",
			}
			for queue, _survey, recipient in rows
		],
	)

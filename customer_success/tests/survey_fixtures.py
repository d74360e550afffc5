"""Factories and helpers shared by the survey and newsletter tests (real rows on the test site)."""

import re
from email import message_from_string, policy

import frappe
from frappe.utils import add_days, now_datetime, today

from customer_success.rules.surveys import new_token, token_hash
from customer_success.tests.utils import assign, make_account, make_user

TEST_EMAIL_ACCOUNT = "CS Survey Tests"
LINK_PATTERN = re.compile(r"https?://[^\s\"'<>]+/survey\?token=([A-Za-z0-9_-]+)")


def ensure_outgoing_email_account() -> str:
	"""A default outgoing account (never connected to: tests do not send over SMTP)."""
	if not frappe.db.exists("Email Account", TEST_EMAIL_ACCOUNT):
		account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": TEST_EMAIL_ACCOUNT,
				"email_id": "cs-surveys@test.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		)
		account.insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}
	return TEST_EMAIL_ACCOUNT


def delete_outgoing_email_account():
	frappe.db.delete("Email Account", {"name": TEST_EMAIL_ACCOUNT})
	frappe.local.outgoing_email_account = {}


def user(roles: list[str], prefix: str) -> str:
	"""A test user; Frappe refuses more than 60 new users a minute, which these tests can pass."""
	conf = frappe.local.conf
	had_limit, limit = "throttle_user_limit" in conf, conf.get("throttle_user_limit")
	conf.throttle_user_limit = 10**6
	try:
		return make_user(roles, prefix)
	finally:
		if had_limit:
			conf.throttle_user_limit = limit
		else:
			conf.pop("throttle_user_limit")


def survey_account(contacts: int = 2, partner: str | None = None, csm: str | None = None, **fields):
	"""An account with `contacts` customer contacts who receive the survey, one partner-side
	stakeholder who does not, and a CSM."""
	slug = frappe.generate_hash(length=8)
	stakeholders = [
		{
			"full_name": f"Contact {i} {slug}",
			"email": f"contact{i}.{slug}@customer.example",
			"side": "Customer",
			"stakeholder_role": "Sponsor" if i == 1 else "Project Champion",
			"receives_survey": 1,
		}
		for i in range(1, contacts + 1)
	]
	stakeholders.append(
		{
			"full_name": f"Partner {slug}",
			"email": f"partner.{slug}@partner.example",
			"side": "Partner",
			"stakeholder_role": "Project Champion",
			"receives_survey": 0,
		}
	)
	account = make_account("Tier 2", partner, stakeholders=stakeholders, **fields)
	csm = csm or user(["CS Manager"], "survey-csm")
	assign(account.name, csm)
	account.reload()
	return account


def open_survey(account, contact_email: str | None = None, **fields) -> tuple[str, str]:
	"""A survey emailed today: returns (name, token)."""
	token = new_token()
	survey = frappe.get_doc(
		{
			"doctype": "Satisfaction Survey",
			"account": account.name,
			"contact_email": contact_email or account.stakeholders[0].email,
			"survey_type": "Monthly CSAT",
			"period": frappe.generate_hash(length=6),
			**fields,
		}
	).insert(ignore_permissions=True)
	survey.db_set(
		{
			"status": "Sent",
			"token_hash": token_hash(token),
			"sent_on": now_datetime(),
			"expires_on": add_days(today(), 30),
			"attempts": 1,
		}
	)
	return survey.name, token


def queued_survey_email(survey: str) -> str:
	"""The MIME text of the Email Queue row of a survey."""
	queue = frappe.db.get_value("Satisfaction Survey", survey, "email_queue")
	return frappe.db.get_value("Email Queue", queue, "message")


def email_parts(message: str) -> dict[str, str]:
	"""{content type: decoded text} of a queued MIME message."""
	parsed = message_from_string(message, policy=policy.default)
	return {part.get_content_type(): part.get_content() for part in parsed.walk() if not part.is_multipart()}


def link_token(text: str) -> str:
	match = LINK_PATTERN.search(text)
	assert match, "no survey link in the email"
	return match.group(1)


def clear_rate_limit():
	frappe.cache.delete_keys("rl:")


SUBMIT_PATH = "/api/method/customer_success.api.survey.submit_response"


def http(method: str, path: str, **kwargs):
	"""A request to this site through Frappe's WSGI app, in a thread of its own (so with its
	own database connection: commit what it should see)."""
	from frappe.tests.test_api import make_request
	from frappe.utils import get_test_client

	return make_request(
		target=getattr(get_test_client(), method), args=(path,), kwargs=kwargs, site=frappe.local.site
	)


def submit(token, rating, comment=None, **kwargs):
	return http("post", SUBMIT_PATH, json={"token": token, "rating": rating, "comment": comment}, **kwargs)


def delete_test_records(accounts: list[str], users: list[str] = (), partners: list[str] = ()):
	"""Remove what committed survey tests made: the accounts and everything hanging off them."""
	accounts = list(accounts) or [""]
	surveys = frappe.get_all("Satisfaction Survey", filters={"account": ("in", accounts)}, pluck="name") or [
		""
	]
	emails = frappe.get_all("CS Stakeholder", filters={"parent": ("in", accounts)}, pluck="email") or [""]
	queues = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Satisfaction Survey", "reference_name": ("in", surveys)},
		pluck="name",
	) or [""]
	frappe.db.delete("Email Queue Recipient", {"parent": ("in", queues)})
	frappe.db.delete("Email Queue", {"name": ("in", queues)})
	frappe.db.delete("ToDo", {"reference_type": "Satisfaction Survey", "reference_name": ("in", surveys)})
	frappe.db.delete(
		"Notification Log", {"document_type": "Satisfaction Survey", "document_name": ("in", surveys)}
	)
	frappe.db.delete("Comment", {"reference_doctype": "CS Account", "reference_name": ("in", accounts)})
	frappe.db.delete("Version", {"ref_doctype": "Satisfaction Survey", "docname": ("in", surveys)})
	frappe.db.delete("Satisfaction Survey", {"name": ("in", surveys)})
	frappe.db.delete("Email Group Member", {"email": ("in", emails)})
	frappe.db.delete("CSM Assignment", {"account": ("in", accounts)})
	frappe.db.delete("CS Stakeholder", {"parent": ("in", accounts)})
	frappe.db.delete("CS Account", {"name": ("in", accounts)})
	frappe.db.delete("User Permission", {"user": ("in", list(users) or [""])})
	frappe.db.delete("CS Partner", {"name": ("in", list(partners) or [""])})
	for email in users:
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()

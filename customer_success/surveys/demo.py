"""Demo survey data: three months of answers (mostly good, some low) with their timeline
entries, and an outgoing email account for the monthly job to queue with.

The demo's customers have made-up addresses, so when the demo creates the site's email
account it also suspends the Email Queue: the surveys are queued and can be read in Desk,
and nothing leaves the machine (Email Queue list → Resume Sending, after setting up a real
account).
"""

import random
from datetime import timedelta

import frappe
from frappe.utils import add_months, get_first_day, getdate, today

from customer_success.newsletter import sync_newsletter_audience
from customer_success.rules.cadence import MONTHLY, period_of
from customer_success.rules.surveys import SURVEYED_STATUSES, survey_key
from customer_success.surveys.bulk import insert_rows
from customer_success.surveys.follow_up import timeline_comment
from customer_success.surveys.mail import outgoing_email_account

DEMO_EMAIL_ACCOUNT = "Customer Success Demo"
MONTHS = 3
ANSWER_SHARE = 0.6
RATINGS = {5: 45, 4: 35, 3: 10, 2: 7, 1: 3}
COMMENTS = {
	5: ["Always quick to help.", "Our CSM knows our business well.", ""],
	4: ["Good support, the training was useful.", "", "Happy overall; reports could be faster."],
	3: ["Average: replies take a few days.", "The new module roll-out was bumpy."],
	2: ["Nobody followed up on our escalation.", "Too many open tickets this month."],
	1: ["We are considering other vendors."],
}


def make_demo_surveys(accounts: list[str], seed: int = 7):
	"""Answers of the past MONTHS months for about ANSWER_SHARE of the survey contacts of
	`accounts`, in bulk (one insert for the surveys, one for their timeline comments); and
	the newsletter audience of the book."""
	ensure_demo_email_account()
	sync_newsletter_audience()
	rng = random.Random(seed)
	contacts = frappe.db.sql(
		"""
		select account.name as account, account.account_name, account.partner, account.csm,
			lower(person.email) as email, person.full_name
		from `tabCS Account` account
		join `tabCS Stakeholder` person on person.parent = account.name and person.parenttype = 'CS Account'
		where account.name in %(accounts)s and account.status in %(statuses)s
			and person.receives_survey = 1 and ifnull(person.email, '') != ''
		order by account.name, person.idx
		""",
		{"accounts": tuple(accounts) or ("",), "statuses": SURVEYED_STATUSES},
		as_dict=True,
	)
	surveys, comments = [], []
	this_month = get_first_day(today())
	for months_ago in range(MONTHS, 0, -1):
		start = getdate(add_months(this_month, -months_ago))
		period = period_of(start, MONTHLY).name
		for contact in contacts:
			if rng.random() > ANSWER_SHARE:
				continue
			rating = rng.choices(list(RATINGS), weights=list(RATINGS.values()))[0]
			responded_on = start + timedelta(days=rng.randrange(1, 27), hours=rng.randrange(8, 19))
			survey = frappe._dict(
				name=f"CSAT-DEMO-{period}-{len(surveys) + 1:05d}",
				account=contact.account,
				partner=contact.partner,
				contact_email=contact.email,
				contact_name=contact.full_name,
				survey_type="Monthly CSAT",
				period=period,
				status="Responded",
				rating=rating,
				comment=rng.choice(COMMENTS[rating]) or None,
				responded_on=responded_on,
				sent_on=start,
				expires_on=start + timedelta(days=30),
				attempts=1,
				csm=contact.csm,
				survey_key=survey_key("Monthly CSAT", contact.account, contact.email, period),
			)
			surveys.append(survey)
			comment = timeline_comment(survey, contact.account_name)
			comment.pop("doctype")
			comments.append(
				{
					"name": frappe.generate_hash(length=10),
					**comment,
					"creation": responded_on,
					"modified": responded_on,
				}
			)
	insert_rows("Satisfaction Survey", [dict(survey) for survey in surveys], ignore_duplicates=True)
	insert_rows("Comment", comments)
	return len(surveys)


def ensure_demo_email_account():
	"""An outgoing account for the demo to queue with, if the site has none; sending suspended."""
	if outgoing_email_account() or frappe.db.exists("Email Account", DEMO_EMAIL_ACCOUNT):
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": DEMO_EMAIL_ACCOUNT,
			"email_id": "customer-success@demo.example",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True  # no SMTP server to check: nothing is sent
	account.insert(ignore_permissions=True)
	frappe.db.set_default("suspend_email_queue", 1)
	frappe.local.outgoing_email_account = {}

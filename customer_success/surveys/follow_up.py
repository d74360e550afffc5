"""The closed loop: every answer goes on the account's timeline; an answer of 3 or less
opens a follow-up ToDo for the account's CSM and alerts the Head of CS (in Desk, and by
email). Comments come from customers: they are escaped wherever they are shown."""

import html

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import add_days, escape_html, get_url_to_form, strip_html, today

from customer_success.rules.surveys import RATING_MAX, is_low_rating
from customer_success.surveys.mail import outgoing_email_account

FOLLOW_UP_DAYS = 2


def close_the_loop(survey):
	post_to_timeline(survey)
	if not is_low_rating(survey.rating):
		return
	heads = heads_of_cs(survey.partner)
	owner = survey.csm or frappe.db.get_value("CS Account", survey.account, "csm") or next(iter(heads), None)
	if owner:
		survey.db_set("follow_up", open_follow_up(survey, owner), update_modified=False)
	alert_heads_of_cs(survey, heads, owner)


def as_html_text(text: str | None) -> str:
	"""Customer text shown as text inside HTML. Frappe stores a comment with its tags made
	harmless (`<` as `&lt;` or dropped); this shows what the customer typed, as text."""
	return escape_html(html.unescape(text or "")).replace("\n", "<br>")


def stars(rating: int) -> str:
	return "★" * rating + "☆" * (RATING_MAX - rating)


def answer_summary(survey, account_name: str | None = None) -> str:
	"""One escaped line: who rated which account how, in which survey."""
	return _("{0} rated {1} {2} of 5 in the {3} survey ({4}).").format(
		escape_html(survey.contact_name or survey.contact_email),
		escape_html(account_name or frappe.db.get_value("CS Account", survey.account, "account_name")),
		survey.rating,
		escape_html(_(survey.survey_type)),
		escape_html(survey.period),
	)


def timeline_comment(survey, account_name: str | None = None) -> dict:
	"""The account's timeline entry of an answer: a comment by the contact, with the stars."""
	content = (
		f'<p><span class="text-warning">{stars(survey.rating)}</span> {answer_summary(survey, account_name)} '
		f'<a href="{get_url_to_form("Satisfaction Survey", survey.name)}">{escape_html(survey.name)}</a></p>'
	)
	if survey.comment:
		content += f"<blockquote>{as_html_text(survey.comment)}</blockquote>"
	return {
		"doctype": "Comment",
		"comment_type": "Comment",
		"reference_doctype": "CS Account",
		"reference_name": survey.account,
		"comment_email": survey.contact_email,
		"comment_by": survey.contact_name or survey.contact_email,
		"content": content,
	}


def post_to_timeline(survey):
	frappe.get_doc(timeline_comment(survey)).insert(ignore_permissions=True)


def open_follow_up(survey, owner: str) -> str:
	description = "<p>{}</p>{}<p>{}</p>".format(
		answer_summary(survey),
		f"<blockquote>{as_html_text(survey.comment)}</blockquote>" if survey.comment else "",
		_("Call them back, find out what went wrong and log the call as an Engagement Touchpoint."),
	)
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": owner,
			"description": description,
			"reference_type": survey.doctype,
			"reference_name": survey.name,
			"priority": "High" if survey.rating <= 2 else "Medium",
			"date": add_days(today(), FOLLOW_UP_DAYS),
			"assigned_by": "Administrator",
		}
	).insert(ignore_permissions=True)
	alert(
		[owner],
		survey.doctype,
		survey.name,
		_("Follow up a low satisfaction rating: {0}").format(answer_summary(survey)),
		description,
	)
	return todo.name


def heads_of_cs(partner: str | None) -> list[str]:
	"""The partner's Head of CS; else the CS Heads bound to no partner (who see every account)."""
	head = partner and frappe.db.get_value("CS Partner", partner, "head_of_cs")
	if head:
		return [head]
	return frappe.db.sql_list(
		"""
		select distinct user.name from `tabUser` user
		join `tabHas Role` has_role on has_role.parent = user.name and has_role.parenttype = 'User'
		where has_role.role = 'CS Head' and user.enabled = 1
			and not exists (select 1 from `tabUser Permission` bound
				where bound.user = user.name and bound.allow = 'CS Partner')
		order by user.name
		"""
	)


def alert_heads_of_cs(survey, heads: list[str], owner: str | None):
	if not heads:
		return
	body = "<p>{}</p>{}<p>{}</p>".format(
		answer_summary(survey),
		f"<blockquote>{as_html_text(survey.comment)}</blockquote>" if survey.comment else "",
		_("A follow-up is open for {0}.").format(escape_html(owner))
		if owner
		else _("Nobody manages this account: assign a CSM to follow up."),
	)
	alert(
		heads,
		survey.doctype,
		survey.name,
		_("Low satisfaction rating: {0}").format(answer_summary(survey)),
		body,
	)


def alert(users: list[str], doctype: str, name: str, subject: str, body: str | None = None):
	"""A Desk alert (Notification Log) for each user, and the same by email (queued) when the
	site can send email. `subject` and `body` are HTML: escape what comes from outside."""
	enqueue_create_notification(
		users,
		{
			"type": "Alert",
			"document_type": doctype,
			"document_name": name,
			"subject": subject,
			"email_content": body,
		},
	)
	if not outgoing_email_account(doctype):
		return
	link = get_url_to_form(doctype, name)
	frappe.sendmail(
		recipients=users,
		subject=strip_html(subject),
		message=f'{body or f"<p>{subject}</p>"}<p><a href="{link}">{escape_html(name)}</a></p>',
		reference_doctype=doctype,
		reference_name=name,
	)

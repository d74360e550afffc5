"""The customer-success newsletter (spec section 5: all customers, monthly, by email).

Its audience is an `Email Group`, kept in step with the stakeholders of every account that
has not churned: a new stakeholder is added, one who is no longer a stakeholder anywhere is
removed, and whoever unsubscribed stays unsubscribed (their row is kept, so a later sync does
not add them back; a global unsubscribe counts too). Newsletters are written and sent with
Frappe's own `Newsletter`. If none has gone to the group in a month, the Head of CS gets a
reminder.

Frappe 16 moved `Newsletter` (and its Email Group) into a separate app: without them, the
sync and the reminder do nothing but say so.
"""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, today

from customer_success.surveys.bulk import insert_rows
from customer_success.surveys.follow_up import alert, heads_of_cs

NEWSLETTER_GROUP = "Customer Success Newsletter"
NEWSLETTER_DOCTYPES = ("Newsletter", "Email Group", "Email Group Member")
AUDIENCE_STATUSES_LEFT_OUT = ("Churned",)


def missing_newsletter_doctypes() -> list[str]:
	return [doctype for doctype in NEWSLETTER_DOCTYPES if not frappe.db.exists("DocType", doctype)]


def newsletter_unavailable_message() -> str | None:
	"""Why the newsletter cannot be used on this site, or None when it can."""
	missing = missing_newsletter_doctypes()
	if not missing:
		return None
	return _(
		"The customer-success newsletter needs Frappe's {0}, which this site does not have "
		"(Frappe 16 moved the newsletter into its own app: install the Newsletter app)."
	).format(", ".join(missing))


def ensure_newsletter_group():
	if missing_newsletter_doctypes() or frappe.db.exists("Email Group", NEWSLETTER_GROUP):
		return
	frappe.get_doc({"doctype": "Email Group", "title": NEWSLETTER_GROUP}).insert(ignore_permissions=True)


def sync_newsletter_audience(emails: list[str] | None = None) -> dict:
	"""Bring the group in step with the stakeholders (all of them, or only `emails`), in a
	fixed number of queries. Returns what changed, or why nothing could be done."""
	if message := newsletter_unavailable_message():
		return {"skipped": message}
	ensure_newsletter_group()
	emails = sorted({e.strip().lower() for e in emails if e and e.strip()}) if emails is not None else None
	if emails == []:
		return {"added": 0, "removed": 0}

	wanted = set(stakeholder_emails(emails))
	members = {
		row.email.strip().lower(): row
		for row in frappe.get_all(
			"Email Group Member",
			filters={"email_group": NEWSLETTER_GROUP, **({"email": ("in", emails)} if emails else {})},
			fields=["name", "email", "unsubscribed"],
			limit=0,
		)
	}
	new = sorted(wanted - set(members))
	# Unsubscribed rows stay: they are what keeps a stakeholder from being added back.
	gone = [row.name for email, row in members.items() if email not in wanted and not row.unsubscribed]
	if new:
		unsubscribed = set(
			frappe.get_all(
				"Email Unsubscribe",
				filters={"global_unsubscribe": 1, "email": ("in", new)},
				pluck="email",
				limit=0,
			)
		)
		insert_rows(
			"Email Group Member",
			[
				{
					"name": frappe.generate_hash(length=10),
					"email_group": NEWSLETTER_GROUP,
					"email": email,
					"unsubscribed": int(email in unsubscribed),
				}
				for email in new
			],
			ignore_duplicates=True,
		)
	if gone:
		frappe.db.delete("Email Group Member", {"name": ("in", gone)})
	if new or gone:
		frappe.db.set_value(
			"Email Group",
			NEWSLETTER_GROUP,
			"total_subscribers",
			frappe.db.count("Email Group Member", {"email_group": NEWSLETTER_GROUP}),
			update_modified=False,
		)
	return {"added": len(new), "removed": len(gone)}


def stakeholder_emails(emails: list[str] | None = None) -> list[str]:
	condition = "and lower(trim(person.email)) in %(emails)s" if emails else ""
	return frappe.db.sql_list(
		f"""
		select distinct lower(trim(person.email))
		from `tabCS Stakeholder` person
		join `tabCS Account` account on account.name = person.parent
		where person.parenttype = 'CS Account' and person.parentfield = 'stakeholders'
			and ifnull(person.email, '') != '' and account.status not in %(left_out)s {condition}
		""",
		{"left_out": AUDIENCE_STATUSES_LEFT_OUT, "emails": tuple(emails or ())},
	)


def sync_daily():
	"""Scheduler: the whole audience, once a day."""
	result = sync_newsletter_audience()
	if "skipped" in result:
		frappe.logger("customer_success").info(result["skipped"])


def on_account_change(doc, method=None):
	"""doc_events on CS Account (on_update, after_delete): its stakeholders before and after."""
	before = doc.get_doc_before_save() if method == "on_update" else None
	emails = {row.email for row in doc.get("stakeholders") or []}
	emails |= {row.email for row in (before.get("stakeholders") if before else None) or []}
	sync_newsletter_audience(list(emails))


def remind_head_of_cs(on_date=None) -> list[str]:
	"""Monthly: if no newsletter went to the group in the past month, remind the Head of CS
	(once a month each). Returns who was reminded."""
	heads = org_heads_of_cs()
	if not heads:
		return []
	message = newsletter_unavailable_message()
	if not message and newsletter_sent_since(add_months(on_date or today(), -1)):
		return []
	# Where the reminder points: the group, or the settings when there is no group to point to.
	target = ("CS Settings", "CS Settings") if message else ("Email Group", NEWSLETTER_GROUP)
	already = set(
		frappe.get_all(
			"Notification Log",
			filters={
				"for_user": ("in", heads),
				"document_type": target[0],
				"document_name": target[1],
				"creation": (">=", get_first_day(on_date or today())),
			},
			pluck="for_user",
		)
	)
	to_remind = [head for head in heads if head not in already]
	if to_remind:
		subject = message or _(
			"No customer-success newsletter went out in the past month: write one for the {0} group."
		).format(NEWSLETTER_GROUP)
		alert(to_remind, *target, subject)
	return to_remind


def newsletter_sent_since(since) -> bool:
	return bool(
		frappe.db.sql(
			"""
			select newsletter.name from `tabNewsletter` newsletter
			join `tabNewsletter Email Group` target on target.parent = newsletter.name
				and target.parenttype = 'Newsletter'
			where target.email_group = %(group)s and (
				(newsletter.email_sent = 1 and newsletter.email_sent_at >= %(since)s)
				or (newsletter.schedule_sending = 1 and newsletter.schedule_send >= %(since)s))
			limit 1
			""",
			{"group": NEWSLETTER_GROUP, "since": since},
		)
	)


def org_heads_of_cs() -> list[str]:
	"""The newsletter is the whole organisation's: the CS Heads bound to no partner, or
	failing them the partners' Heads of CS."""
	return heads_of_cs(None) or frappe.get_all(
		"CS Partner", filters={"head_of_cs": ("is", "set")}, pluck="head_of_cs", distinct=True
	)

"""The newsletter audience: an Email Group in step with the stakeholders, unsubscribes
respected, a reminder when no newsletter went out, and a clear message without Newsletter."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from customer_success import newsletter
from customer_success.newsletter import (
	NEWSLETTER_GROUP,
	remind_head_of_cs,
	sync_newsletter_audience,
)
from customer_success.tests.survey_fixtures import survey_account, user


def members(emails) -> dict[str, int]:
	"""{email: unsubscribed} of the group's members among `emails`."""
	return dict(
		frappe.get_all(
			"Email Group Member",
			filters={"email_group": NEWSLETTER_GROUP, "email": ("in", list(emails))},
			fields=["email", "unsubscribed"],
			as_list=True,
		)
	)


class TestNewsletterAudience(FrappeTestCase):
	def setUp(self):
		self.account = survey_account(contacts=2)
		self.emails = [row.email for row in self.account.stakeholders]

	def test_every_stakeholder_of_an_account_joins_the_group_when_it_is_saved(self):
		self.assertEqual(members(self.emails), {email: 0 for email in self.emails})
		self.assertEqual(
			frappe.db.get_value("Email Group", NEWSLETTER_GROUP, "total_subscribers"),
			frappe.db.count("Email Group Member", {"email_group": NEWSLETTER_GROUP}),
		)

	def test_a_stakeholder_who_leaves_every_account_leaves_the_group(self):
		gone = self.account.stakeholders.pop(0).email
		self.account.save(ignore_permissions=True)
		self.assertNotIn(gone, members([gone]))
		self.assertEqual(set(members(self.emails)), set(self.emails) - {gone})

	def test_someone_still_stakeholder_of_another_account_stays(self):
		shared = self.emails[0]
		other = survey_account(contacts=1)
		other.stakeholders[0].email = shared
		other.save(ignore_permissions=True)
		self.account.stakeholders.pop(0)
		self.account.save(ignore_permissions=True)
		self.assertEqual(members([shared]), {shared: 0})

	def test_unsubscribed_members_stay_unsubscribed_and_are_not_added_back(self):
		email = self.emails[0]
		frappe.db.set_value(
			"Email Group Member", {"email": email, "email_group": NEWSLETTER_GROUP}, "unsubscribed", 1
		)
		sync_newsletter_audience()
		self.assertEqual(members([email]), {email: 1})
		self.account.stakeholders.pop(0)
		self.account.save(ignore_permissions=True)
		self.assertEqual(members([email]), {email: 1})  # kept, so that it is never re-added
		self.account.append("stakeholders", {"full_name": "Back", "email": email, "side": "Customer"})
		self.account.save(ignore_permissions=True)
		self.assertEqual(members([email]), {email: 1})

	def test_a_global_unsubscribe_is_respected_when_joining(self):
		email = f"global-{frappe.generate_hash(length=6)}@customer.example"
		frappe.get_doc({"doctype": "Email Unsubscribe", "email": email, "global_unsubscribe": 1}).insert(
			ignore_permissions=True
		)
		self.account.append("stakeholders", {"full_name": "Quiet", "email": email, "side": "Customer"})
		self.account.save(ignore_permissions=True)
		self.assertEqual(members([email]), {email: 1})

	def test_churned_accounts_leave_the_audience_and_a_deleted_account_too(self):
		self.account.status = "Churned"
		self.account.save(ignore_permissions=True)
		self.assertEqual(members(self.emails), {})
		other = survey_account(contacts=1)
		email = other.stakeholders[0].email
		frappe.db.delete("CSM Assignment", {"account": other.name})
		frappe.delete_doc("CS Account", other.name, ignore_permissions=True, force=True)
		self.assertEqual(members([email]), {})

	def test_a_full_sync_repairs_the_group_with_a_fixed_number_of_queries(self):
		frappe.db.delete("Email Group Member", {"email": ("in", self.emails)})
		result = sync_newsletter_audience()
		self.assertGreaterEqual(result["added"], len(self.emails))
		self.assertEqual(set(members(self.emails)), set(self.emails))
		self.assertEqual(sync_newsletter_audience(), {"added": 0, "removed": 0})


class TestNewsletterReminder(FrappeTestCase):
	def setUp(self):
		frappe.db.delete("User Permission", {"allow": "CS Partner"})
		self.head = user(["CS Head"], "newsletter-head")

	def reminders(self, doctype="Email Group") -> list[str]:
		return frappe.get_all(
			"Notification Log", filters={"for_user": self.head, "document_type": doctype}, pluck="subject"
		)

	def test_the_head_of_cs_is_reminded_once_a_month_when_no_newsletter_went_out(self):
		frappe.db.sql(
			"update `tabNewsletter` set email_sent_at = %s where email_sent = 1",
			add_days(now_datetime(), -40),
		)
		self.assertIn(self.head, remind_head_of_cs())
		self.assertIn("No customer-success newsletter", self.reminders()[0])
		self.assertNotIn(self.head, remind_head_of_cs())
		self.assertEqual(len(self.reminders()), 1)

	def test_no_reminder_after_a_newsletter_to_the_group(self):
		news = frappe.get_doc(
			{
				"doctype": "Newsletter",
				"subject": "What is new this month",
				"sender_email": "cs@test.example",
				"content_type": "Rich Text",
				"message": "<p>New features</p>",
				"email_group": [{"email_group": NEWSLETTER_GROUP}],
			}
		).insert(ignore_permissions=True)
		news.db_set({"email_sent": 1, "email_sent_at": add_days(now_datetime(), -3)})
		self.assertEqual(remind_head_of_cs(), [])

	def test_without_frappe_newsletter_the_sync_and_the_reminder_say_why(self):
		with patch.object(newsletter, "missing_newsletter_doctypes", return_value=["Newsletter"]):
			result = sync_newsletter_audience()
			self.assertIn("Frappe 16 moved the newsletter into its own app", result["skipped"])
			self.assertIn(self.head, remind_head_of_cs())
		self.assertIn("install the Newsletter app", self.reminders("CS Settings")[0])

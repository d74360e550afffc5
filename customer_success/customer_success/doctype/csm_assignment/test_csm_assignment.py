# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from customer_success.customer_success.doctype.csm_assignment.csm_assignment import end_lapsed_assignments
from customer_success.tests.utils import assign, make_account, make_user


class TestCSMAssignmentHistory(FrappeTestCase):
	def setUp(self):
		self.account = make_account("Tier 2").name
		self.first = make_user(["CS Manager"])
		self.second = make_user(["CS Manager"])

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def team(self):
		return frappe.db.get_value("CS Account", self.account, ["csm", "partner_csm", "frappe_csm"])

	def test_assignment_sets_the_account_field_of_its_role(self):
		assign(self.account, self.first, "CSM")
		assign(self.account, self.second, "Partner CSM")
		frappe_csm = make_user(["CS Manager"])
		assign(self.account, frappe_csm, "Frappe CSM")
		self.assertEqual(self.team(), (self.first, self.second, frappe_csm))

	def test_new_assignment_in_a_role_closes_the_previous_one(self):
		earlier = assign(self.account, self.first, from_date=add_days(today(), -90))
		later = assign(self.account, self.second, from_date=add_days(today(), -10))
		earlier.reload()
		self.assertEqual(getdate(earlier.to_date), getdate(add_days(today(), -11)))
		self.assertIsNone(later.to_date)
		self.assertEqual(self.team()[0], self.second)
		history = frappe.get_all(
			"CSM Assignment",
			filters={"account": self.account},
			fields=["user", "from_date", "to_date"],
			order_by="from_date",
		)
		self.assertEqual([row.user for row in history], [self.first, self.second])

	def test_other_roles_are_left_alone(self):
		partner_csm = assign(self.account, self.first, "Partner CSM", from_date=add_days(today(), -30))
		assign(self.account, self.second, "CSM")
		partner_csm.reload()
		self.assertIsNone(partner_csm.to_date)
		self.assertEqual(self.team()[:2], (self.second, self.first))

	def test_same_manager_twice_is_refused(self):
		assign(self.account, self.first, from_date=add_days(today(), -5))
		with self.assertRaisesRegex(frappe.ValidationError, "already CSM"):
			assign(self.account, self.first)

	def test_assignment_starting_before_the_current_one_is_refused(self):
		assign(self.account, self.first, from_date=add_days(today(), -5))
		with self.assertRaisesRegex(frappe.ValidationError, "overlaps"):
			assign(self.account, self.second, from_date=add_days(today(), -20))
		self.assertEqual(frappe.db.count("CSM Assignment", {"account": self.account}), 1)

	def test_end_before_start_is_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "cannot end before it starts"):
			assign(self.account, self.first, to_date=add_days(today(), -1))

	def test_manager_needs_a_customer_success_role(self):
		outsider = make_user(["Blogger"])
		with self.assertRaisesRegex(frappe.ValidationError, "has none of the roles"):
			assign(self.account, outsider)

	def test_ending_an_assignment_frees_the_account_the_next_day(self):
		assignment = assign(self.account, self.first, from_date=add_days(today(), -30))
		assignment.to_date = today()
		assignment.save()
		self.assertEqual(self.team()[0], self.first)  # still theirs today
		frappe.db.set_value("CSM Assignment", assignment.name, "to_date", add_days(today(), -1))
		end_lapsed_assignments()
		self.assertIsNone(self.team()[0])

	def test_future_assignment_takes_over_when_it_starts(self):
		assign(self.account, self.first, from_date=add_days(today(), -30))
		successor = assign(self.account, self.second, from_date=add_days(today(), 7))
		self.assertEqual(self.team()[0], self.first)
		frappe.db.set_value("CSM Assignment", successor.name, "from_date", today())
		end_lapsed_assignments()
		self.assertEqual(self.team()[0], self.second)

	def test_deleting_the_current_assignment_clears_the_account(self):
		assignment = assign(self.account, self.first)
		assignment.delete()
		self.assertIsNone(self.team()[0])


class TestCSMCapacity(FrappeTestCase):
	"""1/20 per Tier 1 account: a 21st Tier 1 account takes a manager to 105%."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = make_user(["CS Manager"])
		cls.head = make_user(["CS Head"])
		for _ in range(20):
			assign(make_account("Tier 1").name, cls.manager)

	def setUp(self):
		frappe.db.savepoint("capacity_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="capacity_test")

	def test_full_book_is_allowed(self):
		self.assertEqual(
			frappe.get_all(
				"CSM Assignment", filters={"user": self.manager}, pluck="load_after", order_by="creation"
			)[-1],
			100,
		)

	def test_assignment_past_capacity_is_refused_with_the_figures(self):
		account = make_account("Tier 1").name
		with self.assertRaises(frappe.ValidationError) as raised:
			assign(account, self.manager)
		message = str(raised.exception)
		self.assertIn("105.0%", message)
		self.assertIn("21 Tier 1 of 20 per manager", message)
		self.assertFalse(frappe.db.exists("CSM Assignment", {"account": account}))
		self.assertIsNone(frappe.db.get_value("CS Account", account, "csm"))

	def test_tier_3_account_still_fits_no_more(self):
		with self.assertRaisesRegex(frappe.ValidationError, "100.3%"):
			assign(make_account("Tier 3").name, self.manager)

	def test_a_cs_manager_cannot_confirm_past_capacity(self):
		account = make_account("Tier 1").name
		frappe.set_user(self.manager)
		with self.assertRaisesRegex(frappe.ValidationError, "Only a CS Head can confirm"):
			assign(account, self.manager, capacity_confirmed=1)

	def test_a_cs_head_can_confirm_past_capacity(self):
		account = make_account("Tier 1").name
		frappe.set_user(self.head)
		assignment = assign(account, self.manager, capacity_confirmed=1)
		self.assertEqual(assignment.load_after, 105)
		self.assertTrue(assignment.capacity_confirmed)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("CS Account", account, "csm"), self.manager)

	def test_churned_and_ended_accounts_weigh_nothing(self):
		churned = frappe.get_all("CSM Assignment", filters={"user": self.manager}, pluck="account", limit=1)[
			0
		]
		frappe.db.set_value("CS Account", churned, "status", "Churned")
		assignment = assign(make_account("Tier 1").name, self.manager)
		self.assertEqual(assignment.load_after, 100)

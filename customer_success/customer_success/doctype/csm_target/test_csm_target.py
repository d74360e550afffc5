# Copyright (c) 2026, Customer Success contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.tests.utils import make_partner, make_user


def make_target(user, from_date, to_date, amount=1000):
	return frappe.get_doc(
		{
			"doctype": "CSM Target",
			"user": user,
			"from_date": from_date,
			"to_date": to_date,
			"target_amount": amount,
		}
	).insert(ignore_permissions=True)


class TestCSMTarget(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_target_cannot_end_before_it_starts(self):
		with self.assertRaises(frappe.ValidationError):
			make_target(make_user(["CS Manager"]), "2026-03-31", "2026-01-01")

	def test_targets_of_one_manager_cannot_overlap(self):
		user = make_user(["CS Manager"])
		make_target(user, "2026-01-01", "2026-03-31")
		with self.assertRaises(frappe.ValidationError):
			make_target(user, "2026-03-31", "2026-06-30")
		make_target(user, "2026-04-01", "2026-06-30")
		make_target(make_user(["CS Manager"]), "2026-01-01", "2026-12-31")

	def test_managers_see_their_own_targets_and_heads_those_of_their_partners(self):
		mine, colleague = make_user(["CS Manager"]), make_user(["CS Manager"])
		head = make_user(["CS Head"])
		make_partner("Enterprise", head_of_cs=head, managers=[{"user": mine}])
		targets = {user: make_target(user, "2026-01-01", "2026-12-31").name for user in (mine, colleague)}
		frappe.set_user(mine)
		self.assertEqual(
			frappe.get_list("CSM Target", filters={"name": ("in", list(targets.values()))}, pluck="user"),
			[mine],
		)
		self.assertFalse(frappe.has_permission("CSM Target", doc=targets[colleague]))
		frappe.set_user(head)
		visible = frappe.get_list(
			"CSM Target", filters={"name": ("in", list(targets.values()))}, pluck="user"
		)
		self.assertEqual(visible, [mine])

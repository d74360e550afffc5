# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.tests.utils import make_partner, make_user


class TestCSPartner(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_head_of_cs_is_bound_to_the_partner(self):
		head = make_user(["CS Head"])
		partner = make_partner(head_of_cs=head)
		self.assertTrue(
			frappe.db.exists("User Permission", {"user": head, "allow": "CS Partner", "for_value": partner})
		)
		frappe.get_doc("CS Partner", partner).save()
		self.assertEqual(frappe.db.count("User Permission", {"user": head, "allow": "CS Partner"}), 1)

	def test_manager_listed_twice_is_refused(self):
		manager = make_user(["CS Manager"])
		with self.assertRaisesRegex(frappe.ValidationError, "listed twice"):
			make_partner(managers=[{"user": manager}, {"user": manager}])

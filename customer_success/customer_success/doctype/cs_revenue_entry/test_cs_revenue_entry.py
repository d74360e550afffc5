# Copyright (c) 2026, Customer Success contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.tests.utils import assign, make_account, make_partner, make_user


def make_entry(account, **fields):
	return frappe.get_doc(
		{
			"doctype": "CS Revenue Entry",
			"account": account,
			"posting_date": "2026-02-01",
			"revenue_type": "Upsell",
			"amount": 500,
			**fields,
		}
	).insert(ignore_permissions=True)


class TestCSRevenueEntry(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_entries_by_hand_need_an_amount(self):
		account = make_account().name
		with self.assertRaises(frappe.ValidationError):
			make_entry(account, amount=0)
		self.assertIsNone(make_entry(account).entry_key)

	def test_a_referenced_line_is_entered_once(self):
		account = make_account().name
		contract = make_user(["CS Manager"])  # any existing document will do as a reference
		first = make_entry(account, reference_doctype="User", reference_name=contract, reference_line="1")
		self.assertEqual(first.entry_key, f"User/{contract}/1")
		with self.assertRaises(frappe.UniqueValidationError):
			make_entry(account, reference_doctype="User", reference_name=contract, reference_line="1")
		make_entry(account, reference_doctype="User", reference_name=contract, reference_line="2")

	def test_entries_follow_the_account_scope(self):
		csm = make_user(["CS Manager"])
		partner = make_partner("SMB")
		mine, other = make_account(partner=partner).name, make_account(partner=partner).name
		assign(mine, csm)
		entries = [make_entry(mine).name, make_entry(other).name]
		frappe.set_user(csm)
		visible = frappe.get_list("CS Revenue Entry", filters={"name": ("in", entries)}, pluck="account")
		self.assertEqual(visible, [mine])

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.customer_success.doctype.cs_account.cs_account import recompute_tiers
from customer_success.rules.tiers import CRORE, MILLION
from customer_success.tests.utils import make_account, unique


def new_account(revenue, currency="USD", **fields):
	return frappe.get_doc(
		{
			"doctype": "CS Account",
			"account_name": unique("Tiered"),
			"annual_revenue": revenue,
			"revenue_currency": currency,
			**fields,
		}
	).insert()


class TestCSAccountTier(FrappeTestCase):
	def setUp(self):
		settings = frappe.get_single("CS Settings")
		settings.exchange_rates = []
		settings.append("exchange_rates", {"currency": "EUR", "rate": 1.08})
		settings.save()

	def tearDown(self):
		frappe.db.rollback()
		frappe.clear_document_cache("CS Settings", "CS Settings")

	def assertTier(self, revenue, currency, size_band, tier):
		account = new_account(revenue, currency)
		self.assertEqual((account.size_band, account.tier), (size_band, tier), f"{revenue} {currency}")

	def test_usd_boundaries_on_both_sides(self):
		self.assertTier(100 * MILLION + 1, "USD", "Large", "Tier 1")
		self.assertTier(100 * MILLION, "USD", "Medium", "Tier 2")
		self.assertTier(10 * MILLION, "USD", "Medium", "Tier 2")
		self.assertTier(10 * MILLION - 1, "USD", "Small", "Tier 3")
		self.assertTier(0, "USD", "Small", "Tier 3")

	def test_inr_boundaries_on_both_sides(self):
		self.assertTier(900 * CRORE + 1, "INR", "Large", "Tier 1")
		self.assertTier(900 * CRORE, "INR", "Medium", "Tier 2")
		self.assertTier(90 * CRORE, "INR", "Medium", "Tier 2")
		self.assertTier(90 * CRORE - 1, "INR", "Small", "Tier 3")

	def test_other_currency_uses_the_rate_in_settings(self):
		self.assertTier(93 * MILLION, "EUR", "Large", "Tier 1")
		self.assertTier(92 * MILLION, "EUR", "Medium", "Tier 2")

	def test_currency_without_rate_is_refused_and_nothing_saved(self):
		name = unique("No Rate")
		with self.assertRaisesRegex(frappe.ValidationError, "no exchange rate from GBP to USD"):
			frappe.get_doc(
				{
					"doctype": "CS Account",
					"account_name": name,
					"annual_revenue": 5,
					"revenue_currency": "GBP",
				}
			).insert()
		self.assertFalse(frappe.db.exists("CS Account", name))

	def test_negative_revenue_is_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be negative"):
			new_account(-1)

	def test_revenue_change_moves_the_tier(self):
		account = new_account(5 * MILLION)
		self.assertEqual(account.tier, "Tier 3")
		account.annual_revenue = 150 * MILLION
		account.save()
		self.assertEqual((account.size_band, account.tier), ("Large", "Tier 1"))

	def test_manual_tier_needs_a_reason(self):
		with self.assertRaisesRegex(frappe.ValidationError, "needs a reason"):
			new_account(5 * MILLION, tier_override=1, tier="Tier 1")

	def test_manual_tier_survives_saves_and_recomputation(self):
		account = new_account(
			5 * MILLION, tier_override=1, tier="Tier 1", tier_override_reason="Strategic logo for the region"
		)
		self.assertEqual((account.size_band, account.tier), ("Small", "Tier 1"))
		account.annual_revenue = 50 * MILLION
		account.save()
		self.assertEqual((account.size_band, account.tier), ("Medium", "Tier 1"))

		settings = frappe.get_single("CS Settings")
		settings.size_bands[0].medium_from = 60 * MILLION
		settings.save()
		recompute_tiers()
		self.assertEqual(
			frappe.db.get_value("CS Account", account.name, ["size_band", "tier"]), ("Small", "Tier 1")
		)

	def test_recomputation_follows_new_bands(self):
		account = new_account(50 * MILLION)
		settings = frappe.get_single("CS Settings")
		settings.size_bands[0].large_above = 40 * MILLION
		settings.save()
		result = recompute_tiers()
		self.assertGreaterEqual(result.changed, 1)
		self.assertEqual(
			frappe.db.get_value("CS Account", account.name, ["size_band", "tier"]), ("Large", "Tier 1")
		)

	def test_clearing_manual_tier_recomputes(self):
		account = new_account(5 * MILLION, tier_override=1, tier="Tier 1", tier_override_reason="Pilot")
		account.tier_override = 0
		account.save()
		self.assertEqual(account.tier, "Tier 3")
		self.assertFalse(account.tier_override_reason)


class TestCSAccountStructure(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_subsidiaries_hang_under_a_group(self):
		group = make_account("Tier 1", is_group=1)
		subsidiary = make_account("Tier 2", parent_cs_account=group.name)
		group.reload()
		subsidiary.reload()
		self.assertTrue(group.lft < subsidiary.lft < subsidiary.rgt < group.rgt)
		descendants = frappe.get_all(
			"CS Account", filters={"lft": (">", group.lft), "rgt": ("<", group.rgt)}, pluck="name"
		)
		self.assertEqual(descendants, [subsidiary.name])

	def test_parent_must_be_a_group(self):
		plain = make_account("Tier 1")
		with self.assertRaisesRegex(frappe.ValidationError, "is not a group"):
			make_account("Tier 2", parent_cs_account=plain.name)

	def test_group_with_subsidiaries_cannot_be_deleted(self):
		group = make_account("Tier 1", is_group=1)
		make_account("Tier 2", parent_cs_account=group.name)
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("CS Account", group.name)

	def test_stakeholder_emails_are_checked(self):
		with self.assertRaises(frappe.ValidationError):
			make_account(stakeholders=[{"full_name": "A", "email": "not-an-email", "side": "Customer"}])
		with self.assertRaisesRegex(frappe.ValidationError, "listed twice"):
			make_account(
				stakeholders=[
					{"full_name": "A", "email": "a@x.example", "side": "Customer"},
					{"full_name": "B", "email": "A@x.example", "side": "Partner"},
				]
			)
		with self.assertRaisesRegex(frappe.ValidationError, "needs an email"):
			make_account(stakeholders=[{"full_name": "C", "side": "Customer", "receives_survey": 1}])

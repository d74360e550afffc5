# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase


class TestCSSettings(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()
		frappe.clear_document_cache("CS Settings", "CS Settings")

	def test_spec_rules_are_prefilled(self):
		settings = frappe.get_single("CS Settings")
		bands = {row.currency: (row.large_above, row.medium_from) for row in settings.size_bands}
		self.assertEqual(bands["USD"], (100_000_000, 10_000_000))
		self.assertEqual(bands["INR"], (9_000_000_000, 900_000_000))
		rules = {row.tier: row for row in settings.tier_rules}
		self.assertEqual(
			[
				(t, rules[t].accounts_per_manager, rules[t].cadence, rules[t].meeting_format)
				for t in sorted(rules)
			],
			[
				("Tier 1", 20, "Monthly", "In-person"),
				("Tier 2", 50, "Quarterly", "In-person"),
				("Tier 3", 300, "Quarterly", "Call"),
			],
		)
		self.assertIn("SaaS tools mapping", rules["Tier 1"].focus_areas)
		self.assertEqual(settings.handover_delay_months, 3)

	def assertRefused(self, pattern, change):
		settings = frappe.get_single("CS Settings")
		change(settings)
		with self.assertRaisesRegex(frappe.ValidationError, pattern):
			settings.save()

	def test_medium_above_large_is_refused(self):
		self.assertRefused(
			"not above the Large threshold", lambda s: setattr(s.size_bands[0], "medium_from", 2e8)
		)

	def test_duplicate_band_is_refused(self):
		self.assertRefused(
			"set twice",
			lambda s: s.append("size_bands", {"currency": "USD", "large_above": 5, "medium_from": 1}),
		)

	def test_base_currency_needs_its_bands(self):
		self.assertRefused("needs revenue bands", lambda s: setattr(s, "band_base_currency", "EUR"))

	def test_non_positive_rate_is_refused(self):
		self.assertRefused(
			"more than zero", lambda s: s.append("exchange_rates", {"currency": "EUR", "rate": 0})
		)

	def test_zero_ratio_is_refused(self):
		self.assertRefused("more than zero", lambda s: setattr(s.tier_rules[0], "accounts_per_manager", 0))

	def test_each_tier_needs_one_rule(self):
		self.assertRefused("exactly once", lambda s: setattr(s.tier_rules[1], "tier", "Tier 1"))

	def test_survey_day_stays_in_every_month(self):
		self.assertRefused("between 1 and 28", lambda s: setattr(s, "survey_day", 31))

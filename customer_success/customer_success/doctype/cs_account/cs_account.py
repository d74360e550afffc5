# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import today, validate_email_address
from frappe.utils.nestedset import NestedSet

from customer_success.customer_success.doctype.cs_settings.cs_settings import exchange_rates, tier_config
from customer_success.rules.tiers import InvalidRevenue, UnknownCurrency, classify


class CSAccount(NestedSet):
	nsm_parent_field = "parent_cs_account"

	def validate(self):
		self.validate_revenue()
		self.set_size_band_and_tier()
		self.validate_manual_tier()
		self.record_tier_change()
		self.validate_parent()
		self.validate_stakeholders()
		self.validate_mapping()

	def validate_revenue(self):
		if (self.annual_revenue or 0) < 0:
			frappe.throw(_("Annual revenue cannot be negative."), title=_("Invalid Revenue"))

	def set_size_band_and_tier(self):
		config = tier_config()
		rates = exchange_rates([self.revenue_currency], config.base_currency, config.settings_rates)
		try:
			size_band, tier = classify(
				self.annual_revenue, self.revenue_currency, config.bands, rates, config.base_currency
			)
		except InvalidRevenue:
			frappe.throw(_("Annual revenue must be a number of zero or more."), title=_("Invalid Revenue"))
		except UnknownCurrency as e:
			frappe.throw(
				_(
					"There is no exchange rate from {0} to {1}, so the size of this account cannot be known. "
					"Add the rate in CS Settings (or as an ERPNext Currency Exchange) and save again."
				).format(e.currency, e.base_currency),
				title=_("Missing Exchange Rate"),
			)
		self.size_band = size_band
		if not self.tier_override:
			self.tier = tier

	def validate_manual_tier(self):
		if not self.tier_override:
			self.tier_override_reason = None
			return
		if not self.tier:
			frappe.throw(_("Choose the tier to set manually."), title=_("Missing Tier"))
		if not (self.tier_override_reason or "").strip():
			frappe.throw(
				_("A manual tier needs a reason: say why this account is {0}.").format(self.tier),
				title=_("Missing Reason"),
			)

	def record_tier_change(self):
		"""The cadence keeps the old tier until its current period ends."""
		old_tier = None if self.is_new() else frappe.db.get_value("CS Account", self.name, "tier")
		if old_tier and old_tier != self.tier:
			self.previous_tier = old_tier
			self.tier_changed_on = today()

	def validate_mapping(self):
		if (self.partner_frappe_spend or 0) > (self.software_budget or 0):
			frappe.throw(
				_("Spend with the partner and Frappe cannot exceed the total software spend."),
				title=_("Invalid Software Budget"),
			)
		self.share_of_wallet = (
			100 * self.partner_frappe_spend / self.software_budget if self.software_budget else 0
		)
		for year in (1, 2, 3):
			share = self.get(f"capture_year_{year}") or 0
			if not 0 <= share <= 100:
				frappe.throw(
					_("The share of spend to capture in {0} year(s) must be between 0 and 100%.").format(
						year
					),
					title=_("Invalid Upsell Strategy"),
				)

	def validate_parent(self):
		if not self.parent_cs_account:
			return
		if self.parent_cs_account == self.name:
			frappe.throw(_("An account cannot be its own parent."), title=_("Invalid Parent"))
		if not frappe.db.get_value("CS Account", self.parent_cs_account, "is_group"):
			frappe.throw(
				_("{0} is not a group: tick Is Group on it before adding subsidiaries.").format(
					frappe.bold(self.parent_cs_account)
				),
				title=_("Invalid Parent"),
			)

	def validate_stakeholders(self):
		seen = set()
		for row in self.stakeholders:
			email = (row.email or "").strip().lower()
			if email:
				validate_email_address(email, throw=True)
				if email in seen:
					frappe.throw(
						_("Row {0}: {1} is listed twice among the stakeholders.").format(row.idx, row.email),
						title=_("Duplicate Stakeholder"),
					)
				seen.add(email)
			elif row.receives_survey:
				frappe.throw(
					_("Row {0}: {1} needs an email address to receive the survey.").format(
						row.idx, row.full_name
					),
					title=_("Missing Email"),
				)


def recompute_tiers():
	"""Band and tier of every account again, after the bands or rates changed.

	Manual tiers keep their tier (their band is still refreshed); accounts whose currency
	has no rate any more are left as they were and counted in the result.
	"""
	config = tier_config()
	accounts = frappe.get_all(
		"CS Account",
		fields=["name", "annual_revenue", "revenue_currency", "size_band", "tier", "tier_override"],
	)
	rates = exchange_rates(
		{account.revenue_currency for account in accounts}, config.base_currency, config.settings_rates
	)
	changes = defaultdict(list)
	skipped = []
	for account in accounts:
		try:
			size_band, tier = classify(
				account.annual_revenue, account.revenue_currency, config.bands, rates, config.base_currency
			)
		except (InvalidRevenue, UnknownCurrency):
			skipped.append(account.name)
			continue
		if account.tier_override:
			tier = account.tier
		if (size_band, tier) != (account.size_band, account.tier):
			changes[(account.tier, size_band, tier)].append(account.name)

	table = frappe.qb.DocType("CS Account")
	for (old_tier, size_band, tier), names in changes.items():
		query = frappe.qb.update(table).set(table.size_band, size_band).set(table.tier, tier)
		if old_tier and old_tier != tier:
			query = query.set(table.previous_tier, old_tier).set(table.tier_changed_on, today())
		query.where(table.name.isin(names)).run()
	return frappe._dict(changed=sum(len(names) for names in changes.values()), skipped=skipped)


@frappe.whitelist()
def get_children(doctype, parent=None, is_root=False, **filters):
	"""Tree view: one level of accounts, with the permission scope of the user applied."""
	if is_root or not parent or parent == "CS Account":
		parent = ""
	return frappe.get_list(
		"CS Account",
		fields=["name as value", "account_name as title", "is_group as expandable", "tier"],
		filters={"parent_cs_account": parent},
		order_by="account_name",
	)

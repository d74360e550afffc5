# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

from decimal import Decimal

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from customer_success.rules.capacity import DEFAULT_ACCOUNTS_PER_MANAGER
from customer_success.rules.tiers import (
	DEFAULT_BANDS,
	DEFAULT_BASE_CURRENCY,
	TIERS,
	Band,
	InvalidBands,
	validate_band,
)

DEFAULT_TIER_RULES = (
	{
		"tier": "Tier 1",
		"size_band": "Large",
		"accounts_per_manager": DEFAULT_ACCOUNTS_PER_MANAGER["Tier 1"],
		"cadence": "Monthly",
		"meeting_format": "In-person",
		"qbr_due": 1,
		"focus_areas": "\n".join(
			(
				"Review product usage: which modules are live, which are not",
				"Org structure mapping: key decision makers, unsolved needs and challenges",
				"Software budget mapping: overall software spend vs. share with Partner and Frappe",
				"SaaS tools mapping: tools to replace with Frappe (CRM, HRMS, workflow automation)",
				"Build upsell strategy: % of spend to capture in 1-3 years, decision makers, tools to replace",
				"New product trainings (paid / free)",
				"New product upsell",
			)
		),
	},
	{
		"tier": "Tier 2",
		"size_band": "Medium",
		"accounts_per_manager": DEFAULT_ACCOUNTS_PER_MANAGER["Tier 2"],
		"cadence": "Quarterly",
		"meeting_format": "In-person",
		"qbr_due": 1,
		"focus_areas": "Review product usage\nIncrease adoption of existing products\nNew product upsell",
	},
	{
		"tier": "Tier 3",
		"size_band": "Small",
		"accounts_per_manager": DEFAULT_ACCOUNTS_PER_MANAGER["Tier 3"],
		"cadence": "Quarterly",
		"meeting_format": "Call",
		"qbr_due": 0,
		"focus_areas": "Review product usage\nIncrease adoption of existing products\nNew product upsell",
	},
)


class CSSettings(Document):
	def validate(self):
		self.validate_bands()
		self.validate_exchange_rates()
		self.validate_tier_rules()
		self.validate_lifecycle()

	def on_update(self):
		bands_changed = any(
			self.has_value_changed(field) for field in ("size_bands", "exchange_rates", "band_base_currency")
		)
		if bands_changed or self.flags.recompute_tiers:
			from customer_success.customer_success.doctype.cs_account.cs_account import recompute_tiers

			frappe.enqueue(
				recompute_tiers, queue="long", enqueue_after_commit=True, job_id="cs-recompute-tiers"
			)

	def validate_bands(self):
		seen = set()
		for row in self.size_bands:
			if row.currency in seen:
				frappe.throw(
					_("Row {0}: revenue bands for {1} are set twice.").format(row.idx, row.currency),
					title=_("Duplicate Revenue Band"),
				)
			seen.add(row.currency)
			try:
				validate_band(
					Band(row.currency, Decimal(str(row.large_above)), Decimal(str(row.medium_from)))
				)
			except InvalidBands:
				frappe.throw(
					_(
						"Row {0}: for {1}, Medium must start at zero or more and not above the Large threshold."
					).format(row.idx, row.currency),
					title=_("Invalid Revenue Band"),
				)
		if self.size_bands and self.band_base_currency not in seen:
			frappe.throw(
				_("The base currency {0} needs revenue bands of its own.").format(self.band_base_currency),
				title=_("Missing Revenue Band"),
			)

	def validate_exchange_rates(self):
		seen = set()
		for row in self.exchange_rates:
			if row.currency in seen:
				frappe.throw(
					_("Row {0}: the exchange rate for {1} is set twice.").format(row.idx, row.currency),
					title=_("Duplicate Exchange Rate"),
				)
			seen.add(row.currency)
			if not row.rate or row.rate <= 0:
				frappe.throw(
					_("Row {0}: the exchange rate for {1} must be more than zero.").format(
						row.idx, row.currency
					),
					title=_("Invalid Exchange Rate"),
				)

	def validate_tier_rules(self):
		tiers = [row.tier for row in self.tier_rules]
		if self.tier_rules and sorted(tiers) != sorted(TIERS):
			frappe.throw(
				_("Tier rules must name each of {0} exactly once.").format(", ".join(TIERS)),
				title=_("Invalid Tier Rules"),
			)
		for row in self.tier_rules:
			if not row.accounts_per_manager or row.accounts_per_manager <= 0:
				frappe.throw(
					_("Row {0}: accounts per manager for {1} must be more than zero.").format(
						row.idx, row.tier
					),
					title=_("Invalid Tier Rules"),
				)

	def validate_lifecycle(self):
		if self.handover_delay_months is None or self.handover_delay_months < 0:
			frappe.throw(_("The handover delay cannot be negative."), title=_("Invalid Handover Delay"))
		if not 1 <= (self.survey_day or 0) <= 28:
			frappe.throw(
				_("The monthly survey day must be between 1 and 28, so that every month has it."),
				title=_("Invalid Survey Day"),
			)


def fill_defaults():
	"""Pre-fill the tier rules of the spec on a new site; keeps whatever is already set."""
	settings = frappe.get_single("CS Settings")
	if not settings.band_base_currency:
		settings.band_base_currency = DEFAULT_BASE_CURRENCY
	if not settings.size_bands:
		for band in DEFAULT_BANDS:
			settings.append(
				"size_bands",
				{"currency": band.currency, "large_above": band.large_above, "medium_from": band.medium_from},
			)
	if not settings.tier_rules:
		for rule in DEFAULT_TIER_RULES:
			settings.append("tier_rules", rule)
	if settings.handover_delay_months is None:
		settings.handover_delay_months = 3
	if not settings.survey_day:
		settings.survey_day = 1
	settings.flags.ignore_permissions = True
	settings.flags.ignore_links = True
	settings.save()


def tier_config() -> frappe._dict:
	"""Bands, rates, base currency and manager ratios, from settings or the spec's defaults."""
	settings = frappe.get_cached_doc("CS Settings")
	bands = (
		tuple(
			Band(row.currency, Decimal(str(row.large_above)), Decimal(str(row.medium_from)))
			for row in settings.size_bands
		)
		or DEFAULT_BANDS
	)
	ratios = {row.tier: row.accounts_per_manager for row in settings.tier_rules} or dict(
		DEFAULT_ACCOUNTS_PER_MANAGER
	)
	return frappe._dict(
		bands=bands,
		base_currency=settings.band_base_currency or DEFAULT_BASE_CURRENCY,
		settings_rates={row.currency: Decimal(str(row.rate)) for row in settings.exchange_rates},
		ratios=ratios,
	)


def exchange_rates(currencies, base_currency: str, settings_rates: dict) -> dict:
	"""Rate to `base_currency` for each currency: ERPNext's latest Currency Exchange
	(either direction) when ERPNext is installed, else the rate kept in CS Settings."""
	wanted = set(currencies) - {base_currency}
	direct, inverse = {}, {}
	if wanted and frappe.db.exists("DocType", "Currency Exchange"):
		rows = frappe.get_all(
			"Currency Exchange",
			filters={"date": ("<=", getdate(today())), "exchange_rate": (">", 0)},
			or_filters={"from_currency": ("in", list(wanted)), "to_currency": ("in", list(wanted))},
			fields=["from_currency", "to_currency", "exchange_rate"],
			order_by="date asc",
		)
		for row in rows:
			if row.to_currency == base_currency:
				direct[row.from_currency] = Decimal(str(row.exchange_rate))
			elif row.from_currency == base_currency:
				inverse[row.to_currency] = 1 / Decimal(str(row.exchange_rate))
	rates = {currency: rate for currency, rate in settings_rates.items() if currency in wanted}
	rates.update(inverse)
	rates.update(direct)
	return rates

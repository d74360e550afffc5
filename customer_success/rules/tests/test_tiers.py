import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_success.rules import tiers
from customer_success.rules.tiers import (
	CRORE,
	MILLION,
	Band,
	InvalidBands,
	InvalidRevenue,
	UnknownCurrency,
	band_for,
	classify,
	validate_band,
)


@pytest.mark.parametrize(
	"revenue, currency, expected",
	[
		(100 * MILLION + 1, "USD", ("Large", "Tier 1")),
		(100 * MILLION, "USD", ("Medium", "Tier 2")),
		(10 * MILLION, "USD", ("Medium", "Tier 2")),
		(10 * MILLION - 1, "USD", ("Small", "Tier 3")),
		(Decimal("100000000.01"), "USD", ("Large", "Tier 1")),
		(Decimal("9999999.99"), "USD", ("Small", "Tier 3")),
		(900 * CRORE + 1, "INR", ("Large", "Tier 1")),
		(900 * CRORE, "INR", ("Medium", "Tier 2")),
		(90 * CRORE, "INR", ("Medium", "Tier 2")),
		(90 * CRORE - 1, "INR", ("Small", "Tier 3")),
	],
)
def test_boundaries_fall_on_both_sides(revenue, currency, expected):
	assert classify(revenue, currency) == expected


def test_zero_revenue_is_small():
	assert classify(0, "USD") == ("Small", "Tier 3")
	assert classify(None, "INR") == ("Small", "Tier 3")


@pytest.mark.parametrize("revenue", [-1, Decimal("-0.01"), "-5", "abc", float("nan"), float("inf")])
def test_negative_or_non_numeric_revenue_is_refused(revenue):
	with pytest.raises(InvalidRevenue):
		classify(revenue, "USD")


def test_other_currency_is_converted_to_the_base():
	rates = {"EUR": Decimal("1.08")}
	# 92.6mn EUR is 100.008mn USD: past the Large threshold only after conversion.
	assert classify(92_600_000, "EUR", rates=rates) == ("Large", "Tier 1")
	assert classify(92_500_000, "EUR", rates=rates) == ("Medium", "Tier 2")


@pytest.mark.parametrize("rates", [None, {}, {"EUR": 0}, {"EUR": -1}, {"GBP": 1.2}])
def test_currency_without_band_or_rate_is_refused(rates):
	with pytest.raises(UnknownCurrency) as raised:
		classify(1_000, "EUR", rates=rates)
	assert raised.value.currency == "EUR"
	assert raised.value.base_currency == "USD"


def test_bands_from_settings_replace_the_defaults():
	bands = (Band("USD", Decimal(50 * MILLION), Decimal(5 * MILLION)),)
	assert classify(60 * MILLION, "USD", bands=bands) == ("Large", "Tier 1")
	assert classify(5 * MILLION, "USD", bands=bands) == ("Medium", "Tier 2")
	with pytest.raises(UnknownCurrency):
		classify(5, "INR", bands=bands)


def test_contradictory_bands_are_refused():
	with pytest.raises(InvalidBands):
		validate_band(Band("USD", Decimal(1), Decimal(2)))
	with pytest.raises(InvalidBands):
		validate_band(Band("USD", Decimal(1), Decimal(-2)))
	validate_band(Band("USD", Decimal(2), Decimal(2)))


@given(st.decimals(min_value=0, max_value=10**13, allow_nan=False, places=2))
def test_band_is_monotonic_in_revenue(revenue):
	order = {"Small": 0, "Medium": 1, "Large": 2}
	usd = tiers.DEFAULT_BANDS[0]
	assert order[band_for(revenue, usd)] <= order[band_for(revenue + 1, usd)]


def test_docstring_examples():
	assert doctest.testmod(tiers).failed == 0

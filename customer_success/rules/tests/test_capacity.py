import doctest
from fractions import Fraction

import pytest

from customer_success.rules import capacity
from customer_success.rules.capacity import (
	InvalidRatio,
	is_over_capacity,
	load,
	managers_for,
	percent,
	staffing,
)


def test_each_tier_weighs_its_ratio():
	assert load(["Tier 1"]) == Fraction(1, 20)
	assert load(["Tier 2"]) == Fraction(1, 50)
	assert load(["Tier 3"]) == Fraction(1, 300)
	assert load([]) == 0


def test_a_full_book_is_exactly_one_manager():
	assert load(["Tier 1"] * 20) == 1
	assert load(["Tier 2"] * 50) == 1
	assert load(["Tier 3"] * 300) == 1
	assert load(["Tier 1"] * 10 + ["Tier 2"] * 25) == 1


def test_full_is_allowed_and_one_more_is_over():
	assert not is_over_capacity(load(["Tier 3"] * 300))
	assert is_over_capacity(load(["Tier 3"] * 301))
	assert percent(load(["Tier 1"] * 21)) == 105.0


def test_managers_needed_round_up():
	assert managers_for(Fraction(0)) == 0
	assert managers_for(Fraction(1, 300)) == 1
	assert managers_for(Fraction(1)) == 1
	assert managers_for(Fraction(301, 300)) == 2


def test_enterprise_partner_needs_head_and_managers_by_the_ratios():
	tiers = ["Tier 1"] * 25 + ["Tier 2"] * 30 + ["Tier 3"] * 400
	result = staffing("Enterprise", tiers, managers_assigned=2, has_head_of_cs=False)
	# 25/20 + 30/50 + 400/300 = 1.25 + 0.6 + 1.333 = 3.18 -> 4 managers
	assert result.managers_needed == 4
	assert result.head_of_cs_needed
	assert result.managers_short == 2
	assert not result.is_staffed
	assert result.accounts_by_tier == {"Tier 1": 25, "Tier 2": 30, "Tier 3": 400}


def test_smb_partner_needs_one_csm_and_no_head():
	result = staffing("SMB", ["Tier 3"] * 700, managers_assigned=1, has_head_of_cs=False)
	assert result.managers_needed == 1
	assert not result.head_of_cs_needed
	assert result.is_staffed
	assert staffing("SMB", [], 0, False).managers_needed == 0


def test_custom_ratios_apply():
	assert load(["Tier 1"] * 10, {"Tier 1": 10, "Tier 2": 50, "Tier 3": 300}) == 1


@pytest.mark.parametrize("ratio", [0, -5, None])
def test_missing_or_non_positive_ratio_is_refused(ratio):
	with pytest.raises(InvalidRatio):
		load(["Tier 1"], {"Tier 1": ratio})


def test_docstring_examples():
	assert doctest.testmod(capacity).failed == 0

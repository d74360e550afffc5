import doctest
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_success.rules import cadence
from customer_success.rules.cadence import (
	add_months,
	handover_due,
	period_of,
	periods_due,
	planned_date,
	previous_quarter,
)

CADENCES = {"Tier 1": "Monthly", "Tier 2": "Quarterly", "Tier 3": "Quarterly"}


@pytest.mark.parametrize(
	"day, monthly, quarterly",
	[
		(date(2026, 1, 1), "2026-01", "2026-Q1"),
		(date(2026, 3, 31), "2026-03", "2026-Q1"),
		(date(2026, 4, 1), "2026-04", "2026-Q2"),
		(date(2026, 6, 30), "2026-06", "2026-Q2"),
		(date(2026, 9, 30), "2026-09", "2026-Q3"),
		(date(2026, 10, 1), "2026-10", "2026-Q4"),
		(date(2026, 12, 31), "2026-12", "2026-Q4"),
		(date(2027, 1, 1), "2027-01", "2027-Q1"),
		(date(2028, 2, 29), "2028-02", "2028-Q1"),
	],
)
def test_period_names_at_month_quarter_and_year_ends(day, monthly, quarterly):
	assert period_of(day, "Monthly").name == monthly
	assert period_of(day, "Quarterly").name == quarterly


def test_period_bounds():
	q4 = period_of(date(2026, 11, 5), "Quarterly")
	assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))
	feb_leap = period_of(date(2028, 2, 10), "Monthly")
	assert feb_leap.end == date(2028, 2, 29)
	feb = period_of(date(2027, 2, 10), "Monthly")
	assert feb.end == date(2027, 2, 28)
	assert previous_quarter(date(2027, 1, 1)).name == "2026-Q4"


def test_unknown_cadence_is_refused():
	with pytest.raises(ValueError):
		period_of(date(2026, 1, 1), "Weekly")


@pytest.mark.parametrize(
	"go_live, due",
	[
		(date(2026, 10, 31), date(2027, 1, 31)),
		(date(2026, 11, 30), date(2027, 2, 28)),
		(date(2027, 11, 30), date(2028, 2, 29)),
		(date(2026, 5, 31), date(2026, 8, 31)),
		(date(2026, 3, 31), date(2026, 6, 30)),
		(date(2026, 12, 31), date(2027, 3, 31)),
		(date(2028, 2, 29), date(2028, 5, 29)),
	],
)
def test_handover_three_months_after_go_live(go_live, due):
	assert handover_due(go_live, 3) == due


def test_planned_date_is_mid_period_or_today():
	dec = period_of(date(2026, 12, 1), "Monthly")
	assert planned_date(dec, date(2026, 12, 1)) == date(2026, 12, 15)
	assert planned_date(dec, date(2026, 12, 31)) == date(2026, 12, 31)
	q1 = period_of(date(2027, 1, 1), "Quarterly")
	assert planned_date(q1, date(2027, 1, 1)) == date(2027, 2, 15)
	assert planned_date(q1, date(2027, 3, 20)) == date(2027, 3, 20)


def names(due):
	return [(tier, period.name) for tier, period in due]


def test_no_tier_change_gives_the_current_period():
	assert names(periods_due(date(2026, 12, 4), "Tier 1", CADENCES)) == [("Tier 1", "2026-12")]
	assert names(periods_due(date(2026, 12, 4), "Tier 3", CADENCES)) == [("Tier 3", "2026-Q4")]


def test_upgrade_mid_quarter_starts_monthly_from_next_month():
	changed = date(2026, 11, 10)
	assert names(periods_due(date(2026, 11, 10), "Tier 1", CADENCES, "Tier 3", changed)) == [
		("Tier 3", "2026-Q4")
	]
	assert names(periods_due(date(2026, 12, 1), "Tier 1", CADENCES, "Tier 3", changed)) == [
		("Tier 1", "2026-12"),
		("Tier 3", "2026-Q4"),
	]
	assert names(periods_due(date(2027, 1, 5), "Tier 1", CADENCES, "Tier 3", changed)) == [
		("Tier 1", "2027-01")
	]


def test_downgrade_mid_month_starts_quarterly_from_next_quarter():
	changed = date(2026, 11, 10)
	assert names(periods_due(date(2026, 11, 20), "Tier 3", CADENCES, "Tier 1", changed)) == [
		("Tier 1", "2026-11")
	]
	assert names(periods_due(date(2026, 12, 15), "Tier 3", CADENCES, "Tier 1", changed)) == []
	assert names(periods_due(date(2027, 1, 1), "Tier 3", CADENCES, "Tier 1", changed)) == [
		("Tier 3", "2027-Q1")
	]


def test_change_on_the_first_day_of_a_period_applies_at_once():
	changed = date(2027, 1, 1)
	assert names(periods_due(date(2027, 1, 1), "Tier 1", CADENCES, "Tier 2", changed)) == [
		("Tier 1", "2027-01")
	]


@given(
	st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
	st.sampled_from(["Monthly", "Quarterly"]),
)
def test_every_day_falls_in_its_period(day, kind):
	period = period_of(day, kind)
	assert period.start <= day <= period.end
	assert period_of(period.start, kind) == period == period_of(period.end, kind)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 36))
def test_add_months_lands_in_the_right_month_and_never_later_day(day, months):
	moved = add_months(day, months)
	assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
	assert moved.day <= day.day


def test_docstring_examples():
	assert doctest.testmod(cadence).failed == 0

import doctest
from datetime import date

from customer_success.rules import kpi, revenue
from customer_success.rules.kpi import (
	SATISFACTION_TARGET,
	SLA_MET_TARGET,
	average,
	last_quarters,
	meets_target,
	overlap_days,
	percent,
	prorated_target,
	quarters,
	rating_factor,
	retention,
	year_before,
)
from customer_success.rules.revenue import entry_key, revenue_type


def test_examples_in_docstrings():
	for module in (kpi, revenue):
		assert doctest.testmod(module).failed == 0


def test_satisfaction_is_the_average_rating():
	# Ratings 5, 4, 5, 3, 5: 22 / 5 = 4.4, below the 4.5 target.
	assert average(22, 5) == 4.4
	assert meets_target(average(22, 5), SATISFACTION_TARGET) is False
	assert meets_target(average(9, 2), SATISFACTION_TARGET) is True


def test_an_empty_period_has_no_figure_and_no_verdict():
	assert average(0, 0) is None
	assert average(None, None) is None
	assert percent(0, 0) is None
	assert percent(3, None) is None
	assert meets_target(None, SLA_MET_TARGET) is None


def test_sla_met_share_of_resolved_tickets():
	# 17 of 20 resolved tickets within the agreement: exactly the enterprise target.
	assert percent(17, 20) == 85.0
	assert meets_target(percent(17, 20), SLA_MET_TARGET) is True
	assert meets_target(percent(16, 20), SLA_MET_TARGET) is False
	assert percent(0, 20) == 0.0


def test_coverage_counts_accounts_not_meetings():
	# 3 of 8 accounts met in the quarter.
	assert percent(3, 8) == 37.5
	assert percent(8, 8) == 100.0


def test_quarters_of_a_period():
	assert [q.name for q in quarters(date(2026, 3, 31), date(2026, 4, 1))] == ["2026-Q1", "2026-Q2"]
	assert [q.name for q in quarters(date(2026, 11, 1), date(2027, 1, 1))] == ["2026-Q4", "2027-Q1"]
	assert quarters(date(2026, 5, 1), date(2026, 4, 1)) == []
	q = quarters(date(2026, 5, 10), date(2026, 5, 20))[0]
	assert (q.start, q.end) == (date(2026, 4, 1), date(2026, 6, 30))


def test_last_four_quarters():
	assert last_quarters(date(2027, 2, 10)) == (date(2026, 4, 1), date(2027, 2, 10))
	assert last_quarters(date(2027, 2, 10), 1) == (date(2027, 1, 1), date(2027, 2, 10))


def test_year_before_keeps_the_day():
	assert year_before(date(2026, 12, 31)) == date(2025, 12, 31)
	assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)


def test_target_is_prorated_by_days():
	quarter = (date(2026, 1, 1), date(2026, 3, 31))  # 90 days
	assert prorated_target(90_000, *quarter, *quarter) == 90_000
	assert prorated_target(90_000, *quarter, date(2025, 1, 1), date(2026, 12, 31)) == 90_000
	assert prorated_target(90_000, *quarter, date(2026, 3, 1), date(2026, 12, 31)) == 31_000
	assert prorated_target(90_000, *quarter, date(2026, 4, 1), date(2026, 6, 30)) == 0
	assert overlap_days(*quarter, date(2026, 4, 1), date(2026, 4, 2)) == 0


def test_retention_worked_example():
	# Four accounts each had 1,000 of AMC due: one renewed flat, one churned, one renewed
	# 700 (contracted 300), one renewed 1,500 (expanded 500). A fifth is new AMC.
	r = retention([(1000, 1000), (1000, 0), (1000, 700), (1000, 1500), (0, 2000)])
	assert (r.due, r.renewed, r.churned, r.contracted, r.expansion) == (4000, 3200, 1000, 300, 500)
	assert (r.accounts_due, r.accounts_churned) == (4, 1)
	assert r.grr == 67.5  # (4000 - 1000 - 300) / 4000
	assert r.nrr == 80.0  # (4000 - 1000 - 300 + 500) / 4000


def test_retention_with_nothing_due_is_not_available():
	r = retention([])
	assert r.grr is None and r.nrr is None
	assert retention([(0, 500)]).nrr is None


def test_a_credit_note_larger_than_the_renewal_is_churn():
	r = retention([(1000, -200)])
	assert (r.churned, r.contracted, r.renewed, r.grr) == (1000, 0, 0, 0.0)


def test_full_renewal_keeps_gross_retention_whole():
	r = retention([(500, 500), (300, 450)])
	assert r.grr == 100.0
	assert r.nrr == 118.8  # 950 / 800


def test_ratings_read_on_five_stars():
	assert rating_factor("Rating") * 0.6 == 3.0
	assert rating_factor("Int") * 4 == 4


def test_line_takes_the_nearest_mapped_group():
	mapping = {"Services": "Services", "Implementation": "New Project", "AMC": "AMC"}
	assert revenue_type(["Implementation", "Services", "All Item Groups"], mapping) == "New Project"
	assert revenue_type(["Training", "Services", "All Item Groups"], mapping) == "Services"
	assert revenue_type(["Hardware", "All Item Groups"], mapping, "Upsell") == "Upsell"
	assert revenue_type(["Hardware", "All Item Groups"], mapping, "") is None


def test_entry_key_names_the_line():
	assert entry_key("Sales Invoice", "SINV-1", "row1") != entry_key("Sales Invoice", "SINV-1", "row2")
	assert entry_key("Sales Invoice", "SINV-1") == "Sales Invoice/SINV-1/"

import doctest

import pytest

from customer_success.rules import health
from customer_success.rules.health import (
	DEFAULT_WEIGHTS,
	engagement_signal,
	health_band,
	health_score,
	retention_signal,
	satisfaction_signal,
	support_signal,
)


def test_examples_in_docstrings():
	assert doctest.testmod(health).failed == 0


def test_signals_read_between_zero_and_one():
	assert satisfaction_signal(5, 1) == 1.0
	assert satisfaction_signal(1, 1) == 0.0
	assert satisfaction_signal(12, 4) == 0.5  # 3 stars
	assert engagement_signal(0, 2) == 0.0
	assert support_signal(17, 20) == 0.85
	assert retention_signal(1000, 700) == 0.7


def test_nothing_to_measure_is_no_signal():
	assert engagement_signal(0, 0) is None
	assert support_signal(0, 0) is None
	assert satisfaction_signal(None, None) is None
	assert retention_signal(None, None) is None


def test_worked_example_with_every_signal():
	# 4.5 stars (0.875), 3 of 4 meetings held (0.75), 17 of 20 tickets in SLA (0.85),
	# 70% of the AMC renewed (0.7), with the default weights 30 / 30 / 20 / 20:
	# (30 × 0.875 + 30 × 0.75 + 20 × 0.85 + 20 × 0.7) ÷ 100 = 0.7975.
	signals = {
		"satisfaction": satisfaction_signal(9, 2),
		"engagement": engagement_signal(3, 1),
		"support": support_signal(17, 20),
		"retention": retention_signal(1000, 700),
	}
	assert health_score(signals, DEFAULT_WEIGHTS) == 80
	assert health_band(80) == "Healthy"


def test_missing_signals_leave_the_weight_to_the_others():
	# Without tickets and AMC: (30 × 0.875 + 30 × 0.75) ÷ 60 = 0.8125.
	assert health_score({"satisfaction": 0.875, "engagement": 0.75, "support": None, "retention": None}) == 81
	assert health_score({"satisfaction": None, "engagement": None}) is None


def test_a_signal_weighted_zero_does_not_count():
	weights = {**DEFAULT_WEIGHTS, "support": 0}
	assert health_score({"satisfaction": 1.0, "support": 0.0}, weights) == 100
	assert health_score({"support": 0.0}, weights) is None


@pytest.mark.parametrize(
	("score", "band"), [(100, "Healthy"), (70, "Healthy"), (55, "Watch"), (0, "At Risk")]
)
def test_bands(score, band):
	assert health_band(score) == band

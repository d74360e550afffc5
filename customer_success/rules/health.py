"""Account health on 0-100 from the signals the KPIs already measure, with no database.

Each signal is a share between 0 and 1:
- satisfaction: the average rating on 1-5 read as (rating − 1) ÷ 4 (5 stars is 1, 1 star 0);
- engagement: touchpoints held ÷ touchpoints that fell due (held or missed);
- support: tickets whose SLA was met ÷ tickets resolved;
- retention: AMC renewed ÷ AMC due (capped at 1: expansion is good, not healthier).

The score is the weighted average of the signals that are available, times 100; a signal
with nothing to measure is left out and the others' weights carry the score. An account
with no signal at all has no score.
"""

from collections.abc import Mapping

from customer_success.rules.kpi import RATING_SCALE, ratio

SATISFACTION, ENGAGEMENT, SUPPORT, RETENTION = "satisfaction", "engagement", "support", "retention"
SIGNALS = (SATISFACTION, ENGAGEMENT, SUPPORT, RETENTION)
DEFAULT_WEIGHTS = {SATISFACTION: 30, ENGAGEMENT: 30, SUPPORT: 20, RETENTION: 20}
HEALTHY_FROM, WATCH_FROM = 70, 40
HEALTHY, WATCH, AT_RISK = "Healthy", "Watch", "At Risk"


def satisfaction_signal(rating_total, ratings) -> float | None:
	"""
	>>> satisfaction_signal(9, 2)  # 4.5 stars on average
	0.875
	>>> satisfaction_signal(0, 0) is None
	True
	"""
	average = ratio(rating_total, ratings)
	return None if average is None else (average - 1) / (RATING_SCALE - 1)


def engagement_signal(held, missed) -> float | None:
	"""
	>>> engagement_signal(3, 1)
	0.75
	"""
	return ratio(held, (held or 0) + (missed or 0))


def support_signal(sla_met, resolved) -> float | None:
	return ratio(sla_met, resolved)


def retention_signal(due, renewed) -> float | None:
	"""
	>>> retention_signal(1000, 1500)
	1.0
	>>> retention_signal(1000, -50)
	0.0
	>>> retention_signal(0, 700) is None
	True
	"""
	if not due or due <= 0:
		return None
	return min(max(float(renewed or 0) / float(due), 0.0), 1.0)


def health_score(
	signals: Mapping[str, float | None], weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> int | None:
	"""Weighted average of the available signals, on 0-100.

	>>> health_score({"satisfaction": 1.0, "engagement": 0.5, "support": None, "retention": None})
	75
	>>> health_score({"satisfaction": None}) is None
	True
	"""
	weighted = total_weight = 0.0
	for signal, value in signals.items():
		weight = float(weights.get(signal) or 0)
		if value is None or weight <= 0:
			continue
		weighted += weight * value
		total_weight += weight
	if not total_weight:
		return None
	return round(100 * weighted / total_weight)


def health_band(score: int | None) -> str | None:
	"""
	>>> [health_band(s) for s in (70, 69, 40, 39, None)]
	['Healthy', 'Watch', 'Watch', 'At Risk', None]
	"""
	if score is None:
		return None
	if score >= HEALTHY_FROM:
		return HEALTHY
	return WATCH if score >= WATCH_FROM else AT_RISK

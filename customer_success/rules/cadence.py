"""The engagement cadence of the spec (section 5): periods, due dates and tier changes.

Tier 1 meets monthly, Tier 2 and Tier 3 quarterly. A period is named like `2026-12`
(monthly) or `2026-Q4` (quarterly). A tier change takes effect from the next period: the
old cadence keeps the period it was in when the tier changed, and the new cadence starts
with its first period that begins on or after the change.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

MONTHLY, QUARTERLY = "Monthly", "Quarterly"


@dataclass(frozen=True)
class Period:
	name: str
	start: date
	end: date


def add_months(day: date, months: int) -> date:
	"""`day` moved by whole months, clamped to the last day of a shorter month.

	>>> add_months(date(2026, 1, 31), 1)
	datetime.date(2026, 2, 28)
	>>> add_months(date(2027, 11, 30), 3)
	datetime.date(2028, 2, 29)
	"""
	month_index = day.month - 1 + months
	year, month = day.year + month_index // 12, month_index % 12 + 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_of(day: date, cadence: str) -> Period:
	"""The cadence period that contains `day`.

	>>> period_of(date(2026, 12, 31), "Quarterly").name
	'2026-Q4'
	>>> period_of(date(2028, 2, 29), "Monthly").end
	datetime.date(2028, 2, 29)
	"""
	if cadence == MONTHLY:
		start = day.replace(day=1)
		return Period(f"{day.year}-{day.month:02d}", start, add_months(start, 1) - timedelta(days=1))
	if cadence == QUARTERLY:
		quarter = (day.month - 1) // 3 + 1
		start = date(day.year, 3 * quarter - 2, 1)
		return Period(f"{day.year}-Q{quarter}", start, add_months(start, 3) - timedelta(days=1))
	raise ValueError(f"Unknown cadence: {cadence!r}")


def previous_quarter(day: date) -> Period:
	"""The quarter before the one containing `day`.

	>>> previous_quarter(date(2027, 2, 10)).name
	'2026-Q4'
	"""
	return period_of(period_of(day, QUARTERLY).start - timedelta(days=1), QUARTERLY)


def planned_date(period: Period, today: date) -> date:
	"""When a cadence meeting is planned: mid-period (the 15th of the month, or of the
	quarter's second month), or today when that has passed.

	>>> planned_date(period_of(date(2026, 10, 1), "Quarterly"), date(2026, 10, 1))
	datetime.date(2026, 11, 15)
	>>> planned_date(period_of(date(2026, 12, 20), "Monthly"), date(2026, 12, 20))
	datetime.date(2026, 12, 20)
	"""
	months = (period.end.month - period.start.month) % 12
	target = add_months(period.start, months // 2 if months else 0).replace(day=15)
	return min(max(target, today), period.end)


def handover_due(go_live: date, delay_months: int) -> date:
	"""The implementation team hands the account over `delay_months` after go-live.

	>>> handover_due(date(2026, 11, 30), 3)
	datetime.date(2027, 2, 28)
	"""
	return add_months(go_live, delay_months)


def periods_due(
	today: date,
	tier: str,
	cadence_of: dict,
	previous_tier: str | None = None,
	tier_changed_on: date | None = None,
) -> list[tuple[str, Period]]:
	"""(tier, period) pairs whose touchpoint should exist on `today`.

	Without a tier change, just the current period of the tier's cadence. After a change,
	the previous tier keeps its period if that period began before the change, and the
	new tier starts with its first period that begins on or after the change.

	>>> cadences = {"Tier 1": "Monthly", "Tier 3": "Quarterly"}
	>>> [
	...     (t, p.name)
	...     for t, p in periods_due(date(2026, 11, 20), "Tier 1", cadences, "Tier 3", date(2026, 11, 10))
	... ]
	[('Tier 3', '2026-Q4')]
	>>> [
	...     (t, p.name)
	...     for t, p in periods_due(date(2026, 12, 1), "Tier 1", cadences, "Tier 3", date(2026, 11, 10))
	... ]
	[('Tier 1', '2026-12'), ('Tier 3', '2026-Q4')]
	"""
	current = period_of(today, cadence_of[tier])
	if not tier_changed_on or not previous_tier or previous_tier == tier:
		return [(tier, current)]
	due = []
	if current.start >= tier_changed_on:
		due.append((tier, current))
	if previous_tier in cadence_of:
		old = period_of(today, cadence_of[previous_tier])
		if old.start < tier_changed_on:
			due.append((previous_tier, old))
	return due


def focus_areas(text: str | None) -> list[str]:
	"""One focus area per non-empty line.

	>>> focus_areas("Review product usage\\n\\n New product upsell ")
	['Review product usage', 'New product upsell']
	"""
	return [line.strip() for line in (text or "").splitlines() if line.strip()]

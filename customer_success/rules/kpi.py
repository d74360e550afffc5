"""KPI arithmetic of the spec (section 2), with no database.

A figure over nothing is not available: the functions return None instead of dividing
by zero (an empty quarter has no satisfaction score, not a score of 0), and a figure that
is not available neither meets nor misses its target.

- satisfaction: average rating on 1-5 [4.5+];
- SLA met %: tickets whose agreement was fulfilled ÷ tickets resolved [85%+ for enterprises];
- support feedback: average rating on 1-5 [4.5+];
- coverage: accounts with a completed meeting or call in the quarter ÷ accounts;
- GRR = (renewals due − churned − contracted) ÷ renewals due; NRR adds expansion;
- revenue attainment: actual ÷ target, the target prorated to the days of the period.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from customer_success.rules.cadence import QUARTERLY, Period, add_months, period_of

SATISFACTION_TARGET = 4.5
SLA_MET_TARGET = 85.0
SUPPORT_FEEDBACK_TARGET = 4.5
RATING_SCALE = 5


def ratio(part, whole) -> float | None:
	"""`part` ÷ `whole`, or None when `whole` is zero or missing.

	>>> ratio(3, 4)
	0.75
	>>> ratio(0, 0) is None
	True
	"""
	if not whole:
		return None
	return float(part or 0) / float(whole)


def percent(part, whole, digits: int = 1) -> float | None:
	"""`part` as a percentage of `whole`, rounded; None when `whole` is zero.

	>>> percent(17, 20)
	85.0
	>>> percent(1, 3)
	33.3
	>>> percent(5, 0) is None
	True
	"""
	share = ratio(part, whole)
	return None if share is None else round(share * 100, digits)


def average(total, count, digits: int = 2) -> float | None:
	"""`total` ÷ `count` rounded, or None when nothing was counted.

	>>> average(23, 5)
	4.6
	>>> average(0, 0) is None
	True
	"""
	share = ratio(total, count)
	return None if share is None else round(share, digits)


def meets_target(value, target) -> bool | None:
	"""Whether a figure reaches its target; None when the figure is not available.

	>>> meets_target(4.5, SATISFACTION_TARGET)
	True
	>>> meets_target(None, SATISFACTION_TARGET) is None
	True
	"""
	if value is None:
		return None
	return float(value) >= float(target)


def quarter_of(day: date) -> Period:
	"""The calendar quarter of `day`, named like `2026-Q4`.

	>>> quarter_of(date(2026, 11, 5)).name
	'2026-Q4'
	"""
	return period_of(day, QUARTERLY)


def quarters(from_date: date, to_date: date) -> list[Period]:
	"""The quarters that meet [from_date, to_date], oldest first (empty when reversed).

	>>> [q.name for q in quarters(date(2026, 2, 1), date(2026, 7, 1))]
	['2026-Q1', '2026-Q2', '2026-Q3']
	"""
	found = []
	day = from_date
	while day <= to_date:
		quarter = quarter_of(day)
		found.append(quarter)
		day = quarter.end + timedelta(days=1)
	return found


def last_quarters(today: date, count: int = 4) -> tuple[date, date]:
	"""From the start of the quarter `count - 1` quarters back, to `today`.

	>>> last_quarters(date(2026, 12, 4))
	(datetime.date(2026, 1, 1), datetime.date(2026, 12, 4))
	"""
	return add_months(quarter_of(today).start, -3 * (count - 1)), today


def year_before(day: date) -> date:
	"""The same day a year earlier (29 February becomes 28 February).

	>>> year_before(date(2028, 2, 29))
	datetime.date(2027, 2, 28)
	"""
	return add_months(day, -12)


def overlap_days(start: date, end: date, from_date: date, to_date: date) -> int:
	"""Days that [start, end] and [from_date, to_date] share, both ends included.

	>>> overlap_days(date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 1), date(2026, 6, 30))
	31
	"""
	return max((min(end, to_date) - max(start, from_date)).days + 1, 0)


def prorated_target(amount, start: date, end: date, from_date: date, to_date: date) -> float:
	"""The part of a target set for [start, end] that falls in [from_date, to_date],
	in proportion to days.

	>>> prorated_target(90_000, date(2026, 1, 1), date(2026, 3, 31), date(2026, 1, 1), date(2026, 1, 30))
	30000.0
	"""
	days = (end - start).days + 1
	if days <= 0:
		return 0.0
	return round(float(amount or 0) * overlap_days(start, end, from_date, to_date) / days, 2)


@dataclass(frozen=True)
class Retention:
	"""Retention of the AMC revenue that came due for renewal in a period.

	`due` is what the accounts paid for the same span a year before; `renewed` what those
	accounts paid now. An account that paid nothing is churned, one that paid less
	contracted, one that paid more expanded.
	"""

	due: float
	renewed: float
	churned: float
	contracted: float
	expansion: float
	accounts_due: int
	accounts_churned: int

	@property
	def grr(self) -> float | None:
		"""Gross revenue retention %: (due − churned − contracted) ÷ due."""
		return percent(self.due - self.churned - self.contracted, self.due)

	@property
	def nrr(self) -> float | None:
		"""Net revenue retention %: (due − churned − contracted + expansion) ÷ due."""
		return percent(self.due - self.churned - self.contracted + self.expansion, self.due)


def retention(accounts: Iterable[tuple]) -> Retention:
	"""Retention over accounts given as (due, renewed) amounts.

	Accounts with nothing due are new AMC, not retention, and are left out.

	>>> r = retention([(100, 100), (100, 0), (100, 60), (100, 130)])
	>>> (r.due, r.churned, r.contracted, r.expansion, r.grr, r.nrr)
	(400.0, 100.0, 40.0, 30.0, 65.0, 72.5)
	"""
	due = renewed = churned = contracted = expansion = 0.0
	accounts_due = accounts_churned = 0
	for account_due, account_renewed in accounts:
		account_due, account_renewed = float(account_due or 0), float(account_renewed or 0)
		if account_due <= 0:
			continue
		accounts_due += 1
		due += account_due
		renewed += max(account_renewed, 0)
		if account_renewed <= 0:
			churned += account_due
			accounts_churned += 1
		elif account_renewed < account_due:
			contracted += account_due - account_renewed
		else:
			expansion += account_renewed - account_due
	return Retention(
		round(due, 2),
		round(renewed, 2),
		round(churned, 2),
		round(contracted, 2),
		round(expansion, 2),
		accounts_due,
		accounts_churned,
	)


def rating_factor(fieldtype: str) -> float:
	"""What a stored rating is multiplied by to read on 1-5.

	Frappe's Rating field stores a fraction of its stars (0.8 is 4 of 5 stars); an Int
	or Float rating field already holds the number of stars.

	>>> rating_factor("Rating") * 0.8
	4.0
	>>> rating_factor("Int")
	1.0
	"""
	return float(RATING_SCALE) if fieldtype == "Rating" else 1.0

"""Manager load and capacity from the org structure of the spec (section 3).

One manager for every 20 large (Tier 1), 50 medium (Tier 2) or 300 small (Tier 3)
enterprises: each account weighs 1/20, 1/50 or 1/300 of a manager. Fractions keep the
arithmetic exact, so 20 Tier 1 accounts are exactly one full manager.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from customer_success.rules.tiers import TIER_1, TIER_2, TIER_3, TIERS

DEFAULT_ACCOUNTS_PER_MANAGER = {TIER_1: 20, TIER_2: 50, TIER_3: 300}
SMB, ENTERPRISE = "SMB", "Enterprise"


class InvalidRatio(ValueError):
	"""A tier whose accounts-per-manager ratio is missing, zero or negative."""


def _weight(tier: str, ratios: Mapping[str, int]) -> Fraction:
	ratio = ratios.get(tier)
	if not ratio or int(ratio) <= 0:
		raise InvalidRatio(tier)
	return Fraction(1, int(ratio))


def load(tiers: Iterable[str], ratios: Mapping[str, int] = DEFAULT_ACCOUNTS_PER_MANAGER) -> Fraction:
	"""Share of one manager taken by accounts of these tiers (1 = full).

	>>> load(["Tier 1"] * 10 + ["Tier 3"] * 150)
	Fraction(1, 1)
	"""
	return sum((_weight(tier, ratios) * count for tier, count in Counter(tiers).items()), Fraction(0))


def percent(share: Fraction) -> float:
	"""A load as a percentage rounded to one decimal.

	>>> percent(Fraction(21, 20))
	105.0
	"""
	return round(float(share * 100), 1)


def is_over_capacity(share: Fraction) -> bool:
	"""Past 100%: a full load is still allowed."""
	return share > 1


def managers_for(share: Fraction) -> int:
	"""Managers the ratios call for to carry a load.

	>>> managers_for(Fraction(21, 20))
	2
	>>> managers_for(Fraction(0))
	0
	"""
	return math.ceil(share)


@dataclass(frozen=True)
class Staffing:
	"""What the ratios call for at one partner, against who is there."""

	accounts_by_tier: dict
	load: Fraction
	managers_needed: int
	head_of_cs_needed: bool
	managers_assigned: int
	has_head_of_cs: bool

	@property
	def managers_short(self) -> int:
		return max(self.managers_needed - self.managers_assigned, 0)

	@property
	def is_staffed(self) -> bool:
		return self.managers_short == 0 and (self.has_head_of_cs or not self.head_of_cs_needed)


def staffing(
	partner_type: str,
	tiers: Iterable[str],
	managers_assigned: int,
	has_head_of_cs: bool,
	ratios: Mapping[str, int] = DEFAULT_ACCOUNTS_PER_MANAGER,
) -> Staffing:
	"""Managers needed at a partner: an SMB partner has one CSM; an Enterprise partner
	a Head of CS plus managers by the ratios.

	>>> staffing("Enterprise", ["Tier 1"] * 21, 1, True).managers_needed
	2
	>>> staffing("SMB", ["Tier 1"] * 21, 1, False).managers_needed
	1
	"""
	tiers = list(tiers)
	counts = Counter(tiers)
	share = load(tiers, ratios)
	if partner_type == SMB:
		needed = 1 if tiers else 0
		head_needed = False
	else:
		needed = managers_for(share)
		head_needed = True
	return Staffing(
		accounts_by_tier={tier: counts.get(tier, 0) for tier in TIERS},
		load=share,
		managers_needed=needed,
		head_of_cs_needed=head_needed,
		managers_assigned=managers_assigned,
		has_head_of_cs=has_head_of_cs,
	)

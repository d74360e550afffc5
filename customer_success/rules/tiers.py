"""Size band and tier of an account from its annual revenue (spec section 3).

Bands are set per currency: above 100mn USD (or 900 cr INR) is Large, from 10mn USD
(90 cr INR) up to and including the Large threshold is Medium, below that is Small.
A currency with no band of its own is converted into the base currency first.
"""

from dataclasses import dataclass
from decimal import Decimal

LARGE, MEDIUM, SMALL = "Large", "Medium", "Small"
TIER_1, TIER_2, TIER_3 = "Tier 1", "Tier 2", "Tier 3"
TIERS = (TIER_1, TIER_2, TIER_3)

TIER_OF_BAND = {LARGE: TIER_1, MEDIUM: TIER_2, SMALL: TIER_3}

CRORE = 10_000_000
MILLION = 1_000_000


@dataclass(frozen=True)
class Band:
	"""Revenue thresholds of one currency: Large above `large_above`, Medium from `medium_from`."""

	currency: str
	large_above: Decimal
	medium_from: Decimal


DEFAULT_BANDS = (
	Band("USD", Decimal(100 * MILLION), Decimal(10 * MILLION)),
	Band("INR", Decimal(900 * CRORE), Decimal(90 * CRORE)),
)
DEFAULT_BASE_CURRENCY = "USD"


class InvalidRevenue(ValueError):
	"""Revenue that cannot be banded: negative, or not a number."""


class UnknownCurrency(LookupError):
	"""A currency with neither a band of its own nor a rate to the base currency."""

	def __init__(self, currency: str, base_currency: str):
		super().__init__(currency, base_currency)
		self.currency = currency
		self.base_currency = base_currency


class InvalidBands(ValueError):
	"""Thresholds that contradict each other (Medium starting above Large)."""


def _decimal(value) -> Decimal:
	try:
		number = Decimal(str(value if value is not None else 0))
	except ArithmeticError as e:
		raise InvalidRevenue(value) from e
	if not number.is_finite():
		raise InvalidRevenue(value)
	return number


def validate_band(band: Band) -> None:
	"""Refuse thresholds that leave no room for Medium.

	>>> validate_band(Band("EUR", Decimal(10), Decimal(20)))
	Traceback (most recent call last):
	...
	customer_success.rules.tiers.InvalidBands: EUR
	"""
	if band.medium_from < 0 or band.large_above < band.medium_from:
		raise InvalidBands(band.currency)


def band_for(revenue, band: Band) -> str:
	"""Size band of `revenue` expressed in `band.currency`.

	>>> band_for(100_000_000, DEFAULT_BANDS[0])
	'Medium'
	>>> band_for(100_000_001, DEFAULT_BANDS[0])
	'Large'
	"""
	amount = _decimal(revenue)
	if amount < 0:
		raise InvalidRevenue(revenue)
	if amount > band.large_above:
		return LARGE
	if amount >= band.medium_from:
		return MEDIUM
	return SMALL


def classify(
	revenue,
	currency: str,
	bands=DEFAULT_BANDS,
	rates: dict | None = None,
	base_currency: str = DEFAULT_BASE_CURRENCY,
) -> tuple[str, str]:
	"""(size band, tier) of an annual revenue in any currency.

	`rates` maps a currency to how many units of `base_currency` one unit buys; it is
	used only for currencies that have no band of their own.

	>>> classify(950 * CRORE, "INR")
	('Large', 'Tier 1')
	>>> classify(20_000_000, "EUR", rates={"EUR": 1.1})
	('Medium', 'Tier 2')
	"""
	by_currency = {band.currency: band for band in bands}
	if currency in by_currency:
		size = band_for(revenue, by_currency[currency])
		return size, TIER_OF_BAND[size]
	rate = (rates or {}).get(currency)
	if not rate or base_currency not in by_currency:
		raise UnknownCurrency(currency, base_currency)
	rate = _decimal(rate)
	if rate <= 0:
		raise UnknownCurrency(currency, base_currency)
	size = band_for(_decimal(revenue) * rate, by_currency[base_currency])
	return size, TIER_OF_BAND[size]

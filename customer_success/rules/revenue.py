"""Revenue from existing customers: kinds of revenue and how invoice lines are classified.

An invoice line counts as the revenue type mapped to its item group, or to the nearest
parent group that is mapped; lines of groups mapped nowhere up the tree count as the
settings' type for unmapped lines, or not at all when that is empty.
"""

from collections.abc import Mapping, Sequence

AMC, UPSELL, NEW_PROJECT, SERVICES = "AMC", "Upsell", "New Project", "Services"
REVENUE_TYPES = (AMC, UPSELL, NEW_PROJECT, SERVICES)


def revenue_type(
	item_groups: Sequence[str], mapping: Mapping[str, str], unmapped: str | None = None
) -> str | None:
	"""The revenue type of a line whose item group and its parents are `item_groups`,
	nearest first.

	>>> mapping = {"Subscriptions": "AMC", "Products": "Upsell"}
	>>> revenue_type(["Cloud Plans", "Subscriptions", "All Item Groups"], mapping)
	'AMC'
	>>> revenue_type(["Consulting", "All Item Groups"], mapping, unmapped="Services")
	'Services'
	>>> revenue_type(["Consulting"], mapping) is None
	True
	"""
	for group in item_groups:
		if group in mapping:
			return mapping[group]
	return unmapped or None


def entry_key(reference_doctype: str, reference_name: str, reference_line: str | None = None) -> str:
	"""The unique key of the revenue entry made from one line of one document.

	>>> entry_key("Sales Invoice", "ACC-SINV-2026-00001", "a1b2c3")
	'Sales Invoice/ACC-SINV-2026-00001/a1b2c3'
	"""
	return f"{reference_doctype}/{reference_name}/{reference_line or ''}"

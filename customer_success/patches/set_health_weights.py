"""Sites made before the account health weights existed get the default weights."""

import frappe

from customer_success.rules.health import DEFAULT_WEIGHTS


def execute():
	stored = frappe.db.get_singles_dict("CS Settings", cast=False)
	for signal, weight in DEFAULT_WEIGHTS.items():
		if stored.get(f"health_weight_{signal}") is None:
			frappe.db.set_single_value("CS Settings", f"health_weight_{signal}", weight)

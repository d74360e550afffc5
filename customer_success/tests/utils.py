"""Factories shared by the integration tests: real documents on the test site."""

import frappe
from frappe.utils import today

from customer_success.rules.tiers import MILLION

# Revenue that lands well inside each tier (USD).
REVENUE = {"Tier 1": 500 * MILLION, "Tier 2": 50 * MILLION, "Tier 3": 2 * MILLION}


def before_tests():
	from customer_success.customer_success.doctype.cs_settings.cs_settings import fill_defaults

	fill_defaults()
	frappe.db.commit()


def unique(prefix: str) -> str:
	return f"{prefix} {frappe.generate_hash(length=8)}"


def make_user(roles: list[str], prefix: str = "cs-test") -> str:
	email = f"{prefix}-{frappe.generate_hash(length=8)}@test.example"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": prefix,
			"send_welcome_email": 0,
			"roles": [{"role": role} for role in roles],
		}
	)
	user.insert(ignore_permissions=True)
	return email


def make_partner(partner_type: str = "Enterprise", head_of_cs: str | None = None, **fields) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "CS Partner",
				"partner_name": unique("Partner"),
				"partner_type": partner_type,
				"head_of_cs": head_of_cs,
				**fields,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_account(tier: str = "Tier 3", partner: str | None = None, **fields):
	doc = frappe.get_doc(
		{
			"doctype": "CS Account",
			"account_name": unique("Account"),
			"annual_revenue": REVENUE[tier],
			"revenue_currency": "USD",
			"partner": partner,
			"status": "Active",
			**fields,
		}
	)
	return doc.insert(ignore_permissions=True)


def assign(account: str, user: str, role: str = "CSM", from_date=None, **fields):
	return frappe.get_doc(
		{
			"doctype": "CSM Assignment",
			"account": account,
			"user": user,
			"assignment_role": role,
			"from_date": from_date or today(),
			**fields,
		}
	).insert(ignore_permissions=True)

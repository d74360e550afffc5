"""The figures of the number cards on the Customer Success workspace.

Each card reads the report behind it, so a card and its report always agree and the
card keeps to the user's accounts as the report does. A manager who is not also a Head
of CS or partner staff sees their own figures (the revenue they brought, not that of
colleagues who had their accounts before). A figure that is not available reads "n/a".
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from customer_success.customer_success.report.amc_retention import amc_retention
from customer_success.customer_success.report.csm_revenue_goal_vs_actual import csm_revenue_goal_vs_actual
from customer_success.customer_success.report.customer_coverage import customer_coverage
from customer_success.customer_success.report.enterprise_support_score import enterprise_support_score
from customer_success.customer_success.report.quarterly_satisfaction_score import (
	quarterly_satisfaction_score,
)
from customer_success.rules.kpi import quarter_of
from customer_success.support import support_source

UPCOMING_DAYS = 30
WIDER_ROLES = {"System Manager", "CS Head", "CS Partner User"}


def card_filters(filters=None, this_quarter: bool = False) -> frappe._dict:
	"""The card's own filters, the quarter to date unless they set a period, and a
	manager's own figures."""
	parsed = frappe.parse_json(filters) if filters else {}
	filters = frappe._dict(parsed if isinstance(parsed, dict) else {})
	if this_quarter and not (filters.from_date or filters.to_date):
		filters.from_date = quarter_of(getdate(today())).start
		filters.to_date = getdate(today())
	roles = set(frappe.get_roles())
	if "CS Manager" in roles and not roles & WIDER_ROLES and frappe.session.user != "Administrator":
		filters.csm = frappe.session.user
	return filters


def card(value, fieldtype: str, report: str):
	if value is None:
		return _("n/a")
	return {"value": value, "fieldtype": fieldtype, "route": ["query-report", report]}


def total_row(rows: list) -> dict:
	return next((row for row in reversed(rows) if row.get("is_total")), {})


@frappe.whitelist()
def revenue_attainment(filters=None):
	"""Revenue this quarter as a share of the quarter's goal so far."""
	rows = csm_revenue_goal_vs_actual.get_data(card_filters(filters, this_quarter=True))
	return card(total_row(rows).get("attainment"), "Percent", "CSM Revenue Goal vs Actual")


@frappe.whitelist()
def revenue_this_quarter(filters=None):
	rows = csm_revenue_goal_vs_actual.get_data(card_filters(filters, this_quarter=True))
	return card(total_row(rows).get("actual", 0), "Currency", "CSM Revenue Goal vs Actual")


@frappe.whitelist()
def satisfaction_score(filters=None):
	rows = quarterly_satisfaction_score.get_data(card_filters(filters, this_quarter=True))
	return card(rows[0]["average_rating"] if rows else None, "Float", "Quarterly Satisfaction Score")


@frappe.whitelist()
def coverage(filters=None):
	rows = customer_coverage.get_data(card_filters(filters, this_quarter=True))
	return card(rows[0]["coverage"] if rows else None, "Percent", "Customer Coverage")


@frappe.whitelist()
def gross_revenue_retention(filters=None):
	rows = amc_retention.get_data(card_filters(filters))
	return card(total_row(rows).get("grr"), "Percent", "AMC Retention")


@frappe.whitelist()
def net_revenue_retention(filters=None):
	rows = amc_retention.get_data(card_filters(filters))
	return card(total_row(rows).get("nrr"), "Percent", "AMC Retention")


def support_total(filters) -> dict | None:
	source = support_source()
	if not source:
		return None
	return total_row(enterprise_support_score.get_data(card_filters(filters, this_quarter=True), source))


@frappe.whitelist()
def sla_met(filters=None):
	total = support_total(filters)
	if total is None:
		return _("No support source")
	return card(total.get("sla_met_percent"), "Percent", "Enterprise Support Score")


@frappe.whitelist()
def support_feedback(filters=None):
	total = support_total(filters)
	if total is None:
		return _("No support source")
	return card(total.get("feedback"), "Float", "Enterprise Support Score")


@frappe.whitelist()
def upcoming_touchpoints(filters=None):
	"""Touchpoints planned for the next 30 days with the user's accounts."""
	filters = card_filters(filters)
	conditions = {
		"status": "Planned",
		"scheduled_date": ("between", [today(), add_days(today(), UPCOMING_DAYS)]),
	}
	if filters.csm:
		conditions["csm"] = filters.csm
	counted = frappe.get_list("Engagement Touchpoint", filters=conditions, fields=["count(*) as total"])
	return {
		"value": counted[0].total if counted else 0,
		"fieldtype": "Int",
		"route": ["List", "Engagement Touchpoint"],
		"route_options": {"status": "Planned"},
	}

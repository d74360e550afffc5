"""Support figures per account, from whichever support desk the site has.

Frappe Helpdesk's `HD Ticket` is read when Helpdesk is installed, else ERPNext's `Issue`;
with neither there is no support source and callers say so instead of showing zeros.
The two differ, and so do their versions (Helpdesk moved its status to a Link with a
category, its rating is a Rating field stored as a fraction of the stars), so the fields
are found through the DocType's meta rather than assumed.

A ticket counts in the period it was resolved; its agreement is met when its SLA status is
Fulfilled. Support feedback is the average on 1-5 of the ratings given on tickets (when
the source has a rating field) together with the answered `Support` satisfaction surveys.
"""

from dataclasses import dataclass

import frappe
from frappe.utils import add_days

from customer_success.rules.kpi import rating_factor

RESOLVED_STATUSES = ("Resolved", "Closed")
FULFILLED = "Fulfilled"
SUPPORT_SURVEY = "Support"
CUSTOMER_DOCTYPES = ("Customer", "HD Customer")
RESOLVED_ON_FIELDS = ("resolution_date", "resolved_on", "closing_date")
RATING_FIELDS = ("feedback_rating", "customer_rating", "rating")


@dataclass(frozen=True)
class SupportSource:
	doctype: str
	customer_field: str
	customer_doctype: str
	resolved_on_field: str
	resolved_condition: str
	sla_field: str | None
	rating_field: str | None
	rating_factor: float

	def account_join(self) -> str:
		"""How a ticket (alias `ticket`) finds its account (alias `acc`)."""
		customer = f"ticket.`{self.customer_field}`"
		if self.customer_doctype == "Customer":
			return f"acc.customer = {customer}"
		# Helpdesk customers are named like the ERPNext customer, or like the account.
		if frappe.get_meta("CS Account").has_field("customer"):
			return f"(acc.customer = {customer} or acc.account_name = {customer})"
		return f"acc.account_name = {customer}"


@dataclass
class SupportFigures:
	resolved: int = 0
	sla_met: int = 0
	ratings: int = 0
	rating_total: float = 0.0


def support_source() -> SupportSource | None:
	installed = frappe.get_installed_apps()
	for app, doctype in (("helpdesk", "HD Ticket"), ("erpnext", "Issue")):
		if app in installed and frappe.db.exists("DocType", doctype):
			source = source_from_meta(doctype)
			if source:
				return source
	return None


def source_from_meta(doctype: str) -> SupportSource | None:
	meta = frappe.get_meta(doctype)
	customer = next(
		(f for f in meta.fields if f.fieldtype == "Link" and f.options in CUSTOMER_DOCTYPES), None
	)
	resolved_on = next((name for name in RESOLVED_ON_FIELDS if meta.has_field(name)), None)
	if not customer or not resolved_on:
		return None
	if meta.has_field("status_category"):
		resolved = "ticket.status_category = 'Resolved'"
	else:
		resolved = "ticket.status in ({})".format(", ".join(frappe.db.escape(s) for s in RESOLVED_STATUSES))
	rating = next(
		(
			f
			for f in meta.fields
			if f.fieldtype == "Rating" or (f.fieldname in RATING_FIELDS and f.fieldtype in ("Int", "Float"))
		),
		None,
	)
	return SupportSource(
		doctype=doctype,
		customer_field=customer.fieldname,
		customer_doctype=customer.options,
		resolved_on_field=resolved_on,
		resolved_condition=resolved,
		sla_field="agreement_status" if meta.has_field("agreement_status") else None,
		rating_field=rating.fieldname if rating else None,
		rating_factor=rating_factor(rating.fieldtype) if rating else 1.0,
	)


def support_by_account(source: SupportSource, where: str, values: dict, from_date, to_date) -> dict:
	"""SupportFigures per account for the accounts `where` selects (over `acc`), resolved in
	[from_date, to_date]: one grouped query on the tickets and one on the support surveys."""
	period = {**values, "from_date": from_date, "day_after": add_days(to_date, 1)}
	sla_met = f"sum(ticket.`{source.sla_field}` = '{FULFILLED}')" if source.sla_field else "0"
	rated = f"ticket.`{source.rating_field}` > 0" if source.rating_field else "0"
	rating = f"ticket.`{source.rating_field}` * {source.rating_factor}" if source.rating_field else "0"
	figures = {}
	for account, resolved, met, ratings, rating_total in frappe.db.sql(
		f"""select acc.name, count(*), {sla_met}, sum({rated}), sum(case when {rated} then {rating} else 0 end)
		from `tab{source.doctype}` ticket
		join `tabCS Account` acc on {source.account_join()}
		where {source.resolved_condition}
			and ticket.`{source.resolved_on_field}` >= %(from_date)s
			and ticket.`{source.resolved_on_field}` < %(day_after)s
			and {where}
		group by acc.name""",
		period,
	):
		figures[account] = SupportFigures(
			int(resolved), int(met or 0), int(ratings or 0), float(rating_total or 0)
		)
	for account, ratings, rating_total in frappe.db.sql(
		f"""select acc.name, count(*), sum(survey.rating)
		from `tabSatisfaction Survey` survey
		join `tabCS Account` acc on acc.name = survey.account
		where survey.survey_type = %(support)s and survey.status = 'Responded'
			and survey.rating between 1 and 5
			and survey.responded_on >= %(from_date)s and survey.responded_on < %(day_after)s
			and {where}
		group by acc.name""",
		{**period, "support": SUPPORT_SURVEY},
	):
		account_figures = figures.setdefault(account, SupportFigures())
		account_figures.ratings += int(ratings)
		account_figures.rating_total += float(rating_total or 0)
	return figures


def tickets_resolved(accounts: list[str], from_date, to_date) -> dict | None:
	"""Tickets resolved per account in the period (for the QBR); None without a support source."""
	source = support_source()
	if not source:
		return None
	if not accounts:
		return {}
	figures = support_by_account(
		source, "acc.name in %(accounts)s", {"accounts": tuple(accounts)}, from_date, to_date
	)
	return {account: figures[account].resolved if account in figures else 0 for account in accounts}

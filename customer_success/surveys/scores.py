"""Satisfaction figures: the average rating on 1-5 (the spec's target is 4.5 or more)."""

import frappe


def satisfaction_by_account(
	from_date=None, to_date=None, accounts: list[str] | None = None, survey_types: list[str] | None = None
) -> dict[str, frappe._dict]:
	"""{account: {"answers": n, "average": 4.3}} over answers given in the period, in one
	grouped query."""
	conditions = ["status = 'Responded'", "rating between 1 and 5"]
	values = {}
	if from_date:
		conditions.append("responded_on >= %(from_date)s")
		values["from_date"] = from_date
	if to_date:
		conditions.append("responded_on < date_add(%(to_date)s, interval 1 day)")
		values["to_date"] = to_date
	if accounts is not None:
		conditions.append("account in %(accounts)s")
		values["accounts"] = tuple(accounts) or ("",)
	if survey_types:
		conditions.append("survey_type in %(types)s")
		values["types"] = tuple(survey_types)
	rows = frappe.db.sql(
		f"""
		select account, count(*) as answers, round(avg(rating), 2) as average
		from `tabSatisfaction Survey`
		where {" and ".join(conditions)}
		group by account
		""",
		values,
		as_dict=True,
	)
	return {row.account: frappe._dict(answers=row.answers, average=float(row.average)) for row in rows}

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

"""Share of accounts met or called in each quarter, by manager and tier, with the accounts
not covered listed beneath (spec dashboard 3).

An account is covered in a quarter when a touchpoint other than an email was completed
with it in that quarter: a tier meeting, QBR, call, training or kick-off, in person, by
video or by phone. The accounts counted are those not churned, under their current
manager and tier.
"""

from collections import defaultdict

import frappe
from frappe import _

from customer_success.reporting import account_where, csm_label, period, quarter_sql
from customer_success.rules.kpi import percent, quarters

EMAIL = "Email"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns():
	return [
		{
			"fieldname": "group",
			"label": _("Quarter / CSM and Tier / Account"),
			"fieldtype": "Data",
			"width": 300,
		},
		{"fieldname": "quarter", "label": _("Quarter"), "fieldtype": "Data", "width": 90},
		{"fieldname": "csm", "label": _("CSM"), "fieldtype": "Data", "width": 200},
		{"fieldname": "tier", "label": _("Tier"), "fieldtype": "Data", "width": 80},
		{"fieldname": "accounts", "label": _("Accounts"), "fieldtype": "Int", "width": 100},
		{"fieldname": "covered", "label": _("Covered"), "fieldtype": "Int", "width": 100},
		{"fieldname": "coverage", "label": _("Coverage %"), "fieldtype": "Percent", "width": 110},
		{
			"fieldname": "account",
			"label": _("Account Not Covered"),
			"fieldtype": "Link",
			"options": "CS Account",
			"width": 220,
		},
	]


def accounts(filters) -> list[tuple]:
	where, values = account_where(filters)
	return frappe.db.sql(
		f"""select acc.name, acc.csm, acc.tier from `tabCS Account` acc
		where acc.status != 'Churned' and {where}
		order by acc.name""",
		values,
	)


def covered_accounts(filters, from_date, to_date) -> set[tuple]:
	"""(account, quarter) of every account met or called, in one grouped query."""
	where, values = account_where(filters)
	return set(
		frappe.db.sql(
			f"""select touchpoint.account, {quarter_sql("touchpoint.completed_on")} quarter
			from `tabEngagement Touchpoint` touchpoint
			join `tabCS Account` acc on acc.name = touchpoint.account
			where touchpoint.status = 'Completed'
				and touchpoint.completed_on between %(from_date)s and %(to_date)s
				and touchpoint.touchpoint_type != %(email)s
				and coalesce(touchpoint.meeting_format, '') != %(email)s
				and acc.status != 'Churned' and {where}
			group by touchpoint.account, quarter""",
			{**values, "from_date": from_date, "to_date": to_date, "email": EMAIL},
		)
	)


def get_data(filters):
	from_date, to_date = period(filters)
	book = accounts(filters)
	covered = covered_accounts(filters, from_date, to_date)
	groups = defaultdict(list)
	for name, user, tier in book:
		groups[(user or "", tier or "")].append(name)

	rows = []
	for quarter in quarters(from_date, to_date):
		quarter_covered = sum((name, quarter.name) in covered for name, _user, _tier in book)
		rows.append(figures(quarter.name, quarter.name, None, None, len(book), quarter_covered, indent=0))
		for (user, tier), names in sorted(groups.items()):
			uncovered = [name for name in names if (name, quarter.name) not in covered]
			rows.append(
				figures(
					f"{csm_label(user)} · {tier or _('(No Tier)')}",
					quarter.name,
					csm_label(user),
					tier,
					len(names),
					len(names) - len(uncovered),
					indent=1,
				)
			)
			rows.extend(
				{"group": name, "quarter": quarter.name, "account": name, "indent": 2} for name in uncovered
			)
	return rows


def figures(label, quarter, csm, tier, accounts_count, covered_count, indent) -> dict:
	return {
		"group": label,
		"quarter": quarter,
		"csm": csm,
		"tier": tier,
		"accounts": accounts_count,
		"covered": covered_count,
		"coverage": percent(covered_count, accounts_count),
		"indent": indent,
	}


def get_chart(rows):
	quarter_rows = [row for row in rows if row["indent"] == 0 and row["coverage"] is not None]
	if not quarter_rows:
		return None
	return {
		"data": {
			"labels": [row["quarter"] for row in quarter_rows],
			"datasets": [{"name": _("Coverage %"), "values": [row["coverage"] for row in quarter_rows]}],
		},
		"type": "bar",
		"fieldtype": "Percent",
		"colors": ["#29cd42"],
	}

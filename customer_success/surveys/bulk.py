"""Many rows in one INSERT, with the columns Frappe's ORM would fill in."""

import frappe
from frappe.utils import now_datetime


def insert_rows(doctype: str, rows: list[dict], ignore_duplicates: bool = False):
	"""Insert `rows` (dicts with the same keys) with creation, modified, owner and modified_by
	set as `Document.insert` sets them (unless the rows have their own); with
	`ignore_duplicates`, a row whose UNIQUE key is taken is skipped by the database."""
	if not rows:
		return
	stamp, user = now_datetime(), frappe.session.user
	standard = {"creation": stamp, "modified": stamp, "owner": user, "modified_by": user, "docstatus": 0}
	standard = {field: value for field, value in standard.items() if field not in rows[0]}
	fields = [*rows[0], *standard]
	frappe.db.bulk_insert(
		doctype,
		fields,
		([*row.values(), *standard.values()] for row in rows),
		ignore_duplicates=ignore_duplicates,
	)

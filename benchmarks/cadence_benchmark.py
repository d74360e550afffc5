"""The daily cadence job over a large book, against a bulk-insert baseline.

Run from the bench's sites folder (scripts/benchmark.sh does it):
    ../env/bin/python -m benchmarks.cadence_benchmark SITE [ACCOUNTS ...]

For each book size it plans the cadence of that many accounts from scratch in one run,
then deletes what the run made and inserts exactly the same rows again with one bulk
INSERT per table (the baseline). It prints wall time and SQL statements of both, and
their ratio; the job's statement count should not change with the book size.
"""

import sys

import frappe

from benchmarks.utils import connect, ensure_demo_book, measure
from customer_success.engagement import plan_cadence_for

ON_DATE = "2026-12-04"
TABLES = (
	("Engagement Touchpoint", "generated_by_run = %(run)s"),
	(
		"Engagement Focus Area",
		"parent in (select name from `tabEngagement Touchpoint` where generated_by_run = %(run)s)",
	),
	("Event", "name in (select event from `tabEngagement Touchpoint` where generated_by_run = %(run)s)"),
	(
		"Event Participants",
		"parent in (select event from `tabEngagement Touchpoint` where generated_by_run = %(run)s)",
	),
	("ToDo", "name in (select todo from `tabEngagement Touchpoint` where generated_by_run = %(run)s)"),
)


def clear_generated():
	"""Remove every generated touchpoint and what hangs off it."""
	generated = "join `tabEngagement Touchpoint` tp on {} where tp.generated_by_run is not null"
	frappe.db.sql(
		f"delete child from `tabEngagement Focus Area` child {generated.format('tp.name = child.parent')}"
	)
	frappe.db.sql(
		f"delete child from `tabEvent Participants` child {generated.format('tp.event = child.parent')}"
	)
	frappe.db.sql(f"delete ev from `tabEvent` ev {generated.format('tp.event = ev.name')}")
	frappe.db.sql(f"delete todo from `tabToDo` todo {generated.format('tp.todo = todo.name')}")
	frappe.db.sql("delete from `tabEngagement Touchpoint` where generated_by_run is not null")
	frappe.db.commit()


def snapshot(run: str) -> dict:
	"""Every row the run made, table by table, to re-insert in the baseline."""
	rows = {}
	for doctype, condition in TABLES:
		rows[doctype] = frappe.db.sql(
			f"select * from `tab{doctype}` where {condition}", {"run": run}, as_dict=True
		)
	return rows


def delete_rows(rows: dict):
	for doctype, records in reversed(rows.items()):
		names = [row["name"] for row in records]
		if names:
			frappe.db.delete(doctype, {"name": ("in", names)})
	frappe.db.commit()


def bulk_insert_baseline(rows: dict):
	for doctype, records in rows.items():
		if records:
			fields = list(records[0])
			frappe.db.bulk_insert(
				doctype, fields, [tuple(r[f] for f in fields) for r in records], chunk_size=len(records)
			)
	frappe.db.commit()


def bench(size: int) -> dict:
	accounts = frappe.get_all("CS Account", pluck="name", order_by="name", limit=size)
	clear_generated()
	with measure() as job:
		created = plan_cadence_for(accounts, on_date=ON_DATE)
		frappe.db.commit()
	run = frappe.db.get_value(
		"Engagement Touchpoint", {"generated_by_run": ("is", "set")}, "generated_by_run"
	)
	rows = snapshot(run)
	delete_rows(rows)
	with measure() as baseline:
		bulk_insert_baseline(rows)
	return {
		"accounts": size,
		"touchpoints": created,
		"rows": sum(len(records) for records in rows.values()),
		"job": job,
		"baseline": baseline,
	}


def main(site: str, sizes: list[int]):
	connect(site)
	try:
		ensure_demo_book(max(sizes))
		# Warm the metadata caches so that both sizes are measured alike.
		plan_cadence_for(frappe.get_all("CS Account", pluck="name", limit=10), on_date=ON_DATE)
		clear_generated()
		results = [bench(size) for size in sizes]
		clear_generated()
	finally:
		frappe.destroy()
	print(
		f"{'accounts':>9} {'touchpoints':>11} {'rows':>7} {'job s':>7} {'job SQL':>8} {'bulk s':>7} {'bulk SQL':>8} {'time ratio':>10}"
	)
	for r in results:
		print(
			f"{r['accounts']:>9} {r['touchpoints']:>11} {r['rows']:>7} {r['job'].seconds:>7.2f} {r['job'].queries:>8} "
			f"{r['baseline'].seconds:>7.2f} {r['baseline'].queries:>8} {r['job'].seconds / r['baseline'].seconds:>9.2f}x"
		)


if __name__ == "__main__":
	main(sys.argv[1], [int(n) for n in sys.argv[2:]] or [2000, 20000])

"""Revenue from existing customers, fed by ERPNext Sales Invoices.

A submitted Sales Invoice (credit notes included, with negative amounts) of a customer
linked to a `CS Account` gives one `CS Revenue Entry` per line, classified by the line's
item group through the mapping in `CS Settings`; cancelling the invoice removes them.
Each entry carries a key (invoice and line) that the database keeps unique, so that
submitting, a backfill and a concurrent backfill all end with the same entries: a line's
entry is written once and brought up to date after that.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime
from pypika.terms import Values

from customer_success.rules.revenue import entry_key, revenue_type

SALES_INVOICE = "Sales Invoice"
BACKFILL_BATCH = 500


def on_sales_invoice_submit(doc, method=None):
	sync_invoices([doc.name])


def on_sales_invoice_cancel(doc, method=None):
	sync_invoices([doc.name])


def on_account_update(doc, method=None):
	"""Linking an account to a customer brings in that customer's invoices; the invoices of
	a customer it was linked to before leave with it."""
	if not doc.has_value_changed("customer"):
		return
	before = doc.get_doc_before_save()
	customers = [c for c in (doc.get("customer"), before.get("customer") if before else None) if c]
	if customers:
		sync_invoices(invoices_of_customers(customers))


def invoices_of_customers(customers: list[str]) -> list[str]:
	return frappe.get_all(
		SALES_INVOICE, filters={"customer": ("in", customers), "docstatus": 1}, pluck="name", order_by=None
	)


def sync_invoices(invoices: list[str]) -> int:
	"""Make the revenue entries of these invoices what the invoices say now; returns how
	many entries they have. A fixed number of queries, whatever the number of invoices."""
	if not invoices or not erpnext_installed():
		return 0
	wanted = wanted_entries(invoices)
	table = frappe.qb.DocType("CS Revenue Entry")
	stale = (
		frappe.qb.from_(table)
		.select(table.name)
		.where((table.reference_doctype == SALES_INVOICE) & table.reference_name.isin(invoices))
	)
	if wanted:
		stale = stale.where(table.entry_key.notin([row["entry_key"] for row in wanted]))
	stale_names = [row[0] for row in stale.run()]
	if stale_names:
		frappe.db.delete("CS Revenue Entry", {"name": ("in", stale_names)})
	if wanted:
		upsert(wanted)
	return len(wanted)


def wanted_entries(invoices: list[str]) -> list[dict]:
	"""One entry per line of the submitted invoices among `invoices` whose customer is
	linked to an account and whose item group maps to a revenue type."""
	lines = frappe.db.sql(
		"""select si.name invoice, si.posting_date, acc.name account, line.name line,
			line.item_group, line.base_net_amount amount
		from `tabSales Invoice` si
		join `tabCS Account` acc on acc.customer = si.customer
		join `tabSales Invoice Item` line on line.parent = si.name and line.parenttype = 'Sales Invoice'
		where si.name in %(invoices)s and si.docstatus = 1""",
		{"invoices": tuple(invoices)},
		as_dict=True,
	)
	mapping, unmapped = revenue_mapping()
	ancestors = item_group_ancestors({line.item_group for line in lines if line.item_group})
	entries = []
	for line in lines:
		kind = revenue_type(ancestors.get(line.item_group, [line.item_group]), mapping, unmapped)
		if not kind:
			continue
		entries.append(
			{
				"account": line.account,
				"posting_date": line.posting_date,
				"revenue_type": kind,
				"amount": line.amount,
				"reference_doctype": SALES_INVOICE,
				"reference_name": line.invoice,
				"reference_line": line.line,
				"entry_key": entry_key(SALES_INVOICE, line.invoice, line.line),
			}
		)
	return entries


def revenue_mapping() -> tuple[dict, str | None]:
	settings = frappe.get_cached_doc("CS Settings")
	mapping = {row.item_group: row.revenue_type for row in settings.get("revenue_item_groups") or []}
	return mapping, settings.get("unmapped_revenue_type") or None


def item_group_ancestors(groups: set[str]) -> dict[str, list[str]]:
	"""Each item group with its parent groups, nearest first, in one query."""
	if not groups:
		return {}
	ancestors = {}
	for group, ancestor in frappe.db.sql(
		"""select child.name, parent.name from `tabItem Group` child
		join `tabItem Group` parent on parent.lft <= child.lft and parent.rgt >= child.rgt
		where child.name in %(groups)s
		order by child.name, parent.lft desc""",
		{"groups": tuple(groups)},
	):
		ancestors.setdefault(group, []).append(ancestor)
	return ancestors


def upsert(entries: list[dict]):
	"""Insert the entries; an entry whose key is there already is updated instead."""
	stamp, user = now_datetime(), frappe.session.user
	fields = list(entries[0])
	columns = ["name", *fields, "creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	table = frappe.qb.DocType("CS Revenue Entry")
	query = frappe.qb.into(table).columns(*columns)
	for entry in entries:
		query = query.insert(
			frappe.generate_hash(length=10), *(entry[f] for f in fields), stamp, stamp, user, user, 0, 0
		)
	for field in ("account", "posting_date", "revenue_type", "amount", "modified", "modified_by"):
		query = query.on_duplicate_key_update(table[field], Values(table[field]))
	query.run()


def erpnext_installed() -> bool:
	return "erpnext" in frappe.get_installed_apps()


@frappe.whitelist()
def backfill(enqueue: bool = True) -> dict:
	"""Revenue entries for every invoice of a linked customer, and none for cancelled ones.
	Large books go through background jobs, one per batch of invoices; running it again
	changes nothing."""
	frappe.only_for(("System Manager", "CS Head"))
	if not erpnext_installed():
		frappe.throw(
			_("Revenue comes from Sales Invoices, which need ERPNext on this site."),
			title=_("ERPNext Not Installed"),
		)
	invoices = frappe.db.sql_list(
		"""select si.name from `tabSales Invoice` si
		where si.docstatus = 1 and si.customer in (
			select acc.customer from `tabCS Account` acc where acc.customer is not null)
		union
		select distinct entry.reference_name from `tabCS Revenue Entry` entry
		where entry.reference_doctype = %s""",
		SALES_INVOICE,
	)
	batches = [invoices[i : i + BACKFILL_BATCH] for i in range(0, len(invoices), BACKFILL_BATCH)]
	if frappe.parse_json(enqueue) and len(batches) > 1:
		for number, batch in enumerate(batches):
			frappe.enqueue(
				sync_invoices,
				queue="long",
				job_id=f"cs-revenue-backfill-{number}",
				deduplicate=True,
				invoices=batch,
			)
		return {"invoices": len(invoices), "jobs": len(batches)}
	for batch in batches:
		sync_invoices(batch)
	return {"invoices": len(invoices), "jobs": 0}

"""From a submitted ERPNext Sales Invoice to the revenue report, and back on cancelling.

Runs on a site with ERPNext (scripts/test.sh makes one when the bench has ERPNext) and is
skipped elsewhere.
"""

import unittest

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today

from customer_success.customer_success.report.csm_revenue_goal_vs_actual.csm_revenue_goal_vs_actual import (
	execute as revenue_report,
)
from customer_success.revenue import backfill, sync_invoices
from customer_success.tests.utils import assign, make_account, make_partner, make_user, unique


class TestRevenueFromInvoices(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if "erpnext" not in frappe.get_installed_apps():
			raise unittest.SkipTest("ERPNext is not installed on this site")
		import erpnext

		cls.company = erpnext.get_default_company() or frappe.get_all("Company", pluck="name")[0]
		cls.groups = {
			"amc": cls.item_group(unique("Subscriptions")),
			"upsell": cls.item_group(unique("Products")),
		}
		cls.groups["cloud"] = cls.item_group(unique("Cloud Plans"), parent=cls.groups["amc"])
		cls.items = {
			"amc": cls.item(cls.groups["cloud"]),  # mapped through its parent group
			"upsell": cls.item(cls.groups["upsell"]),
			"service": cls.item("Services"),  # unmapped: counts as Services
		}
		settings = frappe.get_single("CS Settings")
		settings.set(
			"revenue_item_groups",
			[
				{"item_group": cls.groups["amc"], "revenue_type": "AMC"},
				{"item_group": cls.groups["upsell"], "revenue_type": "Upsell"},
			],
		)
		settings.unmapped_revenue_type = "Services"
		settings.save(ignore_permissions=True)
		cls.partner = make_partner("Enterprise")
		cls.filters = {"from_date": today(), "to_date": today(), "partner": cls.partner}

	def setUp(self):
		"""A manager with one account linked to a fresh customer, for each test."""
		self.csm = make_user(["CS Manager"], "revenue-csm")
		self.customer = self.make_customer()
		self.account = make_account("Tier 1", self.partner, customer=self.customer).name
		assign(self.account, self.csm, from_date="2020-01-01")

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		frappe.clear_document_cache("CS Settings", "CS Settings")
		super().tearDownClass()

	@classmethod
	def item_group(cls, name, parent="All Item Groups"):
		return (
			frappe.get_doc(
				{"doctype": "Item Group", "item_group_name": name, "parent_item_group": parent, "is_group": 1}
			)
			.insert(ignore_permissions=True)
			.name
		)

	@classmethod
	def item(cls, item_group):
		code = unique("ITEM")
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": item_group,
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		).insert(ignore_permissions=True)
		return code

	@classmethod
	def make_customer(cls):
		return (
			frappe.get_doc(
				{"doctype": "Customer", "customer_name": unique("Customer"), "customer_type": "Company"}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def invoice(self, lines, customer=None, submit=True):
		doc = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"company": self.company,
				"customer": customer or self.customer,
				"posting_date": today(),
				"due_date": today(),
				"items": [
					{"item_code": self.items[kind], "qty": qty, "rate": rate} for kind, qty, rate in lines
				],
			}
		)
		doc.insert(ignore_permissions=True)
		if submit:
			doc.submit()
		return doc

	def credit_note(self, invoice, lines):
		from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

		note = make_sales_return(invoice.name)
		note.items = [
			row for row in note.items if any(row.item_code == self.items[kind] for kind, _qty in lines)
		]
		for row in note.items:
			row.qty = next(-qty for kind, qty in lines if row.item_code == self.items[kind])
		note.insert(ignore_permissions=True)
		note.submit()
		return note

	def revenue(self):
		"""The account manager's row of the revenue report for today."""
		_columns, rows, *_ = revenue_report(self.filters)
		row = next((row for row in rows if row["csm"] == self.csm), None)
		if not row:
			return {"actual": 0, "amc": 0, "upsell": 0, "services": 0}
		return {key: row[key] for key in ("actual", "amc", "upsell", "services")}

	def entries(self):
		return frappe.get_all(
			"CS Revenue Entry",
			filters={"account": self.account},
			fields=["revenue_type", "amount", "reference_name", "entry_key"],
			order_by="entry_key",
		)

	def test_submitting_and_cancelling_moves_the_report_exactly(self):
		invoice = self.invoice([("amc", 1, 1000), ("upsell", 2, 250), ("service", 1, 300)])
		self.assertEqual(self.revenue(), {"actual": 1800, "amc": 1000, "upsell": 500, "services": 300})
		self.assertEqual(len(self.entries()), 3)

		note = self.credit_note(invoice, [("upsell", 1)])
		self.assertEqual(self.revenue(), {"actual": 1550, "amc": 1000, "upsell": 250, "services": 300})

		note.cancel()
		self.assertEqual(self.revenue()["actual"], 1800)
		invoice.reload()
		invoice.cancel()
		self.assertEqual(self.revenue()["actual"], 0)
		self.assertEqual(self.entries(), [])

	def test_submitting_again_or_backfilling_twice_changes_nothing(self):
		invoice = self.invoice([("amc", 1, 400), ("service", 3, 100)])
		before = self.entries()
		sync_invoices([invoice.name])
		self.assertEqual(self.entries(), before)
		backfill(enqueue=False)
		backfill(enqueue=False)
		self.assertEqual(self.entries(), before)
		self.assertEqual(self.revenue(), {"actual": 700, "amc": 400, "upsell": 0, "services": 300})

	def test_backfill_brings_back_what_is_missing_and_drops_what_is_cancelled(self):
		kept = self.invoice([("amc", 1, 900)])
		cancelled = self.invoice([("upsell", 1, 100)])
		cancelled.cancel()
		frappe.db.delete("CS Revenue Entry", {"account": self.account})
		# An entry left behind by an invoice cancelled while the sync was not there.
		frappe.get_doc(
			{
				"doctype": "CS Revenue Entry",
				"account": self.account,
				"posting_date": today(),
				"revenue_type": "Upsell",
				"amount": 100,
				"reference_doctype": "Sales Invoice",
				"reference_name": cancelled.name,
				"entry_key": f"Sales Invoice/{cancelled.name}/gone",
			}
		).db_insert()
		backfill(enqueue=False)
		self.assertEqual(
			[(e.revenue_type, e.amount, e.reference_name) for e in self.entries()], [("AMC", 900, kept.name)]
		)

	def test_linking_an_account_later_brings_in_its_invoices_and_relinking_takes_them_away(self):
		customer = self.make_customer()
		self.invoice([("upsell", 1, 640)], customer=customer)
		account = make_account("Tier 2", self.partner)
		self.assertFalse(frappe.db.exists("CS Revenue Entry", {"account": account.name}))
		account.customer = customer
		account.save(ignore_permissions=True)
		self.assertEqual(
			frappe.get_all("CS Revenue Entry", filters={"account": account.name}, pluck="amount"), [640]
		)
		account.customer = self.make_customer()
		account.save(ignore_permissions=True)
		self.assertFalse(frappe.db.exists("CS Revenue Entry", {"account": account.name}))

	def test_the_database_refuses_a_second_entry_for_a_line(self):
		invoice = self.invoice([("amc", 1, 100)])
		entry = frappe.get_doc("CS Revenue Entry", {"reference_name": invoice.name})
		duplicate = frappe.copy_doc(entry)
		duplicate.entry_key = entry.entry_key
		with self.assertRaises(frappe.UniqueValidationError):
			duplicate.db_insert()

	def test_an_invoice_entry_cannot_be_edited_by_hand(self):
		invoice = self.invoice([("amc", 1, 100)])
		entry = frappe.get_doc("CS Revenue Entry", {"reference_name": invoice.name})
		entry.amount = 1_000_000
		with self.assertRaises(frappe.ValidationError):
			entry.save(ignore_permissions=True)

	def test_customers_without_an_account_make_no_revenue(self):
		invoice = self.invoice([("amc", 1, 100)], customer=self.make_customer())
		self.assertFalse(frappe.db.exists("CS Revenue Entry", {"reference_name": invoice.name}))

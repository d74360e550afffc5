# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt


import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from customer_success.engagement import plan_cadence_for
from customer_success.tests.utils import assign, live_server, make_account, make_user

PARTICIPANTS = [
	{"participant_role": "Partner CSM", "full_name": "Ben Lee", "email": "ben@partner.example"},
	{
		"participant_role": "Customer Project Champion",
		"full_name": "Chitra Das",
		"email": "chitra@customer.example",
	},
	{"participant_role": "Customer Sponsor", "full_name": "Asha Rao", "email": "asha@customer.example"},
	{"participant_role": "Frappe CSM", "full_name": "Farah Khan", "email": "farah@frappe.example"},
]


def make_qbr(account, **fields):
	return frappe.get_doc(
		{
			"doctype": "QBR Log",
			"account": account,
			"quarter": "2026-Q4",
			"meeting_date": "2026-11-20",
			"participants": PARTICIPANTS,
			"tickets_resolved_last_quarter": 42,
			"project_status": "At Risk",
			"bottlenecks": "Payroll go-live waits on bank API <approval>",
			"adoption_wins": "All 12 plants invoice from ERPNext",
			"adoption_gaps": "Quality module unused",
			"expansion_opportunities": "Frappe HR for 3,000 employees",
			"csat_rating": 4,
			"csat_comment": "Responsive team & clear roadmap",
			"notes": "<p>Next QBR in February</p>",
			**fields,
		}
	).insert()


class TestQBRLog(FrappeTestCase):
	def setUp(self):
		self.csm = make_user(["CS Manager"])
		self.account = make_account("Tier 1").name
		assign(self.account, self.csm, from_date="2020-01-01")

	def tearDown(self):
		frappe.db.rollback()

	def test_one_qbr_per_account_per_quarter(self):
		make_qbr(self.account)
		with self.assertRaisesRegex(frappe.ValidationError, "already has QBR"):
			make_qbr(self.account, meeting_date="2026-12-10")
		make_qbr(self.account, quarter="2027-Q1", meeting_date="2027-02-10")

	def test_meeting_date_must_fall_in_the_quarter(self):
		with self.assertRaisesRegex(frappe.ValidationError, "not in 2026-Q4"):
			make_qbr(self.account, meeting_date="2027-01-05")
		with self.assertRaisesRegex(frappe.ValidationError, "for example"):
			make_qbr(self.account, quarter="Q4 2026")

	def test_submit_needs_the_participants_and_the_live_rating(self):
		qbr = make_qbr(self.account, participants=PARTICIPANTS[:2], csat_rating=0)
		with self.assertRaisesRegex(frappe.ValidationError, "Customer Sponsor, Frappe CSM"):
			qbr.submit()
		qbr.reload()
		qbr.extend("participants", PARTICIPANTS[2:])
		with self.assertRaisesRegex(frappe.ValidationError, "satisfaction rating"):
			qbr.submit()
		with self.assertRaisesRegex(frappe.ValidationError, "1 to 5"):
			make_qbr(self.account, quarter="2027-Q1", meeting_date="2027-02-10", csat_rating=6)

	def test_success_metrics_of_the_kickoff_are_recapped(self):
		frappe.get_doc(
			{
				"doctype": "CS Kickoff",
				"account": self.account,
				"kickoff_date": "2026-06-01 10:00:00",
				"participants": [
					{"full_name": "A", "side": "Customer"},
					{"full_name": "B", "side": "Partner"},
				],
				"success_metrics": [
					{"metric": "Month-end close in 3 days", "target": "3 days", "status": "Delayed"},
					{"metric": "Invoices in ERPNext", "target": "100%", "status": "On Track"},
				],
			}
		).insert()
		qbr = make_qbr(self.account)
		self.assertEqual(
			[(m.metric, m.status) for m in qbr.metrics_recap],
			[("Month-end close in 3 days", "Delayed"), ("Invoices in ERPNext", "On Track")],
		)

	def test_tickets_are_typed_by_hand_without_a_support_source(self):
		if frappe.db.exists("DocType", "Issue") or frappe.db.exists("DocType", "HD Ticket"):
			self.skipTest("a support source is installed: the count comes from it")
		qbr = make_qbr(self.account)
		self.assertEqual((qbr.tickets_resolved_last_quarter, qbr.tickets_source), (42, "Entered by hand"))

	def test_submitting_records_the_live_rating_and_completes_the_planned_qbr(self):
		plan_cadence_for([self.account], on_date="2026-11-02")
		qbr = make_qbr(self.account)
		qbr.submit()
		survey = frappe.get_doc("Satisfaction Survey", qbr.satisfaction_survey)
		self.assertEqual(
			(survey.account, survey.survey_type, survey.status, survey.rating, survey.contact_email),
			(self.account, "QBR", "Responded", 4, "asha@customer.example"),
		)
		touchpoint = frappe.get_doc("Engagement Touchpoint", qbr.touchpoint)
		self.assertEqual((touchpoint.touchpoint_type, touchpoint.cadence_period), ("QBR", "2026-Q4"))
		self.assertEqual(
			(touchpoint.status, getdate(touchpoint.completed_on)), ("Completed", getdate("2026-11-20"))
		)
		qbr.cancel()
		self.assertEqual(frappe.db.get_value("Engagement Touchpoint", qbr.touchpoint, "status"), "Planned")
		amended = frappe.copy_doc(qbr)
		amended.update({"docstatus": 0, "amended_from": qbr.name})
		amended.insert()
		self.assertEqual(amended.quarter, "2026-Q4")

	def test_every_section_reaches_the_print_format(self):
		qbr = make_qbr(self.account)
		# Typed after creation, where a support source (ERPNext) filled in its own count.
		qbr.tickets_resolved_last_quarter = 42
		qbr.append(
			"metrics_recap",
			{
				"metric": "Invoices in ERPNext",
				"target": "100%",
				"status": "Delayed",
				"comment": "Two plants left",
			},
		)
		qbr.save()
		html = frappe.get_print("QBR Log", qbr.name, "QBR Report", doc=qbr)
		for value in (
			self.account,
			"2026-Q4",
			"Ben Lee",
			"Chitra Das",
			"Asha Rao",
			"Farah Khan",
			"Customer Sponsor",
			"Partner CSM",
			"Customer Project Champion",
			"Frappe CSM",
			">42<",
			"Invoices in ERPNext",
			"Two plants left",
			"At Risk",
			"Payroll go-live waits on bank API &lt;approval&gt;",  # escaped once, when saved
			"All 12 plants invoice from ERPNext",
			"Quality module unused",
			"Frappe HR for 3,000 employees",
			"4/5",
			"Responsive team & clear roadmap",
			"Next QBR in February",
		):
			self.assertIn(value, html)
		self.assertNotIn("<approval>", html)

	def test_print_format_renders_to_pdf(self):
		from shutil import which

		if not which("wkhtmltopdf"):
			self.skipTest("wkhtmltopdf is not installed")
		qbr = make_qbr(self.account)
		# wkhtmltopdf fetches the print stylesheet from the site's URL.
		with live_server() as url:
			frappe.local.conf.host_name = url
			try:
				pdf = frappe.get_print("QBR Log", qbr.name, "QBR Report", doc=qbr, as_pdf=True)
			finally:
				del frappe.local.conf["host_name"]
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertGreater(len(pdf), 5000)


class TestQBRParticipants(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_participants_come_from_the_account_team_and_stakeholders(self):
		from customer_success.customer_success.doctype.qbr_log.qbr_log import get_participants

		partner_csm, frappe_csm = make_user(["CS Manager"]), make_user(["CS Manager"])
		account = make_account(
			"Tier 1",
			stakeholders=[
				{
					"full_name": "Asha Rao",
					"email": "asha@c.example",
					"side": "Customer",
					"stakeholder_role": "Sponsor",
				},
				{
					"full_name": "Chitra Das",
					"email": "chitra@c.example",
					"side": "Customer",
					"stakeholder_role": "Project Champion",
				},
				{
					"full_name": "Dev Patel",
					"email": "dev@c.example",
					"side": "Customer",
					"stakeholder_role": "Key User",
				},
			],
		).name
		assign(account, partner_csm, "Partner CSM")
		assign(account, frappe_csm, "Frappe CSM")
		rows = get_participants(account)
		self.assertEqual(
			[(row["participant_role"], row["email"]) for row in rows],
			[
				("Partner CSM", partner_csm),
				("Frappe CSM", frappe_csm),
				("Customer Sponsor", "asha@c.example"),
				("Customer Project Champion", "chitra@c.example"),
			],
		)
		frappe.set_user(make_user(["CS Manager"]))
		try:
			self.assertRaises(frappe.PermissionError, get_participants, account)
		finally:
			frappe.set_user("Administrator")


class TestAccountMapping(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_share_of_wallet_and_history(self):
		account = make_account("Tier 1", software_budget=2_000_000, partner_frappe_spend=300_000)
		self.assertEqual(account.share_of_wallet, 15)
		account.append(
			"saas_tools",
			{
				"tool_name": "Salesforce",
				"category": "CRM",
				"annual_cost": 250_000,
				"frappe_replacement": "Frappe CRM",
				"target_year": 2027,
			},
		)
		account.append("products", {"product": "ERPNext", "module": "Manufacturing", "live": 1})
		account.capture_year_1 = 20
		# Frappe skips versions in tests unless asked.
		account.save(ignore_version=False)
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "CS Account", "docname": account.name}, pluck="data"
		)
		self.assertTrue(any("capture_year_1" in data and "Salesforce" in data for data in versions))

	def test_spend_beyond_budget_and_shares_over_100_are_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "cannot exceed"):
			make_account("Tier 1", software_budget=100, partner_frappe_spend=200)
		with self.assertRaisesRegex(frappe.ValidationError, "between 0 and 100"):
			make_account("Tier 1", capture_year_2=120)

"""The KPI reports on a hand-made book, against figures worked out by hand in this file.

The book (one partner, so that the partner filter isolates it from other tests' data):

| account | tier   | CSM                                   | status  |
|---------|--------|---------------------------------------|---------|
| A1      | Tier 1 | csm_a                                 | Active  |
| A2      | Tier 2 | csm_a                                 | Active  |
| A3      | Tier 3 | csm_b                                 | Active  |
| A4      | Tier 1 | csm_a until 2025-04-30, then csm_b    | Active  |
| A5      | Tier 3 | csm_b                                 | Churned |

The period is the first half of 2025 (2025-Q1 and 2025-Q2); AMC retention compares it with
the first half of 2024.
"""

import json

import frappe
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from customer_success import dashboard
from customer_success.customer_success.doctype.cs_partner.cs_partner import bind_user_to_partner
from customer_success.customer_success.report.account_health.account_health import execute as health_report
from customer_success.customer_success.report.amc_retention.amc_retention import execute as retention_report
from customer_success.customer_success.report.csm_revenue_goal_vs_actual.csm_revenue_goal_vs_actual import (
	execute as revenue_report,
)
from customer_success.customer_success.report.customer_coverage.customer_coverage import (
	execute as coverage_report,
)
from customer_success.customer_success.report.enterprise_support_score.enterprise_support_score import (
	execute as support_report,
)
from customer_success.customer_success.report.quarterly_satisfaction_score.quarterly_satisfaction_score import (
	execute as satisfaction_report,
)
from customer_success.health import update_health_scores
from customer_success.rules.health import DEFAULT_WEIGHTS
from customer_success.support import support_source
from customer_success.tests.utils import assign, make_account, make_partner, make_user

PERIOD = {"from_date": "2025-01-01", "to_date": "2025-06-30"}


def store(doctype: str, **fields):
	"""A row as the engagement and survey features store it, without their side effects
	(follow-ups, emails), which these reports do not read."""
	doc = frappe.get_doc({"doctype": doctype, **fields})
	doc.db_insert()
	return doc


class KPIBook(FrappeTestCase):
	"""The hand-made book above, built once per test class."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.csm_a = make_user(["CS Manager"], "csm-a")
		cls.csm_b = make_user(["CS Manager"], "csm-b")
		cls.partner = make_partner("Enterprise")
		cls.filters = {**PERIOD, "partner": cls.partner}
		acc = {}
		for key, tier, status in (
			("A1", "Tier 1", "Active"),
			("A2", "Tier 2", "Active"),
			("A3", "Tier 3", "Active"),
			("A4", "Tier 1", "Active"),
			("A5", "Tier 3", "Churned"),
		):
			acc[key] = make_account(tier, cls.partner, status=status).name
		cls.acc = acc
		assign(acc["A1"], cls.csm_a, from_date="2024-01-01")
		assign(acc["A2"], cls.csm_a, from_date="2024-01-01")
		assign(acc["A3"], cls.csm_b, from_date="2024-01-01")
		assign(acc["A4"], cls.csm_a, from_date="2024-01-01")
		assign(acc["A4"], cls.csm_b, from_date="2025-05-01")  # ends csm_a's on 2025-04-30
		assign(acc["A5"], cls.csm_b, from_date="2024-01-01")
		cls.make_revenue()
		cls.make_targets()
		cls.make_touchpoints()
		cls.make_surveys()

	@classmethod
	def make_revenue(cls):
		for key, posting_date, kind, amount in (
			("A1", "2024-02-10", "AMC", 1000),
			("A1", "2025-02-10", "AMC", 1200),
			("A1", "2025-03-05", "Upsell", 500),
			("A1", "2025-07-05", "Services", 999),  # after the period
			("A2", "2024-03-01", "AMC", 800),
			("A2", "2025-03-15", "AMC", 600),
			("A3", "2024-05-20", "AMC", 300),
			("A4", "2024-04-10", "AMC", 2000),
			("A4", "2025-04-10", "AMC", 2000),  # csm_a's still
			("A4", "2025-06-01", "Services", 700),  # csm_b's
		):
			frappe.get_doc(
				{
					"doctype": "CS Revenue Entry",
					"account": cls.acc[key],
					"posting_date": posting_date,
					"revenue_type": kind,
					"amount": amount,
				}
			).insert(ignore_permissions=True)

	@classmethod
	def make_targets(cls):
		for user, from_date, to_date, amount in (
			(cls.csm_a, "2025-01-01", "2025-12-31", 36500),
			(cls.csm_b, "2025-04-01", "2025-06-30", 3000),
			(cls.csm_b, "2024-01-01", "2024-12-31", 9999),  # another year
		):
			frappe.get_doc(
				{
					"doctype": "CSM Target",
					"user": user,
					"from_date": from_date,
					"to_date": to_date,
					"target_amount": amount,
				}
			).insert(ignore_permissions=True)

	@classmethod
	def make_touchpoints(cls):
		for key, kind, meeting_format, status, day in (
			("A1", "Tier Meeting", "Video", "Completed", "2025-02-10"),
			("A1", "Email", "Email", "Completed", "2025-04-10"),  # an email is not a meeting
			("A2", "Call", "Call", "Completed", "2025-05-10"),
			("A3", "Tier Meeting", "Call", "Missed", "2025-02-10"),
			("A3", "Tier Meeting", "Call", "Cancelled", "2025-05-10"),
			("A4", "QBR", "In-person", "Completed", "2025-03-01"),
			("A4", "QBR", "Video", "Completed", "2025-06-01"),
			("A4", "Tier Meeting", "Video", "Completed", "2025-06-20"),  # twice in Q2: still one account
			("A5", "Tier Meeting", "Call", "Completed", "2025-02-01"),  # churned since
		):
			frappe.get_doc(
				{
					"doctype": "Engagement Touchpoint",
					"account": cls.acc[key],
					"touchpoint_type": kind,
					"meeting_format": meeting_format,
					"status": status,
					"scheduled_date": day,
					"completed_on": day if status == "Completed" else None,
				}
			).insert(ignore_permissions=True)

	@classmethod
	def make_surveys(cls):
		for key, survey_type, status, rating, responded_on, csm in (
			("A1", "Monthly CSAT", "Responded", 5, "2025-02-03 10:00:00", cls.csm_a),
			("A1", "QBR", "Responded", 4, "2025-03-31 23:30:00", cls.csm_a),
			("A2", "Monthly CSAT", "Responded", 3, "2025-05-05 09:00:00", None),  # the account's CSM
			("A3", "Monthly CSAT", "Responded", 5, "2025-06-30 18:00:00", cls.csm_b),
			("A3", "Support", "Responded", 1, "2025-05-07 09:00:00", cls.csm_b),  # support, not CSAT
			("A1", "Support", "Responded", 5, "2025-04-07 09:00:00", cls.csm_a),
			("A1", "Support", "Responded", 4, "2025-05-07 09:00:00", cls.csm_a),
			("A4", "Monthly CSAT", "Sent", None, None, cls.csm_b),  # not answered
			("A4", "Monthly CSAT", "Responded", 2, "2025-07-01 08:00:00", cls.csm_b),  # after the period
		):
			store(
				"Satisfaction Survey",
				account=cls.acc[key],
				contact_email="someone@customer.example",
				survey_type=survey_type,
				period=responded_on[:7] if responded_on else "2025-06",
				status=status,
				rating=rating,
				responded_on=responded_on,
				csm=csm,
			)

	def rows_by(self, rows, field="group"):
		return {row[field]: row for row in rows}


class TestRevenueGoalVsActual(KPIBook):
	def test_actual_goes_to_the_csm_of_the_day_and_targets_are_prorated(self):
		_columns, rows, _message, chart = revenue_report(self.filters)
		by_csm = self.rows_by(rows, "csm")
		# csm_a: A1 1,200 AMC + 500 upsell, A2 600 AMC, A4 2,000 AMC before the handover.
		a = by_csm[self.csm_a]
		self.assertEqual((a["actual"], a["amc"], a["upsell"], a["services"]), (4300, 3800, 500, 0))
		# A 36,500 target for 2025 over 181 of its 365 days.
		self.assertAlmostEqual(a["target"], 36500 * 181 / 365, places=2)
		self.assertEqual(a["attainment"], round(4300 / (36500 * 181 / 365) * 100, 1))
		b = by_csm[self.csm_b]
		self.assertEqual((b["actual"], b["services"], b["target"], b["attainment"]), (700, 700, 3000, 23.3))
		total = rows[-1]
		self.assertEqual(total["actual"], 5000)
		self.assertAlmostEqual(total["target"], 18100 + 3000, places=2)
		self.assertEqual(len(rows), 3)
		self.assertEqual(len(chart["data"]["datasets"][0]["values"]), 2)

	def test_filters_narrow_the_revenue(self):
		_columns, rows, *_ = revenue_report({**self.filters, "tier": "Tier 2"})
		self.assertEqual(self.rows_by(rows, "csm")[self.csm_a]["actual"], 600)
		_columns, rows, *_ = revenue_report({**self.filters, "csm": self.csm_b})
		self.assertEqual([row["csm"] for row in rows[:-1]], [self.csm_b])
		_columns, rows, *_ = revenue_report(
			{**self.filters, "from_date": "2025-07-01", "to_date": "2025-07-31"}
		)
		self.assertEqual(self.rows_by(rows, "csm")[self.csm_a]["actual"], 999)

	def test_revenue_of_days_without_a_csm_is_shown_apart(self):
		unmanaged = make_account("Tier 3", self.partner).name
		frappe.get_doc(
			{
				"doctype": "CS Revenue Entry",
				"account": unmanaged,
				"posting_date": "2025-05-01",
				"revenue_type": "Services",
				"amount": 250,
			}
		).insert(ignore_permissions=True)
		try:
			_columns, rows, *_ = revenue_report(self.filters)
			no_csm = self.rows_by(rows, "csm")["(No CSM)"]
			self.assertEqual((no_csm["actual"], no_csm["services"], no_csm["target"]), (250, 250, 0))
			self.assertEqual(rows[-1]["actual"], 5250)
		finally:
			frappe.db.delete("CS Revenue Entry", {"account": unmanaged})
			frappe.delete_doc("CS Account", unmanaged, force=True, ignore_permissions=True)


class TestQuarterlySatisfaction(KPIBook):
	def test_average_rating_per_quarter_csm_and_tier(self):
		_columns, rows, _message, chart = satisfaction_report(self.filters)
		quarters = {row["quarter"]: row for row in rows if row["indent"] == 0}
		# Q1: 5 and 4 from A1 (the QBR answered at 23:30 on 31 March still counts in Q1).
		self.assertEqual((quarters["2025-Q1"]["responses"], quarters["2025-Q1"]["average_rating"]), (2, 4.5))
		self.assertEqual(quarters["2025-Q1"]["status"], "Met")
		# Q2: 3 from A2 and 5 from A3; support surveys and unanswered ones do not count.
		self.assertEqual((quarters["2025-Q2"]["responses"], quarters["2025-Q2"]["average_rating"]), (2, 4.0))
		self.assertEqual(quarters["2025-Q2"]["status"], "Below target")
		tiers = {
			(row["quarter"], row["csm"], row["tier"]): row["average_rating"]
			for row in rows
			if row["indent"] == 2
		}
		self.assertEqual(
			tiers,
			{
				("2025-Q1", self.csm_a, "Tier 1"): 4.5,
				("2025-Q2", self.csm_a, "Tier 2"): 3.0,
				("2025-Q2", self.csm_b, "Tier 3"): 5.0,
			},
		)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [4.5, 4.0])

	def test_a_quarter_without_answers_has_no_score(self):
		_columns, rows, *_ = satisfaction_report({**self.filters, "to_date": "2025-09-30"})
		q3 = next(row for row in rows if row["quarter"] == "2025-Q3" and row["indent"] == 0)
		# The only Q3 answer (2 on 1 July) is A4's: shown once the period reaches it.
		self.assertEqual((q3["responses"], q3["average_rating"]), (1, 2.0))
		_columns, rows, *_ = satisfaction_report(
			{**self.filters, "from_date": "2024-01-01", "to_date": "2024-03-31"}
		)
		self.assertEqual(len(rows), 1)
		self.assertEqual(
			(rows[0]["responses"], rows[0]["average_rating"], rows[0]["status"]), (0, None, "n/a")
		)


class TestCustomerCoverage(KPIBook):
	def test_share_of_accounts_met_or_called_with_the_rest_listed(self):
		_columns, rows, _message, chart = coverage_report(self.filters)
		quarters = {row["quarter"]: row for row in rows if row["indent"] == 0}
		# Four accounts (A5 churned); Q1: A1 and A4 met; Q2: A2 called and A4 met (A1 only emailed).
		self.assertEqual((quarters["2025-Q1"]["accounts"], quarters["2025-Q1"]["covered"]), (4, 2))
		self.assertEqual(quarters["2025-Q1"]["coverage"], 50.0)
		self.assertEqual((quarters["2025-Q2"]["covered"], quarters["2025-Q2"]["coverage"]), (2, 50.0))
		uncovered = {
			quarter: sorted(
				row["account"] for row in rows if row["indent"] == 2 and row["quarter"] == quarter
			)
			for quarter in quarters
		}
		self.assertEqual(uncovered["2025-Q1"], sorted([self.acc["A2"], self.acc["A3"]]))
		self.assertEqual(uncovered["2025-Q2"], sorted([self.acc["A1"], self.acc["A3"]]))
		groups = {
			(row["quarter"], row["csm"], row["tier"]): (row["accounts"], row["covered"])
			for row in rows
			if row["indent"] == 1
		}
		self.assertEqual(groups[("2025-Q2", self.csm_b, "Tier 1")], (1, 1))
		self.assertEqual(groups[("2025-Q2", self.csm_b, "Tier 3")], (1, 0))
		self.assertEqual(groups[("2025-Q1", self.csm_a, "Tier 1")], (1, 1))
		self.assertEqual(chart["data"]["datasets"][0]["values"], [50.0, 50.0])

	def test_filters_by_csm_and_tier(self):
		_columns, rows, *_ = coverage_report({**self.filters, "csm": self.csm_a})
		q2 = next(row for row in rows if row["quarter"] == "2025-Q2" and row["indent"] == 0)
		self.assertEqual((q2["accounts"], q2["covered"], q2["coverage"]), (2, 1, 50.0))
		_columns, rows, *_ = coverage_report({**self.filters, "tier": "Tier 1"})
		q1 = next(row for row in rows if row["quarter"] == "2025-Q1" and row["indent"] == 0)
		self.assertEqual((q1["accounts"], q1["covered"], q1["coverage"]), (2, 2, 100.0))


class TestAMCRetention(KPIBook):
	def test_gross_and_net_retention_against_the_year_before(self):
		_columns, rows, _message, chart = retention_report(self.filters)
		managers = {row["csm"]: row for row in rows if row["indent"] == 0 and not row.get("is_total")}
		# csm_a (current CSM of A1, A2): due 1,000 + 800; A1 renewed 1,200 (+200), A2 600 (-200).
		a = managers[self.csm_a]
		self.assertEqual(
			(a["due"], a["renewed"], a["churned"], a["contracted"], a["expansion"]), (1800, 1800, 0, 200, 200)
		)
		self.assertEqual((a["grr"], a["nrr"]), (round(1600 / 1800 * 100, 1), 100.0))
		# csm_b (A3, A4): due 300 + 2,000; A3 did not renew (churned), A4 renewed flat.
		b = managers[self.csm_b]
		self.assertEqual((b["due"], b["churned"], b["contracted"], b["accounts_churned"]), (2300, 300, 0, 1))
		self.assertEqual((b["grr"], b["nrr"]), (round(2000 / 2300 * 100, 1), round(2000 / 2300 * 100, 1)))
		total = rows[-1]
		self.assertEqual((total["due"], total["accounts_due"]), (4100, 4))
		self.assertEqual(total["grr"], round((4100 - 300 - 200) / 4100 * 100, 1))
		self.assertEqual(total["nrr"], round((4100 - 300 - 200 + 200) / 4100 * 100, 1))
		tier_rows = {(row["csm"], row["tier"]): row for row in rows if row["indent"] == 1}
		self.assertEqual(tier_rows[(self.csm_a, "Tier 2")]["grr"], 75.0)
		self.assertEqual(len(chart["data"]["labels"]), 2)

	def test_nothing_due_is_not_available(self):
		_columns, rows, *_ = retention_report(
			{**self.filters, "from_date": "2025-08-01", "to_date": "2025-08-31"}
		)
		self.assertEqual(rows, [])
		_columns, rows, *_ = retention_report(
			{**self.filters, "from_date": "2024-01-01", "to_date": "2024-06-30"}
		)
		self.assertEqual((rows[-1]["due"], rows[-1]["grr"], rows[-1]["nrr"]), (0, None, None))

	def test_a_period_longer_than_a_year_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			retention_report({**self.filters, "from_date": "2024-01-01", "to_date": "2025-06-30"})


class TestSupportScore(KPIBook):
	def test_without_a_support_source_the_report_says_so(self):
		if "erpnext" in frappe.get_installed_apps() or "helpdesk" in frappe.get_installed_apps():
			self.skipTest("this site has a support source")
		_columns, rows, message, chart = support_report(self.filters)
		self.assertEqual(rows, [])
		self.assertIn("no support source", message)
		self.assertIsNone(chart)

	def test_sla_met_and_feedback_of_tier_1_accounts(self):
		if "erpnext" not in frappe.get_installed_apps():
			self.skipTest("ERPNext is not installed: no Issue to read tickets from")
		for key in ("A1", "A4"):
			customer = frappe.get_doc(
				{"doctype": "Customer", "customer_name": self.acc[key], "customer_type": "Company"}
			).insert(ignore_permissions=True)
			frappe.db.set_value("CS Account", self.acc[key], "customer", customer.name)
		for key, status, resolved_on, agreement in (
			("A1", "Resolved", "2025-02-01 10:00:00", "Fulfilled"),
			("A1", "Closed", "2025-05-01 10:00:00", "Fulfilled"),
			("A1", "Resolved", "2025-06-30 22:00:00", "Failed"),
			("A1", "Open", None, "Resolution Due"),  # not resolved
			("A1", "Resolved", "2025-07-02 10:00:00", "Fulfilled"),  # after the period
			("A4", "Closed", "2025-03-03 10:00:00", "Fulfilled"),
		):
			store(
				"Issue",
				subject="Something broke",
				customer=self.acc[key],
				status=status,
				resolution_date=resolved_on,
				agreement_status=agreement,
			)
		_columns, rows, message, _chart = support_report(self.filters)
		self.assertIsNone(message)
		by_account = {row["account"]: row for row in rows if row["indent"] == 1}
		# Only Tier 1 accounts: A1 and A4.
		self.assertEqual(set(by_account), {self.acc["A1"], self.acc["A4"]})
		a1 = by_account[self.acc["A1"]]
		self.assertEqual((a1["resolved"], a1["sla_met"], a1["sla_met_percent"]), (3, 2, 66.7))
		self.assertEqual((a1["ratings"], a1["feedback"], a1["feedback_status"]), (2, 4.5, "Met"))
		a4 = by_account[self.acc["A4"]]
		self.assertEqual((a4["sla_met_percent"], a4["feedback"], a4["feedback_status"]), (100.0, None, "n/a"))
		total = rows[-1]
		self.assertEqual((total["resolved"], total["sla_met"], total["sla_met_percent"]), (4, 3, 75.0))
		self.assertEqual(total["sla_status"], "Below target")


class TestReportsKeepToTheUsersAccounts(KPIBook):
	"""A manager's reports show their accounts only; a partner's user only their partner's."""

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_csm_sees_their_own_accounts(self):
		frappe.set_user(self.csm_b)  # A3, A4 and the churned A5
		_columns, rows, *_ = coverage_report(self.filters)
		q2 = next(row for row in rows if row["quarter"] == "2025-Q2" and row["indent"] == 0)
		self.assertEqual((q2["accounts"], q2["covered"]), (2, 1))
		self.assertEqual({row["account"] for row in rows if row["indent"] == 2}, {self.acc["A3"]})

		_columns, rows, *_ = satisfaction_report(self.filters)
		quarters = {row["quarter"]: row for row in rows if row["indent"] == 0}
		self.assertEqual((quarters["2025-Q1"]["responses"], quarters["2025-Q1"]["average_rating"]), (0, None))
		self.assertEqual((quarters["2025-Q2"]["responses"], quarters["2025-Q2"]["average_rating"]), (1, 5.0))

		_columns, rows, *_ = retention_report(self.filters)
		self.assertEqual(
			[row["csm"] for row in rows if row["indent"] == 0 and not row.get("is_total")], [self.csm_b]
		)
		self.assertEqual(rows[-1]["due"], 2300)

		_columns, rows, *_ = revenue_report(self.filters)
		by_csm = self.rows_by(rows, "csm")
		# Only A4's revenue: 2,000 from before the handover (csm_a's) and csm_b's 700;
		# csm_a's target is not theirs to see.
		self.assertEqual(by_csm[self.csm_b]["actual"], 700)
		self.assertEqual((by_csm[self.csm_a]["actual"], by_csm[self.csm_a]["target"]), (2000, 0))
		self.assertEqual(rows[-1]["actual"], 2700)

	def test_a_partner_user_of_another_partner_sees_nothing(self):
		other_user = make_user(["CS Partner User"], "other-partner")
		bind_user_to_partner(other_user, make_partner("SMB"))
		frappe.set_user(other_user)
		for report in (revenue_report, retention_report):
			self.assertEqual(report(self.filters)[1], [])
		coverage = coverage_report(self.filters)[1]
		self.assertEqual({row["accounts"] for row in coverage if row["indent"] == 0}, {0})
		satisfaction = satisfaction_report(self.filters)[1]
		self.assertEqual({row["responses"] for row in satisfaction}, {0})


class TestWorkspace(KPIBook):
	"""The workspace shows the spec's dashboards; its cards read the reports."""

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_workspace_carries_the_dashboards(self):
		workspace = frappe.get_doc("Workspace", "Customer Success")
		charts = {row.chart_name for row in workspace.charts}
		self.assertLessEqual(
			{"Revenue Goal vs Actual", "Quarterly Satisfaction", "Coverage by Quarter"}, charts
		)
		for chart in charts:
			report = frappe.db.get_value("Dashboard Chart", chart, "report_name")
			if report == "Enterprise Support Score" and not support_source():
				continue
			result = run_report(report, filters=self.filters)
			self.assertTrue(result["chart"], f"{report} draws no chart for the book")
		cards = {row.number_card_name for row in workspace.number_cards}
		for card in cards:
			method = frappe.db.get_value("Number Card", card, "method")
			self.assertTrue(frappe.get_attr(method), card)

	def test_cards_show_the_reports_figures(self):
		cards = {
			"revenue_attainment": round(5000 / (36500 * 181 / 365 + 3000) * 100, 1),
			"satisfaction_score": 4.5,  # 2025-Q1, the first quarter of the period
			"coverage": 50.0,
			"gross_revenue_retention": round(3600 / 4100 * 100, 1),
			"net_revenue_retention": round(3800 / 4100 * 100, 1),
		}
		for method, expected in cards.items():
			self.assertEqual(getattr(dashboard, method)(json.dumps(self.filters))["value"], expected, method)

	def test_a_managers_cards_show_their_own_figures(self):
		frappe.set_user(self.csm_b)
		# Their own revenue (700) against their own target (3,000); A4's AMC was csm_a's.
		self.assertEqual(dashboard.revenue_attainment(json.dumps(self.filters))["value"], 23.3)
		self.assertEqual(dashboard.revenue_this_quarter(json.dumps(self.filters))["value"], 700)

	def test_upcoming_touchpoints_of_the_managers_accounts(self):
		frappe.get_doc(
			{
				"doctype": "Engagement Touchpoint",
				"account": self.acc["A3"],
				"touchpoint_type": "Call",
				"status": "Planned",
				"scheduled_date": add_days(today(), 3),
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.csm_b)
		self.assertEqual(dashboard.upcoming_touchpoints()["value"], 1)
		frappe.set_user(self.csm_a)
		self.assertEqual(dashboard.upcoming_touchpoints()["value"], 0)


class TestAccountHealth(KPIBook):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for signal, weight in DEFAULT_WEIGHTS.items():
			frappe.db.set_single_value("CS Settings", f"health_weight_{signal}", weight)

	def test_health_of_each_account_from_its_signals(self):
		# Weights 30 / 30 / 20 / 20; no tickets, so support is left out.
		# A1: 4.5 stars (0.875), 1 of 1 meeting held, AMC renewed in full: 76.25 / 80 → 95.
		# A2: 3 stars (0.5), 1 of 1 held, 600 of 800 renewed (0.75): 60 / 80 → 75.
		# A3: 5 stars, its one meeting missed, AMC not renewed: 30 / 80 → 38 (At Risk).
		# A4: no answer in the period, 3 of 3 held, renewed in full: 50 / 50 → 100.
		_columns, rows, _message, chart = health_report(self.filters)
		scores = [(row["account"], row["health_score"], row["band"]) for row in rows]
		self.assertEqual(
			scores,
			[
				(self.acc["A3"], 38, "At Risk"),
				(self.acc["A2"], 75, "Healthy"),
				(self.acc["A1"], 95, "Healthy"),
				(self.acc["A4"], 100, "Healthy"),
			],
		)
		a2 = rows[1]
		self.assertEqual(
			(a2["satisfaction"], a2["engagement"], a2["support"], a2["retention"]), (50.0, 100.0, None, 75.0)
		)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [3, 0, 1, 0])

	def test_weights_come_from_the_settings(self):
		settings = frappe.get_single("CS Settings")
		settings.health_weight_retention = 0
		settings.save(ignore_permissions=True)
		try:
			_columns, rows, *_ = health_report(self.filters)
			# A3 without retention: (30 × 1 + 30 × 0) / 60 → 50.
			self.assertEqual(next(r["health_score"] for r in rows if r["account"] == self.acc["A3"]), 50)
		finally:
			settings.health_weight_retention = 20
			settings.save(ignore_permissions=True)

	def test_the_daily_job_scores_the_last_two_quarters(self):
		for key, status in (("A1", "Completed"), ("A3", "Missed")):
			frappe.get_doc(
				{
					"doctype": "Engagement Touchpoint",
					"account": self.acc[key],
					"touchpoint_type": "Call",
					"status": status,
					"scheduled_date": today(),
					"completed_on": today() if status == "Completed" else None,
				}
			).insert(ignore_permissions=True)
		store(
			"Satisfaction Survey",
			account=self.acc["A1"],
			contact_email="someone@customer.example",
			survey_type="Monthly CSAT",
			period=today()[:7],
			status="Responded",
			rating=3,
			responded_on=f"{today()} 09:00:00",
		)
		update_health_scores()
		scores = dict(
			frappe.get_all(
				"CS Account",
				filters={"partner": self.partner},
				fields=["name", "health_score"],
				as_list=1,
			)
		)
		# A1: 3 stars (0.5) and its call held: 45 / 60 → 75; A3: its call missed → 0.
		self.assertEqual((scores[self.acc["A1"]], scores[self.acc["A3"]], scores[self.acc["A2"]]), (75, 0, 0))

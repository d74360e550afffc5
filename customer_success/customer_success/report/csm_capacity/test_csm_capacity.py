import frappe
from frappe.tests.utils import FrappeTestCase

from customer_success.customer_success.report.csm_capacity.csm_capacity import execute
from customer_success.tests.utils import assign, make_account, make_partner, make_user


class TestCSMCapacityReport(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_managers_needed_against_managers_assigned(self):
		head = make_user(["CS Head"])
		enterprise = make_partner("Enterprise", head_of_cs=head)
		smb = make_partner("SMB")
		first, second, smb_csm = (make_user(["CS Manager"]) for _ in range(3))
		# 25/20 + 30/50 = 1.85 managers' worth: two managers needed.
		for index in range(25):
			assign(make_account("Tier 1", enterprise).name, first if index < 20 else second)
		for _ in range(30):
			assign(make_account("Tier 2", enterprise).name, second)
		make_account("Tier 1", enterprise, status="Churned")
		for _ in range(10):
			assign(make_account("Tier 3", smb).name, smb_csm)

		_columns, rows, _message, chart = execute({"partner": enterprise})
		partner_row, *manager_rows = rows
		self.assertEqual(
			(partner_row["tier_1"], partner_row["tier_2"], partner_row["managers_needed"]), (25, 30, 2)
		)
		self.assertAlmostEqual(partner_row["load"], 1.85)
		self.assertEqual((partner_row["managers_assigned"], partner_row["managers_short"]), (2, 0))
		self.assertEqual(partner_row["load_percent"], 92.5)
		self.assertEqual((partner_row["head_of_cs"], partner_row["status"]), (head, "Staffed"))
		loads = {row["partner"]: (row["load_percent"], row["status"]) for row in manager_rows}
		self.assertEqual(loads[first], (100.0, "Within capacity"))
		self.assertEqual(loads[second], (85.0, "Within capacity"))
		self.assertEqual(chart["data"]["datasets"][0]["values"], [2])

		_columns, rows, *_ = execute({"partner": smb})
		self.assertEqual((rows[0]["managers_needed"], rows[0]["head_of_cs"]), (1, ""))

	def test_a_partner_short_of_managers_is_understaffed(self):
		partner = make_partner("Enterprise")
		manager = make_user(["CS Manager"])
		for _ in range(20):
			assign(make_account("Tier 1", partner).name, manager)
		make_account("Tier 1", partner)
		_columns, rows, *_ = execute({"partner": partner})
		self.assertEqual((rows[0]["managers_needed"], rows[0]["managers_assigned"]), (2, 1))
		self.assertEqual(
			(rows[0]["managers_short"], rows[0]["head_of_cs"], rows[0]["status"]),
			(1, "Needed", "Understaffed"),
		)

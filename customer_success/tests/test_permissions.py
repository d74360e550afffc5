"""The permission matrix, exercised through the REST API with each role's API key,
and through `frappe.get_list` and the CSM Capacity report."""

import json
from urllib.parse import quote

import frappe
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_test_client, today

from customer_success.customer_success.doctype.cs_partner.cs_partner import bind_user_to_partner
from customer_success.customer_success.report.csm_capacity.csm_capacity import execute as capacity_report
from customer_success.tests.utils import assign, make_account, make_partner, make_user


class TestPermissionMatrix(FrappeTestCase):
	client = get_test_client()

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = {
			"head_all": make_user(["CS Head"], "head-all"),
			"head_p1": make_user(["CS Head"], "head-p1"),
			"partner_p1": make_user(["CS Partner User"], "partner-p1"),
			"csm": make_user(["CS Manager"], "csm"),
			"outsider": make_user(["Blogger"], "outsider"),
		}
		cls.p1 = make_partner("Enterprise", head_of_cs=cls.users["head_p1"])
		cls.p2 = make_partner("SMB")
		bind_user_to_partner(cls.users["partner_p1"], cls.p1)
		cls.accounts = {
			"a1": make_account("Tier 1", cls.p1).name,
			"a2": make_account("Tier 2", cls.p1).name,
			"a3": make_account("Tier 3", cls.p2).name,
			"a4": make_account("Tier 3").name,
		}
		assign(cls.accounts["a1"], cls.users["csm"])
		assign(
			cls.accounts["a3"],
			cls.users["csm"],
			from_date=add_days(today(), -60),
			to_date=add_days(today(), -1),
		)
		cls.keys = {}
		for role, email in cls.users.items():
			user = frappe.get_doc("User", email)
			secret = frappe.generate_hash(length=15)
			user.api_key = frappe.generate_hash(length=15)
			user.api_secret = secret
			user.save(ignore_permissions=True)
			cls.keys[role] = f"token {user.api_key}:{secret}"
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		names = list(cls.accounts.values())
		frappe.db.delete("CSM Assignment", {"account": ("in", names)})
		frappe.db.delete("CS Stakeholder", {"parent": ("in", names)})
		frappe.db.delete("CS Account", {"name": ("in", names)})
		frappe.db.delete("CS Account", {"partner": cls.p1})
		frappe.db.delete("User Permission", {"user": ("in", list(cls.users.values()))})
		frappe.db.delete("CS Partner", {"name": ("in", [cls.p1, cls.p2])})
		for email in cls.users.values():
			frappe.delete_doc("User", email, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def request(self, role, method, path, **kwargs):
		target = getattr(self.client, method)
		kwargs.setdefault("headers", {})["Authorization"] = self.keys[role]
		return make_request(target=target, args=(path,), kwargs=kwargs)

	def visible_accounts(self, role):
		filters = json.dumps([["name", "in", list(self.accounts.values())]])
		response = self.request(
			role, "get", f"/api/resource/CS%20Account?filters={quote(filters)}&limit_page_length=0"
		)
		if response.status_code != 200:
			return response.status_code
		names = {row["name"] for row in response.json["data"]}
		return {key for key, name in self.accounts.items() if name in names}

	def test_rest_list_shows_each_role_its_accounts(self):
		expected = {
			"head_all": {"a1", "a2", "a3", "a4"},
			"head_p1": {"a1", "a2"},
			"partner_p1": {"a1", "a2"},
			"csm": {"a1"},
			"outsider": 403,
		}
		self.assertEqual({role: self.visible_accounts(role) for role in expected}, expected)

	def test_get_list_applies_the_same_scope(self):
		expected = {"head_all": 4, "head_p1": 2, "partner_p1": 2, "csm": 1}
		seen = {}
		for role in expected:
			frappe.set_user(self.users[role])
			seen[role] = len(
				frappe.get_list("CS Account", filters={"name": ("in", list(self.accounts.values()))})
			)
		frappe.set_user("Administrator")
		self.assertEqual(seen, expected)

	def test_rest_read_of_another_partners_account_is_forbidden(self):
		a3 = quote(self.accounts["a3"])
		self.assertEqual(
			self.request("partner_p1", "get", f"/api/resource/CS%20Account/{a3}").status_code, 403
		)
		self.assertEqual(self.request("csm", "get", f"/api/resource/CS%20Account/{a3}").status_code, 403)
		self.assertEqual(self.request("head_all", "get", f"/api/resource/CS%20Account/{a3}").status_code, 200)

	def test_csm_writes_only_their_accounts(self):
		a1, a3 = quote(self.accounts["a1"]), quote(self.accounts["a3"])
		ok = self.request("csm", "put", f"/api/resource/CS%20Account/{a1}", json={"amc_value": 1234})
		self.assertEqual(ok.status_code, 200, ok.data)
		self.assertEqual(ok.json["data"]["amc_value"], 1234)
		denied = self.request("csm", "put", f"/api/resource/CS%20Account/{a3}", json={"amc_value": 99})
		self.assertEqual(denied.status_code, 403)
		self.assertNotEqual(frappe.db.get_value("CS Account", self.accounts["a3"], "amc_value"), 99)

	def test_partner_user_creates_accounts_for_their_partner_only(self):
		own = {
			"account_name": f"Own {frappe.generate_hash(length=6)}",
			"partner": self.p1,
			"annual_revenue": 5,
		}
		other = {
			"account_name": f"Other {frappe.generate_hash(length=6)}",
			"partner": self.p2,
			"annual_revenue": 5,
		}
		created = self.request("partner_p1", "post", "/api/resource/CS%20Account", json=own)
		self.assertEqual(created.status_code, 200, created.data)
		self.assertEqual(created.json["data"]["tier"], "Tier 3")
		refused = self.request("partner_p1", "post", "/api/resource/CS%20Account", json=other)
		self.assertEqual(refused.status_code, 403)
		self.assertFalse(frappe.db.exists("CS Account", other["account_name"]))

	def test_csm_cannot_create_accounts_or_assignments(self):
		account = self.request(
			"csm", "post", "/api/resource/CS%20Account", json={"account_name": "Nope", "annual_revenue": 1}
		)
		self.assertEqual(account.status_code, 403)
		assignment = self.request(
			"csm",
			"post",
			"/api/resource/CSM%20Assignment",
			json={
				"account": self.accounts["a1"],
				"user": self.users["csm"],
				"assignment_role": "Partner CSM",
			},
		)
		self.assertEqual(assignment.status_code, 403)

	def test_assignments_follow_their_account(self):
		response = self.request(
			"csm", "get", '/api/resource/CSM%20Assignment?fields=["account"]&limit_page_length=0'
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual({row["account"] for row in response.json["data"]}, {self.accounts["a1"]})

	def test_capacity_report_is_scoped(self):
		frappe.set_user(self.users["csm"])
		_columns, rows, *_ = capacity_report({})
		frappe.set_user(self.users["partner_p1"])
		_columns, partner_rows, *_ = capacity_report({})
		frappe.set_user("Administrator")
		self.assertEqual([row["partner"] for row in rows], [self.p1, self.users["csm"]])
		self.assertEqual(rows[0]["tier_1"], 1)
		self.assertEqual({row["partner"] for row in partner_rows if row["indent"] == 0}, {self.p1})
		self.assertEqual(partner_rows[0]["tier_1"] + partner_rows[0]["tier_2"], 2)

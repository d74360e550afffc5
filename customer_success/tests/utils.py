"""Shared by the integration tests: factories of real documents on the test site, jobs run
in concurrent threads, and the site served over HTTP."""

import os
import socket
import threading
from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.utils import today

from customer_success.rules.tiers import MILLION

# Revenue that lands well inside each tier (USD).
REVENUE = {"Tier 1": 500 * MILLION, "Tier 2": 50 * MILLION, "Tier 3": 2 * MILLION}


def before_tests():
	from customer_success.customer_success.doctype.cs_settings.cs_settings import fill_defaults

	if "erpnext" in frappe.get_installed_apps():
		# `run-tests --app customer_success` runs this app's hook only; ERPNext's completes its
		# setup wizard (a company, a fiscal year, accounts), which the invoice tests need.
		frappe.get_attr("erpnext.setup.utils.before_tests")()
	fill_defaults()
	frappe.db.commit()


def unique(prefix: str) -> str:
	return f"{prefix} {frappe.generate_hash(length=8)}"


def make_user(roles: list[str], prefix: str = "cs-test") -> str:
	# The whole suite makes more users a minute than Frappe lets a site make (60).
	frappe.local.conf.throttle_user_limit = max(frappe.local.conf.get("throttle_user_limit") or 60, 10_000)
	email = f"{prefix}-{frappe.generate_hash(length=8)}@test.example"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": prefix,
			"send_welcome_email": 0,
			"roles": [{"role": role} for role in roles],
		}
	)
	user.insert(ignore_permissions=True)
	return email


def make_partner(partner_type: str = "Enterprise", head_of_cs: str | None = None, **fields) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "CS Partner",
				"partner_name": unique("Partner"),
				"partner_type": partner_type,
				"head_of_cs": head_of_cs,
				**fields,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_account(tier: str = "Tier 3", partner: str | None = None, **fields):
	doc = frappe.get_doc(
		{
			"doctype": "CS Account",
			"account_name": unique("Account"),
			"annual_revenue": REVENUE[tier],
			"revenue_currency": "USD",
			"partner": partner,
			"status": "Active",
			**fields,
		}
	)
	return doc.insert(ignore_permissions=True)


def assign(account: str, user: str, role: str = "CSM", from_date=None, **fields):
	return frappe.get_doc(
		{
			"doctype": "CSM Assignment",
			"account": account,
			"user": user,
			"assignment_role": role,
			"from_date": from_date or today(),
			**fields,
		}
	).insert(ignore_permissions=True)


def in_threads(count: int, work) -> list[Exception]:
	"""Run `work()` in `count` threads at once, each with its own connection to this site."""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(count)
	errors = []

	def run():
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			barrier.wait()
			work()
			frappe.db.commit()
		except Exception as e:
			errors.append(e)
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=run) for _ in range(count)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	# A fresh snapshot, so that this connection sees what the threads committed.
	frappe.db.commit()
	return errors


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextmanager
def live_server():
	"""This site served over HTTP on 127.0.0.1 (a thread running Frappe's WSGI app); yields
	its base URL. Data the requests should see must be committed first."""
	from frappe.app import application
	from werkzeug.middleware.shared_data import SharedDataMiddleware
	from werkzeug.serving import WSGIRequestHandler, make_server

	class QuietHandler(WSGIRequestHandler):
		def log_request(self, *args, **kwargs):
			pass

	site = frappe.local.site
	port = free_port()
	app = SharedDataMiddleware(application, {"/assets": os.path.join(frappe.local.sites_path, "assets")})
	server = make_server("127.0.0.1", port, app, threaded=True, request_handler=QuietHandler)
	with patch("frappe.app.get_site_name", return_value=site):
		thread = threading.Thread(target=server.serve_forever, daemon=True)
		thread.start()
		try:
			yield f"http://127.0.0.1:{port}"
		finally:
			server.shutdown()
			thread.join(timeout=10)

"""Helpers shared by the benchmarks: a site connection and a SQL statement counter."""

import contextlib
import sys
import time

import frappe


def connect(site: str):
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


@contextlib.contextmanager
def measure():
	"""Wall time and number of SQL statements of the block: `with measure() as m: ...; m.seconds, m.queries`."""
	result = frappe._dict(seconds=0.0, queries=0)
	original = frappe.db.sql

	def counting_sql(*args, **kwargs):
		result.queries += 1
		return original(*args, **kwargs)

	frappe.db.sql = counting_sql
	start = time.perf_counter()
	try:
		yield result
	finally:
		result.seconds = time.perf_counter() - start
		frappe.db.sql = original


def ensure_demo_book(accounts: int):
	"""The demo generator's book of `accounts` accounts (bulk inserts), once."""
	from customer_success.demo import make_demo

	have = frappe.db.count("CS Account")
	if have < accounts:
		print(f"Building a demo book of {accounts} accounts ...", file=sys.stderr)
		with measure() as built:
			make_demo(accounts=accounts - have, seed=20000)
		print(f"  built in {built.seconds:.1f}s", file=sys.stderr)

"""Checks run by scripts/test.sh on a throwaway site around `install-app` / `uninstall-app`.

A failed check raises, which makes the command exit non-zero (see the end of this file).
"""

import frappe

from customer_success.install import DEFAULT_PRINT_FORMATS, ROLES
from customer_success.newsletter import NEWSLETTER_GROUP
from customer_success.surveys.mail import SURVEY_TEMPLATE

MODULE = "Customer Success"


def app_tables() -> list[str]:
	return [
		row[0]
		for row in frappe.db.sql("show tables")
		if row[0].startswith(("tabCS ", "tabCSM ", "tabQBR ", "tabEngagement ", "tabSatisfaction "))
	]


def installed():
	assert "customer_success" in frappe.get_installed_apps()
	assert {"tabCS Account", "tabCSM Assignment", "tabCS Partner"} <= set(app_tables()), app_tables()
	assert frappe.db.count("Role", {"name": ("in", ROLES)}) == len(ROLES)
	settings = frappe.get_single("CS Settings")
	assert len(settings.tier_rules) == 3 and len(settings.size_bands) == 2
	assert frappe.db.exists("Report", "CSM Capacity")
	assert frappe.get_meta("QBR Log").default_print_format == "QBR Report"
	assert frappe.db.exists("Email Template", SURVEY_TEMPLATE)
	assert frappe.db.exists("Email Group", NEWSLETTER_GROUP)
	print("installed: tables, roles, settings and reports are there")


def uninstalled():
	assert "customer_success" not in frappe.get_installed_apps()
	leftovers = {
		"tables": app_tables(),
		"doctypes": frappe.get_all("DocType", filters={"module": MODULE}, pluck="name"),
		"module": frappe.get_all("Module Def", filters={"name": MODULE}, pluck="name"),
		"reports": frappe.get_all("Report", filters={"module": MODULE}, pluck="name"),
		"roles": frappe.get_all("Role", filters={"name": ("in", ROLES)}, pluck="name"),
		"settings": frappe.db.sql("select field from tabSingles where doctype = 'CS Settings'"),
		"custom fields": frappe.get_all("Custom Field", filters={"dt": ("like", "CS %")}, pluck="name"),
		"email template": frappe.get_all("Email Template", filters={"name": SURVEY_TEMPLATE}, pluck="name"),
		"email group": frappe.get_all("Email Group", filters={"name": NEWSLETTER_GROUP}, pluck="name"),
		"property setters": frappe.get_all(
			"Property Setter", filters={"doc_type": ("in", list(DEFAULT_PRINT_FORMATS))}, pluck="name"
		),
	}
	leftovers = {kind: names for kind, names in leftovers.items() if names}
	assert not leftovers, leftovers
	print("uninstalled: nothing of the app is left")


if __name__ == "__main__":
	# Run from the bench's sites folder: python -m customer_success.tests.install_check SITE CHECK
	import sys

	site, check = sys.argv[1:3]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		{"installed": installed, "uninstalled": uninstalled}[check]()
	finally:
		frappe.destroy()

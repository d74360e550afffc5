# Copyright (c) 2026, Customer Success contributors and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestCSMTarget(FrappeTestCase):
	pass

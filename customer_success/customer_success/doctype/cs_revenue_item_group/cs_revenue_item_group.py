# Copyright (c) 2026, Customer Success contributors and contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class CSRevenueItemGroup(Document):
	pass

import frappe

ROLES = ("CS Head", "CS Manager", "CS Partner User")
APP_DOCTYPES_BOUND_BY_USERS = ("CS Partner", "CS Account")


def before_install():
	make_roles()


def after_install():
	from customer_success.customer_success.doctype.cs_settings.cs_settings import fill_defaults

	fill_defaults()
	add_erpnext_fields()
	set_default_print_formats()
	make_survey_records()


def after_migrate():
	make_roles()
	add_erpnext_fields()
	set_default_print_formats()
	make_survey_records()


def after_app_install(app_name):
	if app_name == "erpnext":
		add_erpnext_fields()


def before_uninstall():
	delete_erpnext_fields()


def after_uninstall():
	"""Leave nothing behind that names the app's DocTypes or roles."""
	frappe.db.delete("User Permission", {"allow": ("in", APP_DOCTYPES_BOUND_BY_USERS)})
	frappe.db.delete("Singles", {"doctype": "CS Settings"})
	frappe.db.delete("Property Setter", {"doc_type": ("in", list(DEFAULT_PRINT_FORMATS))})
	delete_survey_records()
	frappe.db.delete("Has Role", {"role": ("in", ROLES)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", ROLES)})
	frappe.db.delete("Role", {"name": ("in", ROLES)})
	# Frappe commits before this hook runs and not after it.
	frappe.db.commit()
	frappe.clear_cache()


def make_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def make_survey_records():
	"""The survey's Email Template and the newsletter's Email Group, once (edits are kept)."""
	from customer_success.newsletter import ensure_newsletter_group
	from customer_success.surveys.mail import ensure_survey_template

	ensure_survey_template()
	ensure_newsletter_group()


def delete_survey_records():
	from customer_success.newsletter import NEWSLETTER_GROUP, missing_newsletter_doctypes
	from customer_success.surveys.mail import SURVEY_TEMPLATE

	frappe.db.delete("Email Template", {"name": SURVEY_TEMPLATE})
	if not missing_newsletter_doctypes():
		frappe.db.delete("Email Group Member", {"email_group": NEWSLETTER_GROUP})
		frappe.db.delete("Email Group", {"name": NEWSLETTER_GROUP})


DEFAULT_PRINT_FORMATS = {"QBR Log": "QBR Report"}


def set_default_print_formats():
	"""Standard DocTypes take their default print format from a Property Setter."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	for doctype, print_format in DEFAULT_PRINT_FORMATS.items():
		if frappe.get_meta(doctype).default_print_format != print_format:
			make_property_setter(
				doctype,
				None,
				"default_print_format",
				print_format,
				"Data",
				for_doctype=True,
				validate_fields_for_doctype=False,
			)


ERPNEXT_FIELDS = {
	"CS Account": [
		{
			"fieldname": "customer",
			"label": "Customer",
			"fieldtype": "Link",
			"options": "Customer",
			"insert_after": "account_name",
			"unique": 1,
			"description": "The ERPNext customer whose invoices count as this account's revenue.",
		}
	]
}


def add_erpnext_fields():
	"""`CS Account.customer` links to ERPNext's Customer, which exists only with ERPNext."""
	if "erpnext" not in frappe.get_installed_apps():
		return
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(ERPNEXT_FIELDS, ignore_validate=True)


def delete_erpnext_fields():
	for doctype, fields in ERPNEXT_FIELDS.items():
		for field in fields:
			frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})

app_name = "customer_success"
app_title = "Customer Success"
app_publisher = "Customer Success contributors"
app_description = (
	"Customer success for Frappe and its partners: tiers, CSM capacity, cadence, QBRs, surveys and KPIs"
)
app_email = "customer-success@example.com"
app_license = "mit"

# "org/repo" form: a bare name makes Frappe look the organisation up on GitHub at install time.
required_apps = ["frappe/frappe"]

before_install = "customer_success.install.before_install"
after_install = "customer_success.install.after_install"
after_migrate = "customer_success.install.after_migrate"
after_app_install = "customer_success.install.after_app_install"
before_uninstall = "customer_success.install.before_uninstall"
after_uninstall = "customer_success.install.after_uninstall"

# Records that hang off an account (an `account` field) follow the account's permission scope.
account_records = [
	"CSM Assignment",
	"Engagement Touchpoint",
	"Satisfaction Survey",
	"CS Handover",
	"CS Kickoff",
	"QBR Log",
	"CS Revenue Entry",
]

permission_query_conditions = {
	"CS Account": "customer_success.permissions.account_query_conditions",
	**{
		doctype: "customer_success.permissions.account_record_query_conditions" for doctype in account_records
	},
	"CSM Target": "customer_success.customer_success.doctype.csm_target.csm_target.query_conditions",
}

has_permission = {
	"CS Account": "customer_success.permissions.has_account_permission",
	**{doctype: "customer_success.permissions.has_account_record_permission" for doctype in account_records},
	"CSM Target": "customer_success.customer_success.doctype.csm_target.csm_target.has_permission",
}

# With ERPNext, submitted and cancelled Sales Invoices of linked customers keep the revenue entries.
doc_events = {
	"Sales Invoice": {
		"on_submit": "customer_success.revenue.on_sales_invoice_submit",
		"on_cancel": "customer_success.revenue.on_sales_invoice_cancel",
	},
	"CS Account": {
		"on_update": [
			"customer_success.revenue.on_account_update",
			"customer_success.newsletter.on_account_change",
		],
		"after_delete": "customer_success.newsletter.on_account_change",
	},
}

scheduler_events = {
	"daily": [
		"customer_success.customer_success.doctype.csm_assignment.csm_assignment.end_lapsed_assignments",
		"customer_success.engagement.open_due_handovers",
		"customer_success.engagement.plan_cadence",
		"customer_success.surveys.sending.send_monthly_surveys",
		"customer_success.newsletter.sync_daily",
		"customer_success.health.update_health_scores",
	],
	"monthly": [
		"customer_success.newsletter.remind_head_of_cs",
	],
}

before_tests = "customer_success.tests.utils.before_tests"

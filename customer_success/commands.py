import click
from frappe.commands import get_site, pass_context


@click.command("cs-demo")
@click.option("--accounts", default=60, show_default=True, help="How many accounts to create")
@click.option("--seed", default=7, show_default=True, help="Random seed: the same seed gives the same book")
@click.option("--password", default="admin", show_default=True, help="Password of the demo users")
@pass_context
def cs_demo(context, accounts, seed, password):
	"""Fill the site with a demo book of customer-success accounts (once)."""
	import frappe

	from customer_success.demo import complete_setup_wizard, make_demo

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		complete_setup_wizard()
		result = make_demo(accounts=accounts, seed=seed, password=password)
	finally:
		frappe.destroy()
	if result["created"]:
		click.echo(f"Demo data: {result['created']} accounts created.")
	else:
		click.echo(f"Demo data already there ({result['existing']} accounts): nothing created.")


@click.command("cs-backfill-revenue")
@pass_context
def cs_backfill_revenue(context):
	"""Revenue entries from every submitted Sales Invoice of a linked customer (ERPNext);
	running it again changes nothing."""
	import frappe

	from customer_success.revenue import backfill, erpnext_installed

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		if not erpnext_installed():
			raise click.ClickException("Revenue comes from Sales Invoices, which need ERPNext on this site.")
		frappe.set_user("Administrator")
		result = backfill(enqueue=False)
		frappe.db.commit()
	finally:
		frappe.destroy()
	click.echo(f"Revenue entries in step with {result['invoices']} invoices.")


commands = [cs_demo, cs_backfill_revenue]

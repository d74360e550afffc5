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

	from customer_success.demo import make_demo

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		result = make_demo(accounts=accounts, seed=seed, password=password)
	finally:
		frappe.destroy()
	if result["created"]:
		click.echo(f"Demo data: {result['created']} accounts created.")
	else:
		click.echo(f"Demo data already there ({result['existing']} accounts): nothing created.")


commands = [cs_demo]

# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, format_date, getdate, today

from customer_success.customer_success.doctype.cs_settings.cs_settings import tier_config
from customer_success.rules.capacity import InvalidRatio, is_over_capacity, load, percent

ACCOUNT_FIELD_OF_ROLE = {"CSM": "csm", "Partner CSM": "partner_csm", "Frappe CSM": "frappe_csm"}
CS_ROLES = {"CS Head", "CS Manager", "CS Partner User"}
CONFIRMING_ROLES = {"CS Head", "System Manager"}


class CSMAssignment(Document):
	def validate(self):
		self.validate_dates()
		self.validate_manager()
		self.validate_overlap()
		self.validate_capacity()

	def after_insert(self):
		self.end_previous_assignment()

	def on_update(self):
		sync_account_team([self.account])

	def on_trash(self):
		self.flags.account_to_sync = self.account

	def after_delete(self):
		sync_account_team([self.flags.account_to_sync])

	def validate_dates(self):
		if self.to_date and getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("The assignment cannot end before it starts."), title=_("Invalid Dates"))

	def validate_manager(self):
		user = frappe.db.get_value("User", self.user, ["enabled", "full_name"], as_dict=True)
		if not user or not user.enabled:
			frappe.throw(
				_("{0} is not an active user.").format(frappe.bold(self.user)), title=_("Invalid Manager")
			)
		if not CS_ROLES & set(frappe.get_roles(self.user)):
			frappe.throw(
				_("{0} has none of the roles {1}, so they could not see the account.").format(
					frappe.bold(user.full_name or self.user), ", ".join(sorted(CS_ROLES))
				),
				title=_("Invalid Manager"),
			)

	def validate_overlap(self):
		"""One holder per role at a time: a new assignment ends the one before it."""
		for other in self.overlapping_assignments():
			if other.user == self.user:
				frappe.throw(
					_("{0} is already {1} of {2} from {3}.").format(
						frappe.bold(self.user),
						self.assignment_role,
						frappe.bold(self.account),
						format_date(other.from_date),
					),
					title=_("Already Assigned"),
				)
			if not self.is_new() or getdate(other.from_date) >= getdate(self.from_date):
				frappe.throw(
					_(
						"{0} is {1} of this account from {2}, which overlaps this assignment. "
						"End or delete that assignment first."
					).format(frappe.bold(other.user), self.assignment_role, format_date(other.from_date)),
					title=_("Overlapping Assignment"),
				)

	def overlapping_assignments(self):
		"""Other assignments of this account in this role whose period meets this one."""
		others = frappe.get_all(
			"CSM Assignment",
			filters={
				"account": self.account,
				"assignment_role": self.assignment_role,
				"name": ("!=", self.name or ""),
			},
			or_filters=[["to_date", "is", "not set"], ["to_date", ">=", self.from_date]],
			fields=["name", "user", "from_date", "to_date"],
		)
		return [
			other for other in others if not self.to_date or getdate(other.from_date) <= getdate(self.to_date)
		]

	def validate_capacity(self):
		if not self.is_open():
			return
		config = tier_config()
		tiers = managed_account_tiers(self.user, exclude_account=self.account)
		account_tier = frappe.db.get_value("CS Account", self.account, "tier")
		try:
			share = load([*tiers, account_tier], config.ratios)
		except InvalidRatio as e:
			frappe.throw(
				_("CS Settings has no accounts-per-manager ratio for {0}.").format(e.args[0]),
				title=_("Missing Tier Rule"),
			)
		self.load_after = percent(share)
		if not is_over_capacity(share):
			self.capacity_confirmed = 0
			return
		if self.capacity_confirmed and CONFIRMING_ROLES & set(frappe.get_roles()):
			return
		counts = {tier: tiers.count(tier) + (tier == account_tier) for tier in config.ratios}
		breakdown = ", ".join(
			_("{0} {1} of {2} per manager").format(counts[tier], tier, ratio)
			for tier, ratio in sorted(config.ratios.items())
		)
		message = _("This assignment would take {0} to {1}% of a manager's capacity ({2}).").format(
			frappe.bold(self.user), self.load_after, breakdown
		)
		if self.capacity_confirmed:
			message += " " + _("Only a CS Head can confirm an assignment past capacity.")
		else:
			message += " " + _("A CS Head can confirm it by ticking Confirmed Past Capacity.")
		frappe.throw(message, title=_("Manager Over Capacity"))

	def is_open(self) -> bool:
		return not self.to_date or getdate(self.to_date) >= getdate(today())

	def end_previous_assignment(self):
		previous = [
			other.name
			for other in self.overlapping_assignments()
			if getdate(other.from_date) < getdate(self.from_date)
		]
		if previous:
			table = frappe.qb.DocType("CSM Assignment")
			frappe.qb.update(table).set(table.to_date, add_days(self.from_date, -1)).where(
				table.name.isin(previous)
			).run()


def managed_account_tiers(user: str, exclude_account: str | None = None) -> list[str]:
	"""Tiers of the accounts `user` holds an open assignment on, each account once.

	Churned accounts need no manager, so they weigh nothing."""
	assignment = frappe.qb.DocType("CSM Assignment")
	account = frappe.qb.DocType("CS Account")
	query = (
		frappe.qb.from_(assignment)
		.join(account)
		.on(account.name == assignment.account)
		.select(account.name, account.tier)
		.distinct()
		.where(assignment.user == user)
		.where(account.status != "Churned")
		.where(assignment.to_date.isnull() | (assignment.to_date >= getdate(today())))
	)
	if exclude_account:
		query = query.where(assignment.account != exclude_account)
	return [row[1] for row in query.run()]


def sync_account_team(accounts: list[str] | None = None):
	"""Set `csm`, `partner_csm` and `frappe_csm` on accounts from the assignments current today.

	When several current assignments share a role, the one that started last wins.
	`accounts=None` checks every account (the daily job).
	"""
	today_date = getdate(today())
	assignment = frappe.qb.DocType("CSM Assignment")
	account = frappe.qb.DocType("CS Account")
	current_query = (
		frappe.qb.from_(assignment)
		.select(assignment.account, assignment.assignment_role, assignment.user)
		.where(assignment.from_date <= today_date)
		.where(assignment.to_date.isnull() | (assignment.to_date >= today_date))
		.orderby(assignment.from_date)
		.orderby(assignment.creation)
	)
	accounts_query = frappe.qb.from_(account).select(
		account.name, account.csm, account.partner_csm, account.frappe_csm
	)
	if accounts is not None:
		accounts = [name for name in accounts if name]
		if not accounts:
			return
		current_query = current_query.where(assignment.account.isin(accounts))
		accounts_query = accounts_query.where(account.name.isin(accounts))

	wanted = {}
	for name, role, user in current_query.run():
		wanted.setdefault(name, {})[ACCOUNT_FIELD_OF_ROLE[role]] = user

	for name, *team in accounts_query.run():
		have = dict(zip(ACCOUNT_FIELD_OF_ROLE.values(), team, strict=True))
		want = {field: wanted.get(name, {}).get(field) for field in ACCOUNT_FIELD_OF_ROLE.values()}
		if have != want:
			frappe.db.set_value("CS Account", name, want, update_modified=False)


def end_lapsed_assignments():
	"""Daily: the account team follows assignments that started or ended overnight."""
	sync_account_team()

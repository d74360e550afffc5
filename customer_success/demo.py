"""A realistic book of accounts for demos and benchmarks.

`make_demo(accounts=60)` gives two partners (one SMB, one Enterprise), accounts over all
tiers with USD and INR revenues, a group with subsidiaries, the CS users and the CSM
assignments, some of them with history. Rows go in with one bulk insert per table, so the
same generator builds 20,000 accounts for the benchmarks in seconds.
"""

import math
import random
from datetime import timedelta

import frappe
from frappe.utils import add_days, add_months, getdate, now_datetime, today

from customer_success.customer_success.doctype.cs_partner.cs_partner import bind_user_to_partner
from customer_success.customer_success.doctype.cs_settings.cs_settings import exchange_rates, tier_config
from customer_success.customer_success.doctype.csm_assignment.csm_assignment import sync_account_team
from customer_success.engagement import mark_missed_touchpoints, open_due_handovers, plan_cadence_for
from customer_success.rules.capacity import load
from customer_success.rules.tiers import CRORE, MILLION, classify
from customer_success.surveys.demo import make_demo_surveys

DEMO_SURVEY_ACCOUNTS = 200  # survey history for the first accounts only: big books are for benchmarks
SMB_PARTNER = "Bluebird Solutions"
# Accounts that get a year of cadence history (the rest of a big benchmark book gets none).
ENGAGEMENT_HISTORY_ACCOUNTS = 2000
ENTERPRISE_PARTNER = "Everest Consulting"
GROUP = "Horizon Group"
SUBSIDIARIES = ("Horizon Retail", "Horizon Foods", "Horizon Logistics")
DEMO_DOMAIN = "demo.example"

HEAD = f"head@{DEMO_DOMAIN}"
ENTERPRISE_HEAD = f"everest-head@{DEMO_DOMAIN}"
PARTNER_USER = f"partner@{DEMO_DOMAIN}"
FRAPPE_CSM = f"frappe-csm@{DEMO_DOMAIN}"

FIRST = (
	"Aurora", "Banyan", "Cobalt", "Deccan", "Emerald", "Falcon", "Granite", "Harbor", "Indus", "Juniper",
	"Kestrel", "Lotus", "Meridian", "Nimbus", "Orchid", "Pinnacle", "Quartz", "Redwood", "Saffron",
	"Teak", "Unity", "Vertex", "Willow", "Zenith",
)  # fmt: skip
SECOND = (
	"Textiles", "Pharma", "Logistics", "Foods", "Motors", "Steel", "Retail", "Agritech", "Finance",
	"Healthcare", "Builders", "Chemicals", "Electronics", "Packaging", "Hospitality", "Education",
)  # fmt: skip
PEOPLE = (
	"Aarav Shah", "Priya Nair", "Rohan Mehta", "Ananya Iyer", "Vikram Rao", "Sara Thomas",
	"Kabir Singh", "Meera Pillai", "Arjun Desai", "Nisha Kapoor", "John Miller", "Emma Brown",
)  # fmt: skip
STATUSES = ("Active",) * 14 + ("Onboarding", "Implementation", "At Risk", "Handover Due", "Churned")
# (tier, share of the book, USD revenue range, INR revenue range)
SIZES = (
	("Tier 1", 0.12, (101 * MILLION, 900 * MILLION), (901 * CRORE, 8000 * CRORE)),
	("Tier 2", 0.28, (10 * MILLION, 100 * MILLION), (90 * CRORE, 900 * CRORE)),
	("Tier 3", 0.60, (200_000, 9_900_000), (50 * 100_000, 89 * CRORE)),
)


def make_demo(accounts: int = 60, seed: int = 7, password: str = "admin") -> dict:
	"""Fill the site with a demo book of `accounts` accounts; a second call adds nothing."""
	existing = frappe.db.count("CS Account", {"partner": ("in", [SMB_PARTNER, ENTERPRISE_PARTNER])})
	if existing:
		return {"created": 0, "existing": existing}
	rng = random.Random(seed)
	users = make_users(password)
	make_partners(users)
	book = plan_accounts(rng, accounts)
	insert_accounts(book, rng)
	assign_managers(book, users, rng, password)
	make_revenue(book, rng)
	add_engagement_history([account["name"] for account in book[:ENGAGEMENT_HISTORY_ACCOUNTS]])
	make_demo_surveys([account["name"] for account in book[:DEMO_SURVEY_ACCOUNTS]], seed)
	frappe.db.commit()
	return {"created": len(book), "existing": 0}


def add_engagement_history(accounts: list[str]):
	"""A year of the cadence: the touchpoints of the last twelve months, four in five of the
	past ones completed on their day and the rest missed, then today's period planned."""
	start = getdate(today())
	for months_back in range(12, 0, -1):
		plan_cadence_for(accounts, on_date=add_months(start, -months_back))
	frappe.db.sql(
		"""update `tabEngagement Touchpoint` set status = 'Completed', completed_on = scheduled_date
		where account in %(accounts)s and status = 'Planned' and period_end < %(today)s
		and crc32(name) %% 5 != 0""",
		{"accounts": accounts, "today": start},
	)
	for doctype, status in (("ToDo", "Closed"), ("Event", "Completed")):
		link = "todo.reference_name = tp.name" if doctype == "ToDo" else "todo.name = tp.event"
		frappe.db.sql(
			f"""update `tab{doctype}` todo join `tabEngagement Touchpoint` tp on {link}
			set todo.status = %s where tp.account in %s and tp.status = 'Completed'""",
			(status, accounts),
		)
	mark_missed_touchpoints()
	plan_cadence_for(accounts)
	open_due_handovers()


def complete_setup_wizard():
	"""Frappe sends every user but Administrator to its setup wizard until it is done; a demo
	site skips it. Does nothing on a site that is set up."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete({"language": "English", "country": "India", "timezone": "Asia/Kolkata", "currency": "INR"})
	frappe.db.commit()


def make_users(password: str) -> dict:
	managers = [f"csm{i}@{DEMO_DOMAIN}" for i in range(1, 6)]
	specs = [
		(HEAD, "Hema", "Head of CS", ["CS Head"]),
		(ENTERPRISE_HEAD, "Eshan", "Everest Head of CS", ["CS Head"]),
		(PARTNER_USER, "Pooja", "Bluebird Partner", ["CS Partner User"]),
		(FRAPPE_CSM, "Farah", "Frappe CSM", ["CS Manager"]),
	] + [(email, f"CSM {i}", "Manager", ["CS Manager"]) for i, email in enumerate(managers, 1)]
	for email, first_name, last_name, roles in specs:
		ensure_user(email, first_name, last_name, roles, password)
	return {"smb": managers[:1], "enterprise": managers[1:], "frappe": FRAPPE_CSM}


def ensure_user(email: str, first_name: str, last_name: str, roles: list[str], password: str):
	if frappe.db.exists("User", email):
		return
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": last_name,
			"enabled": 1,  # in_import (below) skips the defaults
			"send_welcome_email": 0,
			"new_password": password,
			"roles": [{"role": role} for role in roles],
		}
	)
	user.flags.ignore_password_policy = True
	# A big demo book needs more managers than Frappe lets a site create per hour.
	in_import, frappe.flags.in_import = frappe.flags.in_import, True
	try:
		user.insert(ignore_permissions=True)
	finally:
		frappe.flags.in_import = in_import


def make_partners(users: dict):
	for name, partner_type, head, managers in (
		(SMB_PARTNER, "SMB", None, users["smb"]),
		(ENTERPRISE_PARTNER, "Enterprise", ENTERPRISE_HEAD, users["enterprise"]),
	):
		if frappe.db.exists("CS Partner", name):
			continue
		frappe.get_doc(
			{
				"doctype": "CS Partner",
				"partner_name": name,
				"partner_type": partner_type,
				"head_of_cs": head,
				"managers": [{"user": user} for user in managers],
			}
		).insert(ignore_permissions=True)
	bind_user_to_partner(PARTNER_USER, SMB_PARTNER)


def plan_accounts(rng: random.Random, count: int) -> list[dict]:
	"""Accounts as dicts: the Horizon group first, then a spread over all tiers."""
	config = tier_config()
	taken = set(frappe.get_all("CS Account", pluck="name"))
	book = []

	def new_account(name, tier_index, **extra):
		_tier, _share, usd, inr = SIZES[tier_index]
		currency = "INR" if rng.random() < 0.4 else "USD"
		low, high = inr if currency == "INR" else usd
		revenue = rng.randrange(low, high, 1000)
		go_live = add_days(today(), -rng.randrange(30, 900))
		account = {
			"name": name,
			"account_name": name,
			"annual_revenue": revenue,
			"revenue_currency": currency,
			"status": rng.choice(STATUSES),
			"go_live_date": go_live,
			"amc_value": round(revenue * rng.uniform(0.0004, 0.002), -2),
			"amc_renewal_date": add_months(go_live, 12 * math.ceil(rng.uniform(0.5, 3))),
			"parent_cs_account": None,
			"is_group": 0,
			**extra,
		}
		rates = exchange_rates([currency], config.base_currency, config.settings_rates)
		account["size_band"], account["tier"] = classify(
			revenue, currency, config.bands, rates, config.base_currency
		)
		taken.add(name)
		book.append(account)
		return account

	if count >= 4 and GROUP not in taken:
		new_account(GROUP, 0, is_group=1, partner=ENTERPRISE_PARTNER, status="Active")
		for sub in SUBSIDIARIES:
			new_account(sub, 1, parent_cs_account=GROUP, partner=ENTERPRISE_PARTNER, status="Active")

	weights = [size[1] for size in SIZES]
	while len(book) < count:
		tier_index = rng.choices(range(len(SIZES)), weights)[0]
		name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
		suffix = 2
		base = name
		while name in taken:
			name = f"{base} {suffix}"
			suffix += 1
		# SMB partners serve small and mid-sized customers; enterprises go to Everest.
		partner = SMB_PARTNER if tier_index == 2 and rng.random() < 0.5 else ENTERPRISE_PARTNER
		new_account(name, tier_index, partner=partner)
	return book


def insert_accounts(book: list[dict], rng: random.Random):
	"""One bulk insert for the accounts, one for their stakeholders; the tree is numbered here."""
	stamp = now_datetime()
	next_left = (frappe.db.sql("select coalesce(max(rgt), 0) from `tabCS Account`")[0][0] or 0) + 1
	children = {}
	for account in book:
		children.setdefault(account["parent_cs_account"], []).append(account)

	def number(account, left):
		right = left + 1
		for child in children.get(account["name"], []):
			right = number(child, right) + 1
		account["lft"], account["rgt"] = left, right
		return right

	for root in children.get(None, []):
		next_left = number(root, next_left) + 1

	fields = [
		"name", "account_name", "partner", "parent_cs_account", "is_group", "status", "go_live_date",
		"annual_revenue", "revenue_currency", "size_band", "tier", "amc_value", "amc_renewal_date",
		"lft", "rgt", "creation", "modified", "owner", "modified_by", "docstatus",
	]  # fmt: skip
	frappe.db.bulk_insert(
		"CS Account",
		fields,
		([a.get(f) for f in fields[:15]] + [stamp, stamp, "Administrator", "Administrator", 0] for a in book),
	)

	stakeholder_fields = [
		"name", "parent", "parenttype", "parentfield", "idx", "full_name", "email", "side",
		"stakeholder_role", "receives_survey", "creation", "modified", "owner", "modified_by", "docstatus",
	]  # fmt: skip
	rows = []
	for account in book:
		slug = "".join(ch for ch in account["name"].lower() if ch.isalnum())
		for idx, (role, side) in enumerate(
			(("Sponsor", "Customer"), ("Project Champion", "Customer"), ("Project Champion", "Partner")), 1
		):
			person = rng.choice(PEOPLE)
			domain = f"{slug}.example" if side == "Customer" else f"{slug}-partner.example"
			email = f"{person.split()[0].lower()}.{idx}@{domain}"
			rows.append(
				[
					frappe.generate_hash(length=10), account["name"], "CS Account", "stakeholders", idx,
					person, email, side, role, int(side == "Customer"),
					stamp, stamp, "Administrator", "Administrator", 0,
				]
			)  # fmt: skip
	frappe.db.bulk_insert("CS Stakeholder", stakeholder_fields, rows)


def assign_managers(book: list[dict], users: dict, rng: random.Random, password: str):
	"""A CSM for every account within the ratios (more managers join when the book is big),
	a Frappe CSM for Tier 1, and an earlier CSM on some accounts to show the history."""
	config = tier_config()
	pools = {SMB_PARTNER: list(users["smb"]), ENTERPRISE_PARTNER: list(users["enterprise"])}
	weight = {tier: load([tier], config.ratios) for tier in config.ratios}
	loads = {partner: [] for partner in pools}
	rows = []
	stamp = now_datetime()
	start = getdate(today())

	def row(account, user, role, from_date, to_date=None):
		rows.append(
			[
				frappe.generate_hash(length=10), account["name"], account["partner"], account["tier"], user,
				role, from_date, to_date, stamp, stamp, "Administrator", "Administrator", 0,
			]
		)  # fmt: skip

	for account in book:
		partner = account["partner"]
		pool, shares = pools[partner], loads[partner]
		while len(shares) < len(pool):
			shares.append(0)
		added = weight[account["tier"]]
		# The least-loaded manager takes the account; a new one joins when nobody has room.
		slot = min(range(len(shares)), key=shares.__getitem__, default=None)
		if slot is None or shares[slot] + added > 1:
			slot = len(pool)
			new_manager = f"csm-{partner.split()[0].lower()}-{slot + 1}@{DEMO_DOMAIN}"
			ensure_user(new_manager, "CSM", f"{partner.split()[0]} {slot + 1}", ["CS Manager"], password)
			pool.append(new_manager)
			shares.append(0)
		shares[slot] += added
		from_date = max(getdate(account["go_live_date"]), start - timedelta(days=720))
		if rng.random() < 0.15 and len(pool) > 1:
			earlier = pool[(slot + 1) % len(pool)]
			handover = from_date + timedelta(days=rng.randrange(30, 180))
			if handover < start:
				row(account, earlier, "CSM", from_date, handover - timedelta(days=1))
				from_date = handover
		row(account, pool[slot], "CSM", from_date)
		if account["tier"] == "Tier 1":
			row(account, users["frappe"], "Frappe CSM", from_date)

	fields = [
		"name", "account", "partner", "tier", "user", "assignment_role", "from_date", "to_date",
		"creation", "modified", "owner", "modified_by", "docstatus",
	]  # fmt: skip
	frappe.db.bulk_insert("CSM Assignment", fields, rows)
	for partner, pool in pools.items():
		doc = frappe.get_doc("CS Partner", partner)
		listed = {row.user for row in doc.managers}
		for user in pool:
			if user not in listed:
				doc.append("managers", {"user": user})
		doc.save(ignore_permissions=True)
	sync_account_team([account["name"] for account in book])


# (tier, yearly AMC range in the company currency)
AMC_RANGE = {"Tier 1": (50_000, 200_000), "Tier 2": (10_000, 50_000), "Tier 3": (1_000, 10_000)}
# Renewal against last year's AMC: mostly flat, some contracting, some growing.
RENEWAL = (0.8, 1.0, 1.0, 1.0, 1.0, 1.15, 1.3)
EXTRA_REVENUE = (("Upsell", 0.25, 0.5), ("New Project", 0.1, 1.5), ("Services", 0.3, 0.2))


def make_revenue(book: list[dict], rng: random.Random):
	"""Two years of AMC on each account's go-live anniversary (churned accounts stop
	renewing), some upsells, projects and services, and a quarterly revenue target for each
	manager this year: one bulk insert per table."""
	stamp, start = now_datetime(), getdate(today())
	csm_of = dict(
		frappe.get_all(
			"CS Account",
			filters={"name": ("in", [a["name"] for a in book])},
			fields=["name", "csm"],
			as_list=1,
		)
	)
	entries, expected = [], {}

	def entry(account, day, kind, amount):
		entries.append(
			[
				frappe.generate_hash(length=10), account["name"], day, kind, round(amount, 2),
				f"Demo {kind}", stamp, stamp, "Administrator", "Administrator", 0,
			]
		)  # fmt: skip

	for account in book:
		go_live = getdate(account["go_live_date"])
		amc = rng.uniform(*AMC_RANGE[account["tier"]])
		for years_back in (1, 0):
			anniversary = add_months(go_live, 12 * (start.year - go_live.year - years_back))
			if getdate(anniversary) <= go_live or getdate(anniversary) > start:
				continue
			if years_back == 0:
				if account["status"] == "Churned":
					continue
				amc *= rng.choice(RENEWAL)
			entry(account, anniversary, "AMC", amc)
		for kind, chance, share in EXTRA_REVENUE:
			if rng.random() < chance:
				entry(
					account,
					add_days(start, -rng.randrange(1, 360)),
					kind,
					amc * share * rng.uniform(0.5, 1.5),
				)
		user = csm_of.get(account["name"])
		if user:
			expected[user] = expected.get(user, 0) + amc * 1.3

	fields = [
		"name", "account", "posting_date", "revenue_type", "amount", "remarks",
		"creation", "modified", "owner", "modified_by", "docstatus",
	]  # fmt: skip
	frappe.db.bulk_insert("CS Revenue Entry", fields, entries)

	targets = []
	for user, yearly in sorted(expected.items()):
		for quarter in range(4):
			from_date = getdate(f"{start.year}-{3 * quarter + 1:02d}-01")
			targets.append(
				[
					f"CSMT-DEMO-{frappe.generate_hash(length=8)}", user, from_date,
					add_days(add_months(from_date, 3), -1), round(yearly / 4, -2),
					stamp, stamp, "Administrator", "Administrator", 0,
				]
			)  # fmt: skip
	target_fields = [
		"name", "user", "from_date", "to_date", "target_amount",
		"creation", "modified", "owner", "modified_by", "docstatus",
	]  # fmt: skip
	frappe.db.bulk_insert("CSM Target", target_fields, targets)

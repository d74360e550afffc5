"""Daily jobs of the engagement model: the tier cadence and the handovers that fall due.

Both jobs are idempotent by construction: every generated row carries a key that the
database holds UNIQUE (`cadence_key` on touchpoints, `account` on handovers) and goes in
with INSERT IGNORE, so a second or concurrent run inserts nothing twice. Each run tags the
rows it managed to insert with its own run id; Events, ToDos and checklists are then made
with INSERT ... SELECT over that tag only, so they exist once per touchpoint too. The
number of statements does not depend on the number of accounts.
"""

import functools
import hashlib

import frappe
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime, today

from customer_success.rules.cadence import (
	QUARTERLY,
	focus_areas,
	handover_due,
	periods_due,
	planned_date,
)

CADENCE_FILTERS = {"status": ("in", ("Active", "At Risk")), "tier": ("is", "set")}
# Accounts per background job when the book is large.
CHUNK_SIZE = 2000
KEY_LENGTH = 140
TOUCHPOINT_FIELDS = [
	"name",
	"account",
	"partner",
	"touchpoint_type",
	"meeting_format",
	"status",
	"scheduled_date",
	"csm",
	"cadence_period",
	"period_end",
	"tier",
	"cadence_key",
	"generated_by_run",
	"event",
	"todo",
	"_assign",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
]  # fmt: skip
HANDOVER_FIELDS = [
	"name",
	"account",
	"partner",
	"go_live_date",
	"due_date",
	"status",
	"csm",
	"generated_by_run",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
]  # fmt: skip
QBR_AGENDA = (
	"Support history: tickets resolved last quarter",
	"Recap of the success metrics defined at kick-off: on track or delayed",
	"Project status and bottlenecks",
	"Adoption wins and gaps",
	"Expansion opportunities",
	"Customer satisfaction score, captured live",
)


def retry_on_deadlock(job):
	"""Concurrent runs insert into the same unique index; InnoDB may pick one of them as a
	deadlock victim. The victim rolls back and runs again, and then finds the rows there."""

	@functools.wraps(job)
	def run(*args, **kwargs):
		for attempt in range(3):
			try:
				return job(*args, **kwargs)
			except frappe.QueryDeadlockError:
				if attempt == 2:
					raise
				frappe.db.rollback()

	return run


def cadence_key(account: str, period: str, touchpoint_type: str) -> str:
	key = f"{period}|{touchpoint_type}|{account}"
	if len(key) <= KEY_LENGTH:
		return key
	return f"{period}|{touchpoint_type}|#{hashlib.sha256(account.encode()).hexdigest()}"


def tier_rules() -> dict:
	settings = frappe.get_cached_doc("CS Settings")
	return {row.tier: row for row in settings.tier_rules}


def plan_cadence():
	"""Daily: every Active or At Risk account has its touchpoints for the current period."""
	mark_missed_touchpoints()
	accounts = frappe.get_all("CS Account", filters=CADENCE_FILTERS, pluck="name", order_by="name")
	if len(accounts) <= CHUNK_SIZE:
		return plan_cadence_for(accounts)
	for start in range(0, len(accounts), CHUNK_SIZE):
		frappe.enqueue(
			"customer_success.engagement.plan_cadence_for",
			queue="long",
			accounts=accounts[start : start + CHUNK_SIZE],
			job_id=f"cs-cadence-{today()}-{start // CHUNK_SIZE}",
			deduplicate=True,
		)


@retry_on_deadlock
def plan_cadence_for(accounts: list[str] | None = None, on_date=None) -> int:
	"""Insert the missing cadence touchpoints of these accounts (all when None); returns
	how many this run inserted."""
	on_date = getdate(on_date or today())
	rules = tier_rules()
	wanted = wanted_touchpoints(cadence_accounts(accounts, on_date), rules, on_date)
	if not wanted:
		return 0
	existing = set(
		frappe.get_all(
			"Engagement Touchpoint", filters={"cadence_key": ("in", list(wanted))}, pluck="cadence_key"
		)
	)
	run = frappe.generate_hash(length=16)
	stamp = now_datetime()
	values = []
	for key, (account, tier, period, touchpoint_type) in wanted.items():
		if key in existing:
			continue
		name = f"TP-{period.name}-{frappe.generate_hash(length=10)}"
		values.append(
			(
				name,
				account.name,
				account.partner,
				touchpoint_type,
				rules[tier].meeting_format,
				"Planned",
				planned_date(period, on_date),
				account.csm,
				period.name,
				period.end,
				tier,
				key,
				run,
				f"EV-{name}" if account.csm else None,
				f"TD-{name}" if account.csm else None,
				frappe.as_json([account.csm]) if account.csm else None,
				stamp,
				stamp,
				"Administrator",
				"Administrator",
				0,
			)
		)
	if not values:
		return 0
	frappe.db.bulk_insert(
		"Engagement Touchpoint",
		TOUCHPOINT_FIELDS,
		values,
		ignore_duplicates=True,
		chunk_size=len(values),
	)
	add_focus_areas(run, rules)
	add_events_and_todos(run)
	return frappe.db.count("Engagement Touchpoint", {"generated_by_run": run})


def cadence_accounts(accounts: list[str] | None, on_date) -> list:
	"""The accounts that get cadence touchpoints on `on_date`: Active or At Risk, not paused."""
	if accounts is not None and not accounts:
		return []
	filters = dict(CADENCE_FILTERS, **({"name": ("in", accounts)} if accounts is not None else {}))
	rows = frappe.get_all(
		"CS Account",
		filters=filters,
		fields=["name", "tier", "previous_tier", "tier_changed_on", "csm", "partner", "cadence_paused_until"],
	)
	return [
		row for row in rows if not row.cadence_paused_until or getdate(row.cadence_paused_until) < on_date
	]


def wanted_touchpoints(accounts: list, rules: dict, on_date) -> dict:
	"""{cadence key: (account, tier, period, type)} of every touchpoint due on `on_date`:
	the tier meeting of each cadence period, and the QBR of each quarter for the tiers
	whose rule asks for one."""
	cadence_of = {tier: rule.cadence for tier, rule in rules.items()}
	quarterly = dict.fromkeys(rules, QUARTERLY)
	wanted = {}
	for account in accounts:
		changed_on = getdate(account.tier_changed_on) if account.tier_changed_on else None
		history = (account.previous_tier, changed_on)
		for tier, period in periods_due(on_date, account.tier, cadence_of, *history):
			wanted[cadence_key(account.name, period.name, "Tier Meeting")] = (
				account,
				tier,
				period,
				"Tier Meeting",
			)
		for tier, quarter in periods_due(on_date, account.tier, quarterly, *history):
			if rules[tier].qbr_due:
				wanted[cadence_key(account.name, quarter.name, "QBR")] = (account, tier, quarter, "QBR")
	return wanted


def checklist_source(rules: dict) -> tuple[str, list]:
	"""A derived table (kind, tier, idx, focus_area) of every checklist line, as SQL."""
	lines = [
		("Tier Meeting", tier, idx, area)
		for tier, rule in rules.items()
		for idx, area in enumerate(focus_areas(rule.focus_areas), 1)
	] + [("QBR", tier, idx, area) for tier in rules for idx, area in enumerate(QBR_AGENDA, 1)]
	select = " union all ".join(["select %s as kind, %s as tier, %s as idx, %s as focus_area"] * len(lines))
	return select, [value for line in lines for value in line]


def add_focus_areas(run: str, rules: dict):
	source, params = checklist_source(rules)
	if not params:
		return
	frappe.db.sql(
		f"""insert into `tabEngagement Focus Area`
			(name, parent, parenttype, parentfield, idx, focus_area, covered,
			creation, modified, owner, modified_by, docstatus)
		select concat(tp.name, '-', checklist.idx), tp.name, 'Engagement Touchpoint', 'focus_areas', checklist.idx,
			checklist.focus_area, 0, tp.creation, tp.modified, tp.owner, tp.modified_by, 0
		from `tabEngagement Touchpoint` tp
		join ({source}) checklist on checklist.kind = tp.touchpoint_type and checklist.tier = tp.tier
		where tp.generated_by_run = %s""",
		(*params, run),
	)


def add_events_and_todos(run: str):
	"""An Event on the CSM's calendar and a ToDo for every touchpoint this run inserted."""
	frappe.db.sql(
		"""insert into `tabEvent`
			(name, subject, event_category, event_type, send_reminder, starts_on, ends_on, status,
			description, creation, modified, owner, modified_by, docstatus)
		select tp.event,
			concat(if(tp.touchpoint_type = 'QBR', 'QBR', concat(tp.tier, ' meeting')), ': ', acc.account_name),
			if(tp.meeting_format = 'Call', 'Call', 'Meeting'), 'Private', 1,
			timestamp(tp.scheduled_date, '10:00:00'), timestamp(tp.scheduled_date, '11:00:00'), 'Open',
			concat('Cadence ', tp.cadence_period, ' (', ifnull(tp.meeting_format, ''), ') for ', acc.account_name),
			tp.creation, tp.modified, tp.csm, tp.modified_by, 0
		from `tabEngagement Touchpoint` tp join `tabCS Account` acc on acc.name = tp.account
		where tp.generated_by_run = %(run)s and tp.event is not null""",
		{"run": run},
	)
	frappe.db.sql(
		"""insert into `tabEvent Participants`
			(name, parent, parenttype, parentfield, idx, reference_doctype, reference_docname,
			creation, modified, owner, modified_by, docstatus)
		select concat(tp.event, '-', refs.idx), tp.event, 'Event', 'event_participants', refs.idx,
			refs.doctype, if(refs.idx = 1, tp.account, tp.name), tp.creation, tp.modified, tp.owner, tp.modified_by, 0
		from `tabEngagement Touchpoint` tp
		join (select 1 as idx, 'CS Account' as doctype union all select 2, 'Engagement Touchpoint') refs
		where tp.generated_by_run = %(run)s and tp.event is not null""",
		{"run": run},
	)
	frappe.db.sql(
		"""insert into `tabToDo`
			(name, status, priority, date, allocated_to, description, reference_type, reference_name,
			assigned_by, creation, modified, owner, modified_by, docstatus)
		select tp.todo, 'Open', if(tp.touchpoint_type = 'QBR', 'High', 'Medium'), tp.scheduled_date, tp.csm,
			concat(if(tp.touchpoint_type = 'QBR', 'Hold the QBR', concat('Hold the ', tp.tier, ' meeting')),
				' for ', acc.account_name, ' (', tp.cadence_period, ')'),
			'Engagement Touchpoint', tp.name, 'Administrator', tp.creation, tp.modified, 'Administrator',
			tp.modified_by, 0
		from `tabEngagement Touchpoint` tp join `tabCS Account` acc on acc.name = tp.account
		where tp.generated_by_run = %(run)s and tp.todo is not null""",
		{"run": run},
	)


def mark_missed_touchpoints(on_date=None):
	"""A touchpoint still Planned after its period ends is Missed; its ToDo is cancelled."""
	on_date = getdate(on_date or today())
	frappe.db.sql(
		"""update `tabToDo` todo join `tabEngagement Touchpoint` tp
			on todo.reference_type = 'Engagement Touchpoint' and todo.reference_name = tp.name
		set todo.status = 'Cancelled'
		where tp.status = 'Planned' and tp.period_end < %s and todo.status = 'Open'""",
		on_date,
	)
	frappe.db.sql(
		"""update `tabEngagement Touchpoint` set status = 'Missed', modified = %s
		where status = 'Planned' and period_end < %s""",
		(now_datetime(), on_date),
	)


@retry_on_deadlock
def open_due_handovers(on_date=None) -> int:
	"""Daily: a CS Handover for every account in Implementation whose go-live date plus the
	handover delay has arrived and that has none; the account becomes Handover Due and its
	CSM gets a ToDo. Returns how many this run opened."""
	on_date = getdate(on_date or today())
	delay = frappe.get_cached_doc("CS Settings").handover_delay_months or 0
	candidates = frappe.db.sql(
		"""select acc.name, acc.go_live_date, acc.csm, acc.partner from `tabCS Account` acc
		where acc.status = 'Implementation' and acc.go_live_date <= %s
		and not exists (select 1 from `tabCS Handover` ho where ho.account = acc.name)""",
		on_date,
		as_dict=True,
	)
	run = frappe.generate_hash(length=16)
	stamp = now_datetime()
	values = []
	for account in candidates:
		due = handover_due(getdate(account.go_live_date), delay)
		if due <= on_date:
			name = f"HO-{frappe.generate_hash(length=10)}"
			values.append(
				(name, account.name, account.partner, account.go_live_date, due, "Due", account.csm, run,
				stamp, stamp, "Administrator", "Administrator", 0)
			)  # fmt: skip
	if not values:
		return 0
	frappe.db.bulk_insert(
		"CS Handover",
		HANDOVER_FIELDS,
		values,
		ignore_duplicates=True,
		chunk_size=len(values),
	)
	frappe.db.sql(
		"""insert into `tabCS Handover Stakeholder`
			(name, parent, parenttype, parentfield, idx, full_name, email, side, stakeholder_role, introduced,
			creation, modified, owner, modified_by, docstatus)
		select concat(ho.name, '-', st.idx), ho.name, 'CS Handover', 'stakeholders_introduced', st.idx,
			st.full_name, st.email, st.side, st.stakeholder_role, 0, ho.creation, ho.modified, ho.owner,
			ho.modified_by, 0
		from `tabCS Handover` ho join `tabCS Stakeholder` st
			on st.parent = ho.account and st.parenttype = 'CS Account' and st.parentfield = 'stakeholders'
		where ho.generated_by_run = %s""",
		run,
	)
	frappe.db.sql(
		"""update `tabCS Account` acc join `tabCS Handover` ho on ho.account = acc.name
		set acc.status = 'Handover Due'
		where ho.generated_by_run = %s and acc.status = 'Implementation'""",
		run,
	)
	frappe.db.sql(
		"""insert into `tabToDo`
			(name, status, priority, date, allocated_to, description, reference_type, reference_name,
			assigned_by, creation, modified, owner, modified_by, docstatus)
		select concat('TD-', ho.name), 'Open', 'High', ho.due_date, ho.csm,
			concat('Take over ', acc.account_name, ' from the implementation team (handover due ',
				date_format(ho.due_date, '%%Y-%%m-%%d'), ')'),
			'CS Handover', ho.name, 'Administrator', ho.creation, ho.modified, 'Administrator', ho.modified_by, 0
		from `tabCS Handover` ho join `tabCS Account` acc on acc.name = ho.account
		where ho.generated_by_run = %s and ho.csm is not null""",
		run,
	)
	return frappe.db.count("CS Handover", {"generated_by_run": run})


def add_calendar_event(
	owner: str, subject: str, starts_on, references: list[tuple[str, str]], minutes: int = 60, **fields
) -> str:
	"""A private Frappe Event on `owner`'s calendar, linked to the documents in `references`."""
	starts_on = get_datetime(starts_on)
	event = frappe.get_doc(
		{
			"doctype": "Event",
			"subject": subject,
			"event_type": "Private",
			"event_category": "Meeting",
			"send_reminder": 1,
			"starts_on": starts_on,
			"ends_on": add_to_date(starts_on, minutes=minutes),
			"event_participants": [
				{"reference_doctype": doctype, "reference_docname": name} for doctype, name in references
			],
			**fields,
		}
	).insert(ignore_permissions=True)
	# Frappe makes the session user the owner on insert; the calendar is the owner's.
	event.db_set("owner", owner, update_modified=False)
	return event.name


def close_todos(reference_type: str, reference_name: str, status: str = "Closed"):
	"""Close the open ToDos of a document once its work is done."""
	frappe.db.set_value(
		"ToDo",
		{"reference_type": reference_type, "reference_name": reference_name, "status": "Open"},
		"status",
		status,
	)

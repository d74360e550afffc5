"""Handover, kick-off and the tier cadence on a real site."""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from customer_success.engagement import (
	cadence_key,
	mark_missed_touchpoints,
	open_due_handovers,
	plan_cadence_for,
)
from customer_success.tests.utils import assign, in_threads, make_account, make_user

STAKEHOLDERS = [
	{
		"full_name": "Asha Rao",
		"email": "asha@customer.example",
		"side": "Customer",
		"stakeholder_role": "Sponsor",
	},
	{
		"full_name": "Ben Lee",
		"email": "ben@partner.example",
		"side": "Partner",
		"stakeholder_role": "Project Champion",
	},
]


def touchpoints(account, **filters):
	return frappe.get_all(
		"Engagement Touchpoint",
		filters={"account": account, **filters},
		fields=[
			"name",
			"touchpoint_type",
			"meeting_format",
			"cadence_period",
			"status",
			"tier",
			"event",
			"todo",
			"csm",
		],
		order_by="cadence_period, touchpoint_type",
	)


class TestHandover(FrappeTestCase):
	def setUp(self):
		self.csm = make_user(["CS Manager"])

	def tearDown(self):
		frappe.db.rollback()

	def implementation_account(self, go_live, **fields):
		account = make_account(
			"Tier 2", status="Implementation", go_live_date=go_live, stakeholders=STAKEHOLDERS, **fields
		)
		assign(account.name, self.csm, from_date=go_live)
		return account.name

	def test_handover_opens_exactly_three_months_after_go_live(self):
		account = self.implementation_account("2026-11-30")
		self.assertEqual(open_due_handovers(on_date="2027-02-27"), 0)
		self.assertFalse(frappe.db.exists("CS Handover", {"account": account}))
		self.assertEqual(open_due_handovers(on_date="2027-02-28"), 1)
		handover = frappe.get_doc("CS Handover", {"account": account})
		self.assertEqual(getdate(handover.due_date), date(2027, 2, 28))
		self.assertEqual((handover.status, handover.csm), ("Due", self.csm))
		self.assertEqual(
			[(s.full_name, s.side) for s in handover.stakeholders_introduced],
			[("Asha Rao", "Customer"), ("Ben Lee", "Partner")],
		)
		self.assertEqual(frappe.db.get_value("CS Account", account, "status"), "Handover Due")
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "CS Handover", "reference_name": handover.name},
			fields=["allocated_to", "status"],
		)
		self.assertEqual([(t.allocated_to, t.status) for t in todo], [(self.csm, "Open")])

	def test_go_live_on_the_31st_lands_on_the_last_day_of_the_shorter_month(self):
		account = self.implementation_account("2027-11-30")
		leap = self.implementation_account("2026-03-31")
		open_due_handovers(on_date="2028-02-29")
		self.assertEqual(
			getdate(frappe.db.get_value("CS Handover", {"account": account}, "due_date")), date(2028, 2, 29)
		)
		self.assertEqual(
			getdate(frappe.db.get_value("CS Handover", {"account": leap}, "due_date")), date(2026, 6, 30)
		)

	def test_second_run_opens_nothing_and_other_statuses_are_left_alone(self):
		account = self.implementation_account("2026-01-15")
		active = self.implementation_account("2026-01-15")
		frappe.db.set_value("CS Account", active, "status", "Active")
		self.assertEqual(open_due_handovers(on_date="2026-06-01"), 1)
		self.assertEqual(open_due_handovers(on_date="2026-06-01"), 0)
		self.assertEqual(frappe.db.count("CS Handover", {"account": ("in", [account, active])}), 1)
		self.assertEqual(
			frappe.db.count("ToDo", {"reference_type": "CS Handover", "allocated_to": self.csm}), 1
		)

	def test_completing_the_handover_moves_the_account_to_onboarding(self):
		account = self.implementation_account("2026-01-15")
		open_due_handovers(on_date="2026-06-01")
		handover = frappe.get_doc("CS Handover", {"account": account})
		handover.project_context = "ERPNext Manufacturing live in two plants"
		handover.append("open_items", {"item": "Payroll integration", "status": "Open"})
		handover.status = "Completed"
		self.assertRaisesRegex(frappe.ValidationError, "owner", handover.save)
		handover.reload()
		handover.append(
			"open_items", {"item": "Payroll integration", "status": "Open", "owner_user": self.csm}
		)
		handover.status = "Completed"
		handover.save()
		self.assertEqual(frappe.db.get_value("CS Account", account, "status"), "Onboarding")
		self.assertEqual(frappe.db.get_value("ToDo", {"reference_name": handover.name}, "status"), "Closed")

	def test_one_handover_per_account(self):
		account = self.implementation_account("2026-01-15")
		open_due_handovers(on_date="2026-06-01")
		with self.assertRaisesRegex(frappe.ValidationError, "already has handover"):
			frappe.get_doc({"doctype": "CS Handover", "account": account, "due_date": "2026-06-01"}).insert()


class TestKickoff(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def kickoff(self, account, **fields):
		return frappe.get_doc(
			{
				"doctype": "CS Kickoff",
				"account": account,
				"kickoff_date": add_days(today(), 7) + " 15:00:00",
				"participants": [
					{
						"full_name": "Asha Rao",
						"email": "asha@customer.example",
						"side": "Customer",
						"participant_role": "Sponsor",
					},
					{
						"full_name": "Ben Lee",
						"email": "ben@partner.example",
						"side": "Partner",
						"participant_role": "CSM",
					},
				],
				"expectations": "Monthly reviews; QBR each quarter",
				"success_metrics": [
					{
						"metric": "Invoices raised in ERPNext",
						"baseline": "40%",
						"target": "100%",
						"target_date": add_days(today(), 90),
					}
				],
				"support_process": "Tickets through the partner helpdesk",
				"escalation_matrix": [
					{
						"level": 2,
						"contact_name": "Head of CS",
						"channel": "Phone",
						"response_time": "1 business day",
					},
					{
						"level": 1,
						"contact_name": "Support desk",
						"channel": "Helpdesk",
						"response_time": "4 business hours",
					},
				],
				**fields,
			}
		).insert()

	def test_kickoff_needs_both_sides(self):
		account = make_account("Tier 2", status="Onboarding").name
		with self.assertRaisesRegex(frappe.ValidationError, "both sides"):
			self.kickoff(account, participants=[{"full_name": "Asha Rao", "side": "Customer"}])

	def test_scheduling_puts_an_event_with_participants_on_the_calendar(self):
		csm = make_user(["CS Manager"])
		account = make_account("Tier 2", status="Onboarding").name
		assign(account, csm)
		kickoff = self.kickoff(account)
		self.assertEqual([row.level for row in kickoff.escalation_matrix], [1, 2])
		event = frappe.get_doc("Event", kickoff.event)
		self.assertEqual(event.owner, csm)
		self.assertIn("Asha Rao", event.description)
		self.assertIn("Ben Lee", event.description)
		self.assertIn(
			("CS Account", account),
			[(p.reference_doctype, p.reference_docname) for p in event.event_participants],
		)
		self.assertEqual(
			frappe.db.get_value("Engagement Touchpoint", kickoff.touchpoint, ["touchpoint_type", "status"]),
			("Kick-off", "Planned"),
		)

	def test_completing_the_kickoff_activates_the_account(self):
		account = make_account("Tier 2", status="Onboarding").name
		kickoff = self.kickoff(account)
		kickoff.status = "Completed"
		self.assertRaisesRegex(frappe.ValidationError, "before it has taken place", kickoff.save)
		kickoff.reload()
		kickoff.kickoff_date = add_days(today(), -1) + " 10:00:00"
		kickoff.status = "Completed"
		kickoff.save()
		self.assertEqual(frappe.db.get_value("CS Account", account, "status"), "Active")
		self.assertEqual(frappe.db.get_value("Event", kickoff.event, "status"), "Completed")
		self.assertEqual(
			frappe.db.get_value("Engagement Touchpoint", kickoff.touchpoint, "status"), "Completed"
		)


class TestCadence(FrappeTestCase):
	def setUp(self):
		self.csm = make_user(["CS Manager"])

	def tearDown(self):
		frappe.db.rollback()

	def account(self, tier, **fields):
		account = make_account(tier, **fields).name
		assign(account, self.csm, from_date="2020-01-01")
		return account

	def test_each_tier_gets_its_cadence_format_and_focus_areas(self):
		tier1, tier2, tier3 = self.account("Tier 1"), self.account("Tier 2"), self.account("Tier 3")
		plan_cadence_for([tier1, tier2, tier3], on_date="2026-12-04")
		summary = {
			account: [(t.touchpoint_type, t.cadence_period, t.meeting_format) for t in touchpoints(account)]
			for account in (tier1, tier2, tier3)
		}
		self.assertEqual(
			summary[tier1], [("Tier Meeting", "2026-12", "In-person"), ("QBR", "2026-Q4", "In-person")]
		)
		self.assertEqual(
			summary[tier2], [("QBR", "2026-Q4", "In-person"), ("Tier Meeting", "2026-Q4", "In-person")]
		)
		self.assertEqual(summary[tier3], [("Tier Meeting", "2026-Q4", "Call")])
		meeting = frappe.get_doc(
			"Engagement Touchpoint", touchpoints(tier1, touchpoint_type="Tier Meeting")[0].name
		)
		self.assertEqual(len(meeting.focus_areas), 7)
		self.assertIn("SaaS tools mapping", meeting.focus_areas[3].focus_area)
		self.assertEqual(getdate(meeting.scheduled_date), date(2026, 12, 15))
		call = frappe.get_doc("Engagement Touchpoint", touchpoints(tier3)[0].name)
		self.assertEqual(
			[f.focus_area for f in call.focus_areas],
			["Review product usage", "Increase adoption of existing products", "New product upsell"],
		)

	def test_every_touchpoint_has_an_event_and_a_todo_for_the_csm(self):
		account = self.account("Tier 1")
		plan_cadence_for([account], on_date="2026-12-04")
		for touchpoint in touchpoints(account):
			event = frappe.get_doc("Event", touchpoint.event)
			self.assertEqual(
				(event.owner, event.event_type, getdate(event.starts_on)),
				(
					self.csm,
					"Private",
					getdate(frappe.db.get_value("Engagement Touchpoint", touchpoint.name, "scheduled_date")),
				),
			)
			self.assertIn(account, [p.reference_docname for p in event.event_participants])
			todo = frappe.get_doc("ToDo", touchpoint.todo)
			self.assertEqual(
				(todo.allocated_to, todo.status, todo.reference_name), (self.csm, "Open", touchpoint.name)
			)
		self.assertEqual(
			frappe.get_list(
				"Event", filters={"name": touchpoints(account)[0].event}, user=self.csm, pluck="name"
			),
			[touchpoints(account)[0].event],
		)

	def test_second_run_creates_nothing(self):
		accounts = [self.account("Tier 1"), self.account("Tier 3")]
		self.assertEqual(plan_cadence_for(accounts, on_date="2026-12-04"), 3)
		self.assertEqual(plan_cadence_for(accounts, on_date="2026-12-20"), 0)
		self.assertEqual(sum(len(touchpoints(a)) for a in accounts), 3)
		self.assertEqual(
			frappe.db.count("ToDo", {"allocated_to": self.csm, "reference_type": "Engagement Touchpoint"}), 3
		)

	def test_the_database_refuses_a_duplicate_cadence_key(self):
		account = self.account("Tier 3")
		plan_cadence_for([account], on_date="2026-12-04")
		duplicate = frappe.get_doc(
			{
				"doctype": "Engagement Touchpoint",
				"account": account,
				"scheduled_date": "2026-12-05",
				"cadence_key": cadence_key(account, "2026-Q4", "Tier Meeting"),
			}
		)
		self.assertRaises(frappe.UniqueValidationError, duplicate.insert)

	def test_period_boundaries(self):
		account = self.account("Tier 1")
		for day in ("2026-12-31", "2027-01-01", "2028-02-29", "2028-03-01"):
			plan_cadence_for([account], on_date=day)
		self.assertEqual(
			[(t.cadence_period, t.touchpoint_type) for t in touchpoints(account)],
			[
				("2026-12", "Tier Meeting"),
				("2026-Q4", "QBR"),
				("2027-01", "Tier Meeting"),
				("2027-Q1", "QBR"),
				("2028-02", "Tier Meeting"),
				("2028-03", "Tier Meeting"),
				("2028-Q1", "QBR"),
			],
		)

	def test_churned_paused_and_onboarding_accounts_get_nothing(self):
		churned = self.account("Tier 1", status="Churned")
		onboarding = self.account("Tier 1", status="Onboarding")
		paused = self.account("Tier 1", cadence_paused_until="2026-12-31")
		self.assertEqual(plan_cadence_for([churned, onboarding, paused], on_date="2026-12-04"), 0)
		plan_cadence_for([paused], on_date="2027-01-01")
		self.assertEqual(
			[t.cadence_period for t in touchpoints(paused, touchpoint_type="Tier Meeting")], ["2027-01"]
		)

	def test_tier_change_takes_effect_from_the_next_period(self):
		account = self.account("Tier 3")
		plan_cadence_for([account], on_date="2026-10-05")
		doc = frappe.get_doc("CS Account", account)
		doc.annual_revenue = 500_000_000
		doc.save()
		self.assertEqual(
			(doc.tier, doc.previous_tier, getdate(doc.tier_changed_on)),
			("Tier 1", "Tier 3", getdate(today())),
		)
		frappe.db.set_value("CS Account", account, "tier_changed_on", "2026-11-10")
		plan_cadence_for([account], on_date="2026-11-20")
		self.assertEqual([(t.cadence_period, t.tier) for t in touchpoints(account)], [("2026-Q4", "Tier 3")])
		plan_cadence_for([account], on_date="2026-12-01")
		self.assertEqual(
			[(t.cadence_period, t.tier, t.touchpoint_type) for t in touchpoints(account)],
			[("2026-12", "Tier 1", "Tier Meeting"), ("2026-Q4", "Tier 3", "Tier Meeting")],
		)
		plan_cadence_for([account], on_date="2027-01-02")
		self.assertIn(
			("2027-Q1", "QBR"), [(t.cadence_period, t.touchpoint_type) for t in touchpoints(account)]
		)

	def test_planned_touchpoints_become_missed_after_their_period(self):
		account = self.account("Tier 3")
		plan_cadence_for([account], on_date="2026-12-04")
		done = touchpoints(account)[0]
		mark_missed_touchpoints(on_date="2026-12-31")
		self.assertEqual(touchpoints(account)[0].status, "Planned")
		mark_missed_touchpoints(on_date="2027-01-01")
		self.assertEqual(touchpoints(account)[0].status, "Missed")
		self.assertEqual(frappe.db.get_value("ToDo", done.todo, "status"), "Cancelled")

	def test_completing_a_touchpoint_closes_its_todo_and_event(self):
		account = self.account("Tier 3")
		plan_cadence_for([account], on_date="2026-12-04")
		touchpoint = frappe.get_doc("Engagement Touchpoint", touchpoints(account)[0].name)
		touchpoint.status = "Completed"
		touchpoint.completed_on = today()
		touchpoint.focus_areas[0].covered = 1
		touchpoint.save()
		self.assertEqual(frappe.db.get_value("ToDo", touchpoint.todo, "status"), "Closed")
		self.assertEqual(frappe.db.get_value("Event", touchpoint.event, "status"), "Completed")

	def test_manual_touchpoints_and_trainings(self):
		account = self.account("Tier 2")
		with self.assertRaisesRegex(frappe.ValidationError, "product of the training"):
			frappe.get_doc(
				{
					"doctype": "Engagement Touchpoint",
					"account": account,
					"touchpoint_type": "Training",
					"scheduled_date": today(),
				}
			).insert()
		training = frappe.get_doc(
			{
				"doctype": "Engagement Touchpoint",
				"account": account,
				"touchpoint_type": "Training",
				"scheduled_date": today(),
				"training_product": "Frappe HR",
				"training_fee": "Paid",
			}
		).insert()
		self.assertEqual(training.csm, self.csm)
		self.assertTrue(training.event and training.todo)
		meeting = frappe.get_doc(
			{"doctype": "Engagement Touchpoint", "account": account, "scheduled_date": today()}
		).insert()
		self.assertEqual((meeting.meeting_format, len(meeting.focus_areas)), ("In-person", 3))
		churned = self.account("Tier 2", status="Churned")
		with self.assertRaisesRegex(frappe.ValidationError, "churned"):
			frappe.get_doc(
				{"doctype": "Engagement Touchpoint", "account": churned, "scheduled_date": today()}
			).insert()


class TestConcurrentRuns(FrappeTestCase):
	"""Two runs of each job at once, on committed data, each in its own connection."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.csm = make_user(["CS Manager"])
		cls.accounts = [make_account(tier).name for tier in ("Tier 1", "Tier 2", "Tier 3", "Tier 1")]
		cls.implementation = [
			make_account("Tier 2", status="Implementation", go_live_date="2026-01-31").name for _ in range(3)
		]
		for account in cls.accounts + cls.implementation:
			assign(account, cls.csm, from_date="2020-01-01")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		accounts = cls.accounts + cls.implementation
		touchpoint_names = frappe.get_all(
			"Engagement Touchpoint", filters={"account": ("in", accounts)}, pluck="name"
		)
		handovers = frappe.get_all("CS Handover", filters={"account": ("in", accounts)}, pluck="name")
		events = frappe.get_all(
			"Engagement Touchpoint", filters={"name": ("in", touchpoint_names or [""])}, pluck="event"
		)
		frappe.db.delete("ToDo", {"reference_name": ("in", touchpoint_names + handovers or [""])})
		frappe.db.delete("Event Participants", {"parent": ("in", [e for e in events if e] or [""])})
		frappe.db.delete("Event", {"name": ("in", [e for e in events if e] or [""])})
		frappe.db.delete("Engagement Focus Area", {"parent": ("in", touchpoint_names or [""])})
		frappe.db.delete("Engagement Touchpoint", {"name": ("in", touchpoint_names or [""])})
		frappe.db.delete("CS Handover Stakeholder", {"parent": ("in", handovers or [""])})
		frappe.db.delete("CS Handover", {"name": ("in", handovers or [""])})
		frappe.db.delete("CSM Assignment", {"account": ("in", accounts)})
		frappe.db.delete("CS Stakeholder", {"parent": ("in", accounts)})
		frappe.db.delete("CS Account", {"name": ("in", accounts)})
		frappe.delete_doc("User", cls.csm, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_two_cadence_runs_at_once_create_each_touchpoint_once(self):
		errors = in_threads(2, lambda: plan_cadence_for(self.accounts, on_date="2026-12-04"))
		self.assertEqual(errors, [])
		rows = frappe.get_all(
			"Engagement Touchpoint",
			filters={"account": ("in", self.accounts)},
			fields=["name", "event", "todo"],
		)
		# Tier 1: meeting + QBR; Tier 2: meeting + QBR; Tier 3: meeting.
		self.assertEqual(len(rows), 7)
		self.assertEqual(frappe.db.count("Event", {"name": ("in", [r.event for r in rows])}), 7)
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": ("in", [r.name for r in rows])}), 7)
		self.assertEqual(
			frappe.db.count("Engagement Focus Area", {"parent": ("in", [r.name for r in rows])}),
			7 + 6 + 3 + 6 + 3 + 7 + 6,
		)

	def test_two_handover_runs_at_once_open_each_handover_once(self):
		errors = in_threads(2, lambda: open_due_handovers(on_date="2026-05-01"))
		self.assertEqual(errors, [])
		handovers = frappe.get_all(
			"CS Handover", filters={"account": ("in", self.implementation)}, pluck="name"
		)
		self.assertEqual(len(handovers), 3)
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": ("in", handovers)}), 3)

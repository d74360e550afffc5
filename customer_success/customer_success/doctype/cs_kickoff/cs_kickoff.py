# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime

from customer_success.engagement import add_calendar_event

BEFORE_ACTIVE = ("Implementation", "Handover Due", "Onboarding")
EVENT_STATUS = {"Scheduled": "Open", "Completed": "Completed", "Cancelled": "Cancelled"}
TOUCHPOINT_STATUS = {"Scheduled": "Planned", "Completed": "Completed", "Cancelled": "Cancelled"}


class CSKickoff(Document):
	def validate(self):
		self.validate_both_sides()
		self.validate_completion()
		self.validate_escalation_matrix()
		self.csm = self.csm or frappe.db.get_value("CS Account", self.account, "csm")

	def on_update(self):
		self.sync_event()
		self.sync_touchpoint()
		if self.status == "Completed" and self.has_value_changed("status"):
			self.activate_account()

	def validate_both_sides(self):
		sides = {row.side for row in self.participants}
		missing = [_(side) for side in ("Customer", "Partner") if side not in sides]
		if missing:
			frappe.throw(
				_("A kick-off needs participants from both sides; add someone from: {0}.").format(
					", ".join(missing)
				),
				title=_("Missing Participants"),
			)

	def validate_completion(self):
		if self.status == "Completed" and get_datetime(self.kickoff_date) > now_datetime():
			frappe.throw(
				_("A kick-off cannot be completed before it has taken place."), title=_("Invalid Status")
			)
		if self.status == "Completed" and not self.success_metrics:
			frappe.throw(
				_("Define at least one success metric with the customer before completing the kick-off."),
				title=_("Missing Success Metrics"),
			)

	def validate_escalation_matrix(self):
		levels = [row.level for row in self.escalation_matrix]
		if len(levels) != len(set(levels)) or any(level < 1 for level in levels):
			frappe.throw(
				_("Escalation levels must be distinct numbers from 1 up."),
				title=_("Invalid Escalation Matrix"),
			)
		self.escalation_matrix.sort(key=lambda row: row.level)
		for idx, row in enumerate(self.escalation_matrix, 1):
			row.idx = idx

	def event_fields(self) -> dict:
		people = ", ".join(f"{row.full_name} ({_(row.side)})" for row in self.participants)
		return {
			"subject": _("Kick-off: {0}").format(self.account),
			"description": _("Participants: {0}").format(people),
			"status": EVENT_STATUS[self.status],
		}

	def sync_event(self):
		"""The kick-off sits on the CSM's calendar as a Frappe Event with its participants."""
		starts_on = get_datetime(self.kickoff_date)
		ends_on = add_to_date(starts_on, minutes=self.duration_minutes or 60)
		if self.event:
			event = frappe.get_doc("Event", self.event)
			event.update({**self.event_fields(), "starts_on": starts_on, "ends_on": ends_on})
			event.save(ignore_permissions=True)
		elif self.status == "Scheduled":
			fields = self.event_fields()
			event = add_calendar_event(
				self.csm or frappe.session.user,
				fields.pop("subject"),
				starts_on,
				[("CS Account", self.account), (self.doctype, self.name)],
				minutes=self.duration_minutes or 60,
				**fields,
			)
			self.db_set("event", event)

	def sync_touchpoint(self):
		"""The kick-off counts as a touchpoint of the account."""
		status = TOUCHPOINT_STATUS[self.status]
		completed_on = getdate(self.kickoff_date) if status == "Completed" else None
		if self.touchpoint:
			frappe.db.set_value(
				"Engagement Touchpoint", self.touchpoint, {"status": status, "completed_on": completed_on}
			)
			return
		touchpoint = frappe.get_doc(
			{
				"doctype": "Engagement Touchpoint",
				"account": self.account,
				"touchpoint_type": "Kick-off",
				"meeting_format": self.meeting_format,
				"scheduled_date": getdate(self.kickoff_date),
				"status": status,
				"completed_on": completed_on,
				"csm": self.csm,
				"event": self.event,
				"attendees": [
					{
						"full_name": row.full_name,
						"email": row.email,
						"side": row.side,
						"attendee_role": row.participant_role,
					}
					for row in self.participants
				],
			}
		).insert(ignore_permissions=True)
		self.db_set("touchpoint", touchpoint.name)

	def activate_account(self):
		if frappe.db.get_value("CS Account", self.account, "status") in BEFORE_ACTIVE:
			frappe.db.set_value("CS Account", self.account, "status", "Active")

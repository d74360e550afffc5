# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from customer_success.engagement import add_calendar_event, close_todos, tier_rules
from customer_success.rules.cadence import focus_areas

TYPES_WITH_FOCUS_AREAS = ("Tier Meeting",)
EVENT_STATUS = {"Completed": "Completed", "Cancelled": "Cancelled", "Missed": "Closed"}
TODO_STATUS = {"Completed": "Closed", "Cancelled": "Cancelled", "Missed": "Cancelled"}


class EngagementTouchpoint(Document):
	def validate(self):
		self.validate_account()
		self.set_defaults_from_tier()
		self.validate_completion()
		self.validate_training()

	def after_insert(self):
		if self.status == "Planned" and self.csm and not self.event:
			self.plan_on_calendar()

	def on_update(self):
		if self.has_value_changed("status") and self.status in TODO_STATUS:
			close_todos(self.doctype, self.name, TODO_STATUS[self.status])
			if self.event:
				frappe.db.set_value("Event", self.event, "status", EVENT_STATUS[self.status])

	def validate_account(self):
		status = frappe.db.get_value("CS Account", self.account, "status")
		if self.is_new() and self.status == "Planned" and status == "Churned":
			frappe.throw(
				_("{0} has churned: no touchpoints can be planned for it.").format(frappe.bold(self.account)),
				title=_("Churned Account"),
			)

	def set_defaults_from_tier(self):
		account = frappe.db.get_value("CS Account", self.account, ["tier", "csm"], as_dict=True)
		self.csm = self.csm or account.csm
		self.tier = self.tier or account.tier
		rule = tier_rules().get(self.tier)
		if not rule:
			return
		if not self.meeting_format and self.touchpoint_type == "Tier Meeting":
			self.meeting_format = rule.meeting_format
		if self.touchpoint_type in TYPES_WITH_FOCUS_AREAS and not self.focus_areas:
			for area in focus_areas(rule.focus_areas):
				self.append("focus_areas", {"focus_area": area})

	def validate_completion(self):
		if self.status != "Completed":
			self.completed_on = None
			return
		if not self.completed_on:
			frappe.throw(_("Set the day the touchpoint took place."), title=_("Missing Completion Date"))
		if getdate(self.completed_on) > getdate(today()):
			frappe.throw(
				_("A touchpoint cannot be completed in the future."), title=_("Invalid Completion Date")
			)

	def validate_training(self):
		if self.touchpoint_type == "Training" and not self.training_product:
			frappe.throw(_("Name the product of the training."), title=_("Missing Product"))

	def plan_on_calendar(self):
		"""An Event on the CSM's calendar and a ToDo, as the cadence job makes for its own."""
		event = add_calendar_event(
			self.csm,
			_("{0}: {1}").format(_(self.touchpoint_type), self.account),
			f"{self.scheduled_date} 10:00:00",
			[("CS Account", self.account), (self.doctype, self.name)],
			event_category="Call" if self.meeting_format == "Call" else "Meeting",
		)
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": self.csm,
				"date": self.scheduled_date,
				"description": _("{0} with {1}").format(_(self.touchpoint_type), self.account),
				"reference_type": self.doctype,
				"reference_name": self.name,
				"assigned_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)
		self.db_set({"event": event, "todo": todo.name})

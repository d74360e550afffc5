# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from customer_success.engagement import cadence_key
from customer_success.rules.cadence import QUARTERLY, period_of, previous_quarter
from customer_success.support import support_source, tickets_resolved

REQUIRED_ROLES = ("Partner CSM", "Customer Project Champion", "Customer Sponsor", "Frappe CSM")
QUARTER_PATTERN = re.compile(r"^\d{4}-Q[1-4]$")


class QBRLog(Document):
	def before_insert(self):
		self.fill_tickets_resolved()
		self.fill_metrics_recap()

	def validate(self):
		self.set_quarter()
		self.validate_one_per_quarter()
		self.validate_participants()
		self.validate_rating()

	def before_submit(self):
		self.validate_required_roles()
		if not self.csat_rating:
			frappe.throw(
				_("Capture the customer's satisfaction rating (1 to 5) before submitting the QBR."),
				title=_("Missing Satisfaction Rating"),
			)

	def on_submit(self):
		self.record_satisfaction()
		self.complete_touchpoint()

	def on_cancel(self):
		# Frees the quarter for the amended QBR.
		self.db_set("qbr_key", None)
		if self.touchpoint:
			frappe.db.set_value(
				"Engagement Touchpoint", self.touchpoint, {"status": "Planned", "completed_on": None}
			)

	def set_quarter(self):
		meeting_quarter = period_of(getdate(self.meeting_date), QUARTERLY).name
		self.quarter = (self.quarter or meeting_quarter).strip().upper()
		if not QUARTER_PATTERN.match(self.quarter):
			frappe.throw(
				_("Write the quarter as year and quarter, for example {0}.").format(meeting_quarter),
				title=_("Invalid Quarter"),
			)
		if self.quarter != meeting_quarter:
			frappe.throw(
				_("The meeting date {0} is not in {1}.").format(
					frappe.format(self.meeting_date, "Date"), self.quarter
				),
				title=_("Invalid Meeting Date"),
			)
		if self.docstatus < 2:
			self.qbr_key = cadence_key(self.account, self.quarter, "QBR")

	def validate_one_per_quarter(self):
		existing = frappe.db.get_value("QBR Log", {"qbr_key": self.qbr_key, "name": ("!=", self.name)})
		if existing:
			frappe.throw(
				_("{0} already has QBR {1} for {2}: amend that one instead.").format(
					frappe.bold(self.account), existing, self.quarter
				),
				title=_("Duplicate QBR"),
			)

	def validate_participants(self):
		for row in self.participants:
			if row.participant_role != "Partner Project Champion" and not row.full_name:
				frappe.throw(
					_("Row {0}: name the participant.").format(row.idx), title=_("Missing Participant")
				)

	def validate_required_roles(self):
		present = {row.participant_role for row in self.participants}
		missing = [_(role) for role in REQUIRED_ROLES if role not in present]
		if missing:
			frappe.throw(
				_("A QBR needs these participants: {0}.").format(", ".join(missing)),
				title=_("Missing Participants"),
			)

	def validate_rating(self):
		if self.csat_rating and not 1 <= self.csat_rating <= 5:
			frappe.throw(_("The satisfaction rating goes from 1 to 5."), title=_("Invalid Rating"))

	def fill_tickets_resolved(self):
		"""From ERPNext Issue or Helpdesk HD Ticket when installed; typed by hand otherwise."""
		quarter = previous_quarter(getdate(self.meeting_date))
		counts = tickets_resolved([self.account], quarter.start, quarter.end)
		if counts is None:
			self.tickets_source = _("Entered by hand")
		else:
			self.tickets_resolved_last_quarter = counts[self.account]
			self.tickets_source = support_source().doctype

	def fill_metrics_recap(self):
		"""The success metrics agreed at the latest kick-off, to recap as On Track / Delayed."""
		if self.metrics_recap:
			return
		kickoff = frappe.get_all(
			"CS Kickoff",
			filters={"account": self.account, "status": ("!=", "Cancelled")},
			order_by="kickoff_date desc",
			limit=1,
			pluck="name",
		)
		if not kickoff:
			return
		for metric in frappe.get_doc("CS Kickoff", kickoff[0]).success_metrics:
			self.append(
				"metrics_recap",
				{
					"metric": metric.metric,
					"target": metric.target,
					"target_date": metric.target_date,
					"status": metric.status,
				},
			)

	def record_satisfaction(self):
		from customer_success.surveys import record_qbr_rating

		survey = record_qbr_rating(
			account=self.account,
			contact_email=self.csat_contact or self.sponsor_email(),
			rating=self.csat_rating,
			comment=self.csat_comment,
			qbr=self.name,
		)
		self.db_set("satisfaction_survey", survey)

	def sponsor_email(self) -> str | None:
		for role in ("Customer Sponsor", "Customer Project Champion"):
			for row in self.participants:
				if row.participant_role == role and row.email:
					return row.email
		return None

	def complete_touchpoint(self):
		"""The QBR the cadence planned for this quarter is done; one is made if none was planned."""
		key = cadence_key(self.account, self.quarter, "QBR")
		touchpoint = frappe.db.get_value("Engagement Touchpoint", {"cadence_key": key})
		if touchpoint:
			doc = frappe.get_doc("Engagement Touchpoint", touchpoint)
			doc.status = "Completed"
			doc.completed_on = self.meeting_date
			doc.save(ignore_permissions=True)
		else:
			doc = frappe.get_doc(
				{
					"doctype": "Engagement Touchpoint",
					"account": self.account,
					"touchpoint_type": "QBR",
					"meeting_format": self.meeting_format,
					"scheduled_date": self.meeting_date,
					"status": "Completed",
					"completed_on": self.meeting_date,
				}
			).insert(ignore_permissions=True)
		self.db_set("touchpoint", doc.name)


@frappe.whitelist()
def get_participants(account: str) -> list[dict]:
	"""The QBR's participants by role, from the account's team and stakeholders."""
	doc = frappe.get_doc("CS Account", account)
	doc.check_permission("read")
	rows = []
	for role, user in (("Partner CSM", doc.partner_csm or doc.csm), ("Frappe CSM", doc.frappe_csm)):
		if user:
			rows.append(
				{"participant_role": role, "full_name": frappe.utils.get_fullname(user), "email": user}
			)
	stakeholder_roles = {
		("Customer", "Sponsor"): "Customer Sponsor",
		("Customer", "Project Champion"): "Customer Project Champion",
		("Partner", "Project Champion"): "Partner Project Champion",
	}
	for person in doc.stakeholders:
		role = stakeholder_roles.get((person.side, person.stakeholder_role))
		if role:
			rows.append({"participant_role": role, "full_name": person.full_name, "email": person.email})
	return rows

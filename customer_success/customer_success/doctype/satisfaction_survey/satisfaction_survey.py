# Copyright (c) 2026, Customer Success contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime, validate_email_address

from customer_success.rules.surveys import RATING_MAX, RATING_MIN, survey_key


class SatisfactionSurvey(Document):
	"""One survey of one contact for one period. The monthly ones are created and emailed by
	`customer_success.surveys.sending`; answers come in by token (`surveys.answers`)."""

	def validate(self):
		self.validate_contact_email()
		self.validate_rating()
		self.validate_qbr()
		self.set_csm()
		self.set_contact_name()
		self.set_survey_key()
		self.validate_one_survey_per_contact_and_period()

	def on_update(self):
		if self.has_just_been_answered():
			from customer_success.surveys.follow_up import close_the_loop

			close_the_loop(self)

	def validate_contact_email(self):
		self.contact_email = (self.contact_email or "").strip().lower()
		validate_email_address(self.contact_email, throw=True)

	def validate_rating(self):
		if self.rating and not RATING_MIN <= self.rating <= RATING_MAX:
			frappe.throw(_("The rating must be from 1 to 5."), title=_("Invalid Rating"))
		if self.status == "Responded":
			if not self.rating:
				frappe.throw(_("An answered survey needs its rating (1 to 5)."), title=_("Missing Rating"))
			self.responded_on = self.responded_on or now_datetime()

	def validate_qbr(self):
		if self.survey_type != "QBR":
			self.qbr = None
		elif self.qbr and frappe.db.get_value("QBR Log", self.qbr, "account") != self.account:
			frappe.throw(
				_("QBR {0} is not a review of {1}.").format(self.qbr, self.account), title=_("Wrong QBR")
			)

	def set_csm(self):
		if not self.csm:
			self.csm = frappe.db.get_value("CS Account", self.account, "csm")

	def set_contact_name(self):
		if self.contact_name:
			return
		names = frappe.get_all(
			"CS Stakeholder",
			filters={"parent": self.account, "parenttype": "CS Account", "email": self.contact_email},
			pluck="full_name",
			limit=1,
		)
		self.contact_name = names[0] if names else None

	def set_survey_key(self):
		self.survey_key = survey_key(
			self.survey_type, self.account, self.contact_email, self.period, self.qbr or ""
		)

	def validate_one_survey_per_contact_and_period(self):
		"""Said kindly here; the UNIQUE key on survey_key is what guarantees it."""
		other = frappe.db.get_value(
			"Satisfaction Survey", {"survey_key": self.survey_key, "name": ("!=", self.name)}
		)
		if other:
			frappe.throw(
				_("{0} already has a {1} survey for {2} in {3}: {4}.").format(
					self.contact_email, _(self.survey_type), self.account, self.period, other
				),
				title=_("Duplicate Survey"),
			)

	def has_just_been_answered(self) -> bool:
		if self.status != "Responded":
			return False
		before = self.get_doc_before_save()
		return not before or before.status != "Responded"

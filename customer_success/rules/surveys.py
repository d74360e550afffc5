"""The satisfaction survey rules (spec sections 2 and 5): one survey a month per survey
contact, answered once from a personal link with a rating of 1 to 5 and a comment.

A link carries a long random token; only its SHA-256 is stored, so a database read or a
list of surveys never yields a working link.
"""

import hashlib
import re
import secrets
import unicodedata
from datetime import date, timedelta

RATING_MIN, RATING_MAX = 1, 5
LOW_RATING = 3  # an answer of 3 or less opens a follow-up for the CSM
TARGET_RATING = 4.5
MAX_COMMENT_LENGTH = 2000
ANSWER_WINDOW_DAYS = 30
MAX_SEND_ATTEMPTS = 3
TOKEN_BYTES = 32  # 256 bits, 43 URL-safe characters
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
SURVEYED_STATUSES = ("Active", "At Risk", "Onboarding")


class InvalidAnswer(ValueError):
	"""An answer that cannot be stored; `reason` says what is wrong (the Frappe layer
	shows a translated message for each reason)."""

	def __init__(self, reason: str, message: str):
		super().__init__(message)
		self.reason = reason


def new_token() -> str:
	"""A fresh answer token.

	>>> len(new_token())
	43
	"""
	return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
	"""What is stored of a token.

	>>> token_hash("abc")[:16]
	'ba7816bf8f01cfea'
	"""
	return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(value) -> bool:
	"""Whether `value` could be a token at all (checked before any database read).

	>>> looks_like_token(new_token()), looks_like_token("1 or 1=1"), looks_like_token(None)
	(True, False, False)
	"""
	return isinstance(value, str) and bool(TOKEN_PATTERN.match(value))


def survey_key(survey_type: str, account: str, contact_email: str, period: str, reference: str = "") -> str:
	"""The identity of a survey: one per type, account, contact and period (and QBR).

	>>> survey_key("Monthly CSAT", "Acme", "A@x.com", "2026-12") == survey_key(
	...     "Monthly CSAT", "Acme", "a@x.com ", "2026-12"
	... )
	True
	"""
	parts = (survey_type, account, contact_email.strip().lower(), period, reference or "")
	return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def is_survey_due(day: date, survey_day: int) -> bool:
	"""The month's surveys go out on the survey day; a later day catches up on a missed run.

	>>> is_survey_due(date(2026, 12, 4), 5), is_survey_due(date(2026, 12, 5), 5)
	(False, True)
	"""
	return day.day >= (survey_day or 1)


def answer_deadline(sent_on: date) -> date:
	"""The last day an emailed link can be answered.

	>>> answer_deadline(date(2026, 12, 5))
	datetime.date(2027, 1, 4)
	"""
	return sent_on + timedelta(days=ANSWER_WINDOW_DAYS)


def is_low_rating(rating: int) -> bool:
	return rating <= LOW_RATING


def parse_rating(value) -> int:
	"""A rating from a form or JSON: a whole number from 1 to 5, as a number or digits.

	>>> parse_rating("4"), parse_rating(5)
	(4, 5)
	>>> parse_rating("4.5")
	Traceback (most recent call last):
	...
	customer_success.rules.surveys.InvalidAnswer: Choose a rating from 1 to 5 stars.
	"""
	rating = None
	if isinstance(value, int) and not isinstance(value, bool):
		rating = value
	elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,2}\s*", value):
		rating = int(value)
	if rating is None or not RATING_MIN <= rating <= RATING_MAX:
		raise InvalidAnswer("rating", "Choose a rating from 1 to 5 stars.")
	return rating


def clean_comment(value) -> str:
	"""The comment as it will be stored: text of at most MAX_COMMENT_LENGTH characters (as
	sent, line breaks counted once), then invisible control characters dropped (line breaks
	and tabs kept) and ends trimmed.

	>>> clean_comment("  Great\\x00 support\\r\\n ")
	'Great support'
	>>> clean_comment(None)
	''
	"""
	if value is None:
		return ""
	if not isinstance(value, str):
		raise InvalidAnswer("comment_type", "The comment must be text.")
	try:
		value.encode("utf-8")
	except UnicodeEncodeError:
		raise InvalidAnswer(
			"comment_encoding", "The comment contains characters that cannot be stored."
		) from None
	# Browsers send a textarea's line breaks as CR LF but count them as one character.
	value = value.replace("\r\n", "\n").replace("\r", "\n")
	if len(value) > MAX_COMMENT_LENGTH:
		raise InvalidAnswer(
			"comment_length", f"The comment is too long: keep it under {MAX_COMMENT_LENGTH} characters."
		)
	return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()

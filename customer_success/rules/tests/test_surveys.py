import doctest
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_success.rules import surveys
from customer_success.rules.surveys import (
	MAX_COMMENT_LENGTH,
	InvalidAnswer,
	clean_comment,
	is_low_rating,
	is_survey_due,
	looks_like_token,
	new_token,
	parse_rating,
	survey_key,
	token_hash,
)


def test_examples_in_docstrings():
	assert doctest.testmod(surveys).failed == 0


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, "1", " 5 ", "3"])
def test_ratings_from_one_to_five_are_taken(value):
	assert parse_rating(value) == int(str(value).strip())


@pytest.mark.parametrize(
	"value", [0, 6, -1, "0", "6", "4.5", 4.0, 3.5, True, False, None, "", "five", "٣", [4], {"r": 4}, "1e0"]
)
def test_anything_else_is_refused(value):
	with pytest.raises(InvalidAnswer) as caught:
		parse_rating(value)
	assert caught.value.reason == "rating"


@given(st.one_of(st.integers(), st.floats(), st.text(), st.booleans(), st.none(), st.binary()))
def test_a_rating_is_either_refused_or_between_one_and_five(value):
	try:
		rating = parse_rating(value)
	except InvalidAnswer:
		return
	assert isinstance(rating, int) and 1 <= rating <= 5


def test_low_ratings_are_three_and_below():
	assert [is_low_rating(r) for r in range(1, 6)] == [True, True, True, False, False]


def test_a_comment_keeps_its_text_and_line_breaks():
	assert clean_comment("Très bien 👍\nतेज़ सेवा\tok") == "Très bien 👍\nतेज़ सेवा\tok"


def test_a_comment_at_the_limit_is_taken_and_one_more_character_is_not():
	assert len(clean_comment("x" * MAX_COMMENT_LENGTH)) == MAX_COMMENT_LENGTH
	assert len(clean_comment("x\r\n" * (MAX_COMMENT_LENGTH // 2))) == MAX_COMMENT_LENGTH - 1
	for too_long in ("x" * (MAX_COMMENT_LENGTH + 1), "\x00" * (MAX_COMMENT_LENGTH + 1)):
		with pytest.raises(InvalidAnswer) as caught:
			clean_comment(too_long)
		assert caught.value.reason == "comment_length"


@pytest.mark.parametrize(
	"value, reason",
	[
		(42, "comment_type"),
		(["a"], "comment_type"),
		(b"bytes", "comment_type"),
		("bad \ud800", "comment_encoding"),
	],
)
def test_comments_that_are_not_storable_text_are_refused(value, reason):
	with pytest.raises(InvalidAnswer) as caught:
		clean_comment(value)
	assert caught.value.reason == reason


@given(st.text())
def test_a_cleaned_comment_is_utf8_without_control_characters(value):
	try:
		cleaned = clean_comment(value)
	except InvalidAnswer as e:
		assert e.reason in {"comment_length", "comment_encoding"}
		return
	cleaned.encode("utf-8")
	assert len(cleaned) <= MAX_COMMENT_LENGTH
	assert all(ch in "\n\t" or (ord(ch) >= 32 and not 0x7F <= ord(ch) <= 0x9F) for ch in cleaned)


def test_tokens_are_long_random_and_stored_as_a_hash():
	tokens = {new_token() for _ in range(1000)}
	assert len(tokens) == 1000
	token = tokens.pop()
	assert looks_like_token(token)
	assert len(token_hash(token)) == 64 and token not in token_hash(token)


@pytest.mark.parametrize(
	"value", [None, 12, "", "short", "x" * 65, "a' or '1'='1' -- xxxxxxxxxxxxxxxxxxxxxx", "é" * 40]
)
def test_values_that_cannot_be_tokens_are_recognised_without_a_query(value):
	assert not looks_like_token(value)


def test_one_key_per_type_account_contact_and_period():
	base = survey_key("Monthly CSAT", "Acme", "ann@acme.example", "2026-12")
	assert base == survey_key("Monthly CSAT", "Acme", " Ann@Acme.example", "2026-12")
	others = {
		survey_key("QBR", "Acme", "ann@acme.example", "2026-12"),
		survey_key("Monthly CSAT", "Acme 2", "ann@acme.example", "2026-12"),
		survey_key("Monthly CSAT", "Acme", "bob@acme.example", "2026-12"),
		survey_key("Monthly CSAT", "Acme", "ann@acme.example", "2027-01"),
		survey_key("Monthly CSAT", "Acme", "ann@acme.example", "2026-12", "QBR-1"),
	}
	assert base not in others and len(others) == 5


def test_surveys_go_out_from_the_survey_day_on():
	assert not is_survey_due(date(2026, 12, 27), 28)
	assert is_survey_due(date(2026, 12, 28), 28)
	assert is_survey_due(date(2026, 12, 31), 28)
	assert is_survey_due(date(2026, 12, 1), 1)

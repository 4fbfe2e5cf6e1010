"""The rule of the conformity of the language versions, on plain values: which texts need a record, which record
covers the current text, and what the person reads when none does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from agreements.workflows.conformity import conformity_problem, language_name, languages_phrase

V4 = "4" * 64
V3 = "3" * 64


def _agreement(languages=("en", "it"), sha256=V4, number=4, records=()):
    """What the rule reads of an agreement: its languages, the current version and the conformity records."""
    version = SimpleNamespace(sha256=sha256, number=number) if sha256 else None
    return SimpleNamespace(
        languages=list(languages),
        current_version=version,
        current_version_number=number if sha256 else 0,
        language_conformities=list(records),
    )


def _record(text_hash=V4, languages=("en", "it"), version_number=4):
    return SimpleNamespace(text_hash=text_hash, languages=list(languages), version_number=version_number)


def test_an_agreement_in_one_language_needs_no_record():
    assert conformity_problem(_agreement(languages=("en",))) is None
    assert conformity_problem(_agreement(languages=("en",), sha256=None)) is None


def test_two_languages_without_a_record_say_who_must_record_what():
    assert conformity_problem(_agreement()) == (
        "A legal advisor must record that the English and Italian texts of version 4 conform before clearing "
        "for signature."
    )


def test_a_record_for_the_current_text_in_every_language_settles_it():
    assert conformity_problem(_agreement(records=[_record()])) is None


def test_a_record_for_an_earlier_text_does_not_cover_a_new_version():
    reason = conformity_problem(_agreement(records=[_record(text_hash=V3, version_number=3)]))
    assert reason.startswith("A legal advisor must record that the English and Italian texts of version 4 conform")
    assert "The record for version 3 covers that version's text only." in reason


def test_a_record_is_bound_to_the_text_not_to_the_number():
    # Version 5 repeats version 4 word for word: the record made for that text covers it.
    assert conformity_problem(_agreement(number=5, records=[_record(version_number=4)])) is None


def test_a_record_must_cover_every_language_of_the_agreement():
    agreement = _agreement(languages=("en", "it", "fr"), records=[_record(languages=("en", "it"))])
    assert "the English, Italian and French texts of version 4" in conformity_problem(agreement)


def test_without_a_text_the_reason_names_no_version():
    assert conformity_problem(_agreement(sha256=None)) == (
        "A legal advisor must record that the English and Italian texts conform before clearing for signature."
    )


@pytest.mark.parametrize(
    ("code", "name"), [("en", "English"), ("ru", "Russian"), ("zh-Hant", "Chinese"), ("el", "Modern Greek")]
)
def test_languages_are_named_in_english(code, name):
    assert language_name(code) == name


def test_an_unknown_tag_is_shown_as_it_is():
    assert language_name("qq") == "qq"
    assert languages_phrase(["en", "qq"]) == "English and qq"

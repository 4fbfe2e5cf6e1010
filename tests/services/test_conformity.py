"""The conformity of the language versions: a legal advisor records, for one version of the text, that its texts
in every language conform; the record is bound to that text, and the comparison of two versions warns when a part
changed in one language and not in another."""

from __future__ import annotations

import pytest
from conftest import simple_text

from agreements.db import db
from agreements.errors import Conflict, InvalidInput, PermissionDenied
from agreements.services import conformity, facts, versions
from agreements.services.audit import list_events
from agreements.services.compare import compare_versions

from .lifecycle import bring_to, take

# The title in the agreement's other language: a text goes to final review with it.
TITLES = {"ru": "Меморандум о сотрудничестве в правоохранительной сфере"}


def _mou(make_agreement, **fields):
    """An MOU with Russia in English and Russian, its first version saved (as the fixture makes it)."""
    return make_agreement(title_translations=TITLES, **fields)


def _record(world, agreement, note="", who="la"):
    record = conformity.record_conformity(world[who], agreement, note)
    db.session.commit()
    return record


def _save(world, agreement, text):
    version = versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    return version


# --- recording -------------------------------------------------------------------------------------------
def test_a_legal_advisor_records_that_the_texts_of_the_current_version_conform(world, make_agreement):
    mou = bring_to(world, _mou(make_agreement), "final_review")
    assert conformity.conformity_problem(mou) == (
        "A legal advisor must record that the English and Russian texts of version 1 conform before clearing "
        "for signature."
    )
    record = _record(world, mou, "  Compared article by article with the interpreter.  ")
    assert (record.version_number, record.text_hash, record.languages) == (1, mou.current_version.sha256, ["en", "ru"])
    assert record.note == "Compared article by article with the interpreter."
    assert record.certified_by.email == "la@agreements.test" and record.certified_at is not None
    assert conformity.conformity_problem(mou) is None
    assert conformity.conformity_sentence(record).startswith(
        "The English and Russian texts of version 1 conform — recorded by Lee Advisor on "
    )


def test_the_trail_says_who_recorded_which_text_in_which_languages(world, make_agreement):
    mou = bring_to(world, make_agreement(), "legal_review")
    _record(world, mou, "Checked.")
    event = list_events(mou)[-1]
    assert (event.trigger, event.from_state, event.to_state, event.actor, event.comment) == (
        "record_conformity",
        "legal_review",
        "legal_review",
        "la@agreements.test",
        "Checked.",
    )
    assert event.data == {"version": 1, "text_hash": mou.current_version.sha256, "languages": "en, ru"}
    assert event.version_number == 1


def test_the_note_is_optional(world, make_agreement):
    mou = make_agreement()
    assert _record(world, mou).note == ""


def test_a_note_longer_than_the_limit_is_refused_naming_it(world, make_agreement):
    mou = make_agreement()
    with pytest.raises(InvalidInput) as refused:
        conformity.record_conformity(world["la"], mou, "x" * (conformity.MAX_NOTE + 1))
    assert refused.value.errors["note"] == "Note is 2,001 characters; the limit is 2,000."
    db.session.rollback()
    assert mou.language_conformities == []


@pytest.mark.parametrize("who", ["pm", "moscow", "admin"])
def test_only_legal_advisors_record_it(world, make_agreement, who):
    mou = make_agreement()
    with pytest.raises(PermissionDenied, match="Only legal advisors record"):
        conformity.record_conformity(world[who], mou, "")


def test_an_attache_of_another_office_may_not_either(world, make_agreement):
    mou = make_agreement()  # Russia: Moscow's, not Mexico City's
    with pytest.raises(PermissionDenied):
        conformity.record_conformity(world["mexico"], mou, "")


@pytest.mark.parametrize("state", ["drafting", "legal_review", "negotiation", "final_review"])
def test_it_is_recorded_in_any_state_before_signature(world, make_agreement, state):
    mou = bring_to(world, _mou(make_agreement), state)
    assert _record(world, mou).version_number == 1


def test_once_signed_it_is_refused(world, make_agreement):
    mou = bring_to(world, _mou(make_agreement), "final_review")
    _record(world, mou)
    bring_to(world, mou, "awaiting_signature")
    take(world, mou, "sign")
    with pytest.raises(Conflict, match="before signature; this agreement is in") as refused:
        conformity.record_conformity(world["la"], mou, "")
    assert refused.value.extra["current_state"] == mou.state


def test_an_agreement_in_one_language_has_nothing_to_conform(world, make_agreement):
    mou = make_agreement(languages=["en"])
    with pytest.raises(Conflict, match=r"one language \(English\)"):
        conformity.record_conformity(world["la"], mou, "")
    assert conformity.conformity_problem(mou) is None


def test_without_a_text_there_is_nothing_to_record(world, make_agreement):
    mou = make_agreement(with_text=False)
    with pytest.raises(Conflict, match="There is no text yet"):
        conformity.record_conformity(world["la"], mou, "")


def test_a_text_incomplete_in_a_language_is_refused_naming_what_is_missing(world, make_agreement):
    mou = make_agreement(with_text=False)
    text = simple_text(("en", "ru"), articles=3)
    text["articles"][1]["body"]["ru"] = ""
    del text["articles"][2]["heading"]["ru"]
    text["final_clauses"].pop("ru")
    _save(world, mou, text)
    with pytest.raises(InvalidInput) as refused:
        conformity.record_conformity(world["la"], mou, "")
    assert refused.value.detail == (
        "Version 1 is not complete in every language, so its texts cannot be compared yet; missing: the final "
        "clauses (Russian), Art. 2 (Russian), Art. 3 (Russian)."
    )
    db.session.rollback()
    assert mou.language_conformities == []


def test_recording_twice_for_the_same_text_is_refused_saying_when_it_was(world, make_agreement):
    mou = make_agreement()
    _record(world, mou)
    with pytest.raises(Conflict, match="already recorded for version 1, by Lee Advisor on "):
        conformity.record_conformity(world["la2"], mou, "Again.")
    db.session.rollback()
    assert len(mou.language_conformities) == 1


def test_a_new_version_needs_a_new_record(world, make_agreement):
    mou = make_agreement()
    _record(world, mou)
    text = simple_text(("en", "ru"))
    text["articles"][0]["body"]["ru"] = "Новый текст статьи 1."
    _save(world, mou, text)
    reason = conformity.conformity_problem(mou)
    assert "the English and Russian texts of version 2 conform" in reason
    assert "The record for version 1 covers that version's text only." in reason
    second = _record(world, mou)
    assert (second.version_number, second.text_hash) == (2, mou.current_version.sha256)
    assert conformity.conformity_problem(mou) is None


def test_a_version_repeating_a_recorded_text_is_already_covered(world, make_agreement):
    mou = make_agreement()
    _record(world, mou)
    _save(world, mou, simple_text(("en", "ru")))  # version 2, word for word version 1
    assert conformity.conformity_problem(mou) is None
    with pytest.raises(Conflict, match=r"version 1 \(version 2 has the same text word for word\)"):
        conformity.record_conformity(world["la"], mou, "")


def test_a_transition_reads_the_records_as_the_rule_needs_them(world, make_agreement):
    mou = bring_to(world, _mou(make_agreement), "final_review")
    row = facts.lock_agreement(world["la"], mou.id, frozenset({"languages", "current_version"}))
    row.load(frozenset({"language_conformities"}))
    assert conformity.conformity_problem(row).startswith("A legal advisor must record")
    db.session.rollback()
    _record(world, mou)
    row = facts.lock_agreement(world["la"], mou.id, frozenset({"languages", "current_version"}))
    row.load(frozenset({"language_conformities"}))
    assert [(r.version_number, r.languages) for r in row.language_conformities] == [(1, ["en", "ru"])]
    assert conformity.conformity_problem(row) is None
    db.session.rollback()


# --- the comparison warns ---------------------------------------------------------------------------------
def test_the_comparison_warns_when_an_article_changed_in_one_language_only(world, make_agreement):
    mou = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"]["ru"] = "Новый текст статьи 2."
    _save(world, mou, text)
    result = compare_versions(mou, 1, 2)
    first, second = result.articles
    assert first.language_warning is None
    assert second.language_warning == (
        "Art. 2 changed in Russian but not in English: check that the versions still conform."
    )
    assert result.language_warnings == [second.language_warning]


def test_no_warning_when_every_language_of_the_article_changed(world, make_agreement):
    mou = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"] = {"en": "New body of article 2.", "ru": "Новый текст статьи 2."}
    text["articles"].append({"number": "3", "heading": {"en": "Costs"}, "body": {"en": "Each bears its own."}})
    _save(world, mou, text)
    result = compare_versions(mou, 1, 2)
    assert result.articles[2].status == "added"
    assert result.language_warnings == []


def test_the_preamble_and_final_clauses_are_warned_of_too(world, make_agreement):
    mou = make_agreement()
    text = simple_text(("en", "ru"))
    text["preamble"]["en"] = "The Participants, desiring to cooperate more closely,"
    text["final_clauses"]["ru"] = "Совершено в двух экземплярах."
    _save(world, mou, text)
    assert compare_versions(mou, 1, 2).language_warnings == [
        "The preamble changed in English but not in Russian: check that the versions still conform.",
        "The final clauses changed in Russian but not in English: check that the versions still conform.",
    ]


def test_an_agreement_in_one_language_gets_no_warning(world, make_agreement):
    mou = make_agreement(languages=["en"])
    text = simple_text(("en",))
    text["articles"][0]["body"]["en"] = "Changed."
    _save(world, mou, text)
    assert compare_versions(mou, 1, 2).language_warnings == []

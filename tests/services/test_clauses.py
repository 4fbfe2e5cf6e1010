"""The agreement's own clauses as facts: its title in every language, the Parties by name, its rule of entry
into force, its expiry and renewal; each enforced where a treaty office would enforce it."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.db import db
from agreements.errors import GuardFailed, InvalidInput
from agreements.models import Event
from agreements.services.agreements import update_facts
from agreements.services.daily import run_daily
from agreements.services.transitions import fire_transition
from services.lifecycle import IN_FORCE_ON, SIGNED_ON, TODAY, bring_to


def _refused(world, agreement, trigger, **data) -> list[str]:
    with pytest.raises(GuardFailed) as raised:
        fire_transition(world["pm"], agreement.id, trigger, data=data, today=TODAY)
    db.session.rollback()
    return raised.value.reasons


def test_the_clauses_are_kept_with_the_facts(world, make_agreement):
    cmaa = make_agreement(type="cmaa", country="IT", languages=["en", "it"])
    update_facts(
        world["pm"],
        cmaa,
        {
            "title_translations": {"it": "Accordo sulla mutua assistenza amministrativa in materia doganale"},
            "party_names": {"counterpart": {"it": "il Governo della Repubblica Italiana"}},
            "entry_rule": "days_after_later_note",
            "entry_rule_days": "30",
            "expires_on": "2031-06-30",
            "renewal_years": 5,
            "renewal_notice_days": 180,
        },
    )
    db.session.commit()
    assert cmaa.title_translations == {"it": "Accordo sulla mutua assistenza amministrativa in materia doganale"}
    assert (cmaa.entry_rule, cmaa.entry_rule_days) == ("days_after_later_note", 30)
    assert (cmaa.expires_on, cmaa.renewal_years, cmaa.renewal_notice_days) == (dt.date(2031, 6, 30), 5, 180)

    from agreements.services.clauses import parties, terms_in_words

    assert parties(cmaa) == {
        "us": {"en": "the Government of the United States of America", "it": "il Governo degli Stati Uniti d’America"},
        "counterpart": {"en": "the Government of the Italian Republic", "it": "il Governo della Repubblica Italiana"},
    }
    assert terms_in_words(cmaa) == {
        "entry": "Enters into force 30 days after the later of the two diplomatic notes.",
        "renewal": "Expires on 30 June 2031, renewed automatically for 5 years unless notice is given 180 days before.",
    }


@pytest.mark.parametrize(
    ("facts", "field", "words"),
    [
        ({"entry_rule": "date"}, "entry_rule_on", "Give the date on which it enters into force"),
        ({"entry_rule": "days_after_later_note"}, "entry_rule_days", "how many days after the later note"),
        ({"entry_rule": "on ratification"}, "entry_rule", "Choose how it enters into force"),
        ({"entry_rule_days": "thirty"}, "entry_rule_days", "whole number from 1 to 3650"),
        ({"renewal_years": 5}, "renewal_years", "give the expiry date first"),
        ({"expires_on": "2030-01-01", "renewal_notice_days": 90}, "renewal_notice_days", "give its years"),
        ({"expires_on": "1899-01-01"}, "expires_on", "before 1945"),
        ({"expires_on": "soon"}, "expires_on", "must be a date"),
        ({"title_translations": {"fr": "Accord"}}, "title_translations", "not a language of the text"),
        ({"party_names": {"them": {"en": "X"}}}, "party_names", '{"us": {…}, "counterpart": {…}}'),
        ({"party_names": {"us": {"de": "die Regierung"}}}, "party_names", "not a language of the text"),
        (
            {"entry_rule": "date", "entry_rule_on": "2027-01-01", "expires_on": "2026-12-31"},
            "expires_on",
            "must come after entry into force (1 January 2027)",
        ),
    ],
)
def test_a_clause_that_cannot_be_is_refused_by_name(world, make_agreement, facts, field, words):
    cmaa = make_agreement(type="cmaa")
    with pytest.raises(InvalidInput) as raised:
        update_facts(world["pm"], cmaa, facts)
    assert words in raised.value.errors[field]
    db.session.rollback()
    assert cmaa.entry_rule == "signature" and cmaa.expires_on is None


def test_a_memorandum_comes_into_effect_on_signature(world, make_agreement):
    mou = make_agreement()
    with pytest.raises(InvalidInput) as raised:
        update_facts(world["pm"], mou, {"entry_rule": "later_note"})
    assert "comes into effect on signature" in raised.value.errors["entry_rule"]


def test_entry_into_force_follows_the_agreements_own_rule(world, make_agreement):
    cmaa = make_agreement(type="cmaa")
    update_facts(world["pm"], cmaa, {"entry_rule": "later_note"})
    db.session.commit()
    bring_to(world, cmaa, "signed")  # signed on 26 March 2026
    notes = {"our_note_on": "2026-04-02", "their_note_on": "2026-04-10"}
    assert _refused(world, cmaa, "enter_into_force", in_force_on="2026-04-10") == [
        "It enters into force on the later of the two diplomatic notes: give the dates of both notes "
        "(our_note_on, their_note_on)."
    ]
    assert _refused(world, cmaa, "enter_into_force", in_force_on="2026-04-15", **notes) == [
        "By its own rule the agreement enters into force on the date of the later note, that is on 10 April 2026; "
        "15 April 2026 was given."
    ]
    fire_transition(world["pm"], cmaa.id, "enter_into_force", data={"in_force_on": "2026-04-10", **notes}, today=TODAY)
    db.session.commit()
    assert (cmaa.state, cmaa.in_force_on) == ("in_force", dt.date(2026, 4, 10))


def test_on_signature_means_the_signature_date(world, make_agreement):
    cmaa = bring_to(world, make_agreement(type="cmaa"), "signed")
    assert _refused(world, cmaa, "enter_into_force", in_force_on=IN_FORCE_ON.isoformat()) == [
        "By its own rule the agreement enters into force on signature, that is on 26 March 2026; "
        "15 April 2026 was given."
    ]
    fire_transition(world["pm"], cmaa.id, "enter_into_force", data={"in_force_on": SIGNED_ON.isoformat()}, today=TODAY)
    assert cmaa.in_force_on == SIGNED_ON


def test_expiry_comes_after_entry_into_force(world, make_agreement):
    cmaa = make_agreement(type="cmaa", entry_rule="date", entry_rule_on="2026-04-15", expires_on="2026-04-20")
    bring_to(world, cmaa, "signed")
    cmaa.entry_rule_on = dt.date(2026, 4, 25)  # the date moved after the expiry was typed: the step still checks
    db.session.commit()
    assert _refused(world, cmaa, "enter_into_force", in_force_on="2026-04-25") == [
        "Its expiry date (20 April 2026) must come after entry into force (25 April 2026)."
    ]


def test_a_memorandum_cannot_expire_before_it_comes_into_effect(world, make_agreement):
    mou = make_agreement(expires_on="2026-03-01")
    bring_to(world, mou, "awaiting_signature")
    from services.lifecycle import designate_signatories

    designate_signatories(world, mou, signed=True)
    db.session.commit()
    assert _refused(world, mou, "sign") == [
        "Its expiry date (1 March 2026) must come after it comes into effect on signature (26 March 2026)."
    ]


def test_an_agreement_that_renews_runs_another_term_instead_of_expiring(world, make_agreement):
    renewing = make_agreement(title="Renews", expires_on="2026-10-01", renewal_years=2, renewal_notice_days=90)
    ending = make_agreement(title="Ends", expires_on="2026-10-01")
    for agreement in (renewing, ending):
        bring_to(world, agreement, "in_force")
    moved = run_daily(dt.date(2026, 10, 1)).moved
    db.session.commit()
    assert sorted(moved) == sorted([f"{renewing.reference}: renew", f"{ending.reference}: expire"])
    assert (renewing.state, renewing.expires_on) == ("in_force", dt.date(2028, 10, 1))
    assert ending.state == "expired"
    renewal = db.session.query(Event).filter_by(agreement_id=renewing.id, trigger="renew").one()
    assert (renewal.from_state, renewal.to_state, renewal.actor_id) == ("in_force", "in_force", None)
    assert run_daily(dt.date(2026, 10, 2)).moved == []  # renewed once, not every day


def test_a_binding_agreement_names_both_governments_in_every_language(world, make_agreement):
    cmaa = make_agreement(type="cmaa", country="IT", languages=["en", "it"], party_names={})
    bring_to(world, cmaa, "final_review")
    from services.lifecycle import prepare

    prepare(world, cmaa, "clear_for_signature")
    with pytest.raises(GuardFailed) as raised:
        fire_transition(world["la"], cmaa.id, "clear_for_signature", today=TODAY)
    db.session.rollback()
    assert raised.value.reasons == [
        "Name the Parties in every language of the text: the counterpart Government in Italian (edit the facts)."
    ]


def test_the_title_is_needed_in_every_language_before_the_text_is_agreed(world, make_agreement):
    mou = make_agreement(title_translations={})
    bring_to(world, mou, "negotiation")
    with pytest.raises(GuardFailed) as raised:
        fire_transition(world["pm"], mou.id, "agree_text", today=TODAY)
    assert raised.value.reasons == [
        "Give the title in Russian too (edit the facts): the title page prints it in every language."
    ]

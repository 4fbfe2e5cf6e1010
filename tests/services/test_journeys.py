"""Each agreement type walked from first draft to its end the way its users walk it, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from agreements.db import db, utcnow
from agreements.errors import Conflict, GuardFailed, InvalidInput, NotFound, TransitionNotAllowed
from agreements.models import Agreement, ReviewComment, TextVersion
from agreements.services import agreements, conformity, parties, versions
from agreements.services.audit import list_events
from agreements.services.transitions import available_transitions, fire_transition

from .lifecycle import (
    EFFECTIVE_ON,
    GRANTED_BY_TITLE,
    IN_FORCE_ON,
    NOTICE_ON,
    SIGNED_ON,
    TODAY,
    bring_to,
    confirm_authorities,
    designate_signatories,
    path_to,
    prepare,
    record_conclude_authority,
    record_languages_conform,
    take,
)

NOTICE = {"notice_on": NOTICE_ON.isoformat(), "effective_on": EFFECTIVE_ON.isoformat()}


def text(languages=("en", "ru"), articles=2, *, word="cooperate", missing=(), binding=False):
    """A text whose articles say ``word``, in binding wording (Parties shall) or not (Participants will);
    ``missing`` lists (article, language) pairs left empty."""
    who, will = ("Parties", "shall") if binding else ("Participants", "will")
    return {
        "preamble": {lang: f"The {who} ({lang})," for lang in languages},
        "articles": [
            {
                "number": str(n),
                "heading": {lang: f"Article {n} ({lang})" for lang in languages if (n, lang) not in missing},
                "body": {
                    lang: f"The {who} {will} {word} under article {n} ({lang})."
                    for lang in languages
                    if (n, lang) not in missing
                },
            }
            for n in range(1, articles + 1)
        ],
        "final_clauses": {lang: f"Done in duplicate ({lang})." for lang in languages},
    }


def fire(user, agreement, trigger, comment="", today=TODAY, **data):
    """Fire a step as the edge does: one service call, then one commit."""
    moved = fire_transition(user, agreement.id, trigger, comment=comment, data=data, today=today)
    db.session.commit()
    return moved


def refused(user, agreement, trigger, comment="", today=TODAY, expected=GuardFailed, **data):
    """Fire a step that must fail; the edge rolls back; return the error the user reads."""
    with pytest.raises(expected) as info:
        fire_transition(user, agreement.id, trigger, comment=comment, data=data, today=today)
    db.session.rollback()
    return info.value


def comment_on(user, agreement, article="1", body="Cite the statute in full."):
    """A legal advisor's review comment on an article of the current version."""
    note = ReviewComment(
        agreement_id=agreement.id,
        version_id=agreement.current_version.id,
        article=article,
        body=body,
        author_id=user.id,
    )
    db.session.add(note)
    db.session.commit()
    return note


def resolve(user, note):
    """Mark a review comment resolved."""
    note.resolved_at = utcnow()
    note.resolved_by_id = user.id
    db.session.commit()


def triggers_of(agreement):
    """The trail's triggers, oldest first."""
    return [e.trigger for e in list_events(agreement)]


# --- MOU: draft → review → negotiation → signature → notice → terminated by the daily run ----------------
def test_memorandum_of_understanding_from_first_draft_to_termination(world, make_agreement, runner):
    pm, la, moscow = world["pm"], world["la"], world["moscow"]
    mou = make_agreement(type="mou", by="moscow", with_text=False)
    assert (mou.state, mou.reference, mou.is_binding) == ("drafting", f"MOU-{utcnow().year}-0001", False)

    reason = refused(moscow, mou, "submit_for_review")
    assert reason.reasons == ["The text has no article yet: save a version with at least one article."]
    versions.save_version(moscow, mou, text(word="exchange information"))
    db.session.commit()
    fire(moscow, mou, "submit_for_review")
    assert mou.state == "legal_review"

    reason = refused(la, mou, "return_for_revision", comment="   ")
    assert reason.reasons == ["A comment is required: say why."]
    fire(la, mou, "return_for_revision", comment="Article 2 needs a data-protection clause.")
    assert mou.state == "drafting"
    versions.save_version(moscow, mou, text(articles=3, word="protect personal data"))
    db.session.commit()
    fire(moscow, mou, "submit_for_review")

    note = comment_on(la, mou, article="3")
    reason = refused(la, mou, "clear_for_negotiation")
    assert reason.reasons == ["1 review comment is still open: resolve them first."]
    resolve(la, note)
    fire(la, mou, "clear_for_negotiation")
    assert mou.state == "negotiation"

    counter = text(articles=3, word="assist each other", missing={(2, "ru")})
    versions.save_version(pm, mou, {**counter, "origin": "counterpart", "note": "Russian side's proposal"})
    db.session.commit()
    reason = refused(moscow, mou, "agree_text")
    assert reason.reasons == ["Every article needs a heading and text in every language; missing: Art. 2 (ru)."]
    versions.save_version(moscow, mou, text(articles=3, word="assist each other"))
    db.session.commit()
    fire(moscow, mou, "agree_text")
    assert (mou.state, mou.current_version_number) == ("final_review", 4)

    reason = refused(la, mou, "clear_for_signature")
    assert reason.reasons == [
        "A legal advisor must record that the English and Russian texts of version 4 conform before clearing for "
        "signature.",
        "Designate a signatory (name and title) for our side and the counterpart.",
    ]
    conformity.record_conformity(la, mou, "Read side by side with the Russian text.")
    designate_signatories(world, mou)
    db.session.commit()
    fire(la, mou, "clear_for_signature")
    assert mou.state == "awaiting_signature"
    assert mou.cleared_hash == mou.current_version.sha256

    with pytest.raises(Conflict) as frozen:
        versions.save_version(pm, mou, text(articles=3, word="change the text after clearance"))
    db.session.rollback()
    assert frozen.value.detail == (
        "The text can be changed only while drafting or negotiating; this agreement is awaiting signature."
    )

    reason = refused(pm, mou, "sign")
    assert reason.reasons == ["Record the signature (name, title, date and place) of our side and the counterpart."]
    designate_signatories(world, mou, signed=True)
    db.session.commit()
    fire(pm, mou, "sign")
    assert (mou.state, mou.signed_on, mou.in_force_on) == ("in_force", SIGNED_ON, SIGNED_ON)

    late = refused(pm, mou, "withdraw", comment="Too late.", expected=TransitionNotAllowed)
    assert late.extra["current_state"] == "in_force"

    reason = refused(pm, mou, "give_notice", comment="The counterpart asked to end it.")
    assert reason.reasons == [
        "Give the date notice was given and the date the discontinuation takes effect (YYYY-MM-DD)."
    ]
    fire(pm, mou, "give_notice", comment="The counterpart asked to end it.", **NOTICE)
    assert (mou.state, mou.notice_on, mou.termination_effective_on) == (
        "termination_pending",
        NOTICE_ON,
        EFFECTIVE_ON,
    )

    early = runner.invoke(["daily", "--today", "2026-08-31"])
    assert early.exit_code == 0, early.output
    assert "0 agreement(s) moved" in early.output
    assert db.session.get(Agreement, mou.id).state == "termination_pending"
    due = runner.invoke(["daily", "--today", EFFECTIVE_ON.isoformat()])
    assert due.exit_code == 0, due.output
    assert f"{mou.reference}: terminate" in due.output
    mou = db.session.get(Agreement, mou.id)
    assert (mou.state, mou.terminated_on) == ("terminated", EFFECTIVE_ON)
    assert available_transitions(pm, mou) == []

    assert triggers_of(mou) == [
        "create",
        "submit_for_review",
        "return_for_revision",
        "submit_for_review",
        "clear_for_negotiation",
        "agree_text",
        "record_conformity",
        "clear_for_signature",
        "sign",
        "give_notice",
        "terminate",
    ]
    assert runner.invoke(["audit", "verify"]).exit_code == 0


def test_every_transition_leaves_who_when_from_to_why_and_which_text(world, make_agreement):
    pm, la = world["pm"], world["la"]
    mou = make_agreement()
    before = utcnow()
    fire(pm, mou, "submit_for_review")
    fire(la, mou, "return_for_revision", comment="Define 'competent authority'.")
    versions.save_version(pm, mou, text(word="define terms"))
    db.session.commit()
    fire(pm, mou, "submit_for_review")
    after = utcnow()

    created, submitted, returned, resubmitted = list_events(mou)
    assert (created.trigger, created.from_state, created.to_state, created.actor) == (
        "create",
        None,
        "drafting",
        "pm@agreements.test",
    )
    assert (submitted.seq, submitted.trigger, submitted.from_state, submitted.to_state) == (
        2,
        "submit_for_review",
        "drafting",
        "legal_review",
    )
    assert (submitted.actor, submitted.actor_id, submitted.version_number) == ("pm@agreements.test", pm.id, 1)
    assert (returned.actor, returned.comment, returned.from_state, returned.to_state) == (
        "la@agreements.test",
        "Define 'competent authority'.",
        "legal_review",
        "drafting",
    )
    assert resubmitted.version_number == 2
    for event in (submitted, returned, resubmitted):
        assert before <= event.created_at <= after
    assert [e.prev_hash for e in (submitted, returned, resubmitted)] == [created.hash, submitted.hash, returned.hash]


def test_facts_a_step_records_are_kept_on_its_event(world, make_agreement):
    cmaa = make_agreement(type="cmaa")
    bring_to(world, cmaa, "clearance")
    fire(
        world["pm"],
        cmaa,
        "grant_negotiation_authority",
        reference="C175-2026-017",
        granted_by="Department of State",
        granted_by_title=GRANTED_BY_TITLE,
        granted_on="2026-02-01",
    )
    granted = list_events(cmaa)[-1]
    assert granted.data == {
        "reference": "C175-2026-017",
        "granted_by": "Department of State",
        "granted_by_title": GRANTED_BY_TITLE,
        "granted_on": "2026-02-01",
    }
    requested = list_events(cmaa)[-2]
    assert requested.trigger == "request_authority"
    assert requested.data["legal_authority"]


# --- MOC: reopened before signature, terminated by the program manager --------------------------------------
def test_memorandum_of_cooperation_reopened_then_signed_and_terminated_by_the_program_manager(world, make_agreement):
    pm, la = world["pm"], world["la"]
    moc = make_agreement(type="moc", country="MX", by="mexico", languages=["en", "es"], counterpart="SAT")
    bring_to(world, moc, "awaiting_signature")
    cleared = moc.cleared_hash

    reason = refused(pm, moc, "reopen_negotiation")
    assert reason.reasons == ["A comment is required: say why."]
    fire(pm, moc, "reopen_negotiation", comment="Mexico asks for an article on training.")
    assert (moc.state, moc.cleared_hash) == ("negotiation", None)
    versions.save_version(world["mexico"], moc, text(("en", "es"), articles=3, word="train officers"))
    db.session.commit()
    fire(world["mexico"], moc, "agree_text")
    reason = refused(la, moc, "clear_for_signature")
    assert reason.reasons == [
        "A legal advisor must record that the English and Spanish texts of version 2 conform before clearing for "
        "signature. The record for version 1 covers that version's text only."
    ]
    record_languages_conform(world, moc)
    db.session.commit()
    fire(la, moc, "clear_for_signature")
    assert moc.cleared_hash == moc.current_version.sha256 != cleared

    designate_signatories(world, moc, signed=True)
    db.session.commit()
    fire(pm, moc, "sign")
    fire(pm, moc, "give_notice", comment="Replaced by a new memorandum.", **NOTICE)

    reason = refused(pm, moc, "terminate", today=EFFECTIVE_ON - dt.timedelta(days=1))
    # A memorandum of cooperation is non-binding: it is discontinued, not terminated.
    assert reason.reasons == [f"Discontinuation takes effect on {EFFECTIVE_ON.isoformat()}, not before."]
    fire(pm, moc, "terminate", comment="Notice period over.", today=EFFECTIVE_ON)
    assert (moc.state, moc.terminated_on) == ("terminated", EFFECTIVE_ON)
    assert list_events(moc)[-1].actor == "pm@agreements.test"


# --- LOI: no negotiation; expires by the daily run ------------------------------------------------------------
def test_letter_of_intent_goes_from_review_straight_to_signature_and_expires(world, make_agreement, runner):
    pm, la = world["pm"], world["la"]
    loi = make_agreement(type="loi", with_text=False)
    versions.save_version(pm, loi, text(missing={(1, "ru")}))
    db.session.commit()
    fire(pm, loi, "submit_for_review")
    designate_signatories(world, loi)
    db.session.commit()

    reason = refused(la, loi, "clear_for_signature")
    assert reason.reasons == [
        "Every article needs a heading and text in every language; missing: Art. 1 (ru).",
        "A legal advisor must record that the English and Russian texts of version 1 conform before clearing for "
        "signature.",
    ]
    refused(la, loi, "clear_for_negotiation", expected=InvalidInput)
    fire(la, loi, "return_for_revision", comment="The Russian text of Article 1 is missing.")
    versions.save_version(pm, loi, text())
    db.session.commit()
    fire(pm, loi, "submit_for_review")
    record_languages_conform(world, loi)
    db.session.commit()
    fire(la, loi, "clear_for_signature")
    assert loi.state == "awaiting_signature"
    designate_signatories(world, loi, signed=True)
    db.session.commit()
    fire(pm, loi, "sign")
    assert (loi.state, loi.in_force_on) == ("in_force", SIGNED_ON)

    reason = refused(None, loi, "expire", comment="Date reached.")
    assert reason.reasons == ["The agreement has no expiry date."]
    loi.expires_on = dt.date(2027, 3, 25)
    db.session.commit()
    reason = refused(None, loi, "expire", comment="Date reached.", today=dt.date(2027, 3, 24))
    assert reason.reasons == ["The agreement expires on 2027-03-25, not before."]

    result = runner.invoke(["daily", "--today", "2027-03-25"])
    assert result.exit_code == 0, result.output
    assert f"{loi.reference}: expire" in result.output
    loi = db.session.get(Agreement, loi.id)
    assert loi.state == "expired"
    assert triggers_of(loi)[-3:] == ["clear_for_signature", "sign", "expire"]
    assert list_events(loi)[-1].actor == "system"


# --- CMAA: authorities bound to the text, signature, then entry into force -----------------------------------
def test_customs_agreement_needs_authorities_for_the_exact_text_and_enters_into_force_after_signature(
    world, make_agreement
):
    pm, la = world["pm"], world["la"]
    cmaa = make_agreement(
        type="cmaa",
        title="Agreement on mutual assistance in customs matters",
        entry_rule="date",  # "This Agreement shall enter into force on 15 April 2026."
        entry_rule_on=IN_FORCE_ON.isoformat(),
    )
    assert cmaa.is_binding
    fire(pm, cmaa, "submit_for_review")

    reason = refused(la, cmaa, "request_authority")
    assert reason.reasons == ["Name the legal authority relied on (data.legal_authority)."]
    fire(la, cmaa, "request_authority", legal_authority="19 U.S.C. 1628")
    assert cmaa.state == "clearance"

    reason = refused(pm, cmaa, "grant_negotiation_authority", reference="C175-2026-017")
    assert reason.reasons == [
        "Record the authority to negotiate: granted_by, granted_by_title, granted_on (a date, YYYY-MM-DD)."
    ]
    fire(
        pm,
        cmaa,
        "grant_negotiation_authority",
        reference="C175-2026-017",
        granted_by="Department of State",
        granted_by_title=GRANTED_BY_TITLE,
        granted_on="2026-02-01",
    )
    assert cmaa.state == "negotiation"
    assert [(a.kind, a.text_hash, a.granted_by_title, a.confirmed_at) for a in cmaa.authorities] == [
        ("negotiate", cmaa.current_version.sha256, GRANTED_BY_TITLE, None)
    ]

    fire(pm, cmaa, "agree_text")
    designate_signatories(world, cmaa)
    record_languages_conform(world, cmaa)
    db.session.commit()
    reason = refused(la, cmaa, "clear_for_signature")
    assert reason.reasons == [
        "A legal advisor must confirm the authority to negotiate (C175-2026-017) before clearing for signature.",
        "Record the State Department's authority to conclude before clearing for signature.",
    ]

    record_conclude_authority(world, cmaa, confirm=False)
    db.session.commit()
    reason = refused(la, cmaa, "clear_for_signature")
    assert reason.reasons == [
        "A legal advisor must confirm the authority to negotiate (C175-2026-017) before clearing for signature.",
        "A legal advisor must confirm the authority to conclude (C175-2026-041) before clearing for signature.",
    ]
    confirm_authorities(world, cmaa)
    db.session.commit()
    fire(la, cmaa, "reopen_negotiation", comment="The counterpart wants a broader Article 2.")
    versions.save_version(pm, cmaa, text(word="exchange customs records", binding=True))
    db.session.commit()
    fire(pm, cmaa, "agree_text")
    record_languages_conform(world, cmaa)
    db.session.commit()
    reason = refused(la, cmaa, "clear_for_signature")
    assert len(reason.reasons) == 1 and "re-clear" in reason.reasons[0]
    assert reason.reasons == [
        "The authority to conclude covers an earlier text: the text changed, re-clear it "
        "(or, if the change is not substantive, a legal advisor certifies it so)."
    ]

    record_conclude_authority(world, cmaa)
    db.session.commit()
    fire(la, cmaa, "clear_for_signature")
    designate_signatories(world, cmaa, signed=True)
    db.session.commit()
    fire(pm, cmaa, "sign")
    assert (cmaa.state, cmaa.signed_on, cmaa.in_force_on) == ("signed", SIGNED_ON, None)

    reason = refused(pm, cmaa, "enter_into_force")
    assert reason.reasons == ["Give the date of entry into force (YYYY-MM-DD)."]
    reason = refused(pm, cmaa, "enter_into_force", in_force_on="2026-03-01")
    assert reason.reasons == ["Entry into force (2026-03-01) cannot precede signature (2026-03-26)."]
    fire(pm, cmaa, "enter_into_force", in_force_on=IN_FORCE_ON.isoformat())
    assert (cmaa.state, cmaa.in_force_on) == ("in_force", IN_FORCE_ON)
    assert list_events(cmaa)[-1].data == {"in_force_on": IN_FORCE_ON.isoformat()}

    fire(pm, cmaa, "give_notice", comment="Superseded.", **NOTICE)
    fire(pm, cmaa, "terminate", comment="Effective.", today=EFFECTIVE_ON)
    assert cmaa.state == "terminated"


# --- guards that protect the record --------------------------------------------------------------------------
def test_submitting_needs_title_counterpart_and_country(world, make_agreement):
    mou = make_agreement()
    # Facts can only be blanked behind the services' back (an old import, a manual fix): the guard holds.
    db.session.execute(update(Agreement).where(Agreement.id == mou.id).values(title="", counterpart_id=None))
    db.session.commit()
    reason = refused(world["pm"], mou, "submit_for_review")
    assert reason.reasons == ["Set the title, counterpart before submitting."]
    assert "not possible yet" in reason.detail


def test_signing_needs_the_text_that_was_cleared(world, make_agreement):
    mou = make_agreement()
    bring_to(world, mou, "awaiting_signature")
    designate_signatories(world, mou, signed=True)
    # A version slipped in behind the services' back: signing must refuse a text nobody cleared.
    sneaked = text(word="do something nobody cleared")
    db.session.add(
        TextVersion(
            agreement_id=mou.id,
            number=mou.current_version_number + 1,
            preamble=sneaked["preamble"],
            articles=sneaked["articles"],
            final_clauses=sneaked["final_clauses"],
            sha256=versions.text_hash(sneaked["preamble"], sneaked["articles"], sneaked["final_clauses"]),
        )
    )
    mou.current_version_number += 1
    db.session.commit()
    reason = refused(world["pm"], mou, "sign")
    assert reason.reasons == ["The current text is not the text cleared for signature: re-clear it."]


@pytest.mark.parametrize("state", ["drafting", "legal_review", "negotiation", "final_review", "awaiting_signature"])
def test_withdrawing_needs_a_comment(world, make_agreement, state):
    mou = make_agreement()
    bring_to(world, mou, state)
    reason = refused(world["pm"], mou, "withdraw")
    assert reason.reasons == ["A comment is required: say why."]
    fire(world["pm"], mou, "withdraw", comment="The counterpart withdrew.")
    assert mou.state == "withdrawn"
    assert list_events(mou)[-1].comment == "The counterpart withdrew."
    ended = refused(world["pm"], mou, "submit_for_review", expected=TransitionNotAllowed)
    assert ended.extra["current_state"] == "withdrawn"


def test_a_guard_reports_every_reason_at_once(world, make_agreement):
    mou = make_agreement()
    bring_to(world, mou, "final_review")
    comment_on(world["la"], mou)
    comment_on(world["la"], mou, article="2")
    reason = refused(world["la"], mou, "clear_for_signature")
    assert reason.reasons == [
        "2 review comments are still open: resolve them first.",
        "A legal advisor must record that the English and Russian texts of version 1 conform before clearing for "
        "signature.",
        "Designate a signatory (name and title) for our side and the counterpart.",
    ]


def test_a_transition_from_the_wrong_state_names_the_current_state(world, make_agreement):
    mou = make_agreement()
    wrong = refused(world["la"], mou, "clear_for_signature", expected=TransitionNotAllowed)
    assert wrong.detail == "Clear for signature cannot be taken now: the agreement is in drafting."
    assert wrong.extra == {"current_state": "drafting", "lock_version": mou.lock_version}


def test_an_unknown_trigger_names_the_transitions_of_the_type(world, make_agreement):
    loi = make_agreement(type="loi")
    unknown = refused(world["pm"], loi, "enter_into_force", expected=InvalidInput)
    assert "is not a transition of a Letter of Intent" in unknown.detail
    assert "submit_for_review" in unknown.detail and "enter_into_force" not in unknown.detail.split(";")[1]
    assert unknown.errors == {"trigger": "Unknown trigger."}


def test_a_stale_lock_version_is_a_conflict_carrying_the_current_state(world, make_agreement):
    mou = make_agreement()
    seen = mou.lock_version
    fire(world["pm"], mou, "submit_for_review")
    with pytest.raises(Conflict) as stale:
        fire_transition(world["la"], mou.id, "clear_for_negotiation", expected_lock_version=seen)
    db.session.rollback()
    assert stale.value.extra == {"current_state": "legal_review", "lock_version": seen + 1}
    assert db.session.get(Agreement, mou.id).state == "legal_review"


# --- who sees what; when the text may change -------------------------------------------------------------------
def test_an_attache_sees_only_the_countries_of_the_office(world, make_agreement):
    russian = make_agreement(country="RU")
    mexican = make_agreement(country="MX", languages=["en", "es"], counterpart="SAT")
    mexico, moscow = world["mexico"], world["moscow"]

    with pytest.raises(NotFound) as hidden:
        agreements.get_agreement(mexico, russian.id)
    with pytest.raises(NotFound) as absent:
        agreements.get_agreement(mexico, 10**9)
    assert hidden.value.detail == f"No agreement {russian.id}."
    assert absent.value.detail == "No agreement 1000000000."
    assert agreements.get_agreement(moscow, russian.id).id == russian.id

    refused(mexico, russian, "submit_for_review", expected=NotFound)
    assert db.session.get(Agreement, russian.id).state == "drafting"
    assert [a.id for a in agreements.list_agreements(mexico).items] == [mexican.id]
    assert [a.id for a in agreements.list_agreements(moscow).items] == [russian.id]
    assert {a.id for a in agreements.list_agreements(world["la"]).items} == {russian.id, mexican.id}


def test_an_attache_may_submit_and_agree_for_the_office_s_countries(world, make_agreement):
    mou = make_agreement(by="moscow")
    fire(world["moscow"], mou, "submit_for_review")
    fire(world["la"], mou, "clear_for_negotiation")
    fire(world["moscow"], mou, "agree_text")
    assert mou.state == "final_review"


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        ("legal_review", "in legal review"),
        ("final_review", "in final review"),
        ("awaiting_signature", "awaiting signature"),
        ("in_force", "in effect"),  # a memorandum is non-binding: in effect, not in force
    ],
)
def test_text_is_saved_only_while_drafting_or_negotiating(world, make_agreement, state, shown):
    mou = make_agreement()
    bring_to(world, mou, state)
    number = mou.current_version_number
    with pytest.raises(Conflict) as frozen:
        versions.save_version(world["pm"], mou, text(word="amend quietly"))
    db.session.rollback()
    assert frozen.value.detail == (
        f"The text can be changed only while drafting or negotiating; this agreement is {shown}."
    )
    assert db.session.get(Agreement, mou.id).current_version_number == number


def test_a_save_based_on_an_old_version_is_refused_instead_of_overwriting(world, make_agreement):
    mou = make_agreement()
    pm, moscow = world["pm"], world["moscow"]
    versions.save_version(pm, mou, {**text(word="share intelligence"), "base_version": 1})
    db.session.commit()
    with pytest.raises(Conflict) as moved_on:
        versions.save_version(moscow, mou, {**text(word="train officers"), "base_version": 1})
    db.session.rollback()
    assert moved_on.value.detail == "The draft moved on: you edited version 1, the current version is 2."
    assert [v.number for v in versions.list_versions(mou)] == [2, 1]
    assert "share intelligence" in versions.get_version(mou, 2).articles[0]["body"]["en"]


def test_versions_are_numbered_hashed_and_kept(world, make_agreement):
    mou = make_agreement()
    first = versions.get_version(mou, 1)
    second = versions.save_version(world["pm"], mou, {**text(word="share"), "note": "After the call"})
    db.session.commit()
    assert (second.number, second.note, second.author.email) == (2, "After the call", "pm@agreements.test")
    assert second.sha256 == versions.text_hash(second.preamble, second.articles, second.final_clauses)
    assert len({first.sha256, second.sha256}) == 2
    assert mou.current_version.number == 2
    assert versions.get_version(mou, 1).sha256 == first.sha256


def test_parties_cannot_change_after_signature(world, make_agreement):
    mou = make_agreement()
    bring_to(world, mou, "in_force")
    with pytest.raises(Conflict):
        parties.set_signatory(world["pm"], mou, "us", {"name": "Someone Else", "title": "Acting Director"})
    db.session.rollback()
    assert {s.name for s in db.session.get(Agreement, mou.id).signatories} == {"John Morton", "Elena Leonenko"}


@pytest.mark.parametrize("kind", ["mou", "loi", "cmaa"])
def test_each_step_is_one_change_of_the_lock_version(world, make_agreement, kind):
    agreement = make_agreement(type=kind)
    for trigger, _source in path_to(kind, "terminated"):
        prepare(world, agreement, trigger)
        before = agreement.lock_version
        take(world, agreement, trigger, prepared=True)
        assert agreement.lock_version == before + 1, trigger


def test_the_facts_are_settled_once_the_text_is_cleared_for_signature(world, make_agreement):
    """The page and the API follow one rule: facts change until clearance for signature, not after."""
    from agreements.services.agreements import update_facts

    mou = make_agreement()
    bring_to(world, mou, "awaiting_signature")
    with pytest.raises(Conflict) as refused:
        update_facts(world["pm"], mou, {"title": "Another title"})
    assert "awaiting signature are settled" in refused.value.detail

"""Legal review through the services: comments on articles, answers, resolving, the guards, the queue."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.db import db
from agreements.errors import Conflict, GuardFailed, InvalidInput, NotFound, PermissionDenied
from agreements.services import agreements, comments, versions
from agreements.services.transitions import fire_transition

from .lifecycle import bring_to, designate_signatories, record_conclude_authority, record_languages_conform, take


def _commit(value):
    """Commit as the edge does after one service call."""
    db.session.commit()
    return value


def _in_review(world, make_agreement, **fields):
    """An MOU with Russia, two articles, submitted for legal review."""
    return bring_to(world, make_agreement(**fields), "legal_review")


def test_a_legal_advisor_comments_on_an_article_of_a_version(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    comment = _commit(comments.add_comment(world["la"], agreement, 1, "2", "  Name the competent authority.  "))
    assert (comment.article, comment.body, comment.parent_id) == ("2", "Name the competent authority.", None)
    assert comment.author == world["la"] and comment.resolved_at is None
    assert comments.version_number(comment) == 1
    assert comments.list_comments(agreement) == [comment]


@pytest.mark.parametrize("anchor", ["preamble", "final_clauses", "1"])
def test_comments_may_be_on_the_preamble_the_final_clauses_or_any_article(world, make_agreement, anchor):
    agreement = _in_review(world, make_agreement)
    assert comments.add_comment(world["la"], agreement, 1, anchor, "Check this.").article == anchor


@pytest.mark.parametrize(
    ("article", "body", "field"),
    [
        ("7", "There is no article 7.", "article"),
        ("", "No article given.", "article"),
        (None, "No article given.", "article"),
        ("1", "", "body"),
        ("1", "   \n ", "body"),
        ("1", "x" * 5001, "body"),
        ("1", 42, "body"),
    ],
)
def test_a_comment_needs_an_article_of_that_version_and_a_body_of_1_to_5000_characters(
    world, make_agreement, article, body, field
):
    agreement = _in_review(world, make_agreement)
    with pytest.raises(InvalidInput) as refused:
        comments.add_comment(world["la"], agreement, 1, article, body)
    assert field in refused.value.errors


def test_a_comment_of_exactly_5000_characters_is_kept_whole(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    assert len(comments.add_comment(world["la"], agreement, 1, "1", "y" * 5000).body) == 5000


def test_a_comment_on_a_version_that_does_not_exist_is_not_found(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    with pytest.raises(NotFound):
        comments.add_comment(world["la"], agreement, 9, "1", "Which version?")


@pytest.mark.parametrize("who", ["pm", "moscow", "admin"])
def test_only_legal_advisors_open_comments(world, make_agreement, who):
    agreement = _in_review(world, make_agreement)
    with pytest.raises(PermissionDenied):
        comments.add_comment(world[who], agreement, 1, "1", "May I?")


@pytest.mark.parametrize("who", ["pm", "moscow", "la2"])
def test_program_managers_attaches_and_legal_advisors_answer_a_comment(world, make_agreement, who):
    agreement = _in_review(world, make_agreement)
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "2", "Why 30 days?"))
    answer = _commit(comments.add_comment(world[who], agreement, 1, None, "The counterpart asked.", parent_id=asked.id))
    assert (answer.parent_id, answer.article) == (asked.id, "2")
    [thread] = comments.threads(comments.list_comments(agreement))
    assert thread.comment == asked and thread.answers == [answer]


def test_an_answer_to_an_answer_joins_the_thread(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = comments.add_comment(world["la"], agreement, 1, "1", "Unclear.")
    first = comments.add_comment(world["pm"], agreement, 1, None, "Clarified.", parent_id=asked.id)
    second = comments.add_comment(world["la"], agreement, 1, None, "Thanks.", parent_id=first.id)
    assert second.parent_id == asked.id


def test_an_attache_of_another_country_does_not_even_find_the_agreement(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "1", "Unclear."))
    with pytest.raises(NotFound):
        agreements.get_agreement(world["mexico"], agreement.id)
    # Even handed the row, the answer is refused: the agreement is not theirs to see.
    with pytest.raises(PermissionDenied):
        comments.add_comment(world["mexico"], agreement, 1, None, "Hello", parent_id=asked.id)


def test_an_answer_names_a_comment_of_this_agreement(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    other = _in_review(world, make_agreement, title="MOU on customs")
    elsewhere = _commit(comments.add_comment(world["la"], other, 1, "1", "Elsewhere."))
    with pytest.raises(InvalidInput) as refused:
        comments.add_comment(world["pm"], agreement, 1, None, "Answer", parent_id=elsewhere.id)
    assert "parent_id" in refused.value.errors


def test_resolving_closes_the_thread_with_its_answers_and_records_who(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "1", "Unclear."))
    answer = _commit(comments.add_comment(world["moscow"], agreement, 1, None, "Fixed.", parent_id=asked.id))
    resolved = _commit(comments.resolve_comment(world["la2"], agreement, asked.id))
    assert resolved == asked
    assert asked.resolved_at is not None and answer.resolved_at is not None
    assert comments.resolver(asked) == world["la2"] and comments.resolver(answer) == world["la2"]
    assert comments.list_comments(agreement, open_only=True) == []
    with pytest.raises(Conflict, match="already resolved"):
        comments.resolve_comment(world["la"], agreement, asked.id)
    with pytest.raises(Conflict, match="resolved"):
        comments.add_comment(world["pm"], agreement, 1, None, "Late answer", parent_id=asked.id)


def test_resolving_an_answer_resolves_its_thread(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = comments.add_comment(world["la"], agreement, 1, "1", "Unclear.")
    answer = comments.add_comment(world["pm"], agreement, 1, None, "Fixed.", parent_id=asked.id)
    assert comments.resolve_comment(world["la"], agreement, answer.id) == asked
    assert asked.resolved_at is not None


@pytest.mark.parametrize("who", ["pm", "moscow"])
def test_only_legal_advisors_resolve(world, make_agreement, who):
    agreement = _in_review(world, make_agreement)
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "1", "Unclear."))
    with pytest.raises(PermissionDenied):
        comments.resolve_comment(world[who], agreement, asked.id)
    with pytest.raises(NotFound):
        comments.resolve_comment(world["la"], agreement, asked.id + 1000)


def test_comments_are_listed_by_version_and_open_or_all(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    first = _commit(comments.add_comment(world["la"], agreement, 1, "1", "On version 1."))
    take(world, agreement, "return_for_revision")
    _commit(versions.save_version(world["moscow"], agreement, _text()))
    take(world, agreement, "submit_for_review")
    second = _commit(comments.add_comment(world["la"], agreement, 2, "1", "On version 2."))
    _commit(comments.resolve_comment(world["la"], agreement, first.id))
    assert comments.list_comments(agreement) == [first, second]
    assert comments.list_comments(agreement, version=1) == [first]
    assert comments.list_comments(agreement, open_only=True) == [second]


def _text():
    """A revised two-article text in English and Russian."""
    from conftest import simple_text

    revised = simple_text()
    revised["articles"][0]["body"]["en"] = "Revised body."
    return revised


def test_comments_close_once_the_agreement_is_signed(world, make_agreement):
    agreement = bring_to(world, make_agreement(type="loi"), "in_force")
    with pytest.raises(Conflict, match="settled"):
        comments.add_comment(world["la"], agreement, 1, "1", "Too late.")


# --- the guards -------------------------------------------------------------------------------------
def _fire(user, agreement, trigger, **kwargs):
    return _commit(fire_transition(user, agreement.id, trigger, **kwargs))


def test_clear_for_negotiation_refuses_while_a_comment_is_open_and_passes_once_resolved(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "2", "Unclear."))
    _commit(comments.add_comment(world["moscow"], agreement, 1, None, "Clarified.", parent_id=asked.id))
    with pytest.raises(GuardFailed) as refused:
        _fire(world["la"], agreement, "clear_for_negotiation")
    assert any("still open" in reason for reason in refused.value.reasons)
    db.session.rollback()
    _commit(comments.resolve_comment(world["la"], agreement, asked.id))
    assert _fire(world["la"], agreement, "clear_for_negotiation").agreement.state == "negotiation"


def test_a_comment_added_in_the_same_transaction_already_blocks_clearance(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    comments.add_comment(world["la"], agreement, 1, "1", "Unclear.")
    with pytest.raises(GuardFailed):
        fire_transition(world["la"], agreement.id, "clear_for_negotiation")
    db.session.rollback()


def test_clear_for_signature_refuses_while_a_comment_is_open_and_passes_once_resolved(world, make_agreement):
    agreement = bring_to(world, make_agreement(), "final_review")
    designate_signatories(world, agreement)
    record_languages_conform(world, agreement)
    version = agreement.current_version_number
    asked = _commit(comments.add_comment(world["la"], agreement, version, "final_clauses", "Languages clause."))
    with pytest.raises(GuardFailed, match="still open"):
        _fire(world["la"], agreement, "clear_for_signature")
    db.session.rollback()
    _commit(comments.resolve_comment(world["la"], agreement, asked.id))
    assert _fire(world["la"], agreement, "clear_for_signature").agreement.state == "awaiting_signature"


def test_request_authority_refuses_while_a_comment_is_open_and_passes_once_resolved(world, make_agreement):
    agreement = _in_review(world, make_agreement, type="cmaa")
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "1", "Cite the statute."))
    data = {"legal_authority": "19 U.S.C. 1628"}
    with pytest.raises(GuardFailed, match="still open"):
        _fire(world["la"], agreement, "request_authority", data=data)
    db.session.rollback()
    _commit(comments.resolve_comment(world["la"], agreement, asked.id))
    assert _fire(world["la"], agreement, "request_authority", data=data).agreement.state == "clearance"


def test_cmaa_clear_for_signature_also_waits_for_open_comments(world, make_agreement):
    agreement = bring_to(world, make_agreement(type="cmaa"), "final_review")
    designate_signatories(world, agreement)
    record_conclude_authority(world, agreement)
    record_languages_conform(world, agreement)
    _commit(None)
    asked = _commit(comments.add_comment(world["la"], agreement, agreement.current_version_number, "1", "Hmm."))
    with pytest.raises(GuardFailed, match="still open"):
        _fire(world["la"], agreement, "clear_for_signature")
    db.session.rollback()
    _commit(comments.resolve_comment(world["la"], agreement, asked.id))
    assert _fire(world["la"], agreement, "clear_for_signature").agreement.state == "awaiting_signature"


# --- the review queue --------------------------------------------------------------------------------
UTC = dt.UTC


@pytest.fixture
def clock(monkeypatch):
    """The trail's clock, and the one of the day an agreement enters a state, set by the test: ``clock.now = …``."""
    from agreements.services import audit, transitions

    class Clock:
        now = dt.datetime(2026, 11, 1, 9, tzinfo=UTC)

    monkeypatch.setattr(audit, "utcnow", lambda: Clock.now)
    monkeypatch.setattr(transitions, "utcnow", lambda: Clock.now)
    return Clock


def test_the_queue_lists_agreements_awaiting_the_legal_office_oldest_first(world, make_agreement, clock):
    clock.now = dt.datetime(2026, 11, 1, 9, tzinfo=UTC)
    bring_to(world, make_agreement(title="Older MOU"), "final_review")
    clock.now = dt.datetime(2026, 11, 28, 9, tzinfo=UTC)
    recent = _in_review(world, make_agreement, title="Recent MOU")
    clock.now = dt.datetime(2026, 11, 20, 9, tzinfo=UTC)
    bring_to(world, make_agreement(type="cmaa", title="A CMAA"), "clearance")
    make_agreement(title="Still drafting")
    bring_to(world, make_agreement(title="Negotiating"), "negotiation")
    _commit(comments.add_comment(world["la"], recent, 1, "1", "One."))
    answered = _commit(comments.add_comment(world["la"], recent, 1, "2", "Two."))
    _commit(comments.add_comment(world["pm"], recent, 1, None, "Answer.", parent_id=answered.id))
    queue = comments.review_queue(world["la"], today=dt.date(2026, 12, 1))
    assert [(w.agreement.title, w.days_waiting) for w in queue] == [
        ("Older MOU", 30),
        ("A CMAA", 11),
        ("Recent MOU", 3),
    ]
    assert [w.open_comments for w in queue] == [0, 0, 2]


def test_days_waiting_count_from_the_last_time_the_agreement_entered_its_state(world, make_agreement, clock):
    clock.now = dt.datetime(2026, 10, 1, 9, tzinfo=UTC)
    agreement = _in_review(world, make_agreement)
    take(world, agreement, "return_for_revision")
    clock.now = dt.datetime(2026, 11, 25, 9, tzinfo=UTC)
    take(world, agreement, "submit_for_review")
    [waiting] = comments.review_queue(world["la"], today=dt.date(2026, 12, 1))
    assert waiting.since == clock.now and waiting.days_waiting == 6


def test_new_points_of_contact_do_not_restart_the_days_waiting(world, make_agreement, clock):
    from agreements.services.contacts import set_contacts

    clock.now = dt.datetime(2026, 11, 1, 9, tzinfo=UTC)
    agreement = _in_review(world, make_agreement)
    clock.now = dt.datetime(2026, 11, 30, 9, tzinfo=UTC)
    set_contacts(world["pm"], agreement, "counterpart", [{"name": "Irina Volkova", "phone": "+7 495 555 0123"}])
    db.session.commit()
    [waiting] = comments.review_queue(world["la"], today=dt.date(2026, 12, 1))
    assert waiting.days_waiting == 30


def test_the_queue_shows_an_attache_only_their_countries(world, make_agreement):
    _in_review(world, make_agreement, title="Russia")
    _in_review(world, make_agreement, country="MX", title="Mexico", counterpart="FGR", by="mexico")
    assert [w.agreement.title for w in comments.review_queue(world["moscow"])] == ["Russia"]
    assert {w.agreement.title for w in comments.review_queue(world["la"])} == {"Russia", "Mexico"}


def test_an_empty_queue(world):
    assert comments.review_queue(world["la"]) == []


def test_an_answered_comment_counts_once_among_the_open_ones(world, make_agreement):
    """Answers belong to their thread: one question with two answers is one open comment, not three."""
    agreement = _in_review(world, make_agreement)
    asked = _commit(comments.add_comment(world["la"], agreement, 1, "2", "Unclear."))
    for answer in ("Clarified.", "And reworded."):
        _commit(comments.add_comment(world["moscow"], agreement, 1, None, answer, parent_id=asked.id))
    with pytest.raises(GuardFailed) as refused:
        _fire(world["la"], agreement, "clear_for_negotiation")
    assert "1 review comment is still open: resolve them first." in refused.value.reasons
    db.session.rollback()

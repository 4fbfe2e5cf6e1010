"""Who is told what: a note to whoever acts next after each step, and each person's daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from agreements import outbox
from agreements.db import db
from agreements.models import OutboxMail
from agreements.services import mail
from agreements.services.transitions import fire_transition

from .lifecycle import SIGNED_ON, bring_to

BASE_URL = "https://agreements.example.gov"
TODAY = SIGNED_ON + dt.timedelta(days=5)  # the transmittal (signature + 15 days) is due in 10 days


@pytest.fixture(autouse=True)
def base_url(app):
    app.config["BASE_URL"] = BASE_URL


def step(user, agreement, trigger, **kwargs):
    """Take a step and commit, then send what it queued, as the end of its request does."""
    fire_transition(user, agreement.id, trigger, **kwargs)
    db.session.commit()
    outbox.send_after_commit()


def forget_mail() -> None:
    """The mail of a test's setting-up is not what the test is about."""
    mail.committed_ids(db.session())
    db.session.execute(delete(OutboxMail))
    db.session.commit()


# --- after a step ---------------------------------------------------------------------------------------


def test_a_submission_for_review_mails_the_legal_office_not_the_one_who_submitted(world, make_agreement, mailserver):
    agreement = make_agreement()
    step(world["moscow"], agreement, "submit_for_review")
    (received,) = mailserver.inbox.mail
    assert sorted(received.recipients) == ["la2@agreements.test", "la@agreements.test"]
    assert received.subject == f"{agreement.reference} is in legal review: waiting for the legal office"
    assert "Submit for review, by Adam Moscow (attaché)." in received.text
    assert "Next: Clear for negotiation." in received.text
    assert f"Open it: {BASE_URL}/agreements/{agreement.id}" in received.text
    assert f"{BASE_URL}/account/mail" in received.text


def test_a_return_for_revision_mails_the_drafting_side_of_that_country_with_the_comment(
    world, make_agreement, mailserver
):
    agreement = make_agreement(country="RU")
    step(world["pm"], agreement, "submit_for_review")
    comment = "Article 2 must name the <competent authorities> & their contacts."
    step(world["la"], agreement, "return_for_revision", comment=comment)

    returned = mailserver.inbox.mail[-1]
    # The program managers and the attaché whose office covers Russia; not Mexico City's, not the advisor.
    assert sorted(returned.recipients) == ["moscow@agreements.test", "pm@agreements.test"]
    assert returned.subject == (
        f"{agreement.reference} is in drafting: waiting for the program managers or the attaché office"
    )
    assert "Return for revision, by Lee Advisor (legal advisor)." in returned.text
    assert comment in returned.text
    assert "Article 2 must name the &lt;competent authorities&gt; &amp; their contacts." in returned.html
    assert "<competent" not in returned.html
    assert f'href="{BASE_URL}/agreements/{agreement.id}"' in returned.html


def test_an_attache_hears_only_of_the_countries_their_office_covers(world, make_agreement, mailserver):
    agreement = make_agreement(country="MX", counterpart="Fiscalía General de la República", languages=["en", "es"])
    step(world["pm"], agreement, "submit_for_review")
    step(world["la"], agreement, "return_for_revision", comment="Name the authorities.")
    assert mailserver.inbox.to("mexico@agreements.test")
    assert not mailserver.inbox.to("moscow@agreements.test")


def test_whoever_turned_the_notes_off_gets_none(world, make_agreement, mailserver):
    world["la2"].mail_on_transition = False
    db.session.commit()
    agreement = make_agreement()
    step(world["pm"], agreement, "submit_for_review")
    (received,) = mailserver.inbox.mail
    assert received.recipients == ["la@agreements.test"]


def test_disabled_people_and_steps_that_wait_for_nobody_send_nothing(world, make_agreement, mailserver):
    for key in ("la", "la2"):
        world[key].is_enabled = False
    db.session.commit()
    agreement = make_agreement()
    step(world["pm"], agreement, "submit_for_review")
    assert mailserver.inbox.mail == []
    (note,) = db.session.scalars(select(OutboxMail)).all()  # closed: nobody to tell
    assert note.recipients == [] and note.sent_at is not None and note.attempts == 0


def test_each_step_is_queued_once(world, make_agreement):
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review")
    db.session.commit()
    assert db.session.scalars(select(OutboxMail.key)).all() == [f"event:{agreement.id}:2"]


# --- the daily digest -----------------------------------------------------------------------------------
@pytest.fixture
def portfolio(world, make_agreement):
    """An MOU stuck in legal review for 20 days, and a reportable one signed, its transmittal due in 10 days."""
    stuck = make_agreement(title="Stuck in review")
    fire_transition(world["pm"], stuck.id, "submit_for_review")
    stuck.state_since = dt.datetime.combine(TODAY - dt.timedelta(days=20), dt.time(9), dt.UTC)
    signed = make_agreement(title="Signed last week")
    signed.is_reportable = True  # a qualifying non-binding instrument: transmitted to the State Department
    db.session.commit()
    bring_to(world, signed, "in_force")
    forget_mail()
    return {"stuck": stuck, "signed": signed}


def test_the_digest_lists_what_waits_for_each_person_and_the_deadlines_they_may_see(
    world, portfolio, mailserver, runner
):
    output = runner.invoke(["daily", "--today", TODAY.isoformat()]).output
    inbox = mailserver.inbox
    stuck, signed = portfolio["stuck"], portfolio["signed"]

    (advisor,) = inbox.to("la@agreements.test")
    assert advisor.subject == "Agreements on 31 March 2026: 1 overdue"
    assert f"- {stuck.reference}: Stuck in review" in advisor.text
    assert "In legal review for 20 days (the norm is 14)." in advisor.text
    assert f"{BASE_URL}/agreements/{stuck.id}" in advisor.text and signed.reference not in advisor.text
    assert f'href="{BASE_URL}/agreements/{stuck.id}"' in advisor.html

    (manager,) = inbox.to("pm@agreements.test")
    assert manager.subject == "Agreements on 31 March 2026: 1 deadline"
    assert "2026-04-10, in 10 days: Transmittal to the State Department" in manager.text
    assert stuck.reference not in manager.text  # the legal review waits for the legal office
    # The attaché covering Russia sees the Russian agreement's deadline; Mexico City has nothing, so no mail.
    (moscow,) = inbox.to("moscow@agreements.test")
    assert signed.reference in moscow.text
    assert inbox.to("mexico@agreements.test") == [] and inbox.to("admin@agreements.test") == []
    assert "Mail: 4 digest(s) queued, 4 mail(s) sent, 0 failed." in output  # la, la2, pm, moscow


def test_the_digest_leaves_once_a_day_and_catches_up_the_next(world, portfolio, mailserver, runner):
    runner.invoke(["daily", "--today", TODAY.isoformat()])
    again = runner.invoke(["daily", "--today", TODAY.isoformat()]).output
    assert "Mail: 0 digest(s) queued, 0 mail(s) sent" in again
    assert len(mailserver.inbox.to("la@agreements.test")) == 1

    later = TODAY + dt.timedelta(days=3)  # two days missed: the next run reports as of its own day
    runner.invoke(["daily", "--today", later.isoformat()])
    latest = mailserver.inbox.to("la@agreements.test")[-1]
    assert latest.subject == "Agreements on 3 April 2026: 1 overdue"
    assert "In legal review for 23 days" in latest.text


def test_whoever_turned_the_digest_off_gets_none(world, portfolio, mailserver, runner):
    world["la"].mail_digest = False
    db.session.commit()
    runner.invoke(["daily", "--today", TODAY.isoformat()])
    assert mailserver.inbox.to("la@agreements.test") == []
    assert len(mailserver.inbox.to("la2@agreements.test")) == 1


def test_nothing_to_report_sends_no_digest(world, mailserver, runner):
    output = runner.invoke(["daily", "--today", TODAY.isoformat()]).output
    assert "Mail: 0 digest(s) queued, 0 mail(s) sent, 0 failed." in output
    assert mailserver.inbox.mail == []

"""The outbox and its sender: mail leaves only after the commit, through a real SMTP server, at most once."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
from conftest import csrf_token
from mailserver import MailServer, free_port
from sqlalchemy import func, select

from agreements import outbox
from agreements.db import db
from agreements.models import Agreement, OutboxMail
from agreements.services import mail
from agreements.services.transitions import fire_transition

BASE_URL = "https://agreements.example.gov"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Killed(BaseException):
    """The sender's process stopping dead (a kill, a power cut): no handler of the sender runs."""


@pytest.fixture(autouse=True)
def base_url(app):
    app.config["BASE_URL"] = BASE_URL


def in_the_outbox() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def submit_on_the_page(client, login_as, user, agreement):
    """The person takes 'Submit for review' on the agreement page, as in the browser."""
    login_as(user)
    page = f"/agreements/{agreement.id}"
    return client.post(
        f"{page}/transitions",
        data={"trigger": "submit_for_review", "csrf_token": csrf_token(client, page)},
    )


def queued(world, make_agreement) -> OutboxMail:
    """One mail committed to the outbox and not sent yet (queued by a step taken outside a request)."""
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review")
    db.session.commit()
    mail.committed_ids(db.session())  # leave it for the sender the test runs
    (row,) = in_the_outbox()
    return row


# --- after the commit --------------------------------------------------------------------------------
def test_a_step_taken_on_the_page_mails_once_the_request_committed(client, login_as, world, make_agreement, mailserver):
    agreement = make_agreement()
    response = submit_on_the_page(client, login_as, world["pm"], agreement)
    assert response.status_code == 303
    (received,) = mailserver.inbox.mail
    assert sorted(received.recipients) == ["la2@agreements.test", "la@agreements.test"]
    assert received.sender == "agreements@localhost"
    assert received.subject == f"{agreement.reference} is in legal review: waiting for the legal office"
    assert f"{BASE_URL}/agreements/{agreement.id}" in received.text
    assert f'href="{BASE_URL}/agreements/{agreement.id}"' in received.html
    assert received.message.get_content_type() == "multipart/alternative"
    (row,) = in_the_outbox()
    assert row.key == f"event:{agreement.id}:2"
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""


def test_a_step_taken_through_the_api_mails_once_the_request_committed(
    client, token_for, world, make_agreement, mailserver
):
    agreement = make_agreement()
    response = client.post(
        f"/api/v1/agreements/{agreement.id}/transitions",
        json={"trigger": "submit_for_review"},
        headers=token_for(world["moscow"]),
    )
    assert response.status_code == 200
    (received,) = mailserver.inbox.mail
    assert sorted(received.recipients) == ["la2@agreements.test", "la@agreements.test"]
    assert "by Adam Moscow (attaché)" in received.text


def test_a_rolled_back_step_leaves_no_mail(world, make_agreement, mailserver):
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review")
    assert mailserver.inbox.mail == []  # queued in the transaction, not sent
    db.session.rollback()
    outbox.send_after_commit()
    assert in_the_outbox() == []
    assert mailserver.inbox.mail == []
    assert db.session.get(Agreement, agreement.id).state == "drafting"


def test_queued_mail_waits_for_the_commit_then_leaves(world, make_agreement, mailserver):
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review")
    outbox.send_after_commit()  # not committed yet: nothing may leave
    assert mailserver.inbox.mail == []
    db.session.commit()
    outbox.send_after_commit()
    assert len(mailserver.inbox.mail) == 1


def test_a_key_is_queued_once(app, world):
    first = mail.enqueue("digest:1:2026-03-02", ["pm@agreements.test"], "One", "Text")
    again = mail.enqueue("digest:1:2026-03-02", ["pm@agreements.test"], "Two", "Text")
    db.session.commit()
    assert first is not None and again is None
    assert [row.subject for row in in_the_outbox()] == ["One"]


# --- failures and retries -------------------------------------------------------------------------------
def test_a_mail_server_that_is_down_never_blocks_the_step_and_the_daily_run_sends_later(
    app, client, login_as, world, make_agreement, runner
):
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    agreement = make_agreement()

    assert submit_on_the_page(client, login_as, world["pm"], agreement).status_code == 303

    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id).state == "legal_review"
    (row,) = in_the_outbox()
    assert row.sent_at is None and row.sending_since is None and row.attempts == 1
    assert row.last_error.startswith(f"could not reach the mail server at 127.0.0.1:{port}")
    assert "Traceback" not in row.last_error and "Error" not in row.last_error

    server = MailServer(port).start()  # the server is back
    try:
        output = runner.invoke(["daily", "--today", "2026-03-02"]).output
    finally:
        server.stop()
    assert "1 mail(s) sent, 0 failed" in output
    (received,) = server.inbox.mail
    assert received.subject == f"{agreement.reference} is in legal review: waiting for the legal office"
    (row,) = in_the_outbox()
    assert row.sent_at is not None and row.attempts == 2 and row.last_error == ""


def test_the_daily_run_says_what_failed_in_words(app, world, make_agreement, runner):
    queued(world, make_agreement)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    output = runner.invoke(["daily", "--today", "2026-03-02"]).output
    assert "0 mail(s) sent, 1 failed" in output
    assert "not sent, tried again on the next run: event:" in output
    assert "could not reach the mail server" in output


# --- at most once -------------------------------------------------------------------------------------
def test_a_sender_killed_after_the_server_accepted_never_sends_the_mail_again(
    world, make_agreement, mailserver, monkeypatch, runner
):
    """Killed between the send and the mark: the mail arrived once and is never sent a second time;
    it is reported as mail that may not have left, for a person to check."""
    row = queued(world, make_agreement)

    def killed(*_args):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_mark_sent", killed)
        with pytest.raises(Killed):
            outbox.send_pending(now=NOW)
    assert len(mailserver.inbox.mail) == 1
    (after,) = in_the_outbox()
    assert (after.sending_since, after.sent_at, after.attempts) == (NOW, None, 1)

    # Later senders leave it alone: sending again would risk a second copy.
    assert outbox.send_pending(now=NOW + dt.timedelta(hours=1)).sent == 0
    assert len(mailserver.inbox.mail) == 1
    # A sender may still be at work for ten minutes; after that, it is reported.
    assert mail.may_not_have_left(NOW + dt.timedelta(minutes=5)) == []
    assert [m.id for m in mail.may_not_have_left(NOW + dt.timedelta(minutes=11))] == [row.id]
    output = runner.invoke(["daily", "--today", "2026-03-02"]).output
    assert "1 mail(s) may not have left" in output
    assert f"  {row.id}: {row.subject}" in output
    assert len(mailserver.inbox.mail) == 1


def test_a_sender_killed_before_the_server_accepted_loses_that_mail_until_a_person_releases_it(
    world, make_agreement, mailserver, monkeypatch, runner
):
    """The side it errs on: a mail whose send never completed is not sent by itself either."""
    row = queued(world, make_agreement)

    def killed(*_args):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(outbox._Transport, "send", killed)
        with pytest.raises(Killed):
            outbox.send_pending(now=NOW)
    assert mailserver.inbox.mail == []
    assert outbox.send_pending().sent == 0
    assert mailserver.inbox.mail == []

    output = runner.invoke(["mail", "release", str(row.id)]).output
    assert "1 mail(s) queued again, 1 sent." in output
    assert len(mailserver.inbox.mail) == 1
    (after,) = in_the_outbox()
    assert after.sent_at is not None and after.attempts == 2


def test_two_senders_never_send_one_mail_twice(world, make_agreement, mailserver):
    row = queued(world, make_agreement)
    assert outbox._claim(row.id, NOW) is not None
    assert outbox._claim(row.id, NOW) is None  # the second sender finds it taken
    assert outbox.send_pending().sent == 0


# --- without a mail server -----------------------------------------------------------------------------
def test_without_a_mail_server_mail_is_written_to_the_instance_outbox(app, client, login_as, world, make_agreement):
    assert app.config["MAIL_SERVER"] == ""
    agreement = make_agreement()
    assert submit_on_the_page(client, login_as, world["pm"], agreement).status_code == 303

    (path,) = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == f"{agreement.reference} is in legal review: waiting for the legal office"
    assert message["To"] == "la2@agreements.test, la@agreements.test"
    assert f"{BASE_URL}/agreements/{agreement.id}" in message.get_body(("plain",)).get_content()
    assert "<a href=" in message.get_body(("html",)).get_content()
    (row,) = in_the_outbox()
    assert row.sent_at is not None
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None))) == 0

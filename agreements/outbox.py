"""The sender of the outbox: mail leaves after the commit of what queued it, at most once.

``services.mail.enqueue`` writes a row in the transaction of what caused the mail. Once that
transaction committed, ``send_pending`` sends it: at the end of the request or command whose commit
queued it (``send_after_commit``, registered by ``init_app``), and in ``agreements daily``, which sends
whatever is still waiting (mail whose send failed, or queued where nobody sent it). The sender owns
its transactions (claim, mark), so it sits at the edge beside the views and the commands, and is
called only after the caller's commit.

**At most once.** Each mail is claimed (``sending_since``, one attempt more) and the claim is
committed before the mail server is spoken to; once the server accepted the mail, it is marked sent
(``sent_at``). A send that fails (the server is down, or refuses it) releases the claim and keeps the
reason in words (``last_error``; the traceback goes to the log only), so a later pass tries again; a
failure never reaches the request, whose step is committed already. A sender killed between the
server's acceptance and the mark leaves the mail claimed and unmarked: no sender claims it again, so
it is never sent twice. That is the side this errs on: a sender killed *before* the server accepted
leaves the same trace, and that mail does not leave by itself. ``agreements daily`` lists such mail
(claimed more than ``services.mail.CLAIM_TIMEOUT`` ago, not marked) as mail that may not have left;
a person checks the mail server's log and queues again what did not arrive (``agreements mail
release``).

Without ``MAIL_SERVER``, each mail is written as an ``.eml`` file to ``instance/outbox/`` (so the demo
shows it) and marked sent the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import Row, select, update

from .db import db, utcnow
from .models import OutboxMail
from .services import mail, notifications

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 10  # seconds: a mail server that does not answer must not hold a request for long
_OUTBOX = OutboxMail.__table__


def init_app(app) -> None:
    """Send what a request or command queued once its app context ends (after its commit)."""
    app.teardown_appcontext(send_after_commit)


def send_after_commit(_error: BaseException | None = None) -> None:
    """At the end of a request or command: send the mail its commits queued (nothing to do, nothing read).

    Never raises: the transition that queued the mail is committed, and a failed send stays queued
    for the daily job.
    """
    if not db.session.registry.has():
        return
    session = db.session()
    ids = mail.committed_ids(session)
    if not ids:
        return
    try:
        session.rollback()  # nothing left uncommitted may be committed with the marks
        send_pending(ids=ids)
    except Exception:
        log.exception("Sending mail after the commit failed; the daily job sends what is left.")
        session.rollback()


# --- sending ----------------------------------------------------------------------------------------
@dataclass
class SendReport:
    """What one pass over the outbox did."""

    sent: int = 0
    failed: list[str] = field(default_factory=list)  # "key: reason", one per failed send
    waiting: int = 0  # not tried in this pass (the mail server could not be reached)


def send_pending(now: dt.datetime | None = None, limit: int | None = None, ids=None) -> SendReport:
    """Send the mail waiting in the outbox (only ``ids``, if given), oldest first; commits each step.

    Call it outside any transaction holding other work (after the commit). Each mail is claimed
    and the claim committed, then sent, then marked sent and committed (see the module's note on
    sending at most once). A failure is recorded on the row and released for a later pass; when the
    mail server cannot be reached at all, the pass stops and the rest waits.
    """
    now = now or utcnow()
    query = (
        select(OutboxMail.id)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.sending_since.is_(None))
        .order_by(OutboxMail.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(OutboxMail.id.in_(sorted(ids)))
    waiting = list(db.session.scalars(query))
    notifications.address_notes(waiting, now)  # the notes transitions queued get their people and words
    db.session.commit()
    if ids is None and limit is None:
        mail.committed_ids(db.session())  # this pass covers them
    report = SendReport()
    transport = _Transport(current_app.config, Path(current_app.instance_path) / "outbox")
    try:
        for position, mail_id in enumerate(waiting):
            claimed = _claim(mail_id, now)
            if claimed is None:
                continue  # another sender has it, or has sent it
            try:
                transport.send(_message(claimed, transport.sender, now), mail_id)
            except (OSError, smtplib.SMTPException) as exc:
                reason = _reason(exc, transport)
                log.warning("Mail %s not sent: %s", claimed.key, reason)
                _release(mail_id, reason)
                report.failed.append(f"{claimed.key}: {reason}")
                if transport.unreachable:
                    report.waiting = len(waiting) - position - 1
                    break
                continue
            _mark_sent(mail_id, now)
            report.sent += 1
    finally:
        transport.close()
    return report


def _claim(mail_id: int, now: dt.datetime) -> Row | None:
    """Take the mail for this sender (committed): its key, recipients, subject, text and HTML, or
    None if another sender has it or it was sent."""
    mail = db.session.execute(
        update(_OUTBOX)
        .where(_OUTBOX.c.id == mail_id, _OUTBOX.c.sent_at.is_(None), _OUTBOX.c.sending_since.is_(None))
        .values(sending_since=now, attempts=_OUTBOX.c.attempts + 1)
        .returning(_OUTBOX.c.key, _OUTBOX.c.recipients, _OUTBOX.c.subject, _OUTBOX.c.text, _OUTBOX.c.html)
    ).first()
    db.session.commit()
    return mail


def _mark_sent(mail_id: int, now: dt.datetime) -> None:
    """The server accepted it: sent, for good."""
    db.session.execute(update(_OUTBOX).where(_OUTBOX.c.id == mail_id).values(sent_at=now, last_error=""))
    db.session.commit()


def _release(mail_id: int, reason: str) -> None:
    """The send failed: free the mail for a later pass, with the reason."""
    db.session.execute(
        update(_OUTBOX).where(_OUTBOX.c.id == mail_id).values(sending_since=None, last_error=reason[:500])
    )
    db.session.commit()


# --- the message and the ways out ------------------------------------------------------------------
def _message(mail: Row, sender: str, now: dt.datetime) -> EmailMessage:
    """A multipart/alternative message: the plain text, and the HTML when there is one."""
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = ", ".join(mail.recipients)
    message["Date"] = format_datetime(now)
    # The same mail always has the same id: a mail released and sent again is recognisable as one.
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    message["Message-ID"] = f"<{hashlib.sha256(mail.key.encode()).hexdigest()[:32]}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


class _Transport:
    """The way out: one SMTP connection for a whole pass, or ``.eml`` files without ``MAIL_SERVER``."""

    def __init__(self, config, outbox_dir: Path) -> None:
        self.config = config
        self.sender = config["MAIL_DEFAULT_SENDER"]
        self.outbox_dir = outbox_dir
        self.smtp: smtplib.SMTP | None = None
        self.unreachable = False

    @property
    def server(self) -> str:
        """host:port of the mail server."""
        return f"{self.config['MAIL_SERVER']}:{self.config['MAIL_PORT']}"

    def send(self, message: EmailMessage, mail_id: int) -> None:
        """Hand the message over; raises OSError or SMTPException when it was not accepted."""
        if not self.config["MAIL_SERVER"]:
            try:
                self._write(message, mail_id)
            except OSError:
                self.unreachable = True  # a full disk or a folder we may not write: the rest would fail too
                raise
            return
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.send_message(message)
        except (OSError, smtplib.SMTPServerDisconnected):
            self.unreachable = True
            self.close()
            raise

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        try:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT)
            try:
                if config["MAIL_USE_TLS"]:
                    smtp.starttls(context=ssl.create_default_context())
                if config["MAIL_USERNAME"]:
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            except BaseException:
                smtp.close()
                raise
        except (OSError, smtplib.SMTPException):
            self.unreachable = True
            raise
        return smtp

    def _write(self, message: EmailMessage, mail_id: int) -> None:
        """Write the mail as an .eml file, named by its place in the outbox (written whole, then renamed)."""
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        name = f"{mail_id:08d}"
        partial = self.outbox_dir / f".{name}.partial"
        partial.write_bytes(message.as_bytes())
        os.replace(partial, self.outbox_dir / f"{name}.eml")

    def close(self) -> None:
        """Say goodbye to the mail server, if connected."""
        smtp, self.smtp = self.smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def _reason(exc: BaseException, transport: _Transport) -> str:
    """Why a send failed, in words for the person running the job (no traceback: that goes to the log)."""
    if not transport.config["MAIL_SERVER"]:
        return f"could not write the mail to {transport.outbox_dir} ({getattr(exc, 'strerror', None) or exc})"[:300]
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"the mail server at {transport.server} refused the user name or password"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the recipients " + ", ".join(sorted(exc.recipients))
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"the mail server answered {exc.smtp_code} {message}"[:300]
    if isinstance(exc, (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        detail = getattr(exc, "strerror", None) or str(exc) or "no answer"
        return f"could not reach the mail server at {transport.server} ({detail})"[:300]
    return f"the mail was not accepted ({exc})"[:300]

"""A real SMTP server for the tests (aiosmtpd), on 127.0.0.1 and a free port, keeping what arrives.

Tests read the mail as a person's mail program would: the envelope's recipients, the subject, and
the plain-text and HTML parts of the message.
"""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One mail as it arrived: who it was sent from and to (the envelope), and the message."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The Subject header, decoded."""
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """The plain-text part."""
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        """The HTML part."""
        return self.message.get_body(("html",)).get_content()


class Inbox:
    """aiosmtpd's handler: every message accepted is kept, in order."""

    def __init__(self) -> None:
        self.mail: list[Received] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        """Accept the message and keep it."""
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.mail.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """The mail that reached ``address``."""
        return [received for received in self.mail if address in received.recipients]


class MailServer:
    """An SMTP server started on a free port of 127.0.0.1; ``stop`` it when done."""

    def __init__(self, port: int | None = None) -> None:
        self.inbox = Inbox()
        self.port = port or free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> MailServer:
        """Listen (returns once the server answers)."""
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()

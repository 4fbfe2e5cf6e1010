"""Deadlines that follow from an agreement's dates, and where each stands: the transmittal to the State
Department after signature (ours, 22 CFR 181.7), the publication after entry into force (the State
Department's, 181.9: tracked here, never counted down as ours)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..auth import policy
from ..models import Agreement
from ..workflows.guards import long_date

TRANSMITTAL_DAYS = 15  # 22 CFR 181.7(a)(1): to reach L/T within 15 days of signature, in every language signed
PUBLICATION_DAYS = 120  # 22 CFR 181.9(a): within 120 days of entry into force; 181.9(b): QNBIs every 120 days
SOON_DAYS = 7
SENT_TEXT = "text"  # the kind of transmittal that meets the 15 days (services.transmittals.KINDS)

# Where a deadline stands; ``done`` is for one without a date of its own (a QNBI's publication).
OPEN, OVERDUE, DONE_ON_TIME, DONE_LATE, DONE = "open", "overdue", "done_on_time", "done_late", "done"
STATUSES = (OPEN, OVERDUE, DONE_ON_TIME, DONE_LATE, DONE)
# Whose duty it is: ours, or the State Department's (which we only track).
AGENCY, STATE_DEPARTMENT = "agency", "state_department"
# How the State Department publishes (22 CFR 181.9(a) and (b)).
WITHIN_120_DAYS, IN_BATCHES = "within_120_days_of_entry_into_force", "in_batches_every_120_days"


@dataclass(frozen=True)
class Deadline:
    """One deadline: what is due, by when (None: no date of its own), counted from what, and where it stands."""

    key: str
    label: str
    due_on: dt.date | None
    basis: str
    status: str
    summary: str  # where it stands, in words: "sent on 3 April 2026, on time"
    days_left: int | None = None  # our own open deadlines only: days to go, negative once past
    done_on: dt.date | None = None
    responsible: str = AGENCY

    @property
    def days_late(self) -> int:
        """Days after its date it was done; 0 when done on time, not done, or without a date."""
        if self.done_on is None or self.due_on is None:
            return 0
        return max((self.done_on - self.due_on).days, 0)

    @property
    def lateness(self) -> str:
        """'on time' or '10 days late' (for a deadline that is done)."""
        return lateness(self.days_late)

    @property
    def urgency(self) -> str:
        """How the page marks it: ``done``, ``info`` (the State Department's), else ``past``, ``soon`` or ``ahead``."""
        if self.done_on is not None:
            return "done"
        if self.responsible != AGENCY or self.days_left is None:
            return "info"
        if self.days_left < 0:
            return "past"
        return "soon" if self.days_left <= SOON_DAYS else "ahead"


def applies(agreement: Agreement) -> bool:
    """Binding agreements and reportable non-binding instruments are transmitted and published."""
    return policy.is_transmitted(agreement)


def publication_rule(agreement: Agreement) -> str | None:
    """How the State Department publishes it: within 120 days of entry into force (an international
    agreement), in batches every 120 days (a qualifying non-binding instrument), or not at all (None)."""
    if not applies(agreement):
        return None
    return WITHIN_120_DAYS if agreement.is_binding else IN_BATCHES


def countdown(days: int) -> str:
    """'in 12 days', 'due today', 'was due 3 days ago'."""
    if days == 0:
        return "due today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"was due {-days} day{'s' if days != -1 else ''} ago"


def lateness(days_late: int) -> str:
    """'on time', '1 day late', '10 days late'."""
    return f"{days_late} day{'s' if days_late != 1 else ''} late" if days_late > 0 else "on time"


def _status(due_on: dt.date | None, done_on: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        if due_on is None:
            return DONE
        return DONE_ON_TIME if done_on <= due_on else DONE_LATE
    return OVERDUE if due_on is not None and today > due_on else OPEN


def text_sent_on(agreement: Agreement) -> dt.date | None:
    """When the concluded text first went to the treaty office, if it did."""
    return min((t.sent_on for t in agreement.transmittals if t.kind == SENT_TEXT), default=None)


def transmittal_deadline(agreement: Agreement, today: dt.date) -> Deadline:
    """Ours: the signed text to L/T within 15 days of signature; done once a transmittal of the text is recorded."""
    due = agreement.signed_on + dt.timedelta(days=TRANSMITTAL_DAYS)
    sent = text_sent_on(agreement)
    days_left = None if sent else (due - today).days
    if sent:
        summary = f"sent on {long_date(sent)}, {lateness(max((sent - due).days, 0))}"
    else:
        summary = f"due {long_date(due)} ({countdown(days_left)})"
    return Deadline(
        "transmittal",
        "Transmittal to the State Department",
        due,
        f"{TRANSMITTAL_DAYS} days after signature on {agreement.signed_on.isoformat()}",
        _status(due, sent, today),
        summary,
        days_left=days_left,
        done_on=sent,
    )


def publication_deadline(agreement: Agreement, today: dt.date) -> Deadline:
    """The State Department's: publication within 120 days of entry into force, or (a qualifying
    non-binding instrument) in its next batch; done once the publication is recorded."""
    published = agreement.published_on
    batches = publication_rule(agreement) == IN_BATCHES
    due = None if batches else agreement.in_force_on + dt.timedelta(days=PUBLICATION_DAYS)
    if batches:
        basis = f"in the State Department's batches, at least every {PUBLICATION_DAYS} days (22 CFR 181.9(b))"
    else:
        basis = f"{PUBLICATION_DAYS} days after entry into force on {agreement.in_force_on.isoformat()}"
    if published:
        cited = f" ({agreement.publication_citation})" if agreement.publication_citation else ""
        summary = f"published on {long_date(published)}{cited}"
    elif batches:
        summary = f"published by the State Department in batches every {PUBLICATION_DAYS} days"
    else:
        summary = f"State publishes within {PUBLICATION_DAYS} days of entry into force (by {long_date(due)})"
    return Deadline(
        "publication",
        "Publication of the text",
        due,
        basis,
        _status(due, published, today),
        summary,
        done_on=published,
        responsible=STATE_DEPARTMENT,
    )


def deadlines_for(agreement: Agreement, today: dt.date | None = None) -> list[Deadline]:
    """The agreement's deadlines known so far (none before signature, none for instruments that are not reported)."""
    if not applies(agreement):
        return []
    today = today or dt.date.today()
    out = []
    if agreement.signed_on:
        out.append(transmittal_deadline(agreement, today))
    if agreement.in_force_on:
        out.append(publication_deadline(agreement, today))
    return out

"""Deadlines that follow from an agreement's dates: transmittal after signature, publication after entry into force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Agreement

TRANSMITTAL_DAYS = 15  # to the State Department's treaty office, in every language signed
PUBLICATION_DAYS = 120  # texts published after entry into force
SOON_DAYS = 7


@dataclass(frozen=True)
class Deadline:
    """One deadline: what is due, by when, counted from which date."""

    key: str
    label: str
    due_on: dt.date
    basis: str
    days_left: int

    @property
    def status(self) -> str:
        """``past`` once the day has gone by, ``soon`` within a week, else ``ahead``."""
        if self.days_left < 0:
            return "past"
        return "soon" if self.days_left <= SOON_DAYS else "ahead"


def applies(agreement: Agreement) -> bool:
    """Binding agreements and reportable non-binding instruments are transmitted and published."""
    return bool(agreement.is_binding or agreement.is_reportable)


def deadlines_for(agreement: Agreement, today: dt.date | None = None) -> list[Deadline]:
    """The agreement's deadlines known so far (none before signature, none for instruments that are not reported)."""
    if not applies(agreement):
        return []
    today = today or dt.date.today()
    out = []
    if agreement.signed_on:
        due = agreement.signed_on + dt.timedelta(days=TRANSMITTAL_DAYS)
        out.append(
            Deadline(
                "transmittal",
                "Transmittal to the State Department",
                due,
                f"{TRANSMITTAL_DAYS} days after signature on {agreement.signed_on.isoformat()}",
                (due - today).days,
            )
        )
    if agreement.in_force_on:
        due = agreement.in_force_on + dt.timedelta(days=PUBLICATION_DAYS)
        out.append(
            Deadline(
                "publication",
                "Publication of the text",
                due,
                f"{PUBLICATION_DAYS} days after entry into force on {agreement.in_force_on.isoformat()}",
                (due - today).days,
            )
        )
    return out

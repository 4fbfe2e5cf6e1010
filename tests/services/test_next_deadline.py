"""Each agreement's next deadline on the list: the earliest of those still to be met (an unsent transmittal,
overdue or not; the last day of notice before a renewal; the expiry), the same the deadline list shows as
open or overdue; the list sorts by it, soonest first, those without one last either way; the CSV holds it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from agreements.services import agreements, listing
from agreements.services.deadline_list import list_deadlines

from .deadline_world import TRANSMITTAL_DUE, binding, in_effect, send_text

D = dt.date
TODAY = D(2026, 4, 1)


@pytest.fixture
def clock(monkeypatch):
    """Today is 1 April 2026: the transmittals of the agreements signed on 26 March are due in 9 days."""
    monkeypatch.setattr(listing, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def portfolio(world, make_agreement, clock):
    """Five agreements with different next deadlines, and one with none."""
    made = {
        "renewing": in_effect(
            world, make_agreement, title="Renews", expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90
        ),
        "ending": in_effect(world, make_agreement, title="Ends", expires_on="2026-06-30"),
        "unsent": binding(world, make_agreement, title="Unsent"),
        "sent": binding(world, make_agreement, title="Sent", expires_on="2031-03-26"),
        "no end": in_effect(world, make_agreement, title="No end"),
        "drafting": make_agreement(title="Still a draft"),
    }
    send_text(world, made["sent"], D(2026, 4, 3))
    return made


def _next(world, agreement):
    page = agreements.list_agreements(world["pm"], q=agreement.reference)
    (item,) = page.items
    return page.next_deadline(item)


def test_the_next_deadline_of_each_agreement(world, portfolio):
    seen = {key: (due.due_on, due.kind, due.when) if (due := _next(world, a)) else None for key, a in portfolio.items()}
    assert seen == {
        "renewing": (D(2026, 11, 2), "renewal_notice", "in 215 days"),  # 90 days before 31 January 2027
        "ending": (D(2026, 6, 30), "expiry", "in 90 days"),
        "unsent": (TRANSMITTAL_DUE, "transmittal", "in 9 days"),
        "sent": (D(2031, 3, 26), "expiry", "in 1820 days"),  # the transmittal is done: the expiry comes next
        "no end": None,
        "drafting": None,
    }


def test_it_is_the_earliest_the_deadline_list_shows_still_to_be_met(world, portfolio):
    items = list_deadlines(world["pm"], TODAY, D(2032, 1, 1), today=TODAY)
    earliest = {}
    for item in items:
        if item.progress in ("open", "overdue"):
            earliest.setdefault(item.agreement_id, (item.due_on, item.kind))
    for agreement in portfolio.values():
        due = _next(world, agreement)
        assert ((due.due_on, due.kind) if due else None) == earliest.get(agreement.id), agreement.title


def test_an_unsent_transmittal_stays_the_next_deadline_once_overdue(world, portfolio, monkeypatch):
    later = D(2026, 5, 1)
    monkeypatch.setattr(listing, "today", lambda: later)
    due = _next(world, portfolio["unsent"])
    assert (due.due_on, due.kind, due.days_left, due.when) == (TRANSMITTAL_DUE, "transmittal", -21, "21 days ago")


@pytest.mark.parametrize("descending", [False, True], ids=["soonest first", "latest first"])
def test_the_list_sorts_by_it_with_those_without_one_last(world, portfolio, descending):
    page = agreements.list_agreements(world["pm"], sort="-next_deadline" if descending else "next_deadline")
    titles = [a.title for a in page.items]
    dated = ["Unsent", "Ends", "Renews", "Sent"]
    assert titles[:4] == (dated[::-1] if descending else dated)
    assert set(titles[4:]) == {"No end", "Still a draft"}


def test_the_csv_holds_it(world, portfolio):
    lines = listing.agreements_csv(world["pm"], sort="next_deadline")
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    assert [(r["title"], r["next_deadline"], r["next_deadline_kind"]) for r in rows[:4]] == [
        ("Unsent", "2026-04-10", "transmittal"),
        ("Ends", "2026-06-30", "expiry"),
        ("Renews", "2026-11-02", "renewal_notice"),
        ("Sent", "2031-03-26", "expiry"),
    ]
    assert {r["next_deadline"] for r in rows[4:]} == {""}

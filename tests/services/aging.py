"""A small portfolio for the dashboard's tests: agreements in several states, types and regions, each aged
to a known number of days in its state on a fixed day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from agreements.db import db
from agreements.models import Agreement
from agreements.services import users

from .lifecycle import bring_to

# The day every test of the dashboard runs on, and the moment "now" is on it.
TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)
MEXICO = {"counterpart": "Fiscalía General de la República", "languages": ["en", "es"]}
FRANCE = {"counterpart": "Direction centrale de la police judiciaire", "languages": ["en", "fr"]}


def age(agreement: Agreement, days: int, today: dt.date = TODAY) -> None:
    """Date the agreement's entry into its state so that on ``today`` it has been there ``days`` days."""
    since = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(9), tzinfo=dt.UTC)
    db.session.execute(update(Agreement).where(Agreement.id == agreement.id).values(state_since=since))
    db.session.commit()


def portfolio(world, make_agreement) -> dict[str, Agreement]:
    """Seven agreements (the world's offices put under Europe and Canada and Mexico):

    ============ ==== ======= ============ ============= =============================
    key          type country state        days in state overdue (drafting 60, review 14)
    ============ ==== ======= ============ ============= =============================
    ru_draft     mou  RU      drafting     100           40 days
    ru_review    mou  RU      legal_review 40            26 days
    ru_fresh     mou  RU      legal_review 14            no (exactly the limit)
    ru_withdrawn mou  RU      withdrawn    1000          no (final)
    mx_review    mou  MX      legal_review 15            1 day
    mx_letter    loi  MX      drafting     1             no
    fr_draft     moc  FR      drafting     0             no (no office, so no region)
    ============ ==== ======= ============ ============= =============================
    """
    users.set_office_region("MOW", "europe")
    users.set_office_region("MEX", "north_america")
    db.session.commit()
    made = {
        "ru_draft": make_agreement(title="Draft on cybercrime"),
        "ru_review": make_agreement(title="Memorandum on customs fraud"),
        "ru_fresh": make_agreement(title="Memorandum on cultural property"),
        "ru_withdrawn": make_agreement(title="Memorandum on wildlife trafficking"),
        "mx_review": make_agreement(country="MX", title="Memorandum on firearms trafficking", **MEXICO),
        "mx_letter": make_agreement(type="loi", country="MX", title="Letter on training", **MEXICO),
        "fr_draft": make_agreement(type="moc", country="FR", title="Cooperation on art theft", **FRANCE),
    }
    for key in ("ru_review", "ru_fresh", "mx_review"):
        bring_to(world, made[key], "legal_review")
    bring_to(world, made["ru_withdrawn"], "withdrawn")
    for key, days in {
        "ru_draft": 100,
        "ru_review": 40,
        "ru_fresh": 14,
        "ru_withdrawn": 1000,
        "mx_review": 15,
        "mx_letter": 1,
        "fr_draft": 0,
    }.items():
        age(made[key], days)
    return made

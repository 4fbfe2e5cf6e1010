"""The portfolio at a glance: counts by state, type and region, and the agreements overdue in their state.

A region is an office desk, set with the office (``Office.region``, a key of ``REGIONS``); an agreement
belongs to the region of its office. Agreements whose office has no region, or that have no office, count
under ``NO_REGION`` ("none" in a list's filters: ``region_clause``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, union_all

from ..auth import policy
from ..db import db, utcnow
from ..errors import InvalidInput
from ..models import Agreement, Office, User
from ..workflows import FINAL_STATES, STATES, WORKFLOWS, next_roles
from ..workflows.words import state_name

# The office desks, in the order the pages show them.
REGIONS: dict[str, str] = {
    "north_america": "Canada and Mexico",
    "south_america": "South America and the Caribbean",
    "europe": "Europe",
    "middle_east_africa": "Middle East and Africa",
    "asia_pacific": "Asia and the Pacific",
}
NO_REGION = "none"  # the key of the agreements whose office has no region (or that have no office)
NO_REGION_NAME = "No region set"
AGING_LIMIT = 50  # the most overdue shown; the count says how many there are in all
# The agreement list's filters for "overdue", the longest in their state first (services.listing).
OVERDUE_FILTERS = {"overdue": "yes", "sort": "-days_in_state"}


def region_name(key: str) -> str:
    """europe → Europe; "" or "none" → No region set."""
    return NO_REGION_NAME if key in ("", NO_REGION) else REGIONS.get(key, key)


def check_region(region: str | None) -> str:
    """A region key as stored for an office ("" for none); InvalidInput naming the choices otherwise."""
    key = (region or "").strip()
    if key in ("", NO_REGION):
        return ""
    if key not in REGIONS:
        raise InvalidInput(
            f"Unknown region {key[:40]!r}; choose one of {', '.join(REGIONS)} (or none).",
            {"region": f"Choose one of {', '.join(REGIONS)}."},
        )
    return key


def region_clause(key: str) -> ColumnElement[bool]:
    """A WHERE clause keeping the agreements of a region (``NO_REGION``: without one)."""
    if key == NO_REGION:
        return or_(Agreement.office_id.is_(None), Agreement.office.has(Office.region == ""))
    return Agreement.office.has(Office.region == key)


@dataclass(frozen=True)
class Count:
    """How many agreements share a value (a state, a type, a region), and the list filters that give them."""

    key: str
    name: str
    count: int
    filters: dict[str, str]
    overdue: int = 0  # of a state: how many are longer in it than allowed

    @property
    def overdue_filters(self) -> dict[str, str]:
        """The list filters that give the overdue ones, the longest in their state first."""
        return {**self.filters, **OVERDUE_FILTERS}


@dataclass(frozen=True)
class Aging:
    """An open agreement longer in its state than the threshold allows, and who must act next."""

    id: int
    reference: str
    title: str
    type: str
    state: str
    is_binding: bool
    country: str
    state_since: dt.datetime
    days_in_state: int
    threshold_days: int
    next_roles: tuple[str, ...]
    office_code: str | None
    office_name: str | None

    @property
    def days_overdue(self) -> int:
        """Days past the threshold."""
        return self.days_in_state - self.threshold_days

    @property
    def state_name(self) -> str:
        """Legal review; In effect for a non-binding instrument."""
        return state_name(self.state, self.is_binding)


@dataclass(frozen=True)
class Dashboard:
    """Where the agreements a person may see stand on ``today``."""

    today: dt.date
    total: int
    open: int
    by_state: list[Count]
    by_type: list[Count]
    by_region: list[Count]
    overdue: int  # every overdue agreement (in ``overdue_state`` when given), however many are listed
    aging: list[Aging]
    thresholds: dict[str, int]
    overdue_state: str | None = None
    limit: int = AGING_LIMIT
    countries: list[str] = field(default_factory=list)  # an attaché's: what the counts are scoped to

    @property
    def aging_filters(self) -> dict[str, str]:
        """The list filters that give the agreements counted in ``overdue``, the longest in their state first."""
        return {**({"state": self.overdue_state} if self.overdue_state else {}), **OVERDUE_FILTERS}

    @property
    def all_overdue(self) -> int:
        """Every overdue agreement, in whatever state (``overdue`` counts those of ``overdue_state`` only)."""
        return sum(c.overdue for c in self.by_state)


def thresholds() -> dict[str, int]:
    """Days allowed in each open state (configuration ``AGING_DAYS``)."""
    return dict(current_app.config["AGING_DAYS"])


def _cutoff(today: dt.date, days: int) -> dt.datetime:
    """Overdue after ``days`` days in a state: entered before the start (UTC) of ``today - days``."""
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time(0), tzinfo=dt.UTC)


def overdue_clause(today: dt.date, limits: dict[str, int]) -> ColumnElement[bool]:
    """A WHERE clause keeping the agreements longer in their state than ``limits`` allows on ``today``."""
    return or_(*(and_(Agreement.state == s, Agreement.state_since < _cutoff(today, d)) for s, d in limits.items()))


def _counts(user: User, today: dt.date, limits: dict[str, int]) -> list[tuple[str, str, str, int, int]]:
    """(state, type, region, count, overdue) of the agreements the person may see: one pass over them,
    grouped by office first and put under the offices' regions after (a join per group, not per row)."""
    late = case((overdue_clause(today, limits), 1), else_=0) if limits else literal(0)
    grouped = (
        select(
            Agreement.state,
            Agreement.type,
            Agreement.office_id,
            func.count().label("n"),
            func.sum(late).label("late"),
        )
        .where(policy.visible_clause(user))
        .group_by(Agreement.state, Agreement.type, Agreement.office_id)
        .subquery()
    )
    region = func.coalesce(Office.region, literal(""))
    query = (
        select(grouped.c.state, grouped.c.type, region, func.sum(grouped.c.n), func.sum(grouped.c.late))
        .select_from(grouped)
        .outerjoin(Office, Office.id == grouped.c.office_id)
        .group_by(grouped.c.state, grouped.c.type, region)
    )
    return [(s, t, r or "", int(n), int(d or 0)) for s, t, r, n, d in db.session.execute(query)]


def _most_overdue(user: User, today: dt.date, limits: dict[str, int], limit: int) -> list[Aging]:
    """The ``limit`` most overdue: the longest in each state (by its index), merged by days past the threshold."""
    branches = []
    for state, days in limits.items():
        branch = (
            select(
                Agreement.id,
                Agreement.reference,
                Agreement.title,
                Agreement.type,
                Agreement.state,
                Agreement.is_binding,
                Agreement.country,
                Agreement.state_since,
                Office.code,
                Office.name,
            )
            .outerjoin(Office, Office.id == Agreement.office_id)
            .where(Agreement.state == state, Agreement.state_since < _cutoff(today, days), policy.visible_clause(user))
            .order_by(Agreement.state_since, Agreement.id)
            .limit(limit)
            .subquery()
        )
        branches.append(select(*branch.c))
    if not branches:
        return []
    rows = db.session.execute(union_all(*branches) if len(branches) > 1 else branches[0]).all()
    found = [
        Aging(
            id=row[0],
            reference=row[1],
            title=row[2],
            type=row[3],
            state=row[4],
            is_binding=bool(row[5]),
            country=row[6],
            state_since=_aware(row[7]),
            days_in_state=(today - _aware(row[7]).date()).days,
            threshold_days=limits[row[4]],
            next_roles=next_roles(row[3], bool(row[5]), row[4]),
            office_code=row[8],
            office_name=row[9],
        )
        for row in rows
    ]
    found.sort(key=lambda a: (-a.days_overdue, a.state_since, a.id))
    return found[:limit]


def _aware(value: dt.datetime | str) -> dt.datetime:
    """A timestamp read through a UNION (SQLite may hand back text), as aware UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _sum(rows: list[tuple], by: int, of: int = 3) -> dict[str, int]:
    """The counts (column ``of``) of the rows added up by the value of column ``by``."""
    out: dict[str, int] = {}
    for row in rows:
        out[row[by]] = out.get(row[by], 0) + row[of]
    return out


def dashboard(
    user: User, today: dt.date | None = None, *, overdue_state: str | None = None, limit: int = AGING_LIMIT
) -> Dashboard:
    """Counts by state, type and region of what the person may see, and the most overdue (of one state, if given)."""
    today = today or utcnow().date()
    limits = {s: d for s, d in thresholds().items() if s not in FINAL_STATES}
    if overdue_state:
        if overdue_state not in limits:
            raise InvalidInput(
                f"No time limit applies in {overdue_state[:40]!r}; choose one of {', '.join(limits)}.",
                {"overdue": f"Choose one of {', '.join(limits)}."},
            )
    rows = _counts(user, today, limits)
    aging_limits = {overdue_state: limits[overdue_state]} if overdue_state else limits
    states, types, regions, overdue = _sum(rows, 0), _sum(rows, 1), _sum(rows, 2), _sum(rows, 0, of=4)
    by_state = [Count(s, state_name(s, None), states.get(s, 0), {"state": s}, overdue.get(s, 0)) for s in STATES]
    by_type = [Count(k, w.name, types.get(k, 0), {"type": k}) for k, w in WORKFLOWS.items()]
    by_region = [Count(k, name, regions.get(k, 0), {"region": k}) for k, name in REGIONS.items()]
    unknown = {k: n for k, n in regions.items() if k and k not in REGIONS}  # set outside the app: shown as stored
    by_region += [Count(k, k, n, {"region": k}) for k, n in sorted(unknown.items())]
    if regions.get(""):
        by_region.append(Count(NO_REGION, NO_REGION_NAME, regions[""], {"region": NO_REGION}))
    total = sum(states.values())
    return Dashboard(
        today=today,
        total=total,
        open=total - sum(n for s, n in states.items() if s in FINAL_STATES),
        by_state=by_state,
        by_type=by_type,
        by_region=by_region,
        overdue=sum(n for s, n in overdue.items() if s in aging_limits),
        aging=_most_overdue(user, today, aging_limits, limit),
        thresholds=limits,
        overdue_state=overdue_state,
        limit=limit,
        countries=[] if policy.sees_all(user) else policy.covered_countries(user),
    )

"""Lists of agreements: the filters and sort orders people ask for, counts that stop at a cap, days in state,
and the same lists as CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.orm import selectinload

from ..auth import policy
from ..db import db, utcnow
from ..errors import InvalidInput
from ..models import Agreement, AgreementArea, Counterpart, Office, User
from ..workflows import FINAL_STATES, STATES, WORKFLOWS
from . import deadline_list
from .characters import check_fields
from .export import csv_lines
from .lengths import too_long
from .taxonomy import AREAS, country_code, unknown_country

# A page counts at most this many matches (and one more, to know there are more): never an exact COUNT(*)
# over the whole table on every page; the page then says "more than 1,000".
COUNT_CAP = 1000
OPEN = "open"  # every state an agreement can still leave
OPEN_STATES = tuple(s for s in STATES if s not in FINAL_STATES)
MAX_QUERY = 200
_TYPED = {"q": "Reference, title or counterpart", "office": "Office", "region": "Region"}  # as the list's form
MAX_PER_PAGE = 500
STREAM_BATCH = 500
_YES = frozenset({"true", "yes", "1", "binding"})
_NO = frozenset({"false", "no", "0", "non-binding", "nonbinding"})
_STATE_ORDER = case({s: i for i, s in enumerate(STATES)}, value=Agreement.state, else_=len(STATES))
# What each sort key orders by, ascending; "days_in_state" ascending is the most recent arrival first.
SORTS: dict[str, tuple[ColumnElement, bool]] = {
    "reference": (Agreement.reference, False),
    "title": (func.lower(Agreement.title), False),
    "country": (Agreement.country, False),
    "state": (_STATE_ORDER, False),
    "days_in_state": (Agreement.state_since, True),
    "updated": (Agreement.updated_at, False),
    "created": (Agreement.created_at, False),
}
NEXT_DEADLINE = "next_deadline"  # the soonest first; those without a deadline to meet last, either way


@dataclass(frozen=True)
class Query:
    """A checked request for a list: what to keep and in which order."""

    where: tuple[ColumnElement[bool], ...]
    order_by: tuple[ColumnElement, ...]


def query(
    user: User,
    *,
    states: Iterable[str] | str | None = None,
    type: str | None = None,
    country: str | None = None,
    office: str | None = None,
    area: str | None = None,
    binding: bool | str | None = None,
    region: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    overdue: bool | str | None = None,
) -> Query:
    """The filters and the order, checked; InvalidInput names every value that is wrong, as people wrote it."""
    errors: dict[str, str] = {}
    # Before any of them is looked up: PostgreSQL cannot compare a text holding NUL.
    check_fields({"q": q, "office": office, "region": region}, _TYPED, errors)
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    where: list[ColumnElement[bool]] = [policy.visible_clause(user)]
    wanted = _states(states, errors)
    if wanted:
        where.append(Agreement.state.in_(wanted))
    if type:
        if type in WORKFLOWS:
            where.append(Agreement.type == type)
        else:
            errors["type"] = f"Unknown type {type[:40]!r}; the types are {', '.join(WORKFLOWS)}."
    if country:
        code = country_code(country)
        if code is None:
            errors["country"] = unknown_country(country.strip())
        else:
            where.append(Agreement.country == code)
    if office:
        office_id = db.session.scalar(select(Office.id).where(func.upper(Office.code) == office.strip().upper()))
        if office_id is None:
            errors["office"] = f"No office has the code {office.strip()[:40]!r}."
        else:
            where.append(Agreement.office_id == office_id)
    if area:
        if area in AREAS:
            where.append(Agreement.id.in_(select(AgreementArea.agreement_id).where(AgreementArea.area == area)))
        else:
            errors["area"] = f"Unknown area {area[:60]!r}; choose one of the areas of cooperation."
    is_binding = _yes_no("binding", binding, errors, "Binding or not")
    if is_binding is not None:
        where.append(Agreement.is_binding.is_(is_binding))
    if region:
        clause = _region(region.strip())
        if clause is None:
            known = ", ".join(regions()) or "set with the offices"
            errors["region"] = f"Unknown region {region.strip()[:60]!r}; the regions are {known}."
        else:
            where.append(clause)
    is_overdue_ = _yes_no("overdue", overdue, errors, "Overdue or not")
    if is_overdue_ is not None:
        late = _overdue_clause()
        where.append(late if is_overdue_ else ~late)
    if q:
        text = " ".join(q.split())
        if problem := too_long("“Reference, title or counterpart”", text, MAX_QUERY):
            errors["q"] = problem
        elif text:
            where.append(_matching(text))
    order = _order(sort, errors)
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    return Query(tuple(where), order)


def _states(states: Iterable[str] | str | None, errors: dict[str, str]) -> list[str]:
    """The states asked for, "open" standing for every state an agreement can still leave."""
    if isinstance(states, str):
        states = [states]
    wanted: list[str] = []
    for state in [s.strip() for s in states or () if s and s.strip()]:
        if state == OPEN:
            wanted.extend(s for s in OPEN_STATES if s not in wanted)
        elif state in STATES:
            if state not in wanted:
                wanted.append(state)
        else:
            errors["state"] = f"Unknown state {state[:40]!r}; choose among the states listed, or open for all open."
    return wanted


def _yes_no(name: str, value: bool | str | None, errors: dict[str, str], label: str) -> bool | None:
    """True, False, or None for either; "yes"/"no" (and true/false, 1/0) as typed in a URL."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    errors[name] = f"{label} is yes or no (or nothing, for either), not {str(value)[:20]!r}."
    return None


def regions() -> list[str]:
    """The region keys an office may have (the dashboard's), or none when they are not defined."""
    try:
        from .portfolio import REGIONS
    except ImportError:
        return []
    return list(REGIONS)


def offices_for(user: User) -> list[Office]:
    """The offices a list can be filtered by: every office for those who see everything; for an attaché, the
    offices of the agreements open to them (nothing of the other countries' desks)."""
    query_ = select(Office).order_by(Office.code)
    if not policy.sees_all(user):
        query_ = query_.where(Office.id.in_(select(Agreement.office_id).where(policy.visible_clause(user))))
    return list(db.session.scalars(query_))


def region_choices(user: User) -> list[tuple[str, str]]:
    """(key, name) of the regions a list can be filtered by: the dashboard's, then any set otherwise on an
    office, then the offices without one; for an attaché, only the regions of their offices (or none)."""
    try:
        from .portfolio import NO_REGION, NO_REGION_NAME, REGIONS
    except ImportError:
        NO_REGION, NO_REGION_NAME, REGIONS = None, None, {}
    if not policy.sees_all(user):
        keys = sorted({o.region for o in offices_for(user) if o.region})
        return [(k, REGIONS.get(k, k)) for k in keys] if len(keys) > 1 else []
    stored = db.session.scalars(select(Office.region).where(Office.region != "").distinct().order_by(Office.region))
    choices = [*REGIONS.items(), *((k, k) for k in stored if k not in REGIONS)]
    return [*choices, (NO_REGION, NO_REGION_NAME)] if NO_REGION else choices


def _region(key: str) -> ColumnElement[bool] | None:
    """Agreements whose office is in region ``key`` (the dashboard's "none": offices without one); None when no
    such region is known (neither defined nor set on an office)."""
    try:
        from .portfolio import NO_REGION, region_clause
    except ImportError:
        NO_REGION, region_clause = None, None
    defined = key in regions() or key == NO_REGION
    if not defined and db.session.scalar(select(Office.id).where(Office.region == key).limit(1)) is None:
        return None
    if region_clause is not None:
        return region_clause(key)
    return Agreement.office_id.in_(select(Office.id).where(Office.region == key))


def _overdue_clause() -> ColumnElement[bool]:
    """Agreements longer in their state than AGING_DAYS allows (more whole days, in UTC, than its limit)."""
    on = today()
    limits = current_app.config.get("AGING_DAYS", {})
    return or_(
        *(
            and_(Agreement.state == state, Agreement.state_since < _start_of(on - dt.timedelta(days=days)))
            for state, days in limits.items()
        ),
        false(),
    )


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of ``day``."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matching(text: str) -> ColumnElement[bool]:
    """Reference, title or the counterpart's names contain ``text``, whatever the case."""
    pattern = _like(text)
    # PostgreSQL's LIKE minds the case, so ILIKE there; SQLite's LIKE does not (for ASCII), and keeps it plain.
    postgres = db.session.get_bind().dialect.name == "postgresql"

    def has(column):
        return column.ilike(pattern, escape="\\") if postgres else column.like(pattern, escape="\\")

    names = select(Counterpart.id).where(has(Counterpart.name) | has(Counterpart.acronym) | has(Counterpart.name_local))
    return has(Agreement.reference) | has(Agreement.title) | Agreement.counterpart_id.in_(names)


def _order(sort: str | None, errors: dict[str, str]) -> tuple[ColumnElement, ...]:
    """ORDER BY for a sort key ("-" first for descending); newest first when none is given."""
    key = (sort or "").strip()
    if not key:
        return (Agreement.id.desc(),)
    descending = key.startswith("-")
    if key.removeprefix("-") == NEXT_DEADLINE:
        due = deadline_list.next_deadline_clause(today())
        return (due.is_(None), due.desc() if descending else due.asc(), Agreement.id.asc())
    column = SORTS.get(key.removeprefix("-"))
    if column is None:
        errors["sort"] = (
            f"Unknown sort {key[:40]!r}; sort by {', '.join([*SORTS, NEXT_DEADLINE])} "
            "(with a - before it for the reverse order)."
        )
        return ()
    expression, reversed_ = column
    if descending != reversed_:
        return (expression.desc(), Agreement.id.desc())
    return (expression.asc(), Agreement.id.asc())


def fetch_page(
    wanted: Query, page: int, per_page: int
) -> tuple[list[Agreement], int, bool, bool, dict[int, deadline_list.NextDeadline]]:
    """One page: its agreements, the total (at most COUNT_CAP), whether the total is capped, whether more follow,
    and the next deadline of those of them that have one (by agreement id)."""
    offset = (page - 1) * per_page
    on = today()
    # The order is chosen over the ids alone (narrow rows, the indexes of the sort keys); then the page's rows
    # are read whole, with what each needs: the database never sorts wide joined rows it will not show.
    ids = list(
        db.session.scalars(
            select(Agreement.id).where(*wanted.where).order_by(*wanted.order_by).limit(per_page + 1).offset(offset)
        )
    )
    ids, has_next = ids[:per_page], len(ids) > per_page
    found = {}
    if ids:
        whole = select(Agreement, *deadline_list.next_deadline_columns(on)).where(Agreement.id.in_(ids))
        found = {row[0].id: row for row in db.session.execute(whole.options(selectinload(Agreement.area_rows)))}
    rows = [found[i] for i in ids if i in found]
    items = [row[0] for row in rows]
    nexts = {row[0].id: due for row in rows if (due := deadline_list.pick_next(row, on))}
    if items and not has_next:
        return items, offset + len(items), False, False, nexts  # the last page: the total is known without counting
    if not items and page == 1:
        return items, 0, False, False, nexts
    return items, *count(wanted), has_next, nexts


def count(wanted: Query) -> tuple[int, bool]:
    """How many agreements match, counting no further than COUNT_CAP; and whether there are more."""
    capped = select(Agreement.id).where(*wanted.where).limit(COUNT_CAP + 1).subquery()
    found = db.session.scalar(select(func.count()).select_from(capped)) or 0
    return min(found, COUNT_CAP), found > COUNT_CAP


def every(wanted: Query) -> Iterator[Any]:
    """Every matching agreement in order, as plain rows of what the CSV holds (no ORM objects: a row each, read a
    batch at a time, so that 100,000 stream in seconds and memory stays flat); see agreement_row."""
    on = today()
    areas = (
        select(func.aggregate_strings(AgreementArea.area, ";"))
        .where(AgreementArea.agreement_id == Agreement.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Agreement.reference,
            Agreement.title,
            Agreement.type,
            Counterpart.name.label("counterpart"),
            Agreement.country,
            Office.code.label("office"),
            Agreement.state,
            Agreement.state_since,
            Agreement.is_binding,
            areas.label("areas"),
            Agreement.signed_on,
            Agreement.in_force_on,
            Agreement.expires_on,
            Agreement.created_at,
            Agreement.updated_at,
            *deadline_list.next_deadline_columns(on),
        )
        .select_from(Agreement)
        .outerjoin(Counterpart, Counterpart.id == Agreement.counterpart_id)
        .outerjoin(Office, Office.id == Agreement.office_id)
        .where(*wanted.where)
        .order_by(*wanted.order_by)
        .execution_options(yield_per=STREAM_BATCH)
    )
    yield from rows


# --- days in state ----------------------------------------------------------------------------------
def today() -> dt.date:
    """Today in UTC (aging counts whole days in UTC, as every timestamp is shown)."""
    return utcnow().date()


def days_in_state(agreement: Agreement, on: dt.date | None = None) -> int:
    """Whole days since the agreement entered its current state."""
    since = agreement.state_since
    if since is None:
        return 0
    return max(0, ((on or today()) - since.astimezone(dt.UTC).date()).days)


def days_allowed(state: str) -> int | None:
    """How many days an agreement may stay in ``state`` before it is overdue (AGING_DAYS); None: no limit."""
    return current_app.config.get("AGING_DAYS", {}).get(state)


def is_overdue(state: str, days: int) -> bool:
    """Whether ``days`` in ``state`` is past the limit set for it."""
    return past_limit(days, days_allowed(state))


def past_limit(days: int, allowed: int | None) -> bool:
    """Whether ``days`` are more than the ``allowed`` (None: no limit)."""
    return allowed is not None and days > allowed


# --- CSV --------------------------------------------------------------------------------------------
AGREEMENT_COLUMNS = (
    "reference",
    "title",
    "type",
    "counterpart",
    "country",
    "office",
    "state",
    "state_since",
    "days_in_state",
    "days_allowed",
    "overdue",
    "binding",
    "areas",
    "signed_on",
    "in_force_on",
    "expires_on",
    "next_deadline",
    "next_deadline_kind",
    "created_at",
    "updated_at",
)


def agreement_row(row: Any, on: dt.date, limits: dict[str, int]) -> list[Any]:
    """One agreement as a CSV row of AGREEMENT_COLUMNS, from a row of ``every``; ``limits``: AGING_DAYS."""
    days = days_in_state(row, on)
    due = deadline_list.pick_next(row, on)
    allowed = limits.get(row.state)
    return [
        row.reference,
        row.title,
        row.type,
        row.counterpart,
        row.country,
        row.office,
        row.state,
        row.state_since,
        days,
        allowed,
        past_limit(days, allowed),
        row.is_binding,
        sorted(row.areas.split(";")) if row.areas else [],
        row.signed_on,
        row.in_force_on,
        row.expires_on,
        due.due_on if due else None,
        due.kind if due else None,
        row.created_at,
        row.updated_at,
    ]


def agreements_csv(user: User, **filters: Any) -> Iterator[str]:
    """Every agreement the filters keep (of those ``user`` may see), in their order, as CSV lines.

    The filters are checked before the first line, so that a wrong one is refused rather than streamed."""
    wanted = query(user, **filters)
    on = today()
    limits = current_app.config.get("AGING_DAYS", {})
    return csv_lines(AGREEMENT_COLUMNS, (agreement_row(row, on, limits) for row in every(wanted)))


QUEUE_COLUMNS = (
    "reference",
    "title",
    "type",
    "country",
    "office",
    "state",
    "waiting_since",
    "days_waiting",
    "days_allowed",
    "overdue",
    "open_comments",
)


def queue_csv(waiting: Iterable[Any]) -> Iterator[str]:
    """The review queue (services.comments.review_queue) as CSV lines."""
    return csv_lines(
        QUEUE_COLUMNS,
        (
            [
                w.agreement.reference,
                w.agreement.title,
                w.agreement.type,
                w.agreement.country,
                w.agreement.office.code if w.agreement.office else None,
                w.agreement.state,
                w.since,
                w.days_waiting,
                days_allowed(w.agreement.state),
                is_overdue(w.agreement.state, w.days_waiting),
                w.open_comments,
            ]
            for w in waiting
        ),
    )

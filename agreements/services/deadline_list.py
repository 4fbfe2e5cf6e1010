"""Every agreement's deadlines in one list sorted by date, over what a person may see: the transmittal of the
concluded text to the State Department's treaty office (22 CFR 181.7(a)(1): within 15 days of signature), the
expiry, and the last day to give notice before an automatic renewal. Each is flagged 180, 90 and 30 days ahead
and says where it stands, from what is recorded: a transmittal, a notice given, a renewal that happened.

The window is chosen in SQL, so only the agreements with a date inside it are read, one page at a time: a
UNION of one SELECT per kind of deadline, each bounded by an indexed date column, sorted and cut in the
database. Dates the recorded facts do not give directly (no signature date, no days of notice, the term
before a renewal) are derived from what is recorded, and the item says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from ..auth import policy
from ..db import db, utcnow
from ..errors import InvalidInput
from ..models import Agreement, Event, User
from ..workflows.guards import long_date, parse_date
from ..workflows.spec import BEFORE_SIGNATURE
from ..workflows.words import state_name, words
from .deadlines import DONE_LATE, DONE_ON_TIME, OPEN, OVERDUE, TRANSMITTAL_DAYS, lateness
from .export import csv_lines

TRANSMITTAL, RENEWAL_NOTICE, EXPIRY = "transmittal", "renewal_notice", "expiry"
# The kinds, in the order of two deadlines on the same day (the transmittal is ours to act on first).
KINDS = {
    TRANSMITTAL: "Transmittal to the State Department",
    RENEWAL_NOTICE: "Last day to give notice before renewal",
    EXPIRY: "Expiry",
}
_RANK = {kind: n for n, kind in enumerate(KINDS)}
# Where a deadline stands, besides open / overdue / done on time / done late: its day went by with nothing to
# do (an expiry reached, a renewal notice not given), or the agreement renewed at it.
PASSED, RENEWED = "passed", "renewed"
PROGRESS = {
    OPEN: "Open",
    OVERDUE: "Overdue",
    DONE_ON_TIME: "Done on time",
    DONE_LATE: "Done late",
    PASSED: "Passed",
    RENEWED: "Renewed",
}
FLAGS = (30, 90, 180)  # an open deadline is flagged once it is this many days ahead, or fewer
DEFAULT_DAYS = 180  # the window by default: from today to 180 days ahead, with what is overdue
PER_PAGE = 100
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000  # further than any list goes; a larger page would overflow the database's OFFSET
BATCH = 500  # deadlines read at once for a CSV
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)

# Where a deadline can stand, by the agreement's state.
EXPIRY_STATES = ("signed", "in_force", "expired")
RENEWING_STATES = ("in_force", "termination_pending", "terminated")
NOTICE_STATES = ("termination_pending", "terminated")
CURRENT, PREVIOUS = 0, 1  # the term a renewal deadline belongs to: the running one, or the one before a renewal


class shifted(FunctionElement):
    """A date moved by whole years and days (numbers or columns), computed the same way on SQLite and PostgreSQL."""

    type = Date()
    inherit_cache = True
    name = "shifted"


@compiles(shifted)
def _shifted_sqlite(element, compiler, **kw) -> str:
    """SQLite: date(day, 'N years', 'M days')."""
    day, years, days = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"date({day}, CAST({years} AS TEXT) || ' years', CAST({days} AS TEXT) || ' days')"


@compiles(shifted, "postgresql")
def _shifted_postgresql(element, compiler, **kw) -> str:
    """PostgreSQL: the date plus an interval of years and days, as a date."""
    day, years, days = (compiler.process(clause, **kw) for clause in element.clauses)
    interval = f"make_interval(years => CAST({years} AS INTEGER), days => CAST({days} AS INTEGER))"
    return f"CAST(CAST({day} AS DATE) + {interval} AS DATE)"


@dataclass(frozen=True)
class Window:
    """Which deadlines to list: those dated from ``start`` to ``end``, of one kind or all, and (``overdue``)
    the open ones already past before it; ``today`` is the day they are counted from."""

    start: dt.date
    end: dt.date
    today: dt.date
    kind: str | None = None
    overdue: bool = False

    @property
    def is_default(self) -> bool:
        """Whether this is the window the list opens with."""
        return (
            self.start == self.today
            and self.end == self.today + dt.timedelta(days=DEFAULT_DAYS)
            and self.overdue
            and not self.kind
        )

    def as_params(self) -> dict[str, str]:
        """The window as the list's URL parameters (``from``, ``to``, ``kind``, ``overdue``)."""
        params = {"from": self.start.isoformat(), "to": self.end.isoformat(), "overdue": "1" if self.overdue else "0"}
        return {**params, "kind": self.kind} if self.kind else params


@dataclass(frozen=True)
class DeadlineItem:
    """One deadline of one agreement: its date, what it is, and where it stands."""

    due_on: dt.date
    kind: str
    agreement_id: int
    reference: str
    title: str
    country: str
    type: str
    state: str
    is_binding: bool
    progress: str
    detail: str  # where it stands, in a sentence: "Sent on 3 April 2026, on time."
    basis: str  # what the date is counted from
    days_left: int  # from today to its date; negative once past
    done_on: dt.date | None = None
    derived: str = ""  # "" when the recorded facts give the date; else what it is derived from

    @property
    def anchor(self) -> str:
        """Where on the agreement's page the facts behind it are: its transmittals, or its facts."""
        return "transmittals" if self.kind == TRANSMITTAL else "facts"

    @property
    def kind_label(self) -> str:
        """Transmittal to the State Department, Expiry, …"""
        return KINDS[self.kind]

    @property
    def progress_label(self) -> str:
        """Open, Overdue, Done on time, Done late, Passed, Renewed."""
        return PROGRESS[self.progress]

    @property
    def state_label(self) -> str:
        """The agreement's state, in its own words (In force, In effect, Expired)."""
        return state_name(self.state, self.is_binding)

    @property
    def when(self) -> str:
        """The date in words, from today: 'today', 'in 30 days', '5 days ago'."""
        return relative_day(self.days_left)

    @property
    def flag(self) -> int | None:
        """30, 90 or 180: the nearest of the flags an open deadline has come within; None otherwise."""
        if self.progress != OPEN or self.days_left < 0:
            return None
        return next((days for days in FLAGS if self.days_left <= days), None)

    @property
    def flag_label(self) -> str:
        """'within 30 days', or '' when not flagged."""
        return f"within {self.flag} days" if self.flag else ""


@dataclass(frozen=True)
class DeadlinePage:
    """One page of the list, and how many deadlines the window holds in all."""

    items: tuple[DeadlineItem, ...]
    total: int
    page: int
    per_page: int
    window: Window

    @property
    def pages(self) -> int:
        """How many pages the window fills (at least one)."""
        return max(1, -(-self.total // self.per_page))


def today() -> dt.date:
    """Today in UTC, the day deadlines are counted from (every date is shown as a UTC day)."""
    return utcnow().date()


def relative_day(days: int) -> str:
    """'today', 'in 1 day', 'in 30 days', '1 day ago', '5 days ago'."""
    if days == 0:
        return "today"
    count = f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
    return f"in {count}" if days > 0 else f"{count} ago"


def years_earlier(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` years before (28 February for a 29th), as a renewal moves it the other way."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- reading the window from a request ------------------------------------------------------------------
def read_window(start: str | None, end: str | None, kind: str | None, overdue: str | None, today: dt.date) -> Window:
    """The window a request asks for, in the user's words when it cannot be read (InvalidInput naming each field).

    By default from today to 180 days ahead; the open deadlines already past are included when ``from`` is
    not given, or when ``overdue`` says so (``1``/``true``; ``0``/``false`` leaves them out)."""
    errors: dict[str, str] = {}
    first = _day(start, "from", today, errors)
    last = _day(end, "to", today + dt.timedelta(days=DEFAULT_DAYS), errors)
    if first and last and last < first:
        errors["to"] = (
            f"The end of the period (to) is before its start (from): {long_date(last)} comes before {long_date(first)}."
        )
    kind = (kind or "").strip() or None
    if kind is not None and kind not in KINDS:
        errors["kind"] = "The kind of deadline is one of " + ", ".join(f"{k} ({v.lower()})" for k, v in KINDS.items())
        errors["kind"] += "."
    with_overdue = _flag(overdue, default=not (start or "").strip(), errors=errors)
    if errors:
        raise InvalidInput("The deadlines cannot be listed: " + " ".join(errors.values()), errors)
    return Window(first, last, today, kind, with_overdue)


def _day(value: str | None, name: str, default: dt.date, errors: dict[str, str]) -> dt.date | None:
    """A date of the window as YYYY-MM-DD (its default when not given)."""
    if value is None or not str(value).strip():
        return default
    day = parse_date(str(value)) if len(str(value).strip()) == 10 else None
    label = "start" if name == "from" else "end"
    if day is None:
        errors[name] = f"Give the {label} of the period ({name}) as a date, YYYY-MM-DD, e.g. {default.isoformat()}."
    elif not EARLIEST <= day <= LATEST:
        errors[name] = f"The {label} of the period ({name}) must be between 1900 and 2199."
        day = None
    return day


def _flag(value: str | None, *, default: bool, errors: dict[str, str]) -> bool:
    """Yes or no from a request: 1/true/yes/on or 0/false/no/off; a form sends both a hidden 0 and a checked 1."""
    given = [v.strip().lower() for v in (value if isinstance(value, list) else [value]) if v is not None]
    given = [v for v in given if v]
    if not given:
        return default
    if any(v in ("1", "true", "yes", "on") for v in given):
        return True
    if all(v in ("0", "false", "no", "off") for v in given):
        return False
    errors["overdue"] = "Say whether to include the overdue deadlines before the period: overdue is true or false."
    return default


# --- choosing the deadlines in SQL ------------------------------------------------------------------------
# Each kind of deadline is one SELECT bounded by an indexed column (signed_on, in_force_on, the state and the
# expiry, the partial index of the transmittals still open), so that the database reads only the rows the
# window holds; the UNION of them is sorted and cut there too.
def _renewed():
    """Whether the agreement renewed at least once (the trail holds a renewal)."""
    # The trigger is written out, not bound: the partial index of the renewals is then used by every plan.
    return exists().where(Event.agreement_id == Agreement.id, Event.trigger == literal_column("'renew'"))


def _longest(column):
    """The largest value of a column over every agreement (0 when none): read off its index."""
    return func.coalesce(select(func.max(column)).scalar_subquery(), 0)


# What the items need of each agreement, read with the deadline itself (the rows are on hand to filter anyway).
_FACTS = (
    Agreement.id,
    Agreement.reference,
    Agreement.title,
    Agreement.country,
    Agreement.type,
    Agreement.state,
    Agreement.is_binding,
    Agreement.signed_on,
    Agreement.in_force_on,
    Agreement.expires_on,
    Agreement.renewal_years,
    Agreement.renewal_notice_days,
    Agreement.notice_on,
    Agreement.termination_effective_on,
    Agreement.text_sent_on,
)


def _branch(kind: str, term: int, due, *where):
    """One kind of deadline as rows of (due_on, rank, term, the agreement's facts)."""
    return select(
        due.label("due_on"),
        literal(_RANK[kind], Integer).label("rank"),
        literal(term, Integer).label("term"),
        *_FACTS,
    ).where(*where)


def _transmittals(window: Window, visible) -> list:
    """Transmittals due in the window (signature + 15 days; the date of coming into effect when no signature
    date is recorded), and (``overdue``) those still open that were due before it."""
    days = dt.timedelta(days=TRANSMITTAL_DAYS)
    due = shifted(func.coalesce(Agreement.signed_on, Agreement.in_force_on), 0, TRANSMITTAL_DAYS)
    sent_to_state = (or_(Agreement.is_binding, Agreement.is_reportable), Agreement.state.notin_(BEFORE_SIGNATURE))
    first, last = window.start - days, window.end - days
    undated = Agreement.signed_on.is_(None)
    branches = [
        _branch(TRANSMITTAL, CURRENT, due, visible, *sent_to_state, Agreement.signed_on.between(first, last)),
        _branch(
            TRANSMITTAL, CURRENT, due, visible, *sent_to_state, undated, Agreement.in_force_on.between(first, last)
        ),
    ]
    if window.overdue:
        before = min(window.start, window.today) - days
        branches.append(
            _branch(
                TRANSMITTAL,
                CURRENT,
                due,
                visible,
                *sent_to_state,
                Agreement.text_sent_on.is_(None),  # with the line above: the partial index of the open ones
                or_(Agreement.signed_on < before, and_(undated, Agreement.in_force_on < before)),
            )
        )
    return branches


def _expiries(window: Window, visible) -> list:
    """Expiries in the window, and (``overdue``) those past while the agreement is still recorded in force."""
    running = or_(
        Agreement.state != "termination_pending",
        Agreement.termination_effective_on.is_(None),
        Agreement.termination_effective_on >= Agreement.expires_on,
    )
    branches = [
        _branch(
            EXPIRY,
            CURRENT,
            Agreement.expires_on,
            visible,
            Agreement.state.in_((*EXPIRY_STATES, "termination_pending")),
            Agreement.expires_on.between(window.start, window.end),
            running,  # a termination that takes effect before the expiry ends it first
        )
    ]
    if window.overdue:
        late = Agreement.expires_on < min(window.start, window.today)
        branches.append(_branch(EXPIRY, CURRENT, Agreement.expires_on, visible, Agreement.state == "in_force", late))
    return branches


def _notice_days():
    """The days of notice before expiry, none when not recorded."""
    return func.coalesce(Agreement.renewal_notice_days, 0)


def _renewal_notices(window: Window, visible) -> list:
    """The last day to give notice before the running term renews, in the window."""
    due = shifted(Agreement.expires_on, 0, -_notice_days())
    # The indexed bounds: the last day comes before the expiry, by at most the longest notice recorded.
    latest = shifted(literal(window.end, Date), 0, _longest(Agreement.renewal_notice_days))
    return [
        _branch(
            RENEWAL_NOTICE,
            CURRENT,
            due,
            visible,
            Agreement.state.in_(RENEWING_STATES),
            Agreement.expires_on >= window.start,
            Agreement.expires_on <= latest,
            Agreement.renewal_years.is_not(None),
            due.between(window.start, window.end),
        )
    ]


def _previous_term(window: Window, visible) -> list[tuple[str, object]]:
    """The expiry and the last day of notice of the term before the last renewal, where they fall in the window:
    one pass over the agreements that renewed, each giving up to two rows.

    A renewal happens on a day that has come, so these are dates before today: a window that starts today or
    later holds none, and they are not looked for."""
    if window.start >= window.today or window.kind not in (None, EXPIRY, RENEWAL_NOTICE):
        return []
    years = -Agreement.renewal_years
    ended = shifted(Agreement.expires_on, years, 0)
    last_day = shifted(Agreement.expires_on, years, -_notice_days())
    kinds = union_all(
        select(literal(_RANK[EXPIRY], Integer).label("rank")), select(literal(_RANK[RENEWAL_NOTICE], Integer))
    ).subquery("kinds")
    if window.kind:
        kinds = select(literal(_RANK[window.kind], Integer).label("rank")).subquery("kinds")
    due = case((kinds.c.rank == _RANK[EXPIRY], ended), else_=last_day)
    longest = shifted(
        literal(window.end, Date), _longest(Agreement.renewal_years), _longest(Agreement.renewal_notice_days)
    )
    branch = (
        select(due.label("due_on"), kinds.c.rank, literal(PREVIOUS, Integer).label("term"), *_FACTS)
        .select_from(Agreement)
        .join(kinds, literal(True))
        .where(
            visible,
            Agreement.state.in_(RENEWING_STATES),
            # the indexed bounds: the term before ended a year or more before the current one, at most the longest
            # renewal recorded before it (and its last day of notice came before that)
            Agreement.expires_on >= window.start + dt.timedelta(days=365),
            Agreement.expires_on <= longest,
            Agreement.renewal_years.is_not(None),
            or_(ended.between(window.start, window.end), last_day.between(window.start, window.end)),
            _renewed(),
            due.between(window.start, window.end),
        )
    )
    return [(window.kind, branch)]


def _chosen(user: User, window: Window):
    """Every deadline of the window as one subquery of (due_on, rank, term, the agreement's facts)."""
    visible = policy.visible_clause(user)
    branches = [
        *((TRANSMITTAL, b) for b in _transmittals(window, visible)),
        *((EXPIRY, b) for b in _expiries(window, visible)),
        *((RENEWAL_NOTICE, b) for b in _renewal_notices(window, visible)),
        *_previous_term(window, visible),
    ]
    return union_all(*(b for kind, b in branches if window.kind in (None, kind))).subquery("deadlines")


def _ordered(chosen):
    """By date; on one day the transmittal, the last day of notice, then the expiry; then by reference."""
    return (chosen.c.due_on, chosen.c.rank, chosen.c.reference, chosen.c.term)


# --- where each stands ------------------------------------------------------------------------------------
def _item(row, kind: str, term: int, due: dt.date, today: dt.date, **fields) -> DeadlineItem:
    """An item from a row of the agreement's facts."""
    return DeadlineItem(
        due_on=due,
        kind=kind,
        agreement_id=row.id,
        reference=row.reference,
        title=row.title,
        country=row.country,
        type=row.type,
        state=row.state,
        is_binding=bool(row.is_binding),
        days_left=(due - today).days,
        **fields,
    )


def _transmittal_item(row, today: dt.date) -> DeadlineItem:
    """Ours: the concluded text to L/T within 15 days of signature; done once a transmittal of the text is recorded."""
    signed = row.signed_on or row.in_force_on
    due = signed + dt.timedelta(days=TRANSMITTAL_DAYS)
    sent = row.text_sent_on
    derived = ""
    if row.signed_on is None:
        derived = (
            f"derived from the date it {'entered into force' if row.is_binding else 'came into effect'} "
            f"({long_date(signed)}): no date of signature is recorded"
        )
    if sent:
        late = max((sent - due).days, 0)
        progress, detail = (DONE_LATE if late else DONE_ON_TIME), f"Sent on {long_date(sent)}, {lateness(late)}."
    elif today > due:
        overdue = (today - due).days
        progress, detail = OVERDUE, f"Not sent: {overdue} day{'s' if overdue != 1 else ''} overdue."
    else:
        progress, detail = OPEN, "Not sent yet."
    basis = f"{TRANSMITTAL_DAYS} days after signature on {long_date(signed)}, in every language signed (22 CFR 181.7)"
    return _item(
        row,
        TRANSMITTAL,
        CURRENT,
        due,
        today,
        progress=progress,
        detail=detail,
        basis=basis,
        done_on=sent,
        derived=derived,
    )


def _renews(row) -> str:
    """'for 2 years'."""
    return f"for {row.renewal_years} year{'s' if row.renewal_years != 1 else ''}"


def _before_renewal(row) -> str:
    """How the dates of the term before the last renewal are known."""
    return f"derived from the expiry now recorded ({long_date(row.expires_on)}) less one renewal {_renews(row)}"


def _expiry_item(row, term: int, today: dt.date) -> DeadlineItem:
    """The end of the term: open until it comes; then expired, or renewed for another term."""
    if term == PREVIOUS:
        due = years_earlier(row.expires_on, row.renewal_years)
        return _item(
            row,
            EXPIRY,
            term,
            due,
            today,
            progress=RENEWED,
            detail=f"Renewed {_renews(row)}: it now expires on {long_date(row.expires_on)}.",
            basis="The end of the term before the last renewal",
            done_on=due,
            derived=_before_renewal(row),
        )
    due = row.expires_on
    basis = "The expiry date of the agreement"
    if row.state == "expired":
        detail = f"Expired on {long_date(due)}."
        return _item(row, EXPIRY, term, due, today, progress=PASSED, detail=detail, basis=basis, done_on=due)
    renewing = row.renewal_years and row.state == "in_force"
    if today > due and row.state == "in_force":
        what = "renewed" if renewing else "expired"
        detail = f"The date has passed; it is not recorded as {what} yet."
        return _item(row, EXPIRY, term, due, today, progress=OVERDUE, detail=detail, basis=basis)
    if today > due:  # not in force (yet, or any more): nothing is left to happen on the day
        detail = f"The expiry date passed on {long_date(due)}."
        return _item(row, EXPIRY, term, due, today, progress=PASSED, detail=detail, basis=basis, done_on=due)
    if renewing:
        notice = words(bool(row.is_binding))["notice_of_termination"].lower()
        last_day = due - dt.timedelta(days=row.renewal_notice_days or 0)
        detail = f"Renews automatically {_renews(row)} unless {notice} is given by {long_date(last_day)}."
    else:
        detail = f"Expires on {long_date(due)}."
    return _item(row, EXPIRY, term, due, today, progress=OPEN, detail=detail, basis=basis)


def _renewal_notice_item(row, term: int, today: dt.date) -> DeadlineItem:
    """The last day to give notice so that the term does not renew: done once notice is given, passed (and the
    agreement renews) when the day goes by without it."""
    notice = words(bool(row.is_binding))["notice_of_termination"].lower()
    days = row.renewal_notice_days
    expires = row.expires_on if term == CURRENT else years_earlier(row.expires_on, row.renewal_years)
    due = expires - dt.timedelta(days=days or 0)
    derived = ""
    if days is None:
        derived = f"derived from the expiry date ({long_date(expires)}): no days of notice are recorded"
        basis = f"Notice before the expiry on {long_date(expires)}"
    else:
        basis = f"{days} days' notice before the expiry on {long_date(expires)}"
    if term == PREVIOUS:
        derived = f"{derived}; {_before_renewal(row)}" if derived else _before_renewal(row)
        detail = f"No {notice} was given: it renewed on {long_date(expires)} {_renews(row)}."
        return _item(
            row,
            RENEWAL_NOTICE,
            term,
            due,
            today,
            progress=RENEWED,
            detail=detail,
            basis=basis,
            done_on=expires,
            derived=derived,
        )
    given = row.notice_on if row.state in NOTICE_STATES else None
    if given:
        late = (given - due).days
        ends = f"; it ends on {long_date(row.termination_effective_on)}" if row.termination_effective_on else ""
        if late > 0:
            progress, detail = DONE_LATE, f"{notice.capitalize()} given on {long_date(given)}, {lateness(late)}{ends}."
        else:
            progress, detail = DONE_ON_TIME, f"{notice.capitalize()} given on {long_date(given)}, in time{ends}."
        return _item(
            row,
            RENEWAL_NOTICE,
            term,
            due,
            today,
            progress=progress,
            detail=detail,
            basis=basis,
            done_on=given,
            derived=derived,
        )
    if today > due:
        detail = f"No {notice} was given: it renews automatically on {long_date(expires)} {_renews(row)}."
        return _item(
            row, RENEWAL_NOTICE, term, due, today, progress=PASSED, detail=detail, basis=basis, derived=derived
        )
    detail = f"No {notice} given yet; without it, it renews on {long_date(expires)} {_renews(row)}."
    return _item(row, RENEWAL_NOTICE, term, due, today, progress=OPEN, detail=detail, basis=basis, derived=derived)


_BUILD = {
    _RANK[TRANSMITTAL]: lambda row, term, today: _transmittal_item(row, today),
    _RANK[EXPIRY]: _expiry_item,
    _RANK[RENEWAL_NOTICE]: _renewal_notice_item,
}


def _items(rows: Iterable, today: dt.date) -> list[DeadlineItem]:
    """The rows the database chose, as items, in its order."""
    return [_BUILD[row.rank](row, row.term, today) for row in rows]


# --- the list ---------------------------------------------------------------------------------------------
def deadline_page(user: User, window: Window, page: int = 1, per_page: int = PER_PAGE) -> DeadlinePage:
    """One page of the window's deadlines, sorted by date, with how many there are in all."""
    page = min(max(1, page), MAX_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    chosen = _chosen(user, window)
    query = select(chosen, func.count().over().label("total")).order_by(*_ordered(chosen))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    if rows:
        total = rows[0].total
    else:
        total = db.session.scalar(select(func.count()).select_from(chosen)) or 0
    return DeadlinePage(tuple(_items(rows, window.today)), total, page, per_page, window)


def list_deadlines(
    user: User,
    start: dt.date,
    end: dt.date,
    kind: str | None = None,
    today: dt.date | None = None,
    *,
    overdue: bool = False,
) -> list[DeadlineItem]:
    """Every deadline from ``start`` to ``end`` (of one ``kind``, or all) of the agreements this person may see,
    sorted by date; with ``overdue``, the open ones already past before ``start`` too."""
    window = Window(start, end, today or dt.date.today(), kind, overdue)
    return list(iter_deadlines(user, window))


def iter_deadlines(user: User, window: Window) -> Iterator[DeadlineItem]:
    """Every deadline of the window, in order, read from the database a batch at a time.

    The query is built at once, while ``user`` is still in the request's session: a streamed response reads
    the rows only after the request committed (and the session let the user go)."""
    chosen = _chosen(user, window)
    return _stream(select(chosen).order_by(*_ordered(chosen)).execution_options(yield_per=BATCH), window.today)


def _stream(query: Any, today: dt.date) -> Iterator[DeadlineItem]:
    """The deadlines ``query`` selects, a batch at a time."""
    for rows in db.session.execute(query).partitions():
        yield from _items(rows, today)


CSV_HEADER = (
    "Date",
    "When",
    "Flag",
    "Kind",
    "Reference",
    "Title",
    "Country",
    "State",
    "Progress",
    "Detail",
    "Derived",
    "Done on",
)


def csv_row(item: DeadlineItem) -> tuple:
    """One deadline as the CSV (and the page) show it."""
    return (
        item.due_on,
        item.when,
        item.flag_label,
        item.kind_label,
        item.reference,
        item.title,
        item.country,
        item.state_label,
        item.progress_label,
        item.detail,
        item.derived,
        item.done_on,
    )


def deadlines_csv(user: User, window: Window) -> Iterator[str]:
    """The window's deadlines as CSV lines, streamed: ISO dates, formulas neutralised."""
    return csv_lines(CSV_HEADER, (csv_row(item) for item in iter_deadlines(user, window)))


def csv_filename(window: Window) -> str:
    """deadlines-2026-12-01-to-2027-05-30.csv"""
    return f"deadlines-{window.start.isoformat()}-to-{window.end.isoformat()}.csv"


# --- each agreement's next deadline (the agreement list's column, and its sort) ------------------------------
class earliest(FunctionElement):
    """The earliest of some dates, ignoring those that are NULL (NULL when all are): PostgreSQL's LEAST; on
    SQLite, whose min() of several values is NULL as soon as one is, the same through a date past any other."""

    type = Date()
    inherit_cache = True
    name = "earliest"


_NEVER = "9999-12-31"


@compiles(earliest)
def _earliest_sqlite(element, compiler, **kw) -> str:
    """SQLite: nullif(min(coalesce(a, never), …), never) — the dates are ISO text, so they order as days."""
    dates = ", ".join(f"coalesce({compiler.process(c, **kw)}, '{_NEVER}')" for c in element.clauses)
    return f"nullif(min({dates}, '{_NEVER}'), '{_NEVER}')"


@compiles(earliest, "postgresql")
def _earliest_postgresql(element, compiler, **kw) -> str:
    """PostgreSQL: LEAST, which leaves the NULLs out."""
    return "LEAST(" + ", ".join(compiler.process(c, **kw) for c in element.clauses) + ")"


def open_deadlines(today: dt.date) -> dict[str, ColumnElement]:
    """Per kind, the date of the agreement's deadline of that kind that is still to be met (NULL when none is):
    the transmittal not sent yet (overdue ones included: they are still to be done), the last day to give notice
    before a renewal that has not come yet, the expiry of an agreement still signed or in force."""
    transmitted = or_(Agreement.is_binding, Agreement.is_reportable)
    notice = shifted(Agreement.expires_on, 0, -_notice_days())
    return {
        TRANSMITTAL: case(
            (
                and_(transmitted, Agreement.state.notin_(BEFORE_SIGNATURE), Agreement.text_sent_on.is_(None)),
                shifted(func.coalesce(Agreement.signed_on, Agreement.in_force_on), 0, TRANSMITTAL_DAYS),
            ),
        ),
        RENEWAL_NOTICE: case(
            (
                and_(Agreement.state == "in_force", Agreement.renewal_years.is_not(None), notice >= today),
                notice,
            ),
        ),
        EXPIRY: case((Agreement.state.in_(("signed", "in_force")), Agreement.expires_on)),
    }


def next_deadline_clause(today: dt.date) -> ColumnElement:
    """The date of the agreement's next deadline still to be met (the earliest of open_deadlines), NULL when none."""
    return earliest(*open_deadlines(today).values())


@dataclass(frozen=True)
class NextDeadline:
    """An agreement's next deadline still to be met: its date and kind, counted from ``today``."""

    due_on: dt.date
    kind: str
    today: dt.date

    @property
    def kind_label(self) -> str:
        """Transmittal to the State Department, Expiry, …"""
        return KINDS[self.kind]

    @property
    def days_left(self) -> int:
        """Days from today to its date; negative once past."""
        return (self.due_on - self.today).days

    @property
    def when(self) -> str:
        """'today', 'in 30 days', '5 days ago'."""
        return relative_day(self.days_left)


def next_deadline_columns(today: dt.date) -> list[ColumnElement]:
    """open_deadlines as labelled columns, to read with the agreements (see pick_next)."""
    return [d.label(f"next_{kind}") for kind, d in open_deadlines(today).items()]


def pick_next(row, today: dt.date) -> NextDeadline | None:
    """The next deadline from a row holding next_deadline_columns: the earliest date; on one day, the kind the
    deadline list puts first."""
    due = [(day, _RANK[kind], kind) for kind in KINDS if (day := getattr(row, f"next_{kind}", None)) is not None]
    if not due:
        return None
    day, _, kind = min(due)
    return NextDeadline(day, kind, today)

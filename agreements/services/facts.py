"""An agreement as a transition sees it: its row, locked, and beside it only what the step reads.

Firing a step reads the row with one plain SELECT (``FOR UPDATE`` on PostgreSQL): its type, state,
lock version and trail head, and the facts and text the step's guards and effects declare
(``Guard.reads``, ``workflows.spec.reads``); related collections they declare come with one SELECT
each. What they change is written with one UPDATE checked against the lock version read, and the
event with one INSERT (on PostgreSQL both in one statement). No ORM instance is loaded, tracked or
flushed on the way; ``orm_agreement`` hands callers the ORM Agreement, loaded when they read it.

These statements are built once per set of reads or changes and run with ``Connection.execute``
on the session's connection, in its transaction (SQLAlchemy compiles each once, in its cache).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Insert, Integer, Select, Update, bindparam, select, update
from sqlalchemy.orm import make_transient_to_detached

from ..auth import policy
from ..db import db, utcnow
from ..errors import Conflict, NotFound
from ..models import (
    Agreement,
    Authority,
    Counterpart,
    Event,
    LanguageConformity,
    LintAcknowledgement,
    ReviewComment,
    Signatory,
    TextCertification,
    TextVersion,
    User,
)
from ..workflows.spec import FACTS, READABLE, RELATED
from .writes import LOST_RACE, lost_race_is_conflict

_AGREEMENTS = Agreement.__table__
# What every transition reads of the row: to pick the step, check the lock and chain the trail.
# Beside these, the row is read with the facts and the text a step's guards and effects declare.
_ALWAYS = ("id", "type", "is_binding", "state", "lock_version", "current_version_number", "event_count", "audit_head")
# What a step may change on the row: anything but its identity and the lock version, which the
# write itself moves on (and ``updated_at``, which the write sets).
_WRITABLE = frozenset(c.key for c in _AGREEMENTS.c) - {"id", "lock_version", "updated_at"}
_COUNTERPART = (
    select(Counterpart.__table__.c.name)
    .where(Counterpart.__table__.c.id == _AGREEMENTS.c.counterpart_id)
    .scalar_subquery()
    .label("counterpart")
)
assert set(FACTS) <= _WRITABLE | {"counterpart"}, "every fact a guard may read is a column (or the counterpart)"
_VERSIONS = TextVersion.__table__
# What guards and effects read of the text (the wording check reads all of it).
_CURRENT_VERSION = ("sha256", "articles", "preamble", "final_clauses")


@cache
def _lock(reads: frozenset[str]) -> Select:
    """SELECT … FOR UPDATE of the row: what every step reads, the facts in ``reads``, and the
    current version of the text joined (not locked) when ``reads`` names it."""
    columns = [_AGREEMENTS.c[name] for name in (*_ALWAYS, *sorted(reads & _WRITABLE))]
    if "counterpart" in reads:
        columns.append(_COUNTERPART)
    rows = _AGREEMENTS
    if "current_version" in reads:
        columns += [_VERSIONS.c[name].label(f"version_{name}") for name in _CURRENT_VERSION]
        rows = rows.outerjoin(
            _VERSIONS,
            (_VERSIONS.c.agreement_id == _AGREEMENTS.c.id)
            & (_VERSIONS.c.number == _AGREEMENTS.c.current_version_number),
        )
    # SQLite has no row locks: there the lock-version check of the write decides.
    return (
        select(*columns)
        .select_from(rows)
        .where(_AGREEMENTS.c.id == bindparam("agreement_id"))
        .with_for_update(of=_AGREEMENTS)
    )


def _rows(table, *where, order_by):
    return select(*table.c).where(*where).order_by(*order_by)


_COMMENTS = ReviewComment.__table__
_SIGNATORIES, _AUTHORITIES = Signatory.__table__, Authority.__table__
_CERTIFICATIONS = TextCertification.__table__
_ACKNOWLEDGEMENTS = LintAcknowledgement.__table__
_CONFORMITIES = LanguageConformity.__table__
_RELATED_QUERIES = {
    "current_version": select(*(_VERSIONS.c[name] for name in _CURRENT_VERSION)).where(
        _VERSIONS.c.agreement_id == bindparam("agreement_id"), _VERSIONS.c.number == bindparam("version_number")
    ),
    "comments": select(_COMMENTS.c.id, _COMMENTS.c.parent_id, _COMMENTS.c.resolved_at)
    .where(_COMMENTS.c.agreement_id == bindparam("agreement_id"))
    .order_by(_COMMENTS.c.id),
    "signatories": _rows(
        _SIGNATORIES, _SIGNATORIES.c.agreement_id == bindparam("agreement_id"), order_by=[_SIGNATORIES.c.party]
    ),
    "authorities": _rows(
        _AUTHORITIES, _AUTHORITIES.c.agreement_id == bindparam("agreement_id"), order_by=[_AUTHORITIES.c.id]
    ),
    # What a guard reads of a change certified not substantive: the text it leads from, and to.
    "text_certifications": select(_CERTIFICATIONS.c.id, _CERTIFICATIONS.c.from_hash, _CERTIFICATIONS.c.to_hash)
    .where(_CERTIFICATIONS.c.agreement_id == bindparam("agreement_id"))
    .order_by(_CERTIFICATIONS.c.id),
    # The wording check's findings a legal advisor acknowledged, for the current version only.
    "lint_acknowledgements": select(_ACKNOWLEDGEMENTS.c.version_number, _ACKNOWLEDGEMENTS.c.finding)
    .where(
        _ACKNOWLEDGEMENTS.c.agreement_id == bindparam("agreement_id"),
        _ACKNOWLEDGEMENTS.c.version_number == bindparam("version_number"),
    )
    .order_by(_ACKNOWLEDGEMENTS.c.id),
    # What a guard reads of a record that the language versions conform: the text and the languages it covers.
    "language_conformities": select(
        _CONFORMITIES.c.id, _CONFORMITIES.c.version_number, _CONFORMITIES.c.text_hash, _CONFORMITIES.c.languages
    )
    .where(_CONFORMITIES.c.agreement_id == bindparam("agreement_id"))
    .order_by(_CONFORMITIES.c.id),
}
assert set(_RELATED_QUERIES) == set(RELATED)


class LockedAgreement:
    """The columns of one agreement row as read under its lock, and the related rows a step reads.

    Guards and effects read it as they would the ORM Agreement (``agreement.title``,
    ``agreement.current_version.articles``, ``agreement.signatories``); what they assign is kept
    and written by ``write``. Reading a fact or related rows the step did not declare is an error,
    so a guard cannot silently depend on something that was not read.
    """

    def __init__(self, row: Mapping[str, Any]) -> None:
        facts = self.__dict__
        facts.update(row)
        if "version_sha256" in facts:  # read with the current version of the text joined
            text = [facts.pop(f"version_{name}") for name in _CURRENT_VERSION]
            facts["current_version"] = CurrentVersion(*text) if text[0] is not None else None
        facts["changes"] = {}

    def __getattr__(self, name: str) -> Any:
        if name in READABLE:
            raise AttributeError(
                f"{name} of the agreement was not read: the guard or effect reading it must declare it (reads)"
            )
        raise AttributeError(f"a transition does not read the agreement's {name}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _WRITABLE:
            raise AttributeError(f"a step cannot set {name} on an agreement")
        self.__dict__[name] = value
        self.changes[name] = value

    def load(self, reads: frozenset[str]) -> None:
        """Read the related rows named in ``reads`` (see ``workflows.spec.RELATED``) not read yet, one SELECT each."""
        params = {"agreement_id": self.id, "version_number": self.current_version_number}
        for name in reads.intersection(RELATED) - self.__dict__.keys():
            result = db.session.connection().execute(_RELATED_QUERIES[name], params)
            if name == "current_version":
                text = result.first()
                self.__dict__[name] = CurrentVersion(*text) if text else None
            else:
                self.__dict__[name] = _Collection(result.all())

    def write(self, event: dict[str, Any]) -> None:
        """Write what changed and append ``event`` to the trail, only if the row still has the lock version read.

        On PostgreSQL that is one statement (the UPDATE in a WITH, the INSERT selecting from what it
        updated); elsewhere an UPDATE then an INSERT. No row updated (the lock version moved on) is a
        Conflict, and so is a collision on the trail's sequence number. Rows an effect appended to a
        related collection (an authority) are then added and flushed.
        """
        params = {
            **{f"set_{name}": value for name, value in self.changes.items()},
            **{f"event_{name}": value for name, value in event.items()},
            "agreement_id": self.id,
            "read_lock_version": self.lock_version,
            "next_lock_version": self.lock_version + 1,
            "updated_at": utcnow(),
        }
        session = db.session()
        connection = session.connection()  # the transaction's, as for every statement of the session
        with lost_race_is_conflict(self.id):
            if connection.dialect.name == "postgresql":
                # One row back (the event's id) when the UPDATE matched; its rowcount is not reported.
                written = len(connection.execute(_write_and_append(frozenset(self.changes)), params).all())
            else:
                written = connection.execute(_write(frozenset(self.changes)), params).rowcount
                if written == 1:
                    connection.execute(_APPEND, params)
        if written != 1:
            raise Conflict(LOST_RACE, agreement_id=self.id)
        self.__dict__["lock_version"] += 1
        added = [row for name in RELATED for row in getattr(self.__dict__.get(name), "appended", ())]
        if added:
            for row in added:
                row.agreement_id = self.id
            session.add_all(added)
            with lost_race_is_conflict(self.id):
                session.flush()


_EVENTS = Event.__table__
_EVENT_COLUMNS = tuple(c for c in _EVENTS.c if c.key != "id")
# The event alone, with the same parameters (``event_<column>``), after the UPDATE (SQLite).
_APPEND = _EVENTS.insert().values({c: bindparam(f"event_{c.key}", type_=c.type) for c in _EVENT_COLUMNS})


@cache
def _write(changed: frozenset[str]) -> Update:
    """UPDATE the changed columns (``set_<name>``), moving the lock version on from the one read."""
    values = {_AGREEMENTS.c[name]: bindparam(f"set_{name}", type_=_AGREEMENTS.c[name].type) for name in changed}
    values[_AGREEMENTS.c.lock_version] = bindparam("next_lock_version", type_=Integer)
    values[_AGREEMENTS.c.updated_at] = bindparam("updated_at", type_=_AGREEMENTS.c.updated_at.type)
    return (
        update(_AGREEMENTS)
        .where(
            _AGREEMENTS.c.id == bindparam("agreement_id"),
            _AGREEMENTS.c.lock_version == bindparam("read_lock_version"),
        )
        .values(values)
    )


@cache
def _write_and_append(changed: frozenset[str]) -> Insert:
    """WITH moved AS (the UPDATE … RETURNING id) INSERT INTO events … SELECT … FROM moved (PostgreSQL)."""
    moved = _write(changed).returning(_AGREEMENTS.c.id).cte("moved")
    return (
        _EVENTS.insert()
        .from_select(
            [column.key for column in _EVENT_COLUMNS],
            select(*(bindparam(f"event_{c.key}", type_=c.type) for c in _EVENT_COLUMNS)).select_from(moved),
        )
        .returning(_EVENTS.c.id)
    )


class CurrentVersion(NamedTuple):
    """What a step reads of the current version of the text."""

    sha256: str
    articles: list[dict[str, Any]]
    # Defaults (shared, never changed) for a text read without them.
    preamble: dict[str, str] = {}
    final_clauses: dict[str, str] = {}


class _Collection(list):
    """Related rows as loaded; what an effect appends (an ORM object) is kept aside to be inserted."""

    @property
    def appended(self) -> list[Any]:
        return [item for item in self if not hasattr(item, "_mapping")]


def lock_agreement(user: User | None, agreement_id: int, reads: frozenset[str] = frozenset()) -> LockedAgreement:
    """The agreement's row, locked until the transaction ends; NotFound unless the person may see it.

    ``user`` None is the system (the daily job), which sees every agreement. ``reads`` names the facts
    (and the current version of the text) to read with it; related collections come with ``load``.
    """
    # What this transaction changed but did not write yet is what the guards must see, as an ORM
    # query's autoflush would have it (a no-op when nothing is pending).
    session = db.session()
    if session.autoflush:
        session.flush()
    query = _lock(reads)
    if user is not None and not policy.sees_all(user):  # an attaché: only their countries' rows
        query = query.where(policy.visible_clause(user))
    found = session.connection().execute(query, {"agreement_id": agreement_id}).first()
    if found is None:
        raise NotFound(f"No agreement {agreement_id}.")
    return LockedAgreement(found._mapping)


def _held(session, agreement_id: int) -> Agreement | None:
    """The session's instance of the agreement, if it holds one (looked up by its identity key)."""
    return session.identity_map.get((Agreement, (agreement_id,), None))


def expire_held(agreement_id: int) -> None:
    """Expire the session's Agreement, if it holds one: a transition wrote the row with plain SQL,
    so the instance is stale and must reload when next read."""
    session = db.session()
    agreement = _held(session, agreement_id)
    if agreement is not None:
        session.expire(agreement)


def orm_agreement(agreement_id: int) -> Agreement:
    """The ORM Agreement of this session as the transaction now sees it, loaded on first use.

    The instance the session already holds (expired by the transition, see ``expire_held``), or a
    fresh one registered without being read; either way its first attribute access loads it.
    """
    session = db.session()
    agreement = _held(session, agreement_id)
    if agreement is not None:
        return agreement
    agreement = Agreement(id=agreement_id)
    make_transient_to_detached(agreement)
    session.add(agreement)
    return agreement

"""An agreement as a transition sees it: its row, locked, and beside it only what the step reads.

Firing a step reads the agreement's columns with one plain SELECT (``FOR UPDATE`` on PostgreSQL),
loads the related rows its guards and effects declare (``Guard.reads``, ``workflows.spec.reads``),
and writes what they changed with one UPDATE checked against the lock version it read. No ORM
instance is loaded, tracked or flushed on the way; ``orm_agreement`` hands the callers the ORM
Agreement afterwards, loading it only when they look at it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql.elements import True_

from ..auth import policy
from ..db import db
from ..errors import Conflict, NotFound
from ..models import Agreement, Authority, Counterpart, ReviewComment, Signatory, TextVersion, User
from ..workflows.spec import RELATED
from .writes import LOST_RACE, lost_race_is_conflict

_AGREEMENTS = Agreement.__table__
_COLUMNS = frozenset(c.key for c in _AGREEMENTS.c)
# What a step may change on the row: anything but its identity and the lock version, which the
# write itself moves on (and ``updated_at``, which the table's own onupdate sets).
_WRITABLE = _COLUMNS - {"id", "lock_version", "updated_at"}
_COUNTERPART = (
    select(Counterpart.__table__.c.name)
    .where(Counterpart.__table__.c.id == _AGREEMENTS.c.counterpart_id)
    .scalar_subquery()
    .label("counterpart")
)
_LOCK = (
    select(*_AGREEMENTS.c, _COUNTERPART)
    .where(_AGREEMENTS.c.id == bindparam("agreement_id"))
    .with_for_update(of=_AGREEMENTS)  # SQLite has no row locks: the lock-version check of the write decides
)
_WRITE = update(_AGREEMENTS).where(
    _AGREEMENTS.c.id == bindparam("agreement_id"), _AGREEMENTS.c.lock_version == bindparam("read_lock_version")
)


def _rows(table, *where, order_by):
    return select(*table.c).where(*where).order_by(*order_by)


_VERSIONS, _COMMENTS = TextVersion.__table__, ReviewComment.__table__
_SIGNATORIES, _AUTHORITIES = Signatory.__table__, Authority.__table__
_RELATED_QUERIES = {
    "current_version": select(_VERSIONS.c.id, _VERSIONS.c.number, _VERSIONS.c.articles, _VERSIONS.c.sha256).where(
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
}
assert set(_RELATED_QUERIES) == set(RELATED)


class LockedAgreement:
    """The columns of one agreement row as read under its lock, and the related rows a step reads.

    Guards and effects read it as they would the ORM Agreement (``agreement.title``,
    ``agreement.current_version.articles``, ``agreement.signatories``); what they assign is kept
    and written by ``write``. Reading a related name the step did not declare is an error, so a
    guard cannot silently depend on something that was not loaded.
    """

    def __init__(self, row: Any) -> None:
        self.__dict__.update(row._mapping)
        self.__dict__["changes"] = {}
        self.__dict__["appended"] = []

    def __getattr__(self, name: str) -> Any:
        if name in RELATED:
            raise AttributeError(
                f"{name} of the agreement was not loaded: the guard or effect reading it must declare it (reads)"
            )
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _WRITABLE:
            raise AttributeError(f"a step cannot set {name} on an agreement")
        self.__dict__[name] = value
        self.changes[name] = value

    def load(self, related: frozenset[str] | set[str]) -> None:
        """Read the related rows named (see ``workflows.spec.RELATED``), each with one SELECT."""
        params = {"agreement_id": self.id, "version_number": self.current_version_number}
        for name in related:
            result = db.session.execute(_RELATED_QUERIES[name], params)
            self.__dict__[name] = result.first() if name == "current_version" else _Collection(result.all())

    def write(self) -> None:
        """One UPDATE of what changed, only if the row still has the lock version read; else Conflict.

        Rows an effect appended to a related collection (an authority) are added and flushed after it.
        """
        params = {
            **self.changes,
            "lock_version": self.lock_version + 1,
            "agreement_id": self.id,
            "read_lock_version": self.lock_version,
        }
        with lost_race_is_conflict(self.id):
            written = db.session.execute(_WRITE, params).rowcount
        if written != 1:
            raise Conflict(LOST_RACE, agreement_id=self.id)
        self.__dict__["lock_version"] += 1
        added = [row for name in RELATED for row in getattr(self.__dict__.get(name), "appended", ())]
        if added:
            for row in added:
                row.agreement_id = self.id
            db.session.add_all(added)
            with lost_race_is_conflict(self.id):
                db.session.flush()


class _Collection(list):
    """Related rows as loaded; what an effect appends (an ORM object) is kept aside to be inserted."""

    @property
    def appended(self) -> list[Any]:
        return [item for item in self if not hasattr(item, "_mapping")]


def lock_agreement(user: User | None, agreement_id: int) -> LockedAgreement:
    """The agreement's row, locked until the transaction ends; NotFound unless the person may see it.

    ``user`` None is the system (the daily job), which sees every agreement.
    """
    # What this transaction changed but did not write yet is what the guards must see, as an ORM
    # query's autoflush would have it (a no-op when nothing is pending).
    db.session.flush()
    query = _LOCK
    if user is not None:
        visible = policy.visible_clause(user)
        if not isinstance(visible, True_):  # those who see everything keep the one prepared statement
            query = query.where(visible)
    row = db.session.execute(query, {"agreement_id": agreement_id}).first()
    if row is None:
        raise NotFound(f"No agreement {agreement_id}.")
    return LockedAgreement(row)


def orm_agreement(agreement_id: int) -> Agreement:
    """The ORM Agreement of this session as the transaction now sees it, loaded on first use.

    A transition writes the row with plain SQL, so an instance the session already holds is stale:
    it is expired. Otherwise a fresh instance is registered without being read; either way its
    first attribute access loads it (one SELECT), and a caller that does not look at it pays nothing.
    """
    session = db.session()
    agreement = session.identity_map.get(session.identity_key(Agreement, agreement_id))
    if agreement is not None:
        session.expire(agreement)
        return agreement
    agreement = Agreement(id=agreement_id)
    make_transient_to_detached(agreement)
    session.add(agreement)
    return agreement

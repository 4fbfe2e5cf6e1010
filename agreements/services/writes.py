"""Writing under concurrency: a write that lost a race with another transaction becomes Conflict."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from ..db import db
from ..errors import Conflict

LOST_RACE = "Someone else changed the agreement at the same moment; reload it."
# Unique keys two writers collide on when both append to the same agreement (PostgreSQL names the
# constraint, SQLite the columns).
_RACE_KEYS = (
    "uq_events_agreement_seq",
    "events.agreement_id, events.seq",
    "uq_text_versions_agreement_number",
    "text_versions.agreement_id, text_versions.number",
)


def flush_or_conflict(agreement_id: int | None, detail: str = LOST_RACE) -> None:
    """Flush; a write that lost a race with another transaction becomes Conflict (409), not a crash.

    The lost race shows as a stale lock version, as a collision on the trail's or the versions'
    sequence numbers, or on SQLite as a write refused because the snapshot it read is stale.
    """
    with lost_race_is_conflict(agreement_id, detail):
        db.session.flush()


@contextmanager
def lost_race_is_conflict(agreement_id: int | None, detail: str = LOST_RACE):
    """Turn the database's signs of a lost race inside the block into Conflict (409)."""
    try:
        yield
    except StaleDataError:
        raise Conflict(detail, agreement_id=agreement_id) from None
    except IntegrityError as exc:
        if not any(key in str(exc.orig) for key in _RACE_KEYS):
            raise
        raise Conflict(detail, agreement_id=agreement_id) from None
    except OperationalError as exc:
        if not any(word in str(exc.orig).lower() for word in ("locked", "busy")):
            raise
        raise Conflict(detail, agreement_id=agreement_id) from None

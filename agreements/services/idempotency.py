"""Idempotency keys: the first response to a request is kept, so a client's retry gets it again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from sqlalchemy import delete, select

from ..db import db
from ..errors import InvalidInput
from ..models import IdempotencyRecord, User

MAX_KEY = 200
# Printable ASCII without spaces: what clients send (UUIDs, ULIDs, random tokens) and safe to log.
_KEY = re.compile(rf"^[\x21-\x7e]{{1,{MAX_KEY}}}$")


def check_key(key: str) -> str:
    """The key as given, or InvalidInput when it is empty, too long or not printable ASCII."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise InvalidInput(
            f"The Idempotency-Key header must be 1 to {MAX_KEY} printable ASCII characters without spaces, "
            "e.g. a UUID.",
            {"Idempotency-Key": "Malformed key."},
        )
    return key


def fingerprint(method: str, path: str, body: bytes) -> str:
    """SHA-256 of the request: method, path and body (a JSON body in canonical form, so spacing does not count)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        canonical = body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), canonical):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def stored_response(user: User, key: str, request_fingerprint: str) -> IdempotencyRecord | None:
    """The response kept for this user's key, None if there is none yet.

    The same key sent with a different request is a client's mistake, refused rather than guessed at.
    """
    record = db.session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key)
    )
    if record is not None and record.fingerprint != request_fingerprint:
        raise InvalidInput(
            f"The Idempotency-Key {key!r} was already used for a different request; "
            "use a new key for each new request and the same key only to retry the same request.",
            {"Idempotency-Key": "Already used for a different request."},
        )
    return record


def remember_response(user: User, key: str, request_fingerprint: str, status: int, body: Any) -> IdempotencyRecord:
    """Keep the response in the same transaction as the change it reports.

    The unique (user, key) constraint decides between two identical requests sent at the same moment:
    the flush of the second raises IntegrityError, and its caller answers with the first's response.
    """
    record = IdempotencyRecord(user_id=user.id, key=key, fingerprint=request_fingerprint, status=status, body=body)
    db.session.add(record)
    db.session.flush()
    return record


def purge_responses(before: dt.datetime) -> int:
    """Forget responses kept before ``before`` (retries come within minutes, not weeks); returns how many."""
    result = db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < before))
    return result.rowcount or 0

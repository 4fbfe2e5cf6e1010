"""The edge of a writing request: one commit on success, a rollback on any error, Idempotency-Key replays."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, g, jsonify, request
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from ..db import connection_lost, db
from ..errors import Conflict
from ..models import IdempotencyRecord
from ..services import idempotency
from .auth import current_user

Location = Callable[..., str]
RACE = "Another request changed the same data at the same moment; reload it and try again."


def respond(body: Any, status: int, location: str | None = None, replayed: bool = False) -> Response:
    """A JSON response, with its Location for a 201 and the replay marker for a kept response."""
    response = jsonify(body)
    response.status_code = status
    if location:
        response.headers["Location"] = location
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _replay(record: IdempotencyRecord, location: Location | None, kwargs: dict[str, Any]) -> Response:
    """The response kept for a key, as first sent."""
    where = location(record.body, **kwargs) if location and record.status == 201 else None
    return respond(record.body, record.status, where, replayed=True)


def _content() -> bytes:
    """What identifies the request's body: the raw bytes, or for a form upload its fields and files.

    A client re-sending a multipart form picks a new boundary, so the raw bytes of a true retry differ;
    the fields, file names and the files' SHA-256 do not. Each part is written as a JSON array, so that no
    two different forms read alike, and a part sent without a name (None) sorts as well as any other.
    """
    if request.mimetype != "multipart/form-data":
        return request.get_data(cache=True)
    parts = [json.dumps(["field", name, value]) for name, value in request.form.items(multi=True)]
    for name, upload in request.files.items(multi=True):
        digest = hashlib.sha256(upload.stream.read()).hexdigest()
        upload.stream.seek(0)
        parts.append(json.dumps(["file", name, upload.filename, digest]))
    return "\n".join(sorted(parts)).encode()


def _as_domain_error(exc: Exception, kwargs: dict[str, Any]) -> Exception:
    """A race the database caught (stale lock version, busy writer, duplicate row) as a 409; others unchanged."""
    locked = isinstance(exc, OperationalError) and any(w in str(exc.orig).lower() for w in ("locked", "busy"))
    if isinstance(exc, StaleDataError | IntegrityError) or locked:
        agreement_id = kwargs.get("agreement_id")
        return Conflict(RACE, agreement_id=agreement_id) if agreement_id else Conflict(RACE)
    return exc


def _kept_after_failure(user, key: str, fingerprint: str) -> IdempotencyRecord | None:
    """The response kept for the key after the request failed; None when there is none, or no database to ask.

    A lookup that cannot reach the database must not hide the request's own failure (which says whether the
    change may have been saved), so it answers None and the caller raises that failure.
    """
    try:
        return idempotency.stored_response(user, key, fingerprint)
    except Exception as exc:
        if not connection_lost(exc):
            raise
        current_app.logger.warning("Could not look up the kept response after a failed request: %s", exc)
        db.session.rollback()
        return None


def writes(location: Location | None = None):
    """Run a writing view at the edge: it returns (body, status); this commits once, or rolls back.

    With an ``Idempotency-Key`` header the response is kept in the same transaction as the change; a
    retry of the same request gets it back with ``Idempotent-Replayed: true`` and changes nothing.
    When two identical requests race, the loser's change is rolled back and it answers with the
    winner's kept response. ``location(body, **view_args)`` gives the Location of a created resource.
    """

    def decorate(view: Callable[..., tuple[Any, int]]):
        """Wrap one view."""

        @wraps(view)
        def wrapper(**kwargs: Any) -> Response:
            """Replay a kept response, or run the view and commit it (with its kept response)."""
            user = current_user()
            key = request.headers.get("Idempotency-Key")
            fingerprint = None
            if key is not None:
                key = g.idempotency_key = idempotency.check_key(key)
                fingerprint = idempotency.fingerprint(request.method, request.path, _content())
                kept = idempotency.stored_response(user, key, fingerprint)
                if kept is not None:
                    return _replay(kept, location, kwargs)
            try:
                body, status = view(**kwargs)
                if key is not None:
                    idempotency.remember_response(user, key, fingerprint, status, body)
                db.session.commit()
            except Exception as exc:
                db.session.rollback()
                if key is not None:
                    kept = _kept_after_failure(user, key, fingerprint)
                    if kept is not None:
                        return _replay(kept, location, kwargs)
                error = _as_domain_error(exc, kwargs)
                if error is exc:
                    raise
                raise error from None
            return respond(body, status, location(body, **kwargs) if location and status == 201 else None)

        return wrapper

    return decorate

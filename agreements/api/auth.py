"""Bearer tokens: every API request names its user by token; session cookies are not accepted here."""

from __future__ import annotations

from flask import current_app, g, request
from sqlalchemy.exc import DBAPIError

from ..db import connection_lost, db
from ..errors import Unauthenticated
from ..models import User
from ..services.users import user_for_token
from . import bp

# Reference documents anyone may read: they say how to use the API, nothing about agreements.
PUBLIC_ENDPOINTS = frozenset({"api.openapi", "api.problem_type"})


def bearer_user() -> User:
    """The user whose token the Authorization header carries; Unauthenticated otherwise."""
    header = request.headers.get("Authorization", "")
    if not header.strip():
        raise Unauthenticated("Send your API token in the header 'Authorization: Bearer <token>'.")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            "The Authorization header must read 'Bearer <token>'; other schemes and cookies are not accepted.",
            oauth_error="invalid_request",
        )
    user = user_for_token(token.strip())
    if user is None:
        raise Unauthenticated(
            "The token is not valid: it is wrong, was revoked, or its user is disabled.", oauth_error="invalid_token"
        )
    return user


@bp.before_request
def authenticate() -> None:
    """Name the request's user from its token (STYLE: deny by default; the reference documents excepted)."""
    if request.endpoint not in PUBLIC_ENDPOINTS:
        g.api_user = bearer_user()


@bp.after_request
def no_store(response):
    """Answers about agreements are not for shared caches."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.teardown_request
def end_transaction(_error=None) -> None:
    """Each request is its own transaction: what it did not commit is gone, and the next one reads afresh."""
    try:
        db.session.rollback()
    except DBAPIError as exc:
        if not connection_lost(exc):
            raise
        # The database dropped the connection after the answer was made: the server already undid what the
        # request left uncommitted, and the pool has discarded the connection. The answer stands.
        current_app.logger.warning("Database connection lost after %s %s: %s", request.method, request.path, exc)


def current_user() -> User:
    """The user the token named."""
    return g.api_user

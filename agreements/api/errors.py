"""Every error under /api/ as application/problem+json (RFC 9457), from one small mapping table."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, g, json, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable, default_exceptions

from ..db import connection_lost, db, outcome_unknown
from ..errors import (
    Conflict,
    DomainError,
    GuardFailed,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
    TransitionNotAllowed,
    Unauthenticated,
)
from . import bp

PROBLEM_JSON = "application/problem+json"

# Domain error → (HTTP status, problem type slug). The one place the API decides what an error means.
STATUS: dict[type[DomainError], tuple[int, str]] = {
    NotFound: (404, "not-found"),
    PermissionDenied: (403, "permission-denied"),
    Unauthenticated: (401, "unauthenticated"),
    TransitionNotAllowed: (409, "transition-not-allowed"),
    Conflict: (409, "conflict"),
    GuardFailed: (422, "guard-failed"),
    InvalidInput: (422, "invalid-input"),
    RateLimited: (429, "rate-limited"),
}

# What each problem type means, served at /api/v1/problems/<slug> so every ``type`` can be looked up.
PROBLEM_TYPES: dict[str, tuple[int, str, str]] = {
    "not-found": (404, "Not found", "The agreement (or version) does not exist, or you may not see it."),
    "permission-denied": (403, "Not allowed", "Your role may not do this; the detail names who may."),
    "unauthenticated": (
        401,
        "Not signed in",
        "Send a valid API token as 'Authorization: Bearer <token>'; `agreements users token EMAIL` issues one.",
    ),
    "transition-not-allowed": (
        409,
        "Transition not allowed",
        "The step does not exist from the agreement's current state; `current_state` and `lock_version` say "
        "where it is now.",
    ),
    "conflict": (
        409,
        "Conflict",
        "Someone else changed the agreement first; reload it (`current_state`, `lock_version`) and decide again.",
    ),
    "guard-failed": (422, "Conditions not met", "The step exists but its conditions are not met: see `reasons`."),
    "invalid-input": (422, "Invalid input", "The request's content is wrong: `errors` maps each field to a message."),
    "connection-lost": (
        503,
        "Database connection lost",
        "The database connection was lost mid-request (a restart or failover); nothing was changed. Try again.",
    ),
    "connection-lost-while-saving": (
        503,
        "Database connection lost while saving",
        "The database connection was lost while the change was being saved, so it may or may not have been "
        "saved. Read the resource again to see whether it was before trying again; a request sent with an "
        "Idempotency-Key may simply be repeated with the same key.",
    ),
    "rate-limited": (
        429,
        "Too many requests",
        "Costly work (a new draft PDF) was asked for too often; wait `Retry-After` seconds, then try again.",
    ),
}

# Keys of a domain error's ``extra`` a client may rely on; anything else stays inside.
EXTRA_FIELDS = ("reasons", "errors", "current_state", "lock_version", "current_version")

GENERIC_500 = "An unexpected error occurred and was logged. Try again later; if it persists, tell your administrator."
LOST_CONNECTION = "The database connection was lost; nothing was changed. Try again."
LOST_WHILE_SAVING = (
    "The database connection was lost while saving; the change may or may not have been saved. "
    "Read it again (GET) to see whether it was, before trying again."
)
SAME_KEY_IS_SAFE = (
    " Repeating the request with the same Idempotency-Key is safe: if the change was saved, you get its first "
    "response back; if it was not, it is made now."
)


def problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra: Any) -> Response:
    """A problem+json response."""
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    if request:
        # The path as the URL has it (percent-encoded), so that ``instance`` is a URI reference whatever was asked.
        body.setdefault("instance", quote(request.path, safe="/!$&'()*+,;=:@", errors="surrogatepass"))
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers["Cache-Control"] = "no-store"
    return response


def problem_type_uri(slug: str) -> str:
    """The URI naming a problem type (relative, resolvable on this server)."""
    return f"/api/v1/problems/{slug}"


def _lost_race_state(error: DomainError) -> dict[str, Any]:
    """For a lost race, the state as the winner committed it (read after the rollback)."""
    from ..services.transitions import current_state

    agreement_id = error.extra.get("agreement_id")
    if not isinstance(error, Conflict) or agreement_id is None or "current_state" in error.extra:
        return {}
    now = current_state(agreement_id)
    return {"current_state": now[0], "lock_version": now[1]} if now else {}


def domain_problem(error: DomainError) -> Response:
    """A domain error as problem+json, with its reasons, field errors or current state."""
    db.session.rollback()
    status, slug = next((v for cls, v in STATUS.items() if isinstance(error, cls)), (400, None))
    extra = {k: error.extra[k] for k in EXTRA_FIELDS if k in error.extra}
    extra.update(_lost_race_state(error))
    response = problem(status, error.title, error.detail, problem_type_uri(slug) if slug else "about:blank", **extra)
    if status == 401:
        challenge = 'Bearer realm="agreements"'
        if error.extra.get("oauth_error"):
            challenge += f', error="{error.extra["oauth_error"]}"'
        response.headers["WWW-Authenticate"] = challenge
    if status == 429 and error.extra.get("retry_after"):
        response.headers["Retry-After"] = str(error.extra["retry_after"])
    return response


def _http_detail(error: HTTPException) -> str:
    """A detail that tells an API client what to do, instead of werkzeug's words for browsers."""
    if error.code == 404:
        return f"No endpoint {request.method} {request.path}; the endpoints are listed in /api/v1/openapi.json."
    if error.code == 405:
        methods = getattr(error, "valid_methods", None) or []
        allowed = ", ".join(sorted(m for m in methods if m not in ("HEAD", "OPTIONS")))
        return f"{request.method} is not allowed on {request.path}" + (f"; use {allowed}." if allowed else ".")
    if error.code == 413:
        if error.description != type(error).description:  # the view named its own limit
            return error.description
        limit = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return f"The request body is larger than the limit of {limit:,} bytes."
    return error.description or error.name


def http_problem(error: HTTPException) -> Response:
    """A werkzeug HTTP error (404 route, 405, 413, 400, 429 …) as problem+json, keeping its headers."""
    db.session.rollback()
    if error.code is None or error.code >= 500:
        return server_problem(error)
    response = problem(error.code, error.name, _http_detail(error))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _rollback_after_lost_connection(error: Exception) -> None:
    """Log the drop and reset the session (its transaction is gone; the server rolled it back)."""
    current_app.logger.warning("Database connection lost on %s %s: %s", request.method, request.path, error)
    try:
        db.session.rollback()
    except Exception:  # the database may still be away; the next request checks out a fresh connection
        current_app.logger.exception("Rollback after a lost database connection failed")


def lost_connection_problem(error: Exception) -> Response:
    """503: the connection dropped mid-request. Before any COMMIT, nothing was written and the client may
    simply retry; during (or after) one, the change may have been saved, and the answer says how to find out.
    """
    unknown = outcome_unknown(error)
    _rollback_after_lost_connection(error)
    if unknown:
        # The key's response is kept in the change's own transaction: a repeat gets it back, or makes the change.
        detail = LOST_WHILE_SAVING + (SAME_KEY_IS_SAFE if g.get("idempotency_key") else "")
        slug = "connection-lost-while-saving"
        response = problem(503, PROBLEM_TYPES[slug][1], detail, problem_type_uri(slug))
    else:
        response = problem(503, "Database connection lost", LOST_CONNECTION, problem_type_uri("connection-lost"))
    response.headers["Retry-After"] = "1"
    return response


def server_problem(error: Exception) -> Response:
    """500 with a generic detail: the exception goes to the log, never to the client (a lost connection: 503)."""
    if connection_lost(error):
        return lost_connection_problem(error)
    db.session.rollback()
    current_app.logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=error)
    return problem(500, "Internal Server Error", GENERIC_500)


def is_api_request() -> bool:
    """Whether the request is for the API (matched to its blueprint or under its path)."""
    return request.blueprint == "api" or request.path == "/api" or request.path.startswith("/api/")


def _web_error(error: Exception):
    """Non-API paths belong to the pages: hand the error to their renderer, or answer plainly."""
    from ..web import errors as web_errors

    if connection_lost(error):
        unknown = outcome_unknown(error)
        _rollback_after_lost_connection(error)
        lost_page = getattr(web_errors, "lost_connection_page", None)
        if lost_page:
            return lost_page(unknown)
        error = ServiceUnavailable(LOST_WHILE_SAVING if unknown else LOST_CONNECTION, retry_after=1)
    if not isinstance(error, HTTPException):
        current_app.logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=error)
        error = InternalServerError(original_exception=error)
    render = getattr(web_errors, "render_error", None)
    return render(error) if render else error


def _app_http_error(error: HTTPException):
    """App-wide HTTP errors: problem+json under /api/, the pages' rendering elsewhere."""
    return http_problem(error) if is_api_request() else _web_error(error)


def _app_exception(error: Exception):
    """App-wide unhandled exceptions: problem+json under /api/, the pages' rendering elsewhere."""
    if isinstance(error, HTTPException):
        return _app_http_error(error)
    return server_problem(error) if is_api_request() else _web_error(error)


def register(app: Flask) -> None:
    """Install the app-wide handlers: routing errors (unknown path, wrong method) reach no blueprint.

    They answer problem+json under /api/ and hand everything else to the pages. Registered by status
    code as well as by class, so a class-wide handler installed later does not shadow them.
    """
    for code in _CODES:
        app.register_error_handler(code, _app_http_error)
    app.register_error_handler(HTTPException, _app_http_error)
    app.register_error_handler(Exception, _app_exception)


# Inside the API blueprint, handlers by status code and by class: they win over app-wide ones.
# Blueprint handlers must exist before the blueprint is registered, hence here, at import.
_CODES = [code for code in default_exceptions if code >= 400]
for _code in _CODES:
    bp.register_error_handler(_code, http_problem)
bp.register_error_handler(DomainError, domain_problem)
bp.register_error_handler(HTTPException, http_problem)
bp.register_error_handler(Exception, server_problem)

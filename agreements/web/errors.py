"""Errors as pages: the domain errors of the web views in one table, and friendly pages for HTTP errors."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..db import db
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

# What each HTTP error page says: a title, and what the person can do about it.
MESSAGES = {
    400: ("Bad request", "The form could not be read. Go back, reload the page and try again."),
    401: ("Not signed in", "Sign in to continue."),
    403: ("Not allowed", "Your role does not allow this. Ask a program manager or an administrator."),
    404: ("Not found", "There is no such page, or it is not open to you."),
    405: ("Not possible here", "This address does not take that kind of request."),
    409: ("Changed meanwhile", "Someone else changed this first. Reload the page and try again."),
    413: ("Too large", "What you sent is larger than the system accepts."),
    422: ("Cannot be done", "Some of what you sent is not valid."),
    429: ("Too many attempts", "Too many attempts in a short time. Wait a minute, then try again."),
    500: ("Something went wrong", "The error was recorded. Try again; if it persists, tell an administrator."),
    503: ("Database connection lost", "The database connection was lost; nothing was changed. Try again."),
}
# A connection lost while the change was being saved: the server may have saved it before the drop, or not.
LOST_WHILE_SAVING = (
    "Connection lost while saving",
    "The database connection was lost while saving; the change may or may not have been saved. "
    "Reload the page to see whether it was, before trying again.",
)
LOST_WHILE_SAVING_AGREEMENT = (
    "The database connection was lost while saving; the change may or may not have been saved. "
    "Reload the agreement to see whether it was, before trying again."
)
CSRF_MESSAGE = (
    "The form was sent without its security token, or the token expired. "
    "Go back, reload the page and send the form again."
)
# Headers of the HTTP error worth passing on (when to retry; which methods are allowed).
KEPT_HEADERS = ("Retry-After", "Allow")


def error_page(
    status: int,
    detail: str | None = None,
    headers: dict | None = None,
    message: tuple[str, str] | None = None,
    back: str | None = None,
):
    """A friendly error page; falls back to plain HTML if even the layout cannot be rendered.

    ``message`` (title, advice) overrides the status's own; ``back`` links to the agreement the request was for.
    """
    title, advice = message or MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    try:
        body = render_template("error.html", status=status, title=title, detail=detail, advice=advice, back=back)
    except Exception:
        current_app.logger.exception("The error page could not be rendered")
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{advice}</p>"
    return body, status, headers or {}


def render_error(error: Exception):
    """The page for an HTTP error (or any unexpected exception) outside the API; never a traceback."""
    if not isinstance(error, HTTPException):
        current_app.logger.error("Unhandled exception on %s %s", request.method, request.path, exc_info=error)
        error = InternalServerError()
    if error.code and error.code >= 500:
        try:
            db.session.rollback()
        except Exception:  # the database itself may be what failed; the page must still render
            current_app.logger.exception("Rollback after an error failed")
    detail = None
    if error.code == 400 and type(error).__name__ == "CSRFError":
        detail = CSRF_MESSAGE
    kept = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
    return error_page(error.code or 500, detail, kept)


def lost_connection_page(outcome_unknown: bool):
    """503 for a lost database connection: nothing was changed, or (lost while saving) it may have been."""
    back = _back_to_agreement()
    message = None
    if outcome_unknown:
        message = (LOST_WHILE_SAVING[0], LOST_WHILE_SAVING_AGREEMENT if back else LOST_WHILE_SAVING[1])
    return error_page(503, headers={"Retry-After": "1"}, message=message, back=back)


def lost_connection_message(outcome_unknown: bool) -> str:
    """What a form shown again after a lost connection says beside what the person typed."""
    return LOST_WHILE_SAVING_AGREEMENT if outcome_unknown else MESSAGES[503][1]


def _back_to_agreement():
    """The agreement page the failed request came from, or None outside an agreement."""
    agreement_id = (request.view_args or {}).get("agreement_id")
    return url_for("web.agreement", agreement_id=agreement_id) if agreement_id else None


def _lost_race(error: DomainError) -> str:
    """The conflict message, with the state as committed now when someone else moved first."""
    from ..services.transitions import current_state_phrase

    agreement_id = error.extra.get("agreement_id")
    now = current_state_phrase(agreement_id) if isinstance(agreement_id, int) else None
    if now is None:
        return error.detail
    return f"{error.detail} It is now {now}."


@bp.errorhandler(DomainError)
def handle_domain_error(error: DomainError):
    """One table for every domain error raised by a page: a page, or a message on the agreement."""
    db.session.rollback()
    if isinstance(error, NotFound):
        return error_page(404, error.detail)
    if isinstance(error, PermissionDenied):
        return error_page(403, error.detail)
    if isinstance(error, RateLimited):
        return error_page(429, error.detail, {"Retry-After": str(error.extra.get("retry_after", 60))})
    if isinstance(error, Unauthenticated):
        return redirect(url_for("web.login", next=request.full_path if request.method == "GET" else None))
    back = _back_to_agreement()
    if isinstance(error, (Conflict, TransitionNotAllowed)):
        message, status = _lost_race(error), 409
    elif isinstance(error, GuardFailed):
        message, status = error.detail, 422
    elif isinstance(error, InvalidInput):
        message, status = error.detail, 422
    else:
        message, status = error.detail, 400
    if back is None:
        return error_page(status, message)
    flash(message, "error")
    return redirect(back, 303)


@bp.errorhandler(StaleDataError)
def handle_stale_data(_error: StaleDataError):
    """Two people saved the same agreement at once: the later save is refused, not lost silently."""
    return handle_domain_error(Conflict("Someone else changed the agreement at the same moment; reload it."))


def _has_app_handler(app, exc_class) -> bool:
    """Whether an app-wide handler for this class is installed (the API's, which hands pages back to us)."""
    return exc_class in app.error_handler_spec.get(None, {}).get(None, {})


def register(app):
    """Install app-wide error pages where the API did not install its own (the pages' own are on ``bp``)."""
    if not _has_app_handler(app, HTTPException):
        app.register_error_handler(HTTPException, render_error)
    if not _has_app_handler(app, Exception):
        app.register_error_handler(Exception, render_error)

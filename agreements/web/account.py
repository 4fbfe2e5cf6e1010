"""Signing in and out, changing one's own password, and choosing which mail one receives."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..db import db
from ..errors import InvalidInput, RateLimited
from ..services import rate_limits, users
from . import bp

SIGN_IN_REFUSED = "Too many sign-in attempts from this address; try again in {seconds} seconds."
PASSWORD_CHANGE_REFUSED = "Too many attempts to change your password; try again in {seconds} seconds."


def _local_target(target: str | None) -> str | None:
    """``next`` only when it is a path on this site (never another host: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _fresh_session() -> None:
    """Start a new session: nothing from before carries over, and forms get a new CSRF token."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The sign-in form; on success, where the person was going (on this site) or the agreements.

    Each POST takes one attempt from LOGIN_RATE_LIMIT for the client's address before the password
    is checked, whether it then succeeds or not: counting after the answer would let every attempt
    in flight at once through, and 10 a minute is plenty for a person.
    """
    target = _local_target(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("web.home"))
    if request.method == "GET":
        return render_template("login.html", email="", next=target)
    email = request.form.get("email", "").strip()
    try:
        rate_limits.take("LOGIN_RATE_LIMIT", "sign-in", request.remote_addr or "unknown", SIGN_IN_REFUSED)
    except RateLimited as refused:
        page = render_template("login.html", email=email, next=target, error=refused.detail)
        return page, 429, {"Retry-After": str(refused.extra["retry_after"])}
    user = users.authenticate(email, request.form.get("password", ""))
    if user is None:
        db.session.rollback()
        return render_template(
            "login.html", email=email, next=target, error="Wrong email or password, or the account is disabled."
        )
    db.session.commit()
    # Nothing from before signing in (e.g. a planted cookie) carries over.
    _fresh_session()
    login_user(user)
    return redirect(target or url_for("web.home"), 303)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out here and on every other device."""
    users.end_sessions(current_user)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash("You are signed out, here and on every other device.", "info")
    return redirect(url_for("web.login"), 303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's password; other sessions end and API tokens are revoked, this one stays signed in."""
    if request.method == "GET":
        return render_template("password.html", errors={})
    new = request.form.get("new_password", "")
    try:
        # The current password is checked here too: a borrowed session must not try passwords at will.
        rate_limits.take("LOGIN_RATE_LIMIT", "password-change", str(current_user.id), PASSWORD_CHANGE_REFUSED)
    except RateLimited as refused:
        page = render_template("password.html", errors={}, message=refused.detail)
        return page, 429, {"Retry-After": str(refused.extra["retry_after"])}
    try:
        if new != request.form.get("confirm_password", ""):
            raise InvalidInput("The two new passwords differ.", {"confirm_password": "Type the same password twice."})
        users.change_password(current_user, request.form.get("current_password", ""), new)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        errors = dict(error.errors)
        if "password" in errors:
            errors["new_password"] = errors.pop("password")
        return render_template("password.html", errors=errors, message=error.detail), 422
    # The generation moved on, so this session's id is stale too: sign in again under the new one.
    login_user(current_user._get_current_object())
    flash("Your password is changed; your API tokens were revoked and your other sessions signed out.", "success")
    return redirect(url_for("web.home"), 303)


@bp.route("/account/mail", methods=["GET", "POST"])
@login_required
def account_mail():
    """Turn the note on each step that waits for one, and the daily digest, on or off."""
    if request.method == "GET":
        return render_template("account_mail.html")
    users.set_mail_choices(
        current_user,
        on_transition=request.form.get("mail_on_transition") == "on",
        digest=request.form.get("mail_digest") == "on",
    )
    db.session.commit()
    flash("Mail settings saved.", "success")
    return redirect(url_for("web.account_mail"), 303)

"""User administration: create users, disable and enable them, reset passwords, revoke API tokens."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..db import db
from ..errors import InvalidInput, PermissionDenied
from ..services import users
from ..workflows import ROLES
from . import bp
from .forms import USER_NAMES, as_typed, fields_from_form

NEW_USER_FIELDS = ("email", "name", "role", "office", "password")


def _authorise() -> None:
    """Only administrators manage users."""
    if not policy.can_manage_users(current_user):
        raise PermissionDenied("Only administrators manage users.")


def _page(values: dict, errors: dict, message: str | None = None, status: int = 200):
    """The users page with the new-user form as given."""
    return (
        render_template(
            "admin_users.html",
            people=users.list_users(),
            offices=users.list_offices(),
            roles=ROLES,
            values=values,
            errors=errors,
            message=message,
        ),
        status,
    )


@bp.route("/admin/users")
@login_required
def admin_users():
    """Every user, and the form to add one."""
    _authorise()
    return _page(dict.fromkeys(NEW_USER_FIELDS, ""), {})


@bp.route("/admin/users", methods=["POST"])
@login_required
def admin_create_user():
    """Add a user."""
    _authorise()
    values = fields_from_form(request.form, NEW_USER_FIELDS)
    try:
        user = users.create_user(
            values["email"], values["role"], values["office"] or None, values["name"], values["password"]
        )
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        return _page(as_typed({**values, "password": ""}, USER_NAMES), error.errors, error.detail, 422)
    flash(f"Created {user.email}.", "success")
    return redirect(url_for("web.admin_users"), 303)


@bp.route("/admin/users/<int:user_id>/enabled", methods=["POST"])
@login_required
def admin_set_enabled(user_id: int):
    """Disable a user (their sessions end and tokens stop at once), or enable them again."""
    _authorise()
    person = users.get_user(user_id)
    enabled = request.form.get("enabled") == "1"
    users.set_enabled(person, enabled)
    db.session.commit()
    flash(f"{'Enabled' if enabled else 'Disabled'} {person.email}.", "success")
    return redirect(url_for("web.admin_users"), 303)


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@login_required
def admin_reset_password(user_id: int):
    """Set a new password for a user; their sessions end and their API tokens are revoked."""
    _authorise()
    person = users.get_user(user_id)
    try:
        users.set_password(person, request.form.get("password", ""))
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        flash(f"Password of {person.email} not changed: {error.detail}", "error")
        return redirect(url_for("web.admin_users"), 303)
    flash(
        f"New password set for {person.email}; their sessions have ended and their API tokens were revoked.", "success"
    )
    return redirect(url_for("web.admin_users"), 303)


@bp.route("/admin/users/<int:user_id>/tokens", methods=["POST"])
@login_required
def admin_revoke_tokens(user_id: int):
    """Revoke every API token of a user."""
    _authorise()
    person = users.get_user(user_id)
    count = users.revoke_all_tokens(person)
    db.session.commit()
    flash(f"Revoked {count} API token{'' if count == 1 else 's'} of {person.email}.", "success")
    return redirect(url_for("web.admin_users"), 303)

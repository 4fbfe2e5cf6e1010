"""The points of contact's pages: the card on the agreement page, and the form changing one party's people."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, Contact
from ..services import agreements, contacts
from ..services.characters import without_refused
from . import bp

FIELDS = ("name", "title", "office", "email", "phone", "languages", "confirmed_on")
PARTY_LABELS = {"counterpart": "The counterpart", "us": "Our side"}
BLANK_ROWS = 2  # empty rows offered to add people
MAX_FORM_ROWS = 100  # a form claiming more rows than this is not one of ours


def may_edit_contacts(agreement: Agreement) -> bool:
    """Whether the signed-in person may change this agreement's points of contact."""
    return policy.can_edit_contacts(current_user, agreement)


@bp.app_context_processor
def _contacts_helpers() -> dict:
    """What the agreement page's points of contact card uses."""
    return {
        "points_of_contact": contacts.list_contacts,
        "may_edit_contacts": may_edit_contacts,
        "contact_parties": PARTY_LABELS,
    }


@bp.route("/agreements/<int:agreement_id>/contacts/<party>", methods=["GET", "POST"])
@login_required
def edit_contacts(agreement_id: int, party: str):
    """Change one party's points of contact: a row per person, empty rows to add, a box to remove."""
    item = agreements.get_agreement(current_user, agreement_id)
    if party not in PARTY_LABELS:
        abort(404)
    if not policy.can_edit_contacts(current_user, item):
        raise PermissionDenied(
            "Only program managers, and attachés of the office responsible for the agreement, "
            "change its points of contact."
        )
    if request.method == "GET":
        return _form(item, party, [_row_of(c) for c in contacts.list_contacts(item)[party]])
    rows = _rows_from_form(request.form)
    if request.form.get("action") == "add_rows":
        return _form(item, party, rows, blank=BLANK_ROWS + 3)
    kept = [row for row in rows if not row["remove"]]
    before = item.event_count
    try:
        contacts.set_contacts(current_user, item, party, [{f: row[f] for f in FIELDS} for row in kept])
        changed = item.event_count != before
        db.session.commit()
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        status = 409 if isinstance(error, Conflict) else 422
        message = _place_errors(getattr(error, "errors", {}), kept, error)
        return _form(item, party, without_refused(rows), message=message, status=status)
    whose = PARTY_LABELS[party].lower()
    flash(f"Points of contact of {whose} saved." if changed else f"Nothing changed for {whose}.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="contacts"), 303)


def _row_of(contact: Contact) -> dict[str, Any]:
    """A form row holding one person as recorded."""
    return {
        "name": contact.name,
        "title": contact.title,
        "office": contact.office,
        "email": contact.email,
        "phone": contact.phone,
        "languages": ", ".join(contact.languages or []),
        "confirmed_on": contact.confirmed_on.isoformat() if contact.confirmed_on else "",
        "remove": False,
        "errors": {},
    }


def _rows_from_form(form: MultiDict) -> list[dict[str, Any]]:
    """The rows as typed, leaving out the empty ones."""
    count = form.get("rows", "0")
    count = min(int(count), MAX_FORM_ROWS) if count.isascii() and count.isdigit() else 0
    rows = []
    for i in range(count):
        row = {name: form.get(f"contact-{i}-{name}", "").strip() for name in FIELDS}
        if any(row.values()):
            rows.append({**row, "remove": form.get(f"contact-{i}-remove") == "1", "errors": {}})
    return rows


def _place_errors(errors: dict[str, str], kept: list[dict[str, Any]], error: Exception) -> str:
    """Put each ``contacts[n].field`` message on its row; the message for the top of the form."""
    if isinstance(error, Conflict):
        return f"{error.detail} Nothing was saved; your changes are still in the form: save again."
    left = []
    for key, message in errors.items():
        head, _, field = key.partition("].")
        number = head.removeprefix("contacts[")
        if field in FIELDS and number.isdigit() and 1 <= int(number) <= len(kept):
            kept[int(number) - 1]["errors"][field] = message
        else:
            left.append(message)
    return "Nothing was saved: " + (" ".join(left) if left else "correct the fields marked below.")


def _form(
    item: Agreement, party: str, rows: list[dict[str, Any]], *, blank: int = BLANK_ROWS, message=None, status=200
):
    """The form with the rows given, then empty rows to add people (20 at most in all)."""
    room = max(0, contacts.MAX_CONTACTS - sum(not row["remove"] for row in rows))
    empty = {name: "" for name in FIELDS} | {"remove": False, "errors": {}}
    rows = rows + [dict(empty, errors={}, is_new=True) for _ in range(min(blank, room))]
    return (
        render_template(
            "edit_contacts.html",
            agreement=item,
            party=party,
            party_label=PARTY_LABELS[party],
            rows=rows,
            message=message,
            today=contacts.latest_today(),
            is_full=room == 0,
            limit=contacts.MAX_CONTACTS,
        ),
        status,
    )

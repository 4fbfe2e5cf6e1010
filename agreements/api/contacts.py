"""API views of the points of contact: each party's people of an agreement, and replacing one party's list."""

from __future__ import annotations

from typing import Any

from ..models import Contact
from ..services import agreements, contacts
from . import bp
from .auth import current_user
from .body import json_body, json_object
from .contract import Answer, operation
from .edge import writes
from .models.base import dump
from .models.contacts import Contacts


def contact_json(contact: Contact) -> dict[str, Any]:
    """One person, as SPEC §8 names the fields; for the PUT not yet declared (its new rows are not flushed, so
    ``updated_at`` may be unset), the GET answers with ``models.contacts.Contact``."""
    return {
        "name": contact.name,
        "title": contact.title,
        "office": contact.office,
        "email": contact.email,
        "phone": contact.phone,
        "languages": list(contact.languages or []),
        "confirmed_on": contact.confirmed_on.isoformat() if contact.confirmed_on else None,
        "party": contact.party,
        "updated_at": contact.updated_at.isoformat() if contact.updated_at else None,
    }


def _people() -> Any:
    """The body: a JSON list of people, or an object ``{"contacts": [...]}``; checked as every JSON body is."""
    body = json_body()
    return body if isinstance(body, list) else json_object(frozenset({"contacts"}), body).get("contacts")


@bp.get("/agreements/<int:agreement_id>/contacts")
@operation(
    summary="Points of contact of each party",
    operation_id="listContacts",
    tags=["parties"],
    answers={200: Answer("The points of contact.", Contacts)},
    problems=(404,),
)
def list_contacts(agreement_id: int):
    """Each party's points of contact, the counterpart's first."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(Contacts.of(contacts.list_contacts(agreement)))


@bp.put("/agreements/<int:agreement_id>/contacts/<party>")
@writes()
def set_contacts(agreement_id: int, party: str):
    """Replace one party's points of contact; the answer is the party's new list."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    people = contacts.set_contacts(user, agreement, party, _people())
    return {"party": party, "items": [contact_json(c) for c in people]}, 200

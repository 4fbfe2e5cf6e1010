"""API views of the points of contact: each party's people of an agreement, and replacing one party's list."""

from __future__ import annotations

from ..services import agreements, contacts
from . import bp
from .auth import current_user
from .contract import REPLAYED, Answer, operation
from .edge import writes
from .models.base import dump
from .models.contacts import Contacts, ContactsInput, PartyContacts


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
@operation(
    summary="Replace one party's points of contact (program managers; attachés of the responsible office)",
    operation_id="setContacts",
    tags=["parties"],
    description="Allowed in any state: the points of contact are not part of the signed text. "
    "Every change is recorded in the agreement's trail.",
    body=ContactsInput,
    answers={200: Answer("The party's new list.", PartyContacts, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def set_contacts(agreement_id: int, party: str, body: ContactsInput):
    """Replace one party's points of contact; the answer is the party's new list."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(PartyContacts.of(party, contacts.set_contacts(user, agreement, party, body.people()))), 200

"""API view of the conformity of the language versions: a legal advisor records it for the current text."""

from __future__ import annotations

from ..services import agreements, conformity
from . import bp
from .auth import current_user
from .contract import REPLAYED, Answer, operation
from .edge import writes
from .models.base import dump
from .models.conformity import ConformityInput, LanguageConformity


@bp.post("/agreements/<int:agreement_id>/conformity")
@writes()
@operation(
    summary="Record that the texts in each language of the current version conform (legal advisors)",
    operation_id="recordConformity",
    tags=["parties"],
    description="For the current version of the text, bound to its hash: a new version needs a new "
    "record. Clearing for signature waits for one when the agreement has two languages or more. 409 "
    "once the agreement is signed, for an agreement in one language, with no text yet, or when the "
    "current text already has a record; 422 when the text is not complete in every language (the "
    "detail names what is missing) or the note is too long. An event of the trail (record_conformity).",
    body=ConformityInput,
    answers={201: Answer("The record.", LanguageConformity, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def record_conformity(agreement_id: int, body: ConformityInput):
    """A legal advisor records that the current text's versions in every language conform to one another."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(LanguageConformity.of(conformity.record_conformity(user, agreement, body.note))), 201

"""API views of the records kept beside the authorities: confirming one, certifying a change not substantive."""

from __future__ import annotations

from ..services import agreements, authorities
from . import bp
from .auth import current_user
from .contract import REPLAYED, Answer, operation
from .edge import writes
from .models.authorities import CertificationInput, TextCertification
from .models.base import dump
from .models.parties import Authority


@bp.post("/agreements/<int:agreement_id>/authorities/<int:authority_id>/confirm")
@writes()
@operation(
    summary="Confirm an authority a program manager recorded (legal advisors)",
    operation_id="confirmAuthority",
    tags=["parties"],
    description="A step that needs an authority needs it confirmed: clear_for_signature on the "
    "binding track waits for the authorities to negotiate and to conclude. An event of the trail "
    "(confirm_authority). No body.",
    answers={200: Answer("The authority, confirmed.", Authority, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def confirm_authority(agreement_id: int, authority_id: int):
    """A legal advisor confirms an authority a program manager recorded."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(Authority.of(authorities.confirm_authority(user, agreement, authority_id), agreement)), 200


@bp.post("/agreements/<int:agreement_id>/certifications")
@writes()
@operation(
    summary="Certify that the current text's change is not substantive (legal advisors)",
    operation_id="certifyNotSubstantive",
    tags=["parties"],
    description="From the last earlier version an authority covers (directly or by an earlier "
    "certification) to the current one: the authorities that covered that text then cover this one "
    "(11 FAM 724). While the text can change or is in final review; 409 otherwise, when the current "
    "text is already covered, or when no authority covers an earlier text. An event of the trail "
    "(certify_not_substantive).",
    body=CertificationInput,
    answers={201: Answer("The certification.", TextCertification, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def certify_not_substantive(agreement_id: int, body: CertificationInput):
    """A legal advisor certifies that the current text's change is not substantive."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(TextCertification.of(authorities.certify_not_substantive(user, agreement, body.note))), 201

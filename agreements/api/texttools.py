"""Drafting aids as JSON: start a text from its type's model, and the wording check of non-binding texts
with the legal advisor's acknowledgements of its findings."""

from __future__ import annotations

from ..services import agreements, versions
from ..services.lint import acknowledge_finding, acknowledgements, applies, lint_text
from ..services.model_texts import start_from_model
from . import bp
from .auth import current_user
from .contract import REPLAYED, Answer, operation
from .edge import writes
from .models.base import dump
from .models.texttools import LintAcknowledgement, LintAcknowledgementInput, LintFinding, LintQuery, LintReport
from .models.versions import Version


@bp.post("/agreements/<int:agreement_id>/versions/from-model")
@writes()
@operation(
    summary="Start the text from the type's model text (saved as version 1)",
    operation_id="startFromModel",
    tags=["text"],
    description="Binding wording for a CMAA, non-binding for the others; refused once a text exists.",
    answers={201: Answer("Version 1, the model text.", Version, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def start_text_from_model(agreement_id: int):
    """Save the type's model text as version 1 (refused once the agreement has a text)."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(Version.of(start_from_model(user, agreement))), 201


@bp.get("/agreements/<int:agreement_id>/lint")
@operation(
    summary="Binding wording in a non-binding text",
    operation_id="wordingCheck",
    tags=["text"],
    description="Each finding names the place, the language, the words found and what to use instead.",
    query=LintQuery,
    answers={200: Answer("The findings.", LintReport)},
    problems=(404,),
)
def wording_check(agreement_id: int, query: LintQuery):
    """Binding wording in a non-binding text (current version, or ``?version=n``)."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    if query.version is None:
        version = agreement.current_version
    else:
        version = versions.get_version(agreement, query.version)
    done = acknowledgements(agreement, version.number) if version else {}
    items = [LintFinding.of(f, done.get(f.key)) for f in lint_text(agreement, version)]
    report = LintReport(
        applies=applies(agreement),
        version=version.number if version else None,
        items=items,
        unacknowledged=sum(1 for item in items if item.acknowledgement is None),
    )
    return dump(report)


@bp.post("/agreements/<int:agreement_id>/lint/acknowledgements")
@writes()
@operation(
    summary="Acknowledge a finding of the wording check on the current version (legal advisors)",
    operation_id="acknowledgeWording",
    tags=["text"],
    description="On a non-binding text, clear_for_signature waits until every finding on the current "
    "version is revised away or acknowledged. An acknowledgement counts for that version only; 422 for "
    "a finding the current text does not have, 409 once acknowledged, for a binding agreement or once "
    "cleared for signature. An event of the trail (acknowledge_wording).",
    body=LintAcknowledgementInput,
    answers={201: Answer("The acknowledgement.", LintAcknowledgement, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def acknowledge_wording(agreement_id: int, body: LintAcknowledgementInput):
    """A legal advisor acknowledges one finding on the current version, with a reason."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(LintAcknowledgement.of(acknowledge_finding(user, agreement, body.finding, body.reason))), 201

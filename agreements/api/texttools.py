"""Drafting aids as JSON: start a text from its type's model, and the wording check of non-binding texts
with the legal advisor's acknowledgements of its findings."""

from __future__ import annotations

from typing import Any

from flask import request

from ..errors import InvalidInput
from ..models import LintAcknowledgement
from ..services import agreements, versions
from ..services.lint import Finding, acknowledge_finding, acknowledgements, applies, lint_text
from ..services.model_texts import start_from_model
from . import bp
from .auth import current_user
from .body import json_object
from .edge import writes
from .schemas import version_json

ACKNOWLEDGEMENT_FIELDS = frozenset({"finding", "reason"})


def acknowledgement_json(acknowledgement: LintAcknowledgement) -> dict[str, Any]:
    """A legal advisor's acknowledgement of one finding on one version: who, when, why."""
    by = acknowledgement.acknowledged_by
    return {
        "finding": acknowledgement.finding,
        "version": acknowledgement.version_number,
        "reason": acknowledgement.reason,
        "acknowledged_by": by.email if by else None,
        "acknowledged_by_name": by.display_name if by else None,
        "acknowledged_at": acknowledgement.acknowledged_at.isoformat(),
    }


def finding_json(finding: Finding, acknowledgement: LintAcknowledgement | None = None) -> dict[str, Any]:
    """One binding expression found in a non-binding text, and its acknowledgement if it has one."""
    return {
        "key": finding.key,
        "rule": finding.rule,
        "where": finding.where,
        "article": finding.article,
        "language": finding.language,
        "found": finding.found,
        "count": finding.count,
        "suggestion": finding.suggestion,
        "acknowledgement": acknowledgement_json(acknowledgement) if acknowledgement else None,
    }


@bp.post("/agreements/<int:agreement_id>/versions/from-model")
@writes()
def start_text_from_model(agreement_id: int):
    """Save the type's model text as version 1 (refused once the agreement has a text)."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return version_json(start_from_model(user, agreement)), 201


@bp.get("/agreements/<int:agreement_id>/lint")
def wording_check(agreement_id: int):
    """Binding wording in a non-binding text (current version, or ``?version=n``)."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    raw = request.args.get("version")
    if raw is None:
        version = agreement.current_version
    elif raw.isdigit() and len(raw) < 10:
        version = versions.get_version(agreement, int(raw))
    else:
        raise InvalidInput("version must be a version number.", {"version": "Not a version number."})
    done = acknowledgements(agreement, version.number) if version else {}
    items = [finding_json(f, done.get(f.key)) for f in lint_text(agreement, version)]
    return {
        "applies": applies(agreement),
        "version": version.number if version else None,
        "items": items,
        "unacknowledged": sum(1 for item in items if item["acknowledgement"] is None),
    }


@bp.post("/agreements/<int:agreement_id>/lint/acknowledgements")
@writes()
def acknowledge_wording(agreement_id: int):
    """A legal advisor acknowledges one finding on the current version, with a reason."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    body = json_object(ACKNOWLEDGEMENT_FIELDS)
    return acknowledgement_json(acknowledge_finding(user, agreement, body.get("finding"), body.get("reason"))), 201

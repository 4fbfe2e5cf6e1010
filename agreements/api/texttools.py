"""Drafting aids as JSON: start a text from its type's model, and the wording check of non-binding texts."""

from __future__ import annotations

from typing import Any

from flask import request

from ..errors import InvalidInput
from ..services import agreements, versions
from ..services.lint import Finding, applies, lint_text
from ..services.model_texts import start_from_model
from . import bp
from .auth import current_user
from .edge import writes
from .schemas import version_json


def finding_json(finding: Finding) -> dict[str, Any]:
    """One binding expression found in a non-binding text."""
    return {
        "rule": finding.rule,
        "where": finding.where,
        "article": finding.article,
        "language": finding.language,
        "found": finding.found,
        "count": finding.count,
        "suggestion": finding.suggestion,
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
    return {
        "applies": applies(agreement),
        "version": version.number if version else None,
        "items": [finding_json(f) for f in lint_text(agreement, version)],
    }

"""The wording check of non-binding instruments as the pages and the API use it, and its acknowledgements.

The rules and the checker are pure and live with the workflows (``workflows.wording``), so that the guard
of ``clear_for_signature`` and the pages apply the same rules. A finding never stops a save; a legal
advisor may acknowledge one with a reason (the wording is intended, or the counterpart insists), for the
current version of the text only: a new version is checked afresh.
"""

from __future__ import annotations

from typing import Any

from ..auth import policy
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, LintAcknowledgement, TextVersion, User
from ..workflows.guards import long_date
from ..workflows.wording import RULES, TITLE, Finding, Rule, applies, check_wording, unacknowledged
from ..workflows.words import state_phrase
from .audit import record_event
from .characters import text_problem
from .lengths import too_long

__all__ = [
    "MAX_REASON",
    "RULES",
    "TITLE",
    "Finding",
    "Rule",
    "acknowledge_finding",
    "acknowledgements",
    "applies",
    "lint_text",
    "open_findings",
]

MAX_REASON = 5000


def lint_text(agreement: Agreement, version: TextVersion | None) -> list[Finding]:
    """Every binding expression in the title and in each part of the text, in order; [] for binding ones."""
    return check_wording(agreement, version)


def acknowledgements(agreement: Agreement, version_number: int | None = None) -> dict[str, LintAcknowledgement]:
    """The acknowledgements of one version of the text (the current one by default), by the finding's key."""
    number = agreement.current_version_number if version_number is None else version_number
    return {a.finding: a for a in agreement.lint_acknowledgements if number and a.version_number == number}


def open_findings(agreement: Agreement) -> list[Finding]:
    """The findings on the current text no legal advisor has acknowledged for it."""
    findings = lint_text(agreement, agreement.current_version)
    return unacknowledged(findings, agreement.lint_acknowledgements, agreement.current_version_number)


def _reason(reason: Any) -> str:
    """The reason, required: why the wording may stay."""
    if reason is not None and not isinstance(reason, str):
        raise InvalidInput("reason must be text.", {"reason": "reason must be text."})
    reason = (reason or "").strip()
    if not reason:
        message = "Say why the wording may stay (reason): the counterpart's wording, a quotation, a term defined …"
        raise InvalidInput(message, {"reason": message})
    label = "“Why the wording may stay”"
    if message := too_long(label, reason, MAX_REASON) or text_problem(label, reason):
        raise InvalidInput(message, {"reason": message})
    return reason


def acknowledge_finding(user: User, agreement: Agreement, finding_key: Any, reason: Any) -> LintAcknowledgement:
    """A legal advisor accepts one finding on the current version, with a reason: an event of the trail."""
    if user.role != "legal_advisor":
        raise PermissionDenied("Only legal advisors acknowledge findings of the wording check.")
    if not policy.wording_open(agreement):
        raise Conflict(
            "A binding agreement has no wording check."
            if agreement.is_binding
            else "Findings are acknowledged until the text is cleared for signature; this agreement is "
            f"{state_phrase(agreement.state, agreement.is_binding)}.",
            current_state=agreement.state,
        )
    version = agreement.current_version
    if version is None:
        raise Conflict("The agreement has no text yet: findings are acknowledged on a version of the text.")
    if not isinstance(finding_key, str) or not finding_key.strip():
        raise InvalidInput("Name the finding to acknowledge (finding).", {"finding": "Name the finding."})
    finding = next((f for f in lint_text(agreement, version) if f.key == finding_key), None)
    if finding is None:
        message = (
            f"The wording check finds no {finding_key!r} in version {version.number} of the text: "
            "it was revised away, or never there."
        )
        raise InvalidInput(message, {"finding": message})
    reason = _reason(reason)
    earlier = acknowledgements(agreement, version.number).get(finding.key)
    if earlier is not None:
        by = earlier.acknowledged_by.display_name if earlier.acknowledged_by else "a legal advisor"
        raise Conflict(
            f"“{finding.found}” ({finding.place}, {finding.language}) is already acknowledged for version "
            f"{version.number}, by {by} on {long_date(earlier.acknowledged_at.date())}."
        )
    acknowledgement = LintAcknowledgement(
        version_number=version.number, finding=finding.key, reason=reason, acknowledged_by=user
    )
    agreement.lint_acknowledgements.append(acknowledgement)
    record_event(
        agreement,
        "acknowledge_wording",
        agreement.state,
        user,
        comment=reason,
        data={
            "finding": finding.key,
            "rule": finding.rule,
            "place": finding.place,
            "language": finding.language,
            "words": finding.found,
            "instead": finding.suggestion,
        },
    )
    return acknowledgement

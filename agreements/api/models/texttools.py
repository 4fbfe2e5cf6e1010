"""The models of the drafting aids: the wording check of non-binding texts (its query and report), and a legal
advisor's acknowledgement of a finding (as sent, and as answered)."""

from __future__ import annotations

from pydantic import Field

from ...models import LintAcknowledgement as AcknowledgementRow
from ...services.compare import MAX_VERSION
from ...services.lint import Finding
from .agreements import shaped
from .base import Body, Moment, Out, Query, whole


class LintQuery(Query):
    """Which version to check."""

    version: whole(1, MAX_VERSION) = Field(  # type: ignore[valid-type]
        None, description="A version number; the current version when omitted."
    )


class LintAcknowledgementInput(Body):
    """The finding's key and the reason (the service checks both, naming the field)."""

    finding: shaped(str, {"type": "string", "minLength": 1, "description": "The finding's key, from the report."})  # type: ignore[valid-type]
    reason: shaped(  # type: ignore[valid-type]
        str, {"type": "string", "minLength": 1, "maxLength": 5000, "description": "Why the wording may stay."}
    )


class LintAcknowledgement(Out):
    """A legal advisor's acknowledgement of one finding on one version: who, when, why."""

    finding: str
    version: int = Field(description="The version of the text it counts for, and no other.")
    reason: str
    acknowledged_by: str | None
    acknowledged_by_name: str | None
    acknowledged_at: Moment

    @classmethod
    def of(cls, acknowledgement: AcknowledgementRow) -> LintAcknowledgement:
        """The acknowledgement as the API shows it."""
        by = acknowledgement.acknowledged_by
        return cls(
            finding=acknowledgement.finding,
            version=acknowledgement.version_number,
            reason=acknowledgement.reason,
            acknowledged_by=by.email if by else None,
            acknowledged_by_name=by.display_name if by else None,
            acknowledged_at=acknowledgement.acknowledged_at,
        )


class LintFinding(Out):
    """One binding expression found in a non-binding text, and its acknowledgement if it has one."""

    key: str = Field(
        description="What an acknowledgement names: rule|place|language|words, e.g. shall|Art. 2|en|shall."
    )
    rule: str
    where: str = Field(description="title, preamble, article or final_clauses")
    article: str | None
    language: str
    found: str
    count: int
    suggestion: str
    acknowledgement: LintAcknowledgement | None

    @classmethod
    def of(cls, finding: Finding, acknowledgement: AcknowledgementRow | None = None) -> LintFinding:
        """The finding, with its acknowledgement."""
        return cls(
            key=finding.key,
            rule=finding.rule,
            where=finding.where,
            article=finding.article,
            language=finding.language,
            found=finding.found,
            count=finding.count,
            suggestion=finding.suggestion,
            acknowledgement=LintAcknowledgement.of(acknowledgement) if acknowledgement else None,
        )


class LintReport(Out):
    """The findings of the wording check on one version."""

    applies: bool = Field(description="False for binding agreements: nothing is checked.")
    version: int | None
    items: list[LintFinding]
    unacknowledged: int = Field(
        description="Findings no legal advisor acknowledged for this version: clear_for_signature waits for none "
        "(the current version)."
    )

"""The models of transmittals to the treaty office (22 CFR 181.7) and the State Department's publication (181.9):
each as sent, and as answered."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, WithJsonSchema

from ...models import Agreement as AgreementRow
from ...models import Transmittal as TransmittalRow
from ...services.deadlines import IN_BATCHES, STATE_DEPARTMENT, WITHIN_120_DAYS, deadlines_for, publication_rule
from ...services.transmittals import KINDS, MAX_CITATION, MAX_REFERENCE
from .agreements import Refers, ref, shaped
from .base import DATE, LANGUAGE, NULLABLE_DATE, SHA256, Body, Day, Out

KIND = {"type": "string", "enum": list(KINDS), "description": "; ".join(f"{k}: {v}" for k, v in KINDS.items())}
SENT_DOCUMENT = {
    "type": "object",
    "description": "A kept document sent with it, as it was then.",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": ["signed", "scan"]},
        "filename": {"type": "string"},
        "sha256": SHA256,
    },
}
# A row's time as it has always been written (isoformat), null only for a row not yet flushed.
Stamp = Annotated[
    dt.datetime | None,
    PlainSerializer(lambda v: v.isoformat() if v else None, return_type=str | None, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class TransmittalInput(Body):
    """Once signed; binding agreements and qualifying non-binding instruments only."""

    kind: shaped(str, KIND)  # type: ignore[valid-type]
    sent_on: shaped(  # type: ignore[valid-type]
        str,
        {**DATE, "description": "Not in the future, not before signature (the notice: not before entry into force)."},
    )
    reference: shaped(str, {"type": "string", "minLength": 1, "maxLength": MAX_REFERENCE})  # type: ignore[valid-type]
    languages: shaped(  # type: ignore[valid-type]
        list[Any],
        {
            "type": "array",
            "items": LANGUAGE,
            "description": "Languages of the texts sent; for the text, every language of the agreement "
            "(22 CFR 181.7(a)(1)).",
        },
    )
    documents: shaped(  # type: ignore[valid-type]
        list[Any] | None,
        {
            "type": "array",
            "items": {"type": "integer"},
            "description": "Ids of the kept documents sent: the signed PDF and scans of the originals.",
        },
    ) = None

    def given(self) -> dict[str, Any]:
        """The fields sent, as the service takes them."""
        return self.model_dump(exclude_unset=True)


class Transmittal(Out):
    """What was sent to the State Department's treaty office, when, under what reference, with what."""

    id: int
    kind: shaped(str, KIND)  # type: ignore[valid-type]
    sent_on: Day
    reference: str
    languages: shaped(list[str], {"type": "array", "items": LANGUAGE})  # type: ignore[valid-type]
    documents: shaped(  # type: ignore[valid-type]
        list[dict[str, Any]],
        {"type": "array", "items": SENT_DOCUMENT},
    )
    recorded_by: str | None
    created_at: Stamp

    @classmethod
    def of(cls, transmittal: TransmittalRow) -> Transmittal:
        """The transmittal as the API shows it."""
        return cls(
            id=transmittal.id,
            kind=transmittal.kind,
            sent_on=transmittal.sent_on,
            reference=transmittal.reference,
            languages=list(transmittal.languages or []),
            documents=[dict(d) for d in transmittal.documents or []],
            recorded_by=transmittal.recorded_by.email if transmittal.recorded_by else None,
            created_at=transmittal.created_at,
        )


class TransmittalList(Refers, Out):
    """What was sent, in the order sent, and where the 15 days stand."""

    items: list[Transmittal]
    deadline: shaped(  # type: ignore[valid-type]
        dict[str, Any] | None,
        {
            "oneOf": [ref("Deadline"), {"type": "null"}],
            "description": "The 15 days after signature; null before signature or when nothing is sent.",
        },
    )
    nothing_to_transmit: str | None = Field(
        description="Why nothing goes to the treaty office (yet); null once something does."
    )


class PublicationInput(Body):
    """When it was published, and the citation."""

    published_on: shaped(str, {**DATE, "description": "Not in the future, not before entry into force."})  # type: ignore[valid-type]
    citation: shaped(  # type: ignore[valid-type]
        str, {"type": "string", "minLength": 1, "maxLength": MAX_CITATION, "examples": ["TIAS 26-415"]}
    )

    def given(self) -> dict[str, Any]:
        """The fields sent, as the service takes them."""
        return self.model_dump(exclude_unset=True)


class Publication(Out):
    """The State Department's duty (22 CFR 181.9), tracked here."""

    rule: shaped(  # type: ignore[valid-type]
        str | None,
        {
            "type": ["string", "null"],
            "enum": [WITHIN_120_DAYS, IN_BATCHES, None],
            "description": "Within 120 days of entry into force (181.9(a)); in batches every 120 days "
            "(qualifying non-binding instruments, 181.9(b)); null: not published.",
        },
    )
    responsible: shaped(str, {"type": "string", "enum": [STATE_DEPARTMENT]})  # type: ignore[valid-type]
    published_on: Day | None
    citation: str | None
    due_on: shaped(dt.date | None, {**NULLABLE_DATE, "description": "By when, where the rule gives a date."})  # type: ignore[valid-type]
    summary: str | None = Field(description="Where it stands, in words, once in force.")

    @classmethod
    def of(cls, agreement: AgreementRow) -> Publication:
        """How the State Department publishes the agreement's text, and when it did."""
        deadline = next((d for d in deadlines_for(agreement) if d.key == "publication"), None)
        return cls(
            rule=publication_rule(agreement),
            responsible=STATE_DEPARTMENT,
            published_on=agreement.published_on,
            citation=agreement.publication_citation or None,
            due_on=deadline.due_on if deadline else None,
            summary=deadline.summary if deadline else None,
        )

"""The models of the records kept beside the authorities: a change of text certified not substantive, and the
request to certify one (an authority itself is in ``parties``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, WithJsonSchema

from ...models import TextCertification as CertificationRow
from ...services.authorities import MAX_NOTE
from .base import SHA256, Body, Moment, Out


class CertificationInput(Body):
    """The note: what changed and why it is not substantive."""

    # The service says what is missing or too long, naming the field: the lengths are documented here.
    note: str = Field(
        description="What changed and why it is not substantive (a correction, date and place filled in).",
        json_schema_extra={"minLength": 1, "maxLength": MAX_NOTE},
    )


class TextCertification(Out):
    """A legal advisor's certificate that a change of text is not substantive: from which text to which."""

    id: int
    from_hash: Annotated[
        str, WithJsonSchema({**SHA256, "description": "The text an authority covered (or a certification led to)."})
    ]
    to_hash: Annotated[
        str, WithJsonSchema({**SHA256, "description": "The text certified: the current one when certified."})
    ]
    version: int = Field(description="The number of the version certified.")
    note: str
    certified_by: str | None
    certified_at: Moment

    @classmethod
    def of(cls, certification: CertificationRow) -> TextCertification:
        """The certificate as the API shows it."""
        return cls(
            id=certification.id,
            from_hash=certification.from_hash,
            to_hash=certification.to_hash,
            version=certification.version_number,
            note=certification.note,
            certified_by=certification.certified_by.email if certification.certified_by else None,
            certified_at=certification.certified_at,
        )

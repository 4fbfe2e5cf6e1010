"""The models of the conformity of the language versions: the request to record it, and the record."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, WithJsonSchema

from ...models import LanguageConformity as ConformityRow
from ...services.conformity import MAX_NOTE
from .base import LANGUAGE, SHA256, Body, Moment, Out


class ConformityInput(Body):
    """An optional note; send {} for none."""

    # The length is the service's to check (its message names the limit): documented, not validated.
    note: str | None = Field(
        None, description="Optional: what was compared, and how.", json_schema_extra={"maxLength": MAX_NOTE}
    )


class LanguageConformity(Out):
    """A legal advisor's record that the texts of one version conform to one another in these languages."""

    id: int
    version_number: int = Field(description="The number of the version recorded.")
    text_hash: Annotated[
        str, WithJsonSchema({**SHA256, "description": "The text recorded: the current one when recorded."})
    ]
    languages: Annotated[
        list[str], WithJsonSchema({"type": "array", "items": LANGUAGE, "description": "The languages that conform."})
    ]
    note: str
    certified_by: str | None
    certified_at: Moment

    @classmethod
    def of(cls, record: ConformityRow) -> LanguageConformity:
        """The record as the API shows it."""
        return cls(
            id=record.id,
            version_number=record.version_number,
            text_hash=record.text_hash,
            languages=list(record.languages or []),
            note=record.note,
            certified_by=record.certified_by.email if record.certified_by else None,
            certified_at=record.certified_at,
        )

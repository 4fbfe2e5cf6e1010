"""The models of negotiation rounds: a round as sent (with the counterpart's proposal, or a version's number), and
a round as answered."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from ...models import NegotiationRound
from ...services.versions import ORIGINS
from .agreements import Refers, ref
from .base import DATE, Body, Day, Moment, Out

FORMAT = {"type": "string", "enum": ["in_person", "video", "written"]}


def _text(schema: dict[str, Any]) -> Any:
    """Text whose length (and meaning) the service checks, naming the field: documented here."""
    return Annotated[str | None, WithJsonSchema({"type": "string", **schema})]


class RoundInput(Refers, Body):
    """A round held: when, how, who, what came of it (the service checks dates, formats and lengths)."""

    held_on: Annotated[str, WithJsonSchema(DATE)]
    format: Annotated[str, WithJsonSchema(FORMAT)]
    place: _text({"maxLength": 200, "description": "Required for a round held in person."}) = None
    participants: _text({"maxLength": 2000}) = None
    summary: _text({"minLength": 1, "maxLength": 10000})
    proposal: Annotated[
        dict[str, Any] | None,
        WithJsonSchema(
            {
                **ref("VersionInput"),
                "description": "The counterpart's whole text, saved as a new version with origin counterpart.",
            }
        ),
    ] = None
    # A number, or its digits as text (as the service has always read it).
    version: Annotated[
        int | str | None,
        WithJsonSchema(
            {
                "type": "integer",
                "minimum": 1,
                "description": "Instead of a proposal: the number of a saved version that came of the round.",
            }
        ),
    ] = None

    def given(self) -> dict[str, Any]:
        """The fields sent, as the service takes them."""
        return self.model_dump(exclude_unset=True)


class Round(Out):
    """One round, with the number and origin of the version that came of it."""

    id: int
    held_on: Day
    format: Annotated[str, WithJsonSchema(FORMAT)]
    place: str
    participants: str
    summary: str
    version: int | None = Field(description="The resulting version.")
    version_origin: Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "enum": [*ORIGINS, None]})]
    recorded_by: str | None
    created_at: Moment

    @classmethod
    def of(cls, entry: NegotiationRound) -> Round:
        """The round as the API shows it."""
        version = entry.version
        return cls(
            id=entry.id,
            held_on=entry.held_on,
            format=entry.format,
            place=entry.place,
            participants=entry.participants,
            summary=entry.summary,
            version=version.number if version else None,
            version_origin=version.origin if version else None,
            recorded_by=entry.recorded_by.email if entry.recorded_by else None,
            created_at=entry.created_at,
        )


class RoundList(Out):
    """The rounds of an agreement, newest first."""

    items: list[Round]

"""The models of the points of contact: one person as answered, and each party's list."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, WithJsonSchema

from ...models import Contact as ContactRow
from ...services.contacts import LIMITS, MAX_LANGUAGES
from ...services.parties import PARTIES
from .base import LANGUAGE, Day, Moment, Out


def _text(field: str, description: str | None = None) -> type[str]:
    """A text field of a person, with the length the service allows."""
    schema = {"type": "string", "maxLength": LIMITS[field], **({"description": description} if description else {})}
    return Annotated[str, WithJsonSchema({**schema, "minLength": 1} if field == "name" else schema)]  # type: ignore[return-value]


class Contact(Out):
    """One person, as SPEC §8 names the fields."""

    name: _text("name")  # type: ignore[valid-type]
    title: _text("title")  # type: ignore[valid-type]
    office: _text("office")  # type: ignore[valid-type]
    email: _text("email", "Empty, or an address, e.g. liaison@icr.example.")  # type: ignore[valid-type]
    phone: _text(  # type: ignore[valid-type]
        "phone", "Digits, spaces and + - ( ) . and an extension, e.g. +7 495 555-01-23 ext. 12."
    )
    languages: Annotated[
        list[str],
        WithJsonSchema(
            {"type": "array", "items": LANGUAGE, "maxItems": MAX_LANGUAGES, "description": 'BCP 47, e.g. ["ru", "en"].'}
        ),
    ]
    confirmed_on: Day | None
    party: Annotated[str, WithJsonSchema({"type": "string", "enum": list(PARTIES)})]
    updated_at: Moment

    @classmethod
    def of(cls, contact: ContactRow) -> Contact:
        """The person as the API shows them (a row as loaded: its ``updated_at`` is set)."""
        return cls(
            name=contact.name,
            title=contact.title,
            office=contact.office,
            email=contact.email,
            phone=contact.phone,
            languages=list(contact.languages or []),
            confirmed_on=contact.confirmed_on,
            party=contact.party,
            updated_at=contact.updated_at,
        )


class Contacts(Out):
    """Each party's points of contact, in list order."""

    counterpart: list[Contact] = Field(default_factory=list)
    us: list[Contact] = Field(default_factory=list)

    @classmethod
    def of(cls, listed: dict[str, list[ContactRow]]) -> Contacts:
        """Each party's list, from the service's."""
        return cls(**{party: [Contact.of(c) for c in people] for party, people in listed.items()})

"""The models of the points of contact: one party's new list as sent (bare, or as ``{"contacts": [...]}``), one
person as answered, and the lists."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Discriminator, Field, SkipValidation, Tag, WithJsonSchema

from ...models import Contact as ContactRow
from ...services.contacts import LIMITS, MAX_CONTACTS, MAX_LANGUAGES
from ...services.parties import PARTIES
from .base import LANGUAGE, MOMENT, NULLABLE_DATE, Body, Day, Moment, Out, RootBody, _tidy


def _text(field: str, description: str | None = None) -> type[str]:
    """A text field of a person, with the length the service allows."""
    schema = {"type": "string", "maxLength": LIMITS[field], **({"description": description} if description else {})}
    return Annotated[str, WithJsonSchema({**schema, "minLength": 1} if field == "name" else schema)]  # type: ignore[return-value]


PARTY = {"type": "string", "enum": list(PARTIES)}
LANGUAGES = {"type": "array", "items": LANGUAGE, "maxItems": MAX_LANGUAGES, "description": 'BCP 47, e.g. ["ru", "en"].'}


def _given(schema: dict[str, Any]) -> Any:
    """A field of a person as sent, documented as ``schema``."""
    return Annotated[Any, WithJsonSchema(schema)]


class ContactInput(Body):
    """One person as sent; what a client read may be sent back as it is."""

    name: _text("name")  # type: ignore[valid-type]
    title: _text("title") = None  # type: ignore[valid-type]
    office: _text("office") = None  # type: ignore[valid-type]
    email: _text("email", "Empty, or an address, e.g. liaison@icr.example.") = None  # type: ignore[valid-type]
    phone: _text(  # type: ignore[valid-type]
        "phone", "Digits, spaces and + - ( ) . and an extension, e.g. +7 495 555-01-23 ext. 12."
    ) = None
    languages: _given(LANGUAGES) = None
    confirmed_on: _given(
        {**NULLABLE_DATE, "description": "The day the details were last confirmed; not in the future."}
    ) = None
    party: _given({**PARTY, "description": "Optional; when sent, the party of the path."}) = None
    updated_at: _given({**MOMENT, "description": "Ignored: sent back as read."}) = None


# The people pass through as sent: the service checks each (as for the contacts form) and names a problem by
# ``contacts[n].field``, n counted from 1 as the user counts them ("Person 2: …").
People = Annotated[SkipValidation[list[ContactInput]], Field(json_schema_extra={"maxItems": MAX_CONTACTS})]


def _contacts_required(schema: dict[str, Any], cls: Any = None) -> None:
    """The list is required; sent without it, the service says what to send rather than "Required."."""
    _tidy(schema, cls)
    schema["required"] = ["contacts"]


class WrappedContacts(Body):
    """The list as an object's only field."""

    model_config = ConfigDict(json_schema_extra=_contacts_required)

    contacts: People = None


class ContactsInput(RootBody):
    """The party's whole new list (0 to 20 people), bare or as {"contacts": [...]}; an empty list removes all."""

    root: Annotated[
        Annotated[People, Tag("list")] | Annotated[WrappedContacts, Tag("object")],
        Discriminator(lambda value: "list" if isinstance(value, list) else "object"),
    ]

    def people(self) -> Any:
        """The people sent, as the service takes them (it refuses what is not a list)."""
        return self.root.contacts if isinstance(self.root, WrappedContacts) else self.root


class Contact(Out):
    """One person, as SPEC §8 names the fields."""

    name: _text("name")  # type: ignore[valid-type]
    title: _text("title")  # type: ignore[valid-type]
    office: _text("office")  # type: ignore[valid-type]
    email: _text("email", "Empty, or an address, e.g. liaison@icr.example.")  # type: ignore[valid-type]
    phone: _text(  # type: ignore[valid-type]
        "phone", "Digits, spaces and + - ( ) . and an extension, e.g. +7 495 555-01-23 ext. 12."
    )
    languages: Annotated[list[str], WithJsonSchema(LANGUAGES)]
    confirmed_on: Day | None
    party: Annotated[str, WithJsonSchema(PARTY)]
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


class PartyContacts(Out):
    """One party's points of contact, in list order."""

    party: Annotated[str, WithJsonSchema(PARTY)]
    items: list[Contact]

    @classmethod
    def of(cls, party: str, people: list[ContactRow]) -> PartyContacts:
        """The party's list, from the service's."""
        return cls(party=party, items=[Contact.of(c) for c in people])

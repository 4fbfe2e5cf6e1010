"""Who signs, the State Department's authorities, and the legal advisor's determination: as sent and as
answered."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from ...models import Agreement as AgreementRow
from ...models import Authority as AuthorityRow
from ...models import Signatory as SignatoryRow
from ...services.authorities import covers_current_text
from ...services.parties import AUTHORITY_KINDS, PARTIES
from .base import DATE, Body, Day, Moment, Out


def _text(max_length: int, description: str | None = None) -> Any:
    """Text, documented with its limit (the services check it, with the field's label)."""
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length}
    return Annotated[str, WithJsonSchema({**schema, **({"description": description} if description else {})})]


class SignatoryInput(Body):
    """The signatory; signed_on and place once signed."""

    name: _text(200)  # type: ignore[valid-type]
    title: _text(300)  # type: ignore[valid-type]
    organisation: _text(300) = None  # type: ignore[valid-type]
    signed_on: Annotated[str | None, WithJsonSchema({**DATE, "description": "Once signed."})] = None
    place: _text(200, "Once signed.") = None  # type: ignore[valid-type]


class Signatory(Out):
    """Who signs for a party, and when and where they signed."""

    party: Annotated[str, WithJsonSchema({"type": "string", "enum": list(PARTIES)})]
    name: str
    title: str
    organisation: str
    signed_on: Day | None
    place: str

    @classmethod
    def of(cls, signatory: SignatoryRow) -> Signatory:
        """The answer from the row."""
        return cls(
            party=signatory.party,
            name=signatory.name,
            title=signatory.title,
            organisation=signatory.organisation,
            signed_on=signatory.signed_on,
            place=signatory.place,
        )


class SignatoryList(Out):
    """Both parties' signatories."""

    items: list[Signatory]


class AuthorityInput(Body):
    """Recorded by program managers; a legal advisor then confirms it."""

    kind: Annotated[str, WithJsonSchema({"type": "string", "enum": list(AUTHORITY_KINDS)})]
    reference: _text(200, "The State Department's reference.")  # type: ignore[valid-type]
    granted_by: _text(200, "The granting official.")  # type: ignore[valid-type]
    granted_by_title: _text(  # type: ignore[valid-type]
        200,
        "The granting official's title. To conclude: Assistant Secretary level or above (11 FAM 724.3), e.g. "
        "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs; the Legal Adviser "
        "is not.",
    )
    granted_on: Annotated[
        str, WithJsonSchema({**DATE, "description": "Not in the future, nor after our side's signature."})
    ]


class Authority(Out):
    """A State Department authority, who confirmed it, and whether it still covers the agreement's current text."""

    id: int
    kind: Annotated[str, WithJsonSchema({"type": "string", "enum": list(AUTHORITY_KINDS)})]
    reference: str
    granted_by: str
    granted_by_title: str
    granted_on: Day
    text_hash: str | None
    covers_current_text: bool = Field(
        description="The text it was given for is the current one, or leads to it by changes certified not substantive."
    )
    recorded_by: str | None
    created_at: Moment
    confirmed_by: str | None = Field(
        description="The legal advisor who confirmed it; null until then (a step that needs it waits)."
    )
    confirmed_at: Moment | None

    @classmethod
    def of(cls, authority: AuthorityRow, agreement: AgreementRow) -> Authority:
        """The answer from the row (the text it was given for, or one reached from it by changes certified not
        substantive, is what it covers)."""
        return cls(
            id=authority.id,
            kind=authority.kind,
            reference=authority.reference,
            granted_by=authority.granted_by,
            granted_by_title=authority.granted_by_title,
            granted_on=authority.granted_on,
            text_hash=authority.text_hash,
            covers_current_text=covers_current_text(agreement, authority),
            recorded_by=authority.recorded_by.email if authority.recorded_by else None,
            created_at=authority.created_at,
            confirmed_by=authority.confirmed_by.email if authority.confirmed_by else None,
            confirmed_at=authority.confirmed_at,
        )


class AuthorityList(Out):
    """The authorities recorded."""

    items: list[Authority]


def _determination_basis() -> dict[str, Any]:
    """The basis of a determination, as the document describes it."""
    from ...services.determination import CRITERIA, QNBI

    def flags(names: dict[str, str], description: str) -> dict[str, Any]:
        props = {k: {"type": "boolean", "description": v} for k, v in names.items()}
        return {"type": "object", "additionalProperties": False, "properties": props, "description": description}

    return {
        "type": "object",
        "required": ["criteria", "note"],
        "properties": {
            "criteria": flags(CRITERIA, "22 CFR 181.2(a): (1) to (4) all yes for a binding text."),
            "qnbi": flags(QNBI, "22 CFR 181.4(b)(3), for a non-binding text: reported if any is yes."),
            "note": {"type": "string", "minLength": 1, "maxLength": 5000},
            "state_reference": {"type": "string", "maxLength": 200},
        },
    }


class DeterminationInput(Body):
    """The determination and its basis (the services check the basis's fields and their meaning)."""

    is_binding: bool
    is_reportable: bool = Field(description="Always true for a binding agreement.")
    basis: Annotated[dict[str, Any], WithJsonSchema(_determination_basis())]

    def given(self) -> dict[str, Any]:
        """The fields sent, as the services take them."""
        return self.model_dump(exclude_unset=True)

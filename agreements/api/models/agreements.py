"""The agreement as asked for and as answered: the list's filters, the facts sent to open or change one, the
agreement as listed and as one person sees it. Nested records other endpoints own (deadlines, transmittals,
documents…) are referenced by their schema's name and filled by their serialisers."""

from __future__ import annotations

from typing import Annotated, Any

from flask import url_for
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema
from pydantic.json_schema import DEFAULT_REF_TEMPLATE

from ...models import Agreement as AgreementRow
from ...models import User
from ...services import clauses, listing
from ...services.deadlines import deadlines_for
from ...services.listing import COUNT_CAP, MAX_QUERY, NEXT_DEADLINE, OPEN, SORTS
from ...services.taxonomy import AREAS
from ...services.transitions import Available, available_transitions
from ...services.transmittals import list_transmittals
from ...workflows import FINAL_STATES, STATES, WORKFLOWS
from .base import COUNTRY, COUNTRY_GIVEN, LANGUAGE, NULLABLE_DATE, TEXT, Body, Day, Moment, Out, Query, whole
from .parties import Authority, Signatory

REF_KEY = "x-schema"  # pydantic refuses a $ref it did not make: the name is kept here, and put in one after


def ref(name: str) -> dict[str, str]:
    """A reference to a schema of the document another endpoint describes (hand-written, or generated there)."""
    return {REF_KEY: name}


def _with_refs(node: Any, template: str) -> Any:
    """``node`` with each ``ref()`` placeholder made the ``$ref`` it stands for."""
    if isinstance(node, dict):
        if REF_KEY in node:
            return {"$ref": template.format(model=node[REF_KEY]), **{k: v for k, v in node.items() if k != REF_KEY}}
        return {k: _with_refs(v, template) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_refs(v, template) for v in node]
    return node


class Refers(BaseModel):
    """A model whose schema references schemas by name (``ref()``): the one to put first among its bases."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The schema, the references made."""
        return _with_refs(super().model_json_schema(*args, **kwargs), kwargs.get("ref_template", DEFAULT_REF_TEMPLATE))


def shaped(kind: Any, schema: dict[str, Any]) -> Any:
    """``kind`` as checked, documented as ``schema`` (the document's wording of it)."""
    return Annotated[kind, WithJsonSchema(schema)]


def listed(name: str, description: str | None = None) -> Any:
    """A list of records another endpoint serialises, documented by reference to its schema."""
    schema: dict[str, Any] = {"type": "array", "items": ref(name)}
    return shaped(list[dict[str, Any]], {**schema, **({"description": description} if description else {})})


PER_LANGUAGE = {
    "type": "object",
    "description": 'Text per language code, e.g. {"en": "…", "ru": "…"}.',
    "propertyNames": LANGUAGE,
    "additionalProperties": {"type": "string"},
}
PARTY_NAMES = {
    "type": "object",
    "additionalProperties": False,
    "description": "The Parties (binding) or Participants (non-binding) by name, per language; what is not given is "
    "filled with the names known (the Government of the United States of America, the counterpart's Government "
    "by its country's official name, the agencies).",
    "properties": {"us": PER_LANGUAGE, "counterpart": PER_LANGUAGE},
}
ENTRY_RULE = {
    "type": "string",
    "enum": ["signature", "date", "later_note", "days_after_later_note"],
    "description": "How a binding agreement enters into force: on signature, on a stated date (entry_rule_on), on "
    "the later of the two diplomatic notes, or entry_rule_days after it.",
}
MAX_PAGE = 1_000_000  # as services.agreements.list_agreements reads the page
MAX_PER_PAGE = 100  # a page of the API; the CSV has every row
YES_NO = ["yes", "no", "true", "false", "1", "0"]  # as services/listing.py reads them
BINDING = [*YES_NO, "binding", "non-binding", "nonbinding"]


# --- the list's filters ------------------------------------------------------------------------------------
def _text(value: Any) -> Any:
    """A text parameter stripped; empty is not given."""
    return (value.strip() or None) if isinstance(value, str) else value


Filter = Annotated[str | None, BeforeValidator(_text)]


def optional(schema: dict[str, Any]) -> dict[str, Any]:
    """A filter's ``schema`` as the query string takes it: empty too (not given, as a form sends it)."""
    out = {k: v for k, v in schema.items() if k != "minLength"}
    if "enum" in out:
        out["enum"] = [*out["enum"], ""]
    return out


class AgreementFilters(Query):
    """What the list and its CSV keep: every filter optional, ``state`` repeatable."""

    state: shaped(list[str], {"type": "array", "items": {"type": "string", "enum": [*STATES, OPEN]}}) = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Repeatable (state=legal_review&state=clearance); `open` stands for every state but "
        + ", ".join(sorted(FINAL_STATES))
        + ".",
    )
    type: shaped(Filter, optional({"type": "string", "enum": list(WORKFLOWS)})) = None  # type: ignore[valid-type]
    country: shaped(Filter, optional(COUNTRY_GIVEN)) = None  # type: ignore[valid-type]
    office: shaped(Filter, TEXT) = Field(None, description="The responsible office's code, e.g. MOW.")  # type: ignore[valid-type]
    area: shaped(Filter, optional({"type": "string", "enum": sorted(AREAS)})) = None  # type: ignore[valid-type]
    binding: shaped(Filter, optional({"type": "string", "enum": BINDING})) = Field(  # type: ignore[valid-type]
        None, description="yes: binding agreements only; no: non-binding instruments only."
    )
    region: shaped(Filter, TEXT) = Field(  # type: ignore[valid-type]
        None, description="The region of the responsible office (the dashboard's regions; `none`: no region)."
    )
    overdue: shaped(Filter, optional({"type": "string", "enum": YES_NO})) = Field(  # type: ignore[valid-type]
        None, description="yes: only those longer in their state than its days allowed; no: the others."
    )
    q: shaped(Filter, {"type": "string", "maxLength": MAX_QUERY}) = Field(  # type: ignore[valid-type]
        None, description="Text found in the reference, the title or the counterpart's name, whatever the case."
    )
    sort: shaped(
        Filter, {"type": "string", "enum": [k for key in (*SORTS, NEXT_DEADLINE) for k in (key, f"-{key}")]}
    ) = (  # type: ignore[valid-type]
        Field(
            None,
            description="The order: a column, with `-` before it for descending (`-days_in_state`: the longest in "
            "their state first). Default: newest first.",
        )
    )

    def filters(self) -> dict[str, Any]:
        """As the listing services take them."""
        return {"states": self.state, **self.model_dump(exclude={"state", "page", "per_page"})}


class AgreementsQuery(AgreementFilters):
    """The filters, and the page."""

    # Not given: the first page, of the configured size (the document says the usual 25).
    page: whole(1, MAX_PAGE) = Field(None, json_schema_extra={"default": 1})  # type: ignore[valid-type]
    per_page: whole(1, MAX_PER_PAGE) = Field(None, json_schema_extra={"default": 25})  # type: ignore[valid-type]


# --- the facts sent ----------------------------------------------------------------------------------------
class AgreementPatch(Body):
    """The facts to change; only those sent change."""

    title: shaped(str, {"type": "string", "maxLength": 500}) = None  # type: ignore[valid-type]
    counterpart: shaped(str, {**TEXT, "maxLength": 300, "description": "The counterpart agency's name in English."}) = (
        None  # type: ignore[valid-type]
    )
    counterpart_local: shaped(  # type: ignore[valid-type]
        str,
        {
            **TEXT,
            "maxLength": 300,
            "description": "The counterpart agency's name in its own language (shown on the signed document).",
        },
    ) = None
    counterpart_acronym: shaped(str, {**TEXT, "maxLength": 40}) = None  # type: ignore[valid-type]
    country: shaped(str, COUNTRY_GIVEN) = None  # type: ignore[valid-type]
    languages: shaped(  # type: ignore[valid-type]
        list[str],
        {
            "type": "array",
            "items": LANGUAGE,
            "minItems": 1,
            "description": 'Languages of the text, "en" first; defaults to ["en"].',
        },
    ) = None
    office: shaped(  # type: ignore[valid-type]
        str | None, {"type": ["string", "null"], "description": "Code of the responsible attaché office, e.g. MOW."}
    ) = None
    areas: shaped(  # one key alone is taken as a list of one, as it always was
        list[str] | str, {"type": "array", "items": {"type": "string", "enum": sorted(AREAS)}, "uniqueItems": True}
    ) = None  # type: ignore[valid-type]
    is_binding: shaped(bool, {"type": "boolean"}) = None  # type: ignore[valid-type]
    is_reportable: shaped(bool, {"type": "boolean"}) = None  # type: ignore[valid-type]
    title_translations: shaped(  # type: ignore[valid-type]
        dict[str, str],
        {
            **PER_LANGUAGE,
            "description": 'The title in each language of the text besides English, e.g. {"it": "Accordo …"}.',
        },
    ) = None
    party_names: shaped(dict[str, dict[str, str]], PARTY_NAMES) = None  # type: ignore[valid-type]
    entry_rule: shaped(str, ENTRY_RULE) = None  # type: ignore[valid-type]
    entry_rule_on: shaped(str | None, NULLABLE_DATE) = None  # type: ignore[valid-type]
    entry_rule_days: shaped(int | None, {"type": ["integer", "null"], "minimum": 1, "maximum": 3650}) = None  # type: ignore[valid-type]
    expires_on: shaped(str | None, NULLABLE_DATE) = None  # type: ignore[valid-type]
    renewal_years: shaped(  # type: ignore[valid-type]
        int | None,
        {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 50,
            "description": "Renewed automatically for this many years at expiry, unless notice is given.",
        },
    ) = None
    renewal_notice_days: shaped(  # type: ignore[valid-type]
        int | None,
        {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": 3650,
            "description": "How many days before expiry notice must be given to stop the renewal.",
        },
    ) = None

    def given(self) -> dict[str, Any]:
        """The fields sent, as the services take them."""
        return self.model_dump(exclude_unset=True)


class _Typed(Body):
    """The type of a new agreement (first among its fields)."""

    type: shaped(str, {"type": "string", "enum": list(WORKFLOWS)})  # type: ignore[valid-type]


class AgreementCreate(AgreementPatch, _Typed):
    """The basic facts of a new agreement."""

    title: shaped(str, {"type": "string", "maxLength": 500})  # type: ignore[valid-type]
    counterpart: shaped(str, {**TEXT, "maxLength": 300, "description": "The counterpart agency's name in English."})  # type: ignore[valid-type]
    country: shaped(str, COUNTRY_GIVEN)  # type: ignore[valid-type]


# --- the agreement answered --------------------------------------------------------------------------------
class AgreementFacts(Out):
    """The facts of an agreement, as listed and as shown alone."""

    id: int = Field(json_schema_extra={"format": "int64"})
    reference: str = Field(examples=["MOU-2026-0007"])
    type: shaped(str, {"type": "string", "enum": list(WORKFLOWS)})  # type: ignore[valid-type]
    title: str
    state: shaped(str, {"type": "string", "enum": list(STATES)})  # type: ignore[valid-type]
    lock_version: int = Field(description="Send it back as expected_lock_version.")
    is_binding: bool
    is_reportable: bool
    country: shaped(str, COUNTRY)  # type: ignore[valid-type]
    languages: shaped(list[str], {"type": "array", "items": LANGUAGE})  # type: ignore[valid-type]
    counterpart: str | None
    office: str | None
    areas: list[str]
    current_version: int | None = Field(description="Number of the current text version.")
    signed_on: Day | None
    in_force_on: Day | None
    expires_on: Day | None
    notice_on: Day | None
    termination_effective_on: Day | None
    terminated_on: Day | None
    created_at: Moment
    updated_at: Moment
    state_since: Moment = Field(description="When the agreement entered its current state.")
    days_in_state: int = Field(ge=0, description="Whole days (UTC) in the current state.")
    days_allowed: int | None = Field(
        description="Days it may stay in this state before it is overdue (AGING_DAYS); null: no limit."
    )
    is_overdue: bool = Field(description="Longer in its state than days_allowed.")

    @staticmethod
    def facts(agreement: AgreementRow) -> dict[str, Any]:
        """The fields every view of an agreement shares, from the row."""
        days = listing.days_in_state(agreement)
        return {
            "id": agreement.id,
            "reference": agreement.reference,
            "type": agreement.type,
            "title": agreement.title,
            "state": agreement.state,
            "lock_version": agreement.lock_version,
            "is_binding": agreement.is_binding,
            "is_reportable": agreement.is_reportable,
            "country": agreement.country,
            "languages": list(agreement.languages),
            "counterpart": agreement.counterpart,
            "office": agreement.office.code if agreement.office else None,
            "areas": agreement.areas,
            "current_version": agreement.current_version_number or None,
            "signed_on": agreement.signed_on,
            "in_force_on": agreement.in_force_on,
            "expires_on": agreement.expires_on,
            "notice_on": agreement.notice_on,
            "termination_effective_on": agreement.termination_effective_on,
            "terminated_on": agreement.terminated_on,
            "created_at": agreement.created_at,
            "updated_at": agreement.updated_at,
            "state_since": agreement.state_since,
            "days_in_state": days,
            "days_allowed": listing.days_allowed(agreement.state),
            "is_overdue": listing.is_overdue(agreement.state, days),
        }


class NextDeadline(Out):
    """The next deadline of a listed agreement."""

    due_on: Day
    kind: shaped(str, {"type": "string", "enum": ["transmittal", "renewal_notice", "expiry"]})  # type: ignore[valid-type]
    days_left: int = Field(description="From today (UTC); negative once past.")


class AgreementSummary(AgreementFacts):
    """An agreement as listed."""

    next_deadline: NextDeadline | None = Field(
        None,
        description="In lists: the next deadline still to be met (an unsent transmittal, overdue or not; the last "
        "day of notice before a renewal; the expiry), null when none.",
    )

    @classmethod
    def of(cls, agreement: AgreementRow, due: Any = None) -> AgreementSummary:
        """An agreement as listed, with its next deadline (services.deadline_list.NextDeadline) if any."""
        nxt = NextDeadline(due_on=due.due_on, kind=due.kind, days_left=due.days_left) if due else None
        return cls(**cls.facts(agreement), next_deadline=nxt)


class AgreementList(Out):
    """One page of agreements."""

    items: list[AgreementSummary]
    total: int = Field(description=f"How many match; counted up to {COUNT_CAP:,} only (see total_is_capped).")
    total_is_capped: bool = Field(
        description=f"True when more than {COUNT_CAP:,} match: total is then {COUNT_CAP:,}, and pages the pages "
        "known so far."
    )
    page: int
    per_page: int
    pages: int
    has_next: bool = Field(description="Whether a next page exists.")

    @classmethod
    def of(cls, page: Any) -> AgreementList:
        """A page of the list service as answered."""
        return cls(
            items=[AgreementSummary.of(a, page.next_deadline(a)) for a in page.items],
            total=page.total,
            total_is_capped=page.total_is_capped,
            page=page.page,
            per_page=page.per_page,
            pages=page.pages,
            has_next=bool(page.has_next),
        )


class CounterpartAgency(Out):
    """The counterpart agency."""

    name: str
    name_local: str
    acronym: str
    country: shaped(str, COUNTRY)  # type: ignore[valid-type]


class AvailableTransition(Out):
    """A step this user may take from the current state."""

    trigger: str
    title: str
    to: shaped(str, {"type": "string", "enum": list(STATES)})  # type: ignore[valid-type]
    allowed: bool = Field(description="False when a guard would fail now.")
    reasons: list[str]
    needs: list[str] = Field(description="What the request must carry: `comment` or fields of `data`.")

    @classmethod
    def of(cls, available: Available) -> AvailableTransition:
        """One step open now, and what stands in its way."""
        step = available.step
        return cls(
            trigger=step.trigger,
            title=step.title,
            to=step.dest,
            allowed=available.allowed,
            reasons=available.reasons,
            needs=list(step.needs),
        )


class Agreement(Refers, AgreementFacts):
    """An agreement as one person sees it: its facts, parties, records, and the steps open to that person now."""

    counterpart_agency: CounterpartAgency | None
    current_sha256: str | None
    signatories: list[Signatory]
    authorities: list[Authority]
    certifications: listed(  # type: ignore[valid-type]
        "TextCertification", "Changes of text a legal advisor certified not substantive, oldest first."
    )
    language_conformities: listed(  # type: ignore[valid-type]
        "LanguageConformity", "Records that the texts of a version conform in every language, oldest first."
    )
    available_transitions: list[AvailableTransition]
    signed_document: shaped(  # type: ignore[valid-type]
        dict[str, Any] | None,
        {
            "oneOf": [ref("SignedDocument"), {"type": "null"}],
            "description": "The sealed PDF made at signature; null before.",
        },
    )
    documents_url: str = Field(description="Where the kept documents are listed.")
    deadlines: listed("Deadline")  # type: ignore[valid-type]
    transmittals: listed(  # type: ignore[valid-type]
        "Transmittal", "What was sent to the State Department's treaty office, in the order sent."
    )
    publication: shaped(dict[str, Any], ref("Publication"))  # type: ignore[valid-type]
    diplomatic_notes: listed("DiplomaticNote")  # type: ignore[valid-type]
    determination: shaped(dict[str, Any], ref("Determination"))  # type: ignore[valid-type]
    title_translations: shaped(dict[str, str], PER_LANGUAGE)  # type: ignore[valid-type]
    party_names: shaped(dict[str, dict[str, str]], PARTY_NAMES)  # type: ignore[valid-type]
    parties: shaped(  # type: ignore[valid-type]
        dict[str, dict[str, str]],
        {**PARTY_NAMES, "description": "Each side's name in each language, as the documents print it."},
    )
    entry_rule: shaped(str, ENTRY_RULE)  # type: ignore[valid-type]
    entry_rule_on: Day | None
    entry_rule_days: int | None
    renewal_years: int | None
    renewal_notice_days: int | None

    @classmethod
    def of(cls, agreement: AgreementRow, user: User) -> Agreement:
        """The agreement as ``user`` sees it."""
        from ..schemas import (
            certification_json,
            conformity_json,
            deadline_json,
            determination_json,
            publication_json,
            signed_document_json,
            transmittal_json,
        )

        agency = agreement.counterpart_agency
        return cls(
            **cls.facts(agreement),
            counterpart_agency=CounterpartAgency(
                name=agency.name, name_local=agency.name_local, acronym=agency.acronym, country=agency.country
            )
            if agency
            else None,
            current_sha256=agreement.current_version.sha256 if agreement.current_version else None,
            signatories=[Signatory.of(s) for s in agreement.signatories],
            authorities=[Authority.of(a, agreement) for a in agreement.authorities],
            certifications=[certification_json(c) for c in agreement.text_certifications],
            language_conformities=[conformity_json(c) for c in agreement.language_conformities],
            available_transitions=[AvailableTransition.of(a) for a in available_transitions(user, agreement)],
            signed_document=signed_document_json(agreement),
            documents_url=url_for("api.list_documents", agreement_id=agreement.id),
            deadlines=[deadline_json(d) for d in deadlines_for(agreement)],
            transmittals=[transmittal_json(t) for t in list_transmittals(agreement)],
            publication=publication_json(agreement),
            diplomatic_notes=[dict(note) for note in agreement.diplomatic_notes or []],
            title_translations=dict(agreement.title_translations or {}),
            party_names={party: dict(names) for party, names in (agreement.party_names or {}).items()},
            parties=clauses.parties(agreement),
            entry_rule=agreement.entry_rule or "signature",
            entry_rule_on=agreement.entry_rule_on,
            entry_rule_days=agreement.entry_rule_days,
            renewal_years=agreement.renewal_years,
            renewal_notice_days=agreement.renewal_notice_days,
            determination=determination_json(agreement),
        )

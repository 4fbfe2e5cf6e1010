"""Opening, finding, listing and changing the facts of agreements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update

from ..auth import policy
from ..db import db, utcnow
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..models import Agreement, AgreementArea, Counterpart, Office, ReferenceCounter, User
from ..workflows import WORKFLOWS
from ..workflows.words import state_phrase
from . import clauses, listing
from .audit import record_event
from .characters import check_fields
from .indexing import index_agreement, index_counterpart
from .lengths import too_long
from .taxonomy import AREAS, country_code, languages_problem, unknown_country
from .writes import flush_or_conflict

MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger one cannot exist, and PostgreSQL refuses to compare it
# The facts as the facts form labels them (the acronym has no field there: the API sets it).
LABELS = {
    "title": "Title",
    "counterpart": "Counterpart agency",
    "counterpart_local": "Counterpart agency in its own language",
    "counterpart_acronym": "The counterpart's acronym",
}
# Every other fact as its form labels it, for refusing a character no text may hold; the title and the names also
# refuse the direction controls (the title in the other languages and the Parties' names: ``clauses``).
OTHER_LABELS = {
    "type": "Type",
    "country": "Country",
    "languages": "Languages",
    "areas": "Areas of cooperation",
    "office": "Responsible attaché office",
    "entry_rule": "Entry into force",
    "entry_rule_on": "The stated date of entry into force",
    "entry_rule_days": "Days after the later note",
    "expires_on": "Expires on",
    "renewal_years": "Renewed automatically for (years)",
    "renewal_notice_days": "Days of notice before expiry",
}
NAMES = frozenset(LABELS)


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def validate_facts(fields: dict[str, Any], *, creating: bool, agreement: Agreement | None = None) -> dict[str, Any]:
    """Check the basic facts of an agreement (against ``agreement`` when it exists); raise InvalidInput naming
    every problem."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if creating or "type" in fields:
        kind = fields.get("type")
        if kind not in WORKFLOWS:
            errors["type"] = f"Unknown type {kind!r}; choose one of {', '.join(WORKFLOWS)}."
        out["type"] = kind
    if creating or "title" in fields:
        title = _clean(fields.get("title"))
        if not title:
            errors["title"] = "Give the agreement a title."
        elif problem := too_long(LABELS["title"], title, 500):
            errors["title"] = problem
        out["title"] = title
    if creating or "counterpart" in fields:
        counterpart = _clean(fields.get("counterpart"))
        if not counterpart:
            errors["counterpart"] = "Name the counterpart agency (in English)."
        elif problem := too_long(LABELS["counterpart"], counterpart, 300):
            errors["counterpart"] = problem
        out["counterpart"] = counterpart
    for name, limit in (("counterpart_local", 300), ("counterpart_acronym", 40)):
        if name in fields and fields[name] is not None:
            if not isinstance(fields[name], str):
                errors[name] = f"{LABELS[name]} must be text."
            elif problem := too_long(LABELS[name], _clean(fields[name]), limit):
                errors[name] = problem
            else:
                out[name] = _clean(fields[name])
    if creating or "country" in fields:
        given = _clean(fields.get("country"))
        country = country_code(given)
        if country is None and given:
            errors["country"] = unknown_country(given)
        elif country is None:
            errors["country"] = "Give the country: its name or its two-letter code, e.g. Russia or RU."
        out["country"] = country or given.upper()
    if creating or "languages" in fields:
        languages = fields.get("languages") or ["en"]
        if isinstance(languages, str):
            languages = [x.strip() for x in languages.split(",") if x.strip()]
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            errors["languages"] = 'Give the languages as BCP 47 codes, e.g. ["en", "ru"].'
        elif problem := languages_problem(languages):
            errors["languages"] = problem
        elif languages[0] != "en":
            errors["languages"] = 'English comes first: the list must start with "en".'
        elif len(set(languages)) != len(languages):
            errors["languages"] = "A language is listed twice."
        out["languages"] = languages
    if "areas" in fields:
        areas = fields.get("areas") or []
        if isinstance(areas, str):
            areas = [x.strip() for x in areas.split(",") if x.strip()]
        if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
            errors["areas"] = "Give the areas as a list of keys."
        else:
            unknown = [a for a in areas if a not in AREAS]
            if unknown:
                errors["areas"] = f"Unknown area {unknown[0]!r}; see the areas of cooperation."
        out["areas"] = sorted(set(areas)) if not errors.get("areas") else []
    for flag in ("is_binding", "is_reportable"):
        if flag in fields and fields[flag] is not None:
            errors[flag] = (
                f"{flag} is not set here: whether the text is binding, and whether it is reported, is the "
                "legal advisor's determination "
                "(22 CFR 181.3), recorded in legal review (POST /api/v1/agreements/{id}/determination); "
                "the type gives the default."
            )
    clauses.validate(fields, errors, out)
    if agreement is not None:
        clauses.check(agreement, out, errors)
    if "office" in fields and fields["office"] not in (None, ""):
        if not isinstance(fields["office"], str):
            errors["office"] = "Give the office as its code."
        out["office"] = fields["office"]
    # A character no text may hold is what is wrong with a field, whatever else its check said of it.
    others = {k: v for k, v in fields.items() if k not in ("title_translations", "party_names")}
    check_fields(others, {**LABELS, **OTHER_LABELS}, errors, NAMES)
    if errors:
        raise InvalidInput("Some facts are missing or wrong: " + " ".join(errors.values()), errors)
    return out


def _counterpart(name: str, country: str, facts: dict[str, Any] | None = None) -> Counterpart:
    """The agency of that name and country (made on first use), with its own-language name and acronym."""
    found = db.session.scalar(select(Counterpart).where(Counterpart.name == name, Counterpart.country == country))
    if found is None:
        found = Counterpart(name=name, country=country, name_local="", acronym="")
        db.session.add(found)
    facts = facts or {}
    if "counterpart_local" in facts:
        found.name_local = facts["counterpart_local"]
    if "counterpart_acronym" in facts:
        found.acronym = facts["counterpart_acronym"]
    return found


def _office(code: str | None, country: str, user: User) -> Office | None:
    if code:
        office = db.session.scalar(select(Office).where(Office.code == code))
        if office is None:
            raise InvalidInput(f"No office has the code {code!r}.", {"office": f"Unknown office {code!r}."})
        return office
    if user.role == "attache" and user.office is not None:
        return user.office
    return db.session.scalar(
        select(Office).join(Office.coverage).where(Office.coverage.any(country=country)).order_by(Office.id).limit(1)
    )


def next_reference(kind: str, year: int) -> str:
    """The next free reference for a type and year, e.g. MOU-2026-0007."""
    prefix = kind.upper()
    bumped = db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    ).scalar()
    if bumped is None:
        db.session.add(ReferenceCounter(prefix=prefix, year=year, last=1))
        db.session.flush()
        bumped = 1
    return f"{prefix}-{year}-{bumped:04d}"


def create_agreement(user: User, fields: dict[str, Any], *, year: int | None = None) -> Agreement:
    """Open a new agreement in ``drafting``; the trail's first event records who opened it."""
    facts = validate_facts(fields, creating=True)
    if user.role not in policy.DRAFTERS:
        raise PermissionDenied("Only program managers and attachés open agreements.")
    if not policy.can_create(user, facts["country"]):
        raise PermissionDenied(f"Your office does not cover {facts['country']}.")
    workflow = WORKFLOWS[facts["type"]]
    agreement = Agreement(
        reference=next_reference(facts["type"], year or utcnow().year),
        type=facts["type"],
        title=facts["title"],
        is_binding=workflow.is_binding,  # the type's default determination, until the legal advisor's
        is_reportable=workflow.is_binding,
        state=workflow.initial,
        country=facts["country"],
        languages=facts["languages"],
        counterpart_agency=_counterpart(facts["counterpart"], facts["country"], facts),
        office=_office(facts.get("office"), facts["country"], user),
        created_by=user,
        area_rows=[AgreementArea(area=a) for a in facts.get("areas", [])],
        entry_rule="signature",
    )
    errors: dict[str, str] = {}
    clauses.check(agreement, facts, errors)
    if errors:
        raise InvalidInput("Some facts are missing or wrong: " + " ".join(errors.values()), errors)
    clauses.apply(agreement, facts)
    db.session.add(agreement)
    db.session.flush()
    record_event(agreement, "create", None, user, data={"reference": agreement.reference})
    db.session.flush()
    index_agreement(agreement, None)  # found by its reference, title and counterpart from the start
    return agreement


def get_agreement(user: User, agreement_id: int, *, for_update: bool = False) -> Agreement:
    """One agreement this person may see; NotFound otherwise, exactly as for an id that does not exist."""
    if not isinstance(agreement_id, int) or not 0 < agreement_id <= MAX_ID:
        raise NotFound(f"No agreement {agreement_id}.")
    query = select(Agreement).where(Agreement.id == agreement_id, policy.visible_clause(user))
    if for_update:
        query = query.with_for_update(of=Agreement).execution_options(populate_existing=True)
    agreement = db.session.scalar(query)
    if agreement is None:
        raise NotFound(f"No agreement {agreement_id}.")
    return agreement


# States in which an agreement has been in force (its dates then say from when until when).
HAS_BEEN_IN_FORCE = ("in_force", "termination_pending", "terminated", "expired")


def in_force_on(day: dt.date) -> ColumnElement[bool]:
    """Agreements in force on ``day``: in force by then, and neither expired nor terminated yet
    (an agreement expires, or its termination takes effect, on the day its date names)."""
    return and_(
        Agreement.state.in_(HAS_BEEN_IN_FORCE),
        Agreement.in_force_on <= day,
        or_(Agreement.expires_on.is_(None), Agreement.expires_on > day),
        or_(Agreement.termination_effective_on.is_(None), Agreement.termination_effective_on > day),
        or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > day),
    )


@dataclass
class Page:
    """One page of a list; ``total_is_capped``: there are more than ``total`` (the count stopped there)."""

    items: list[Any]
    total: int
    page: int
    per_page: int
    total_is_capped: bool = False
    has_next: bool | None = None
    next_deadlines: dict[int, Any] = field(default_factory=dict)  # agreement id → its next deadline, if any

    def next_deadline(self, item: Any) -> Any:
        """The next deadline of an item of the page (an agreement), or None."""
        return self.next_deadlines.get(getattr(item, "id", None))

    @property
    def pages(self) -> int:
        """How many pages there are (at least one); when the count is capped, as many as are known."""
        known = max(1, -(-self.total // self.per_page))
        if self.total_is_capped and self.has_next:
            return max(known, self.page + 1)
        return known

    @property
    def first(self) -> int:
        """The position of the page's first item (1 for the first), 0 on an empty page."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        """The position of the page's last item."""
        return (self.page - 1) * self.per_page + len(self.items)


def list_agreements(
    user: User,
    *,
    state: str | None = None,
    type: str | None = None,
    country: str | None = None,
    page: int = 1,
    per_page: int = 25,
    states: list[str] | tuple[str, ...] | None = None,
    office: str | None = None,
    area: str | None = None,
    binding: bool | str | None = None,
    region: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    overdue: bool | str | None = None,
) -> Page:
    """The agreements this person may see, newest first (or by ``sort``), filtered and paginated.

    ``state`` and ``states`` add up ("open" is every state an agreement can still leave); ``overdue`` keeps
    those longer in their state than AGING_DAYS allows; the total counts no further than listing.COUNT_CAP."""
    errors: dict[str, str] = {}
    if not isinstance(page, int) or page < 1 or page > 1_000_000:
        errors["page"] = "The page must be a whole number from 1."
    if not isinstance(per_page, int) or not 1 <= per_page <= listing.MAX_PER_PAGE:
        errors["per_page"] = f"The number per page must be a whole number from 1 to {listing.MAX_PER_PAGE}."
    try:
        wanted = listing.query(
            user,
            states=[*([state] if state else []), *(states or [])],
            type=type,
            country=country,
            office=office,
            area=area,
            binding=binding,
            region=region,
            q=q,
            sort=sort,
            overdue=overdue,
        )
    except InvalidInput as error:
        errors = {**error.errors, **errors}
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    items, total, capped, has_next, nexts = listing.fetch_page(wanted, page, per_page)
    return Page(items, total, page, per_page, capped, has_next, nexts)


def update_facts(user: User, agreement: Agreement, fields: dict[str, Any]) -> Agreement:
    """Change title, counterpart, country, languages or areas; attachés only within their countries."""
    if not policy.can_edit(user, agreement):
        raise PermissionDenied("Your role may not change this agreement.")
    if not policy.facts_editable(agreement):
        raise Conflict(f"The facts of an agreement {state_phrase(agreement.state, agreement.is_binding)} are settled.")
    facts = validate_facts({k: v for k, v in fields.items() if k != "type"}, creating=False, agreement=agreement)
    if "country" in facts and not policy.can_create(user, facts["country"]):
        raise PermissionDenied(f"Your office does not cover {facts['country']}.")
    clauses.apply(agreement, facts)
    if "title" in facts:
        agreement.title = facts["title"]
    if {"country", "counterpart", "counterpart_local", "counterpart_acronym"} & facts.keys():
        country = facts.get("country", agreement.country)
        agreement.country = country
        agreement.counterpart_agency = _counterpart(facts.get("counterpart", agreement.counterpart), country, facts)
    if "languages" in facts:
        agreement.languages = facts["languages"]
    if "areas" in facts:
        agreement.area_rows = [AgreementArea(area=a) for a in facts["areas"]]
    if "office" in facts:
        agreement.office = _office(facts["office"], agreement.country, user)
    flush_or_conflict(agreement.id)
    index_agreement(agreement)
    if {"counterpart_local", "counterpart_acronym"} & facts.keys() and agreement.counterpart_id:
        index_counterpart(agreement.counterpart_id, but=agreement.id)  # its names changed for all of them
    return agreement

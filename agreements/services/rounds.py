"""Negotiation rounds: recording what happened at each round, and the counterpart's proposal it produced."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, NegotiationRound, User
from ..workflows.guards import parse_date
from ..workflows.words import state_phrase
from . import versions
from .characters import check_fields
from .lengths import too_long
from .numbers import whole_number
from .writes import flush_or_conflict

FORMATS = {"in_person": "In person", "video": "Video conference", "written": "In writing"}
PROPOSAL_FIELDS = frozenset({"preamble", "articles", "final_clauses", "note", "base_version"})
LIMITS = {"place": 200, "participants": 2000, "summary": 10000}
LABELS = {"place": "Place", "participants": "Participants", "summary": "Summary"}  # as the round's form has them
EARLIEST = dt.date(1900, 1, 1)


def _text(fields: dict, name: str, errors: dict[str, str]) -> str:
    """A trimmed text field within its length limit; a message in ``errors`` otherwise."""
    value = fields.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = f"{LABELS[name]} must be text."
        return ""
    value = value.replace("\r\n", "\n").strip()
    if problem := too_long(LABELS[name], value, LIMITS[name]):
        errors[name] = problem
    return value


def _held_on(value: Any, errors: dict[str, str]) -> dt.date | None:
    """The date of the round: a real date, not in the future (a day's grace for time zones ahead of UTC)."""
    if value in (None, ""):
        errors["held_on"] = "Give the date the round was held (YYYY-MM-DD)."
        return None
    held_on = parse_date(value)
    if held_on is None:
        errors["held_on"] = "The date of the round must be a date (YYYY-MM-DD)."
    elif held_on > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
        errors["held_on"] = "The date of the round is in the future: record a round once it has been held."
    elif held_on < EARLIEST:
        errors["held_on"] = "The date of the round is implausibly early."
    return held_on


def validate_round(fields: dict[str, Any]) -> dict[str, Any]:
    """Check the facts of a round; raise InvalidInput naming each problem."""
    errors: dict[str, str] = {}
    held_on = _held_on(fields.get("held_on"), errors)
    kind = fields.get("format")
    if kind not in FORMATS:
        errors["format"] = f"The format is one of {', '.join(FORMATS)}."
    place = _text(fields, "place", errors)
    if kind == "in_person" and not place and "place" not in errors:
        errors["place"] = "Give the place of a round held in person."
    participants = _text(fields, "participants", errors)
    summary = _text(fields, "summary", errors)
    if not summary and "summary" not in errors:
        errors["summary"] = "Give a summary of the round: what was discussed and agreed."
    typed = {name: fields.get(name) for name in ("held_on", "format", "place", "participants", "summary", "version")}
    check_fields(typed, {**LABELS, "held_on": "Held on", "format": "Format", "version": "Resulting text"}, errors)
    if errors:
        raise InvalidInput("The round is not valid: " + " ".join(errors.values()), errors)
    return {"held_on": held_on, "format": kind, "place": place, "participants": participants, "summary": summary}


def _proposal(agreement: Agreement, proposal: Any, held_on: dt.date) -> dict[str, Any]:
    """The counterpart's proposal as a version payload marked as theirs; InvalidInput naming what is wrong."""
    if not isinstance(proposal, dict):
        raise InvalidInput(
            "The proposal must be a whole text: {preamble, articles, final_clauses, note?}.",
            {"proposal": "A whole text."},
        )
    unknown = sorted(set(proposal) - PROPOSAL_FIELDS)
    if unknown:
        raise InvalidInput(
            f"Unknown field(s) in the proposal: {', '.join(map(repr, unknown))}; "
            f"the fields are {', '.join(sorted(PROPOSAL_FIELDS))}.",
            {f"proposal.{name}": "Unknown field." for name in unknown},
        )
    payload = {**proposal, "origin": "counterpart"}
    if not payload.get("note"):
        payload["note"] = f"Counterpart proposal, round of {held_on.isoformat()}"
    try:
        versions.validate_text(agreement, payload)
    except InvalidInput as error:
        raise InvalidInput(
            "The proposal is not valid: " + " ".join(error.errors.values()),
            {f"proposal.{name}": message for name, message in error.errors.items()},
        ) from None
    return payload


def record_round(user: User, agreement: Agreement, fields: dict[str, Any]) -> NegotiationRound:
    """Record a round of negotiation; with ``proposal``, the counterpart's text is saved as a new version.

    ``version`` (a version number) instead links a version already saved as the round's result.
    """
    if not policy.can_edit(user, agreement):
        raise PermissionDenied("Only program managers and attachés record negotiation rounds.")
    if agreement.state != "negotiation":
        raise Conflict(
            f"Rounds are recorded while the agreement is in negotiation; this one is "
            f"{state_phrase(agreement.state, agreement.is_binding)}.",
            current_state=agreement.state,
        )
    facts = validate_round(fields)
    proposal, number = fields.get("proposal"), fields.get("version")
    if proposal is not None and number not in (None, ""):
        raise InvalidInput(
            "Give either the counterpart's proposal or the number of a version already saved, not both.",
            {"version": "Either a proposal or a version."},
        )
    version = None
    if proposal is not None:
        version = versions.save_version(user, agreement, _proposal(agreement, proposal, facts["held_on"]))
    elif number not in (None, ""):
        version = _existing_version(agreement, number)
    entry = NegotiationRound(agreement_id=agreement.id, version=version, recorded_by=user, **facts)
    db.session.add(entry)
    flush_or_conflict(agreement.id)
    return entry


def _existing_version(agreement: Agreement, number: Any):
    """A version already saved, by its number (text or whole number)."""
    if isinstance(number, str):
        number = whole_number(number, 1, agreement.current_version_number) or number[:20]
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= agreement.current_version_number:
        raise InvalidInput(f"There is no version {number} of {agreement.reference}.", {"version": "No such version."})
    return versions.get_version(agreement, number)


def list_rounds(agreement: Agreement) -> list[NegotiationRound]:
    """Every round of an agreement, newest first (by date held, then by when it was recorded)."""
    return list(
        db.session.scalars(
            select(NegotiationRound)
            .where(NegotiationRound.agreement_id == agreement.id)
            .order_by(NegotiationRound.held_on.desc(), NegotiationRound.id.desc())
        )
    )

"""Signatories and signatures of each party, and the State Department's authorities."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, Authority, Signatory, User
from ..workflows.guards import date_problem, long_date, parse_date
from ..workflows.words import state_name
from .audit import record_event
from .characters import check_fields
from .lengths import too_long

PARTIES = ("us", "counterpart")
AUTHORITY_KINDS = ("negotiate", "conclude", "amend", "terminate")
# 11 FAM 724.3 and the Circular 175 procedure: the authority to conclude is given by an official at the
# Assistant Secretary level or above (an Assistant Secretary, an Under Secretary, the Deputy Secretary,
# the Secretary). A Deputy Assistant Secretary is below that level; the Legal Adviser clears the text
# (the memorandum of law) but is not the one who authorises its conclusion here.
_SECRETARY = re.compile(r"\bsecretary\b", re.IGNORECASE)
_BELOW_ASSISTANT_SECRETARY = re.compile(r"\bdeputy\s+assistant\s+secretary\b|\bassistant\s+to\s+the\b", re.IGNORECASE)
# The forms' labels, for refusing a character no text may hold; who signs, by name, title and organisation,
# nor a direction control.
SIGNATORY_LABELS = {
    "name": "Name",
    "title": "Title",
    "organisation": "Organisation",
    "signed_on": "Signed on",
    "place": "Place of signature",
}
SIGNATORY_NAMES = frozenset({"name", "title", "organisation"})
AUTHORITY_LABELS = {
    "kind": "Kind",
    "reference": "Reference",
    "granted_by": "Granted by (the official)",
    "granted_by_title": "Their title",
    "granted_on": "Granted on",
}


# What a refusal asks for when a required field is empty.
_REQUIRED = {
    "name": "Give the name.",
    "title": "Give the title.",
    "reference": "Give the reference.",
    "granted_by": "Give the official who granted it (Granted by).",
}


def _text(fields: dict, name: str, errors: dict, *, required: bool, limit: int = 300) -> str:
    """A text field trimmed; a message naming it as its form labels it in ``errors`` when empty or too long."""
    label = SIGNATORY_LABELS.get(name) or AUTHORITY_LABELS[name]
    value = fields.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = f"{label} must be text."
        return ""
    value = value.strip()
    if required and not value:
        errors[name] = _REQUIRED[name]
    elif problem := too_long(label, value, limit):
        errors[name] = problem
    return value


def set_signatory(user: User, agreement: Agreement, party: str, fields: dict[str, Any]) -> Signatory:
    """Designate (or update) a party's signatory, and once signed, the date and place."""
    if user.role != "program_manager":
        raise PermissionDenied("Only program managers record signatories and signatures.")
    if party not in PARTIES:
        raise InvalidInput(f"The party is 'us' or 'counterpart', not {party!r}.", {"party": "Unknown party."})
    if not policy.signatories_open(agreement):
        state = state_name(agreement.state, agreement.is_binding).lower()
        raise Conflict(f"Signatories cannot change once the agreement is {state}.")
    errors: dict[str, str] = {}
    name = _text(fields, "name", errors, required=True, limit=200)
    title = _text(fields, "title", errors, required=True)
    organisation = _text(fields, "organisation", errors, required=False)
    place = _text(fields, "place", errors, required=False, limit=200)
    signed_on = None
    if fields.get("signed_on"):
        signed_on = parse_date(fields["signed_on"])
        if signed_on is None:
            errors["signed_on"] = f"{SIGNATORY_LABELS['signed_on']} must be a date (YYYY-MM-DD)."
        elif problem := date_problem(signed_on, "The signature", dt.date.today()):
            errors["signed_on"] = problem
    check_fields(fields, SIGNATORY_LABELS, errors, SIGNATORY_NAMES)
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    signatory = next((s for s in agreement.signatories if s.party == party), None)
    if signatory is None:
        signatory = Signatory(party=party, name=name, title=title)
        agreement.signatories.append(signatory)
    signatory.name, signatory.title, signatory.organisation = name, title, organisation
    signatory.signed_on, signatory.place = signed_on, place
    db.session.flush()
    return signatory


def conclusion_title_problem(title: str) -> str | None:
    """Why an official with this title cannot give an authority to conclude, in the user's words; None if they can."""
    if _SECRETARY.search(title) and not _BELOW_ASSISTANT_SECRETARY.search(title):
        return None
    return (
        f"An authority to conclude is given at the Assistant Secretary level or above (11 FAM 724.3, the "
        f"Circular 175 procedure): an Assistant Secretary, an Under Secretary, the Deputy Secretary or the "
        f"Secretary of State; “{title}” is not. Give the title of the official who signed the authorization."
    )


def record_authority(user: User, agreement: Agreement, fields: dict[str, Any]) -> Authority:
    """Record a State Department authority, bound to the hash of the current text; a legal advisor confirms it."""
    if not policy.can_record_authority(user, agreement):
        raise PermissionDenied("Only program managers record authorities; a legal advisor confirms them.")
    errors: dict[str, str] = {}
    kind = fields.get("kind")
    if kind not in AUTHORITY_KINDS:
        errors["kind"] = f"{AUTHORITY_LABELS['kind']} is one of: " + ", ".join(f"to {k}" for k in AUTHORITY_KINDS) + "."
    reference = _text(fields, "reference", errors, required=True, limit=200)
    granted_by = _text(fields, "granted_by", errors, required=True, limit=200)
    granted_by_title = _text(fields, "granted_by_title", errors, required=False, limit=200)
    if "granted_by_title" not in errors:
        if not granted_by_title:
            errors["granted_by_title"] = "Give the granting official's title (Their title), e.g. Assistant Secretary."
        elif kind == "conclude" and (problem := conclusion_title_problem(granted_by_title)):
            errors["granted_by_title"] = problem
    granted_on = parse_date(fields.get("granted_on"))
    if granted_on is None:
        errors["granted_on"] = f"{AUTHORITY_LABELS['granted_on']} must be a date (YYYY-MM-DD)."
    elif problem := date_problem(granted_on, "The authority's date", dt.date.today()):
        errors["granted_on"] = problem
    else:
        ours = next((x for x in agreement.signatories if x.party == "us" and x.signed_on), None)
        if ours is not None and granted_on > ours.signed_on:
            errors["granted_on"] = (
                f"The authority ({long_date(granted_on)}) is dated after our side's signature "
                f"({long_date(ours.signed_on)}) that it authorises: check the date."
            )
    check_fields(fields, AUTHORITY_LABELS, errors)
    version = agreement.current_version
    if version is None and not errors:
        errors["text"] = "There is no text yet for the authority to cover."
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    authority = Authority(
        kind=kind,
        reference=reference,
        granted_by=granted_by,
        granted_by_title=granted_by_title,
        granted_on=granted_on,
        text_hash=version.sha256,
        recorded_by=user,
    )
    agreement.authorities.append(authority)
    db.session.flush()
    record_event(
        agreement,
        "record_authority",
        agreement.state,
        user,
        data={
            "authority": authority.id,
            "kind": kind,
            "reference": reference,
            "granted_by": granted_by,
            "granted_by_title": granted_by_title,
            "granted_on": granted_on.isoformat(),
            "text_sha256": version.sha256,
        },
    )
    db.session.flush()
    return authority

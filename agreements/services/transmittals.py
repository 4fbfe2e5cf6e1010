"""Transmittals to the State Department's treaty office (L/T, 22 CFR 181.7) and the publication of the text
by the State Department (181.9): what a program manager records of each, checked, and kept in the trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..auth import policy
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import SIGNED, Agreement, Document, Transmittal, User
from ..workflows.guards import date_problem, long_date, parse_date
from .audit import record_event
from .characters import text_problem
from .deadlines import SENT_TEXT, TRANSMITTAL_DAYS, transmittal_deadline
from .documents import list_documents
from .lengths import too_long
from .taxonomy import language_name

TEXT, ENTRY_INTO_FORCE = SENT_TEXT, "entry_into_force"
KINDS = {
    TEXT: "The concluded text, in every language signed",
    ENTRY_INTO_FORCE: "Notice of entry into force",
}
MAX_REFERENCE = 200
MAX_CITATION = 300


def nothing_to_transmit(agreement: Agreement) -> str | None:
    """Why nothing goes to the treaty office (yet), in the user's words; None once something does."""
    if not policy.is_transmitted(agreement):
        return (
            f"Nothing is to be transmitted: {agreement.reference} is a non-binding instrument that is not "
            "reportable. Only binding agreements and qualifying non-binding instruments go to the State "
            "Department's treaty office (22 CFR 181.7)."
        )
    if not policy.is_signed(agreement):
        return (
            f"{agreement.reference} is not signed yet: its text goes to the treaty office once signed, within "
            f"{TRANSMITTAL_DAYS} days of signature."
        )
    return None


def list_transmittals(agreement: Agreement) -> list[Transmittal]:
    """What was sent to the treaty office, in the order it was sent."""
    return sorted(agreement.transmittals, key=lambda t: (t.sent_on, t.id or 0))


def sendable_documents(agreement: Agreement) -> list[Document]:
    """The kept documents that can go with a transmittal: the sealed signed PDF and the scans of the originals."""
    return list_documents(agreement)


def record_transmittal(
    user: User, agreement: Agreement, fields: dict[str, Any], *, today: dt.date | None = None
) -> Transmittal:
    """Record what was sent to the treaty office, when, under what reference, in which languages, with
    which documents; the trail keeps it as an event of its own."""
    if user.role != "program_manager":
        raise PermissionDenied("Only program managers record what was sent to the State Department.")
    reason = nothing_to_transmit(agreement)
    if reason:
        raise Conflict(reason)
    sent = validate_transmittal(agreement, fields, today or dt.date.today())
    transmittal = Transmittal(**sent, recorded_by=user)
    agreement.transmittals.append(transmittal)
    if sent["kind"] == TEXT and (agreement.text_sent_on is None or sent["sent_on"] < agreement.text_sent_on):
        agreement.text_sent_on = sent["sent_on"]  # the earliest text sent, kept on the row for the deadline list
    record_event(
        agreement,
        "record_transmittal",
        agreement.state,
        user,
        comment=_transmittal_sentence(agreement, transmittal, today or dt.date.today()),
        data={
            "kind": sent["kind"],
            "sent_on": sent["sent_on"].isoformat(),
            "reference": sent["reference"],
            "languages": ", ".join(sent["languages"]),
            **({"documents": ", ".join(d["filename"] for d in sent["documents"])} if sent["documents"] else {}),
        },
    )
    return transmittal


def _transmittal_sentence(agreement: Agreement, transmittal: Transmittal, today: dt.date) -> str:
    """The trail's sentence: 'The concluded text, in English and Russian, sent to the treaty office (L/T) on
    3 April 2026 under L/T 2026-0412: on time.'"""
    what = KINDS[transmittal.kind].split(",")[0]
    languages = _names(transmittal.languages)
    sentence = f"{what}{f', in {languages}' if languages else ''}, sent to the treaty office (L/T) on "
    sentence += f"{long_date(transmittal.sent_on)} under {transmittal.reference}"
    if transmittal.kind == TEXT:
        deadline = transmittal_deadline(agreement, today)
        if deadline.done_on == transmittal.sent_on:
            sentence += f": {deadline.lateness}"
    return sentence + "."


def _names(codes: list[str], *, with_codes: bool = False) -> str:
    """'English and Russian'; 'English, Spanish and Italian'; with codes: 'Russian (ru)'."""
    names = [f"{language_name(code)} ({code})" if with_codes else language_name(code) for code in codes]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def validate_transmittal(agreement: Agreement, fields: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Check a transmittal; raise InvalidInput naming each problem in the user's words."""
    errors: dict[str, str] = {}
    kind = fields.get("kind")
    if kind not in KINDS:
        errors["kind"] = (
            "Say what was sent: kind is text (the concluded text) or entry_into_force (the notice of entry into force)."
        )
    elif kind == ENTRY_INTO_FORCE and not agreement.is_binding:
        errors["kind"] = (
            "Only a binding agreement enters into force; a non-binding instrument has no notice of entry into "
            "force to send."
        )
    elif kind == ENTRY_INTO_FORCE and agreement.in_force_on is None:
        errors["kind"] = f"{agreement.reference} has not entered into force yet: record its entry into force first."
    reference = _text(fields.get("reference"))
    if reference is None:
        errors["reference"] = "The reference must be text."
    elif problem := too_long("Reference", reference, MAX_REFERENCE) or text_problem("Reference", reference):
        errors["reference"] = problem
    elif not reference:
        errors["reference"] = "Give the reference under which it was sent (the cable, letter or e-mail to L/T)."
    sent_on = _sent_on(agreement, fields.get("sent_on"), kind, today, errors)
    languages = _languages(agreement, fields.get("languages"), kind, errors)
    documents = _documents(agreement, fields.get("documents"), errors)
    if errors:
        raise InvalidInput("The transmittal cannot be recorded: " + " ".join(errors.values()), errors)
    return {"kind": kind, "sent_on": sent_on, "reference": reference, "languages": languages, "documents": documents}


def _text(value: Any) -> str | None:
    """Text, its spaces collapsed ('' when absent); None when it is not text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    return " ".join(value.split())


def _sent_on(agreement: Agreement, value: Any, kind: Any, today: dt.date, errors: dict[str, str]) -> dt.date | None:
    """The day it was sent: a date, not in the future, not before signature (nor, for the notice, entry into force)."""
    day = parse_date(value)
    if day is None:
        errors["sent_on"] = "Give the date it was sent as YYYY-MM-DD, e.g. 2026-04-03."
    elif problem := date_problem(day, "The transmittal", today):
        errors["sent_on"] = problem
    elif day < agreement.signed_on:
        errors["sent_on"] = (
            f"The transmittal ({long_date(day)}) is dated before the signature ({long_date(agreement.signed_on)}): "
            "what goes to the treaty office is sent once signed."
        )
    elif kind == ENTRY_INTO_FORCE and agreement.in_force_on and day < agreement.in_force_on:
        errors["sent_on"] = (
            f"The notice ({long_date(day)}) is dated before the entry into force "
            f"({long_date(agreement.in_force_on)}) it reports."
        )
    return day


def _languages(agreement: Agreement, value: Any, kind: Any, errors: dict[str, str]) -> list[str]:
    """The languages of the texts sent, in the agreement's order; the text goes in every one (181.7(a)(1))."""
    if value in (None, ""):
        value = []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        errors["languages"] = 'Give the languages sent as codes, e.g. ["en", "ru"].'
        return []
    strangers = [code for code in value if code not in agreement.languages]
    if strangers:
        errors["languages"] = (
            f"{strangers[0][:20]!r} is not a language of {agreement.reference}; its languages are "
            + ", ".join(f"{language_name(code)} ({code})" for code in agreement.languages)
            + "."
        )
        return []
    missing = [code for code in agreement.languages if code not in value]
    if kind == TEXT and missing:
        verb = "is" if len(missing) == 1 else "are"
        errors["languages"] = (
            "The text goes to the treaty office in every language signed (22 CFR 181.7(a)(1)): "
            f"{_names(missing, with_codes=True)} {verb} missing."
        )
    return [code for code in agreement.languages if code in value]


def _documents(agreement: Agreement, value: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    """Which kept documents were sent (by id), as they are now: kind, file name and SHA-256."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        value = [value]
    kept = {d.id: d for d in sendable_documents(agreement)}
    chosen: list[Document] = []
    for item in value:
        number = int(item) if isinstance(item, str) and item.isascii() and item.isdigit() and len(item) < 10 else item
        document = kept.get(number) if isinstance(number, int) and not isinstance(number, bool) else None
        if document is None:
            errors["documents"] = (
                f"No document {str(item)[:20]} is kept with {agreement.reference}: choose among its signed "
                "document and the scans of its originals."
            )
            return []
        if document not in chosen:
            chosen.append(document)
    chosen.sort(key=lambda d: (d.kind != SIGNED, d.id))
    return [{"id": d.id, "kind": d.kind, "filename": d.filename, "sha256": d.sha256} for d in chosen]


def record_publication(
    user: User, agreement: Agreement, fields: dict[str, Any], *, today: dt.date | None = None
) -> Agreement:
    """Record that the State Department published the text (22 CFR 181.9): when, and where (the citation)."""
    if user.role != "program_manager":
        raise PermissionDenied("Only program managers record the State Department's publication of a text.")
    if not policy.is_transmitted(agreement):
        raise Conflict(
            f"Nothing is published: {agreement.reference} is a non-binding instrument that is not reportable; "
            "the State Department publishes binding agreements and qualifying non-binding instruments (22 CFR 181.9)."
        )
    if agreement.in_force_on is None:
        raise Conflict(
            f"{agreement.reference} is not in force yet: the State Department publishes a text after its entry "
            "into force (22 CFR 181.9)."
        )
    errors: dict[str, str] = {}
    published_on = parse_date(fields.get("published_on"))
    if published_on is None:
        errors["published_on"] = "Give the date of publication as YYYY-MM-DD, e.g. 2026-07-30."
    elif problem := date_problem(published_on, "The publication", today or dt.date.today()):
        errors["published_on"] = problem
    elif published_on < agreement.in_force_on:
        errors["published_on"] = (
            f"The publication ({long_date(published_on)}) is dated before the entry into force "
            f"({long_date(agreement.in_force_on)}): the State Department publishes a text once in force."
        )
    citation = _text(fields.get("citation"))
    if citation is None:
        errors["citation"] = "The citation must be text."
    elif problem := too_long("Citation", citation, MAX_CITATION) or text_problem("Citation", citation):
        errors["citation"] = problem
    elif not citation:
        errors["citation"] = "Give the citation: where it was published, e.g. TIAS 26-415, or the page's address."
    if errors:
        raise InvalidInput("The publication cannot be recorded: " + " ".join(errors.values()), errors)
    agreement.published_on, agreement.publication_citation = published_on, citation
    record_event(
        agreement,
        "record_publication",
        agreement.state,
        user,
        comment=f"Published by the State Department on {long_date(published_on)}: {citation}.",
        data={"published_on": published_on.isoformat(), "citation": citation},
    )
    return agreement

"""The conformity of the language versions: a legal advisor records, for one version of the text, that its texts in
each language of the agreement conform to one another (22 CFR 181; the treaty office's practice).

A record is bound to the hash of the text it was made for: a new version needs a new record. Whether the current
text has one is ``workflows.conformity.conformity_problem``, which the step clearing for signature asks.
"""

from __future__ import annotations

from typing import Any

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, LanguageConformity, TextVersion, User
from ..workflows.conformity import conformity_problem, covers, language_name, languages_phrase
from ..workflows.guards import long_date
from ..workflows.words import state_phrase
from .audit import record_event
from .characters import text_problem
from .lengths import too_long

__all__ = ["MAX_NOTE", "conformity_problem", "conformity_sentence", "record_conformity"]

MAX_NOTE = 2000
SHOWN_GAPS = 8


def conformity_sentence(record: LanguageConformity) -> str:
    """ "The English and Italian texts of version 4 conform — recorded by Lee Advisor on 2 December 2026"."""
    by = record.certified_by.display_name if record.certified_by else "a legal advisor"
    return (
        f"The {languages_phrase(list(record.languages))} texts of version {record.version_number} conform "
        f"— recorded by {by} on {long_date(record.certified_at.date())}"
    )


def _note(note: Any) -> str:
    """The record's note, optional: what was compared, by whom, against what."""
    if note is not None and not isinstance(note, str):
        raise InvalidInput("The note must be text.", {"note": "The note must be text."})
    note = (note or "").strip()
    if message := too_long("Note", note, MAX_NOTE) or text_problem("Note", note):
        raise InvalidInput(message, {"note": message})
    return note


def _gaps(version: TextVersion, languages: list[str]) -> list[str]:
    """What the text lacks in some language: an article's heading or text, the preamble, the final clauses."""
    gaps = []
    for part, texts in (("the preamble", version.preamble), ("the final clauses", version.final_clauses)):
        if any((v or "").strip() for v in (texts or {}).values()):
            gaps += [f"{part} ({language_name(lang)})" for lang in languages if not (texts.get(lang) or "").strip()]
    for article in version.articles:
        for lang in languages:
            heading = (article.get("heading", {}).get(lang) or "").strip()
            body = (article.get("body", {}).get(lang) or "").strip()
            if not heading or not body:
                gaps.append(f"Art. {article.get('number')} ({language_name(lang)})")
    return gaps


def _already(agreement: Agreement, version: TextVersion, languages: list[str]) -> None:
    """Conflict when the current text already has a record covering every language."""
    record = next((r for r in agreement.language_conformities if covers(r, version.sha256, languages)), None)
    if record is None:
        return
    by = record.certified_by.display_name if record.certified_by else "a legal advisor"
    same = ""
    if record.version_number != version.number:
        same = f" (version {version.number} has the same text word for word)"
    raise Conflict(
        f"The conformity of the {languages_phrase(languages)} texts is already recorded for version "
        f"{record.version_number}{same}, by {by} on {long_date(record.certified_at.date())}."
    )


def record_conformity(user: User, agreement: Agreement, note: Any) -> LanguageConformity:
    """A legal advisor records that the current text's versions in every language conform: an event of the trail."""
    if not policy.can_record_conformity(user, agreement):
        raise PermissionDenied("Only legal advisors record that the language versions of a text conform.")
    if not policy.conformity_open(agreement):
        raise Conflict(
            "The conformity of the language versions is recorded before signature; this agreement is "
            f"{state_phrase(agreement.state, agreement.is_binding)}.",
            current_state=agreement.state,
        )
    languages = list(dict.fromkeys(agreement.languages or ()))
    if len(languages) < 2:
        raise Conflict(
            f"This agreement has one language ({languages_phrase(languages or ['en'])}): "
            "there is no other text for it to conform to."
        )
    version = agreement.current_version
    if version is None:
        raise Conflict("There is no text yet: save a version in every language first.")
    _already(agreement, version, languages)
    if not version.articles:
        raise Conflict(f"Version {version.number} has no article yet: there is nothing to compare.")
    gaps = _gaps(version, languages)
    if gaps:
        shown = ", ".join(gaps[:SHOWN_GAPS]) + (f" and {len(gaps) - SHOWN_GAPS} more" if len(gaps) > SHOWN_GAPS else "")
        message = (
            f"Version {version.number} is not complete in every language, so its texts cannot be compared yet; "
            f"missing: {shown}."
        )
        raise InvalidInput(message, {"text": message})
    note = _note(note)
    record = LanguageConformity(
        version_number=version.number, text_hash=version.sha256, languages=languages, note=note, certified_by=user
    )
    agreement.language_conformities.append(record)
    record_event(
        agreement,
        "record_conformity",
        agreement.state,
        user,
        comment=note,
        data={"version": version.number, "text_hash": version.sha256, "languages": ", ".join(languages)},
    )
    db.session.flush()
    return record

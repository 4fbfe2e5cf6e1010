"""Saving and reading text versions: immutable, numbered, with the SHA-256 of their canonical form."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import defer

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..models import Agreement, TextVersion, User
from ..workflows.words import state_phrase
from .characters import check_fields, first_problem
from .indexing import index_agreement
from .lengths import too_long
from .writes import flush_or_conflict

ORIGINS = ("ours", "counterpart")
NOTE = "Note on this version"
MAX_ARTICLES = 500


def canonical(preamble: dict, articles: list[dict], final_clauses: dict) -> str:
    """The canonical JSON of a text: sorted keys, no spaces, UTF-8; the same on every database."""
    body = {"preamble": preamble, "articles": articles, "final_clauses": final_clauses}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def text_hash(preamble: dict, articles: list[dict], final_clauses: dict) -> str:
    """SHA-256 of the canonical form."""
    return hashlib.sha256(canonical(preamble, articles, final_clauses).encode()).hexdigest()


def _per_language(value: Any, languages: list[str], field: str, errors: dict[str, str]) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        value = {languages[0]: value}
    if not isinstance(value, dict):
        errors[field] = f'{field} must be text per language, e.g. {{"en": "…"}}.'
        return {}
    out = {}
    for lang, text in value.items():
        if lang not in languages:
            errors[field] = (
                f"{field} has a language ({lang!r}) the agreement is not written in ({', '.join(languages)})."
            )
        elif not isinstance(text, str):
            errors[field] = f"{field} in {lang!r} must be text."
        elif text.strip():
            out[lang] = text.replace("\r\n", "\n").strip()
    return out


def validate_text(agreement: Agreement, payload: dict[str, Any]) -> dict[str, Any]:
    """Check a text in the shape of SPEC §4; raise InvalidInput naming each problem."""
    errors: dict[str, str] = {}
    langs = list(agreement.languages)
    preamble = _per_language(payload.get("preamble"), langs, "preamble", errors)
    final_clauses = _per_language(payload.get("final_clauses"), langs, "final_clauses", errors)
    raw = payload.get("articles")
    articles: list[dict] = []
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        errors["articles"] = "articles must be a list of {number, heading, body}."
        raw = []
    if len(raw) > MAX_ARTICLES:
        errors["articles"] = f"At most {MAX_ARTICLES} articles."
    seen: set[str] = set()
    for i, item in enumerate(raw[:MAX_ARTICLES], start=1):
        where = f"articles[{i}]"
        if not isinstance(item, dict):
            errors[where] = f"Article {i} must be an object with number, heading and body."
            continue
        number = item.get("number", i)
        if isinstance(number, bool) or not isinstance(number, (int, str)) or not str(number).strip():
            errors[where] = f"Article {i} needs a number."
            continue
        number = str(number).strip()
        if problem := too_long("Article no.", number, 16):
            errors[where] = problem
            continue
        if number in seen:
            errors[where] = f"Two articles are numbered {number}."
        seen.add(number)
        heading = _per_language(item.get("heading"), langs, f"{where}.heading", errors)
        body = _per_language(item.get("body"), langs, f"{where}.body", errors)
        if not heading and not body:
            errors[where] = f"Article {number} has neither heading nor text."
        articles.append({"number": number, "heading": heading, "body": body})
    note = payload.get("note") or ""
    if not isinstance(note, str):
        errors["note"] = "The note must be text."
    elif problem := too_long("Note on this version", note, 2000):
        errors["note"] = problem
    origin = payload.get("origin") or "ours"
    if origin not in ORIGINS:
        errors["origin"] = "origin is 'ours' or 'counterpart'."
    base = payload.get("base_version")
    if base is not None and (isinstance(base, bool) or not isinstance(base, int)):
        errors["base_version"] = "base_version must be a version number."
    _refuse_characters(payload, raw, errors)
    if errors:
        raise InvalidInput("The text is not valid: " + " ".join(errors.values()), errors)
    return {
        "preamble": preamble,
        "articles": articles,
        "final_clauses": final_clauses,
        "note": note.strip(),
        "origin": origin,
        "base_version": base,
    }


def _refuse_characters(payload: dict[str, Any], articles: list, errors: dict[str, str]) -> None:
    """A NUL in any part of the text is what is wrong with that part (the text itself may hold direction controls:
    quoted Arabic, a mixed-direction clause)."""
    parts = {name: payload.get(name) for name in ("preamble", "final_clauses", "note")}
    check_fields(parts, {"preamble": "The preamble", "final_clauses": "The final clauses", "note": NOTE}, errors)
    for i, item in enumerate(articles[:MAX_ARTICLES], start=1):
        if problem := first_problem(f"Article {i}", item):
            errors[f"articles[{i}]"] = problem


def save_version(user: User, agreement: Agreement, payload: dict[str, Any]) -> TextVersion:
    """Save the next version of the text; nothing is ever overwritten.

    ``base_version`` (optional) is the version the person edited: if someone saved since, the save is
    refused with Conflict rather than silently replacing their work.
    """
    if not policy.can_edit(user, agreement):
        raise PermissionDenied("Your role may not edit the text of this agreement.")
    if not policy.text_editable(agreement):
        raise Conflict(
            f"The text can be changed only while drafting or negotiating; this agreement is "
            f"{state_phrase(agreement.state, agreement.is_binding)}.",
            current_state=agreement.state,
        )
    text = validate_text(agreement, payload)
    if text["base_version"] is not None and text["base_version"] != agreement.current_version_number:
        raise Conflict(
            f"The draft moved on: you edited version {text['base_version']}, "
            f"the current version is {agreement.current_version_number}.",
            current_version=agreement.current_version_number,
        )
    version = TextVersion(
        agreement=agreement,
        number=agreement.current_version_number + 1,
        preamble=text["preamble"],
        articles=text["articles"],
        final_clauses=text["final_clauses"],
        note=text["note"],
        origin=text["origin"],
        sha256=text_hash(text["preamble"], text["articles"], text["final_clauses"]),
        author=user,
    )
    db.session.add(version)
    agreement.current_version_number = version.number
    flush_or_conflict(
        agreement.id, "Someone else saved a version of this text at the same moment; reload it and edit again."
    )
    db.session.expire(agreement, ["current_version"])
    index_agreement(agreement, version)  # in this transaction: a save rolled back leaves no trace in the index
    return version


def get_version(agreement: Agreement, number: int, *, with_text: bool = True) -> TextVersion:
    """One version of an agreement's text (``with_text=False``: the text is loaded only when first read)."""
    if not isinstance(number, int) or not 0 < number < 2**31:
        raise NotFound(f"No version {number} of {agreement.reference}.")
    query = select(TextVersion).where(TextVersion.agreement_id == agreement.id, TextVersion.number == number)
    if not with_text:
        query = query.options(
            defer(TextVersion.preamble), defer(TextVersion.articles), defer(TextVersion.final_clauses)
        )
    version = db.session.scalar(query)
    if version is None:
        raise NotFound(f"No version {number} of {agreement.reference}.")
    return version


def list_versions(agreement: Agreement) -> list[TextVersion]:
    """Every version, newest first."""
    return list(
        db.session.scalars(
            select(TextVersion).where(TextVersion.agreement_id == agreement.id).order_by(TextVersion.number.desc())
        )
    )

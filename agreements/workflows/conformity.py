"""The conformity of the language versions: whether a legal advisor recorded that the texts of the current version,
in every language of the agreement, conform to one another (22 CFR 181; the treaty office's practice).

Pure: it reads an agreement's languages, its current version (hash and number) and the conformity records, and
imports nothing of the database, the services or Flask, so that a guard and the pages apply the same rule. A
record covers the text it was made for, by its hash: any new text needs a new record.
"""

from __future__ import annotations

from typing import Any

import pycountry


def language_name(code: str) -> str:
    """A language's English name from its BCP 47 tag ("it" → "Italian", "zh-Hant" → "Chinese"), or the tag."""
    base = code.split("-")[0].lower()
    found = pycountry.languages.get(alpha_2=base) if len(base) == 2 else pycountry.languages.get(alpha_3=base)
    if found is None:
        return code
    # ISO 639 qualifies some names ("Modern Greek (1453-)", "Swahili (macrolanguage)"); people do not.
    return found.name.split(" (")[0]


def languages_phrase(codes: list[str]) -> str:
    """ "English", "English and Italian", "English, French and Italian"."""
    names = [language_name(code) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def covers(record: Any, text_hash: str, languages: list[str]) -> bool:
    """Whether a conformity record was made for this text and covers every one of these languages."""
    return record.text_hash == text_hash and set(languages) <= set(record.languages or ())


def conformity_problem(agreement: Any) -> str | None:
    """Why the language versions of the current text are not yet recorded as conforming, or None.

    None for an agreement in a single language, and when a record exists for the current text's hash that
    covers every language of the agreement; otherwise a sentence the user reads.
    """
    languages = list(dict.fromkeys(agreement.languages or ()))
    if len(languages) < 2:
        return None
    version = agreement.current_version
    texts = f"the {languages_phrase(languages)} texts"
    if version is None:
        return f"A legal advisor must record that {texts} conform before clearing for signature."
    records = list(agreement.language_conformities)
    if any(covers(r, version.sha256, languages) for r in records):
        return None
    number = agreement.current_version_number
    reason = f"A legal advisor must record that {texts} of version {number} conform before clearing for signature."
    earlier = [r for r in records if r.text_hash != version.sha256]
    if earlier:
        last = max(earlier, key=lambda r: r.version_number)
        reason += f" The record for version {last.version_number} covers that version's text only."
    return reason

"""The frozen snapshot a document is rendered from: plain values only, taken once from the database."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Language:
    """One language of the agreement, with what the layout needs to know about it."""

    code: str
    name: str
    direction: str = "ltr"  # "rtl" for Arabic, Hebrew, Persian, Urdu


@dataclass(frozen=True)
class Article:
    """One article: its number, and heading and body per language."""

    number: str
    heading: dict[str, str]
    body: dict[str, str]


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs for a party, and (once signed) when and where."""

    party: str  # "us" or "counterpart"
    organisation: str
    name: str
    title: str
    signed_on: dt.date | None = None
    place: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Everything a document shows, as plain values: rendering it twice gives the same PDF."""

    agreement_id: int
    reference: str
    type_name: str
    title: str
    is_binding: bool
    our_agency: str
    counterpart: str
    counterpart_local: str
    country: str
    languages: tuple[Language, ...]
    version_number: int
    version_saved_at: dt.datetime
    text_sha256: str
    preamble: dict[str, str]
    articles: tuple[Article, ...]
    final_clauses: dict[str, str]
    signatures: tuple[SignatureBlock, ...] = ()
    signed_on: dt.date | None = None
    is_draft: bool = True
    extra: dict[str, str] = field(default_factory=dict)
    # The title in each language of the text ({lang: title}; the first language's is ``title``).
    titles: dict[str, str] = field(default_factory=dict)
    # Each side's name in each language: {"us": {lang: name}, "counterpart": {lang: name}}. The Governments
    # for a binding agreement (the Parties), the agencies for a non-binding instrument (the Participants).
    parties: dict[str, dict[str, str]] = field(default_factory=dict)
    # What fills the testimonium's blanks in each language once signed: {lang: {"place": …, "date": …}};
    # empty for a draft, whose blanks stay blank.
    testimonium: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def side_by_side(self) -> bool:
        """Two languages go in parallel columns; one, or three and more, one after the other."""
        return len(self.languages) == 2

    @property
    def language_codes(self) -> list[str]:
        """The BCP 47 codes, ``en`` first."""
        return [lang.code for lang in self.languages]

    @property
    def side_word(self) -> str:
        """What the two sides are called: Parties to a binding agreement, Participants in a non-binding one."""
        return "Parties" if self.is_binding else "Participants"

    def title_in(self, code: str) -> str:
        """The title in one language of the text (empty if nobody gave it)."""
        if self.titles.get(code):
            return self.titles[code]
        return self.title if code == self.language_codes[0] else ""

    def name_of(self, party: str, code: str) -> str:
        """A side's name in one language: as given, else in the first language, else its agency's name.

        (A snapshot made before the names were kept has only the agencies: those are what it prints.)
        """
        names = self.parties.get(party) or {}
        first = self.language_codes[0]
        if names.get(code) or names.get(first):
            return names.get(code) or names[first]
        if party == "us":
            return self.our_agency
        return self.counterpart_local if code != first and self.counterpart_local else self.counterpart

    def to_json(self) -> str:
        """The snapshot as canonical JSON (kept with a signed document, to show what it was made from)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)

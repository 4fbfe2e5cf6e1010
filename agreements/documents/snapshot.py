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

    @property
    def side_by_side(self) -> bool:
        """Two languages go in parallel columns; one, or three and more, one after the other."""
        return len(self.languages) == 2

    @property
    def language_codes(self) -> list[str]:
        """The BCP 47 codes, ``en`` first."""
        return [lang.code for lang in self.languages]

    def to_json(self) -> str:
        """The snapshot as canonical JSON (kept with a signed document, to show what it was made from)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)

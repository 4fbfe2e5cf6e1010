"""The models of search: the query (words and filters, read by the service), and a page of hits."""

from __future__ import annotations

from typing import Any

from flask import url_for
from pydantic import ConfigDict, Field

from ...services import search
from ...services.taxonomy import AREAS
from ...workflows import STATES, WORKFLOWS
from .agreements import shaped
from .base import COUNTRY_GIVEN, DATE, LANGUAGE, Out, Query, _tidy


def _words_required(schema: dict[str, Any], cls: Any = None) -> None:
    """The words are required: the service says so in its words, the document says so too."""
    _tidy(schema, cls)
    schema["required"] = ["q"]


class SearchQuery(Query):
    """The words and the filters, as typed: the service reads each, naming the one it cannot."""

    model_config = ConfigDict(json_schema_extra=_words_required)

    q: shaped(  # type: ignore[valid-type]
        str | None, {"type": "string", "minLength": 1, "maxLength": 500, "examples": ["bank records"]}
    ) = None
    country: shaped(str | None, COUNTRY_GIVEN) = None  # type: ignore[valid-type]
    counterpart: shaped(str | None, {"type": "string", "maxLength": 300}) = None  # type: ignore[valid-type]
    type: shaped(str | None, {"type": "string", "enum": list(WORKFLOWS)}) = None  # type: ignore[valid-type]
    area: shaped(str | None, {"type": "string", "enum": list(AREAS)}) = None  # type: ignore[valid-type]
    in_force_on: shaped(str | None, DATE) = Field(  # type: ignore[valid-type]
        None,
        description="What was in force on that day (by its signature, entry-into-force, expiry and termination dates).",
    )
    state: shaped(str | None, {"type": "string", "enum": ["any", *STATES]}) = Field(  # type: ignore[valid-type]
        None,
        description="any: every state, drafts too; a state: only that one. "
        "Without it and without in_force_on: in force today.",
    )
    page: shaped(str | None, {"type": "integer", "minimum": 1, "maximum": 50}) = None  # type: ignore[valid-type]

    def asked(self) -> dict[str, str]:
        """The words, the filters and the page as the service reads them (absent: empty)."""
        return {name: value or "" for name, value in self.model_dump().items()} | {
            "page": "1" if self.page is None else self.page
        }


class SearchHit(Out):
    """One passage found; ``snippet`` is HTML: the text escaped, the words found in ``<mark>``."""

    agreement_id: int
    reference: str
    title: str
    state: shaped(str, {"type": "string", "enum": list(STATES)})  # type: ignore[valid-type]
    kind: shaped(  # type: ignore[valid-type]
        str,
        {
            "type": "string",
            "enum": ["agreement", "preamble", "article", "final_clauses"],
            "description": "What matched: the agreement itself (reference, title, counterpart), or a passage.",
        },
    )
    article: str | None = Field(description="The article's number; null for other passages.")
    heading: str = Field(description="The article's heading in the language that matched.")
    snippet: str = Field(description="HTML: a short excerpt, its text escaped, the words found in <mark>…</mark>.")
    language: shaped(str, LANGUAGE)  # type: ignore[valid-type]
    rank: float = Field(description="Higher is better; its scale depends on the database.")
    url: str = Field(description="The passage on the agreement's terms page.")

    @classmethod
    def of(cls, hit: search.Hit) -> SearchHit:
        """The hit as the API shows it."""
        return cls(
            agreement_id=hit.agreement_id,
            reference=hit.reference,
            title=hit.title,
            state=hit.state,
            kind=hit.kind,
            article=hit.article,
            heading=hit.heading_text,
            snippet=str(hit.snippet),
            language=hit.language,
            rank=hit.rank,
            url=url_for("web.terms_page", agreement_id=hit.agreement_id, lang=hit.language, _anchor=hit.anchor or None),
        )


class SearchResults(Out):
    """One page of hits, the count, and what was asked."""

    items: list[SearchHit]
    total: int = Field(description="Passages found: exact up to 1,000.")
    total_is_capped: bool = Field(description="More than 1,000 were found: narrow the search.")
    total_label: str = Field(json_schema_extra={"examples": ["37", "1,000+"]})
    page: int
    per_page: int
    pages: int
    query: str
    filters: dict[str, Any] = Field(description="The filters in use, as understood (country as a code).")

    @classmethod
    def of(cls, results: search.Results) -> SearchResults:
        """The page as the API shows it."""
        return cls(
            items=[SearchHit.of(h) for h in results.items],
            total=results.total,
            total_is_capped=results.capped,
            total_label=results.total_label,
            page=results.page,
            per_page=results.per_page,
            pages=results.pages,
            query=results.query,
            filters={k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in results.filters.items()},
        )

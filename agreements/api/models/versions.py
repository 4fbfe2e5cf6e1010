"""Versions of the text: as sent (the whole text) and as answered (with or without the text)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from ...models import TextVersion
from ...services.versions import MAX_ARTICLES, ORIGINS
from .agreements import PER_LANGUAGE, Refers, ref
from .base import SHA256, Body, Moment, Out

ORIGIN = {"type": "string", "enum": list(ORIGINS)}
# The text of a part per language, or one text (English); the services read either and check the languages.
Part = Annotated[dict[str, Any] | str, WithJsonSchema({"oneOf": [PER_LANGUAGE, {"type": "string"}]})]


class VersionInput(Refers, Body):
    """The whole text (the services check the articles, their numbers and languages)."""

    preamble: Part = None
    articles: Annotated[
        list[Any], WithJsonSchema({"type": "array", "items": ref("Article"), "maxItems": MAX_ARTICLES})
    ] = None
    final_clauses: Part = None
    note: Annotated[str, WithJsonSchema({"type": "string", "maxLength": 2000})] = None
    origin: Annotated[str, WithJsonSchema({**ORIGIN, "default": "ours"})] = None
    base_version: int = Field(None, description="The version edited; refused with 409 if someone saved since.")

    def given(self) -> dict[str, Any]:
        """The fields sent, as the services take them."""
        return self.model_dump(exclude_unset=True)


class VersionSummary(Out):
    """A version without its text, as listed."""

    number: int
    note: str
    origin: Annotated[str, WithJsonSchema(ORIGIN)]
    sha256: Annotated[str, WithJsonSchema(SHA256)]
    author: str | None = Field(description="Email of the person who saved it.")
    created_at: Moment
    article_count: int

    @staticmethod
    def fields(version: TextVersion) -> dict[str, Any]:
        """What every view of a version shares, from the row."""
        return {
            "number": version.number,
            "note": version.note,
            "origin": version.origin,
            "sha256": version.sha256,
            "author": version.author.email if version.author else None,
            "created_at": version.created_at,
            "article_count": len(version.articles),
        }

    @classmethod
    def of(cls, version: TextVersion) -> VersionSummary:
        """The version as listed."""
        return cls(**cls.fields(version))


class VersionList(Out):
    """The versions, newest first."""

    items: list[VersionSummary]


class Version(Refers, VersionSummary):
    """A whole version: preamble, articles and final clauses per language, and who saved it when."""

    preamble: Annotated[dict[str, Any], WithJsonSchema(ref("PerLanguage"))]
    articles: Annotated[list[dict[str, Any]], WithJsonSchema({"type": "array", "items": ref("Article")})]
    final_clauses: Annotated[dict[str, Any], WithJsonSchema(ref("PerLanguage"))]

    @classmethod
    def of(cls, version: TextVersion) -> Version:
        """The whole version."""
        return cls(
            **cls.fields(version),
            preamble=version.preamble,
            articles=version.articles,
            final_clauses=version.final_clauses,
        )

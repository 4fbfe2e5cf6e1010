"""The models of a comparison of two versions of a text: the query (which two), and the comparison."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from ...services.compare import ArticleDiff, BlockDiff, VersionInfo
from ...services.compare import Comparison as ComparisonResult
from ...services.compare import Segment as SegmentRow
from ...services.versions import ORIGINS
from .agreements import shaped
from .base import LANGUAGE, Moment, Out, Query, _tidy

LANGUAGES = {"type": "array", "items": LANGUAGE}
WARNING = "Changed in some languages of the agreement and not in the others: check that the versions still conform."


def _both_required(schema: dict[str, Any], cls: Any = None) -> None:
    """Both numbers are required: the service says which is missing (in its words), the document says so too."""
    _tidy(schema, cls)
    schema["required"] = ["from", "to"]


class CompareQuery(Query):
    """Which two versions."""

    model_config = ConfigDict(json_schema_extra=_both_required)

    # Read as text: the service says, in its words, which number is missing or wrong.
    from_: shaped(str | None, {"type": "integer", "minimum": 1}) = Field(  # type: ignore[valid-type]
        None, alias="from", description="The earlier version's number."
    )
    to: shaped(str | None, {"type": "integer", "minimum": 1}) = Field(  # type: ignore[valid-type]
        None, description="The later version's number."
    )


class Segment(Out):
    """A run of text: the same in both, inserted in the later, or deleted from the earlier."""

    op: Literal["equal", "insert", "delete"]
    text: str


REDLINE = "Per language, as segments: equal + delete give the earlier text, equal + insert the later."


def _segments(per_language: dict[str, list[SegmentRow]]) -> dict[str, list[Segment]]:
    """Redlines per language."""
    return {lang: [Segment(op=s.op, text=s.text) for s in segments] for lang, segments in per_language.items()}


class ComparedVersion(Out):
    """One of the two versions compared."""

    number: int
    author: str | None
    author_name: str | None
    created_at: Moment
    origin: shaped(str, {"type": "string", "enum": list(ORIGINS)})  # type: ignore[valid-type]
    note: str
    sha256: shaped(str, {"type": "string", "pattern": "^[0-9a-f]{64}$"})  # type: ignore[valid-type]

    @classmethod
    def of(cls, info: VersionInfo) -> ComparedVersion:
        """The version's facts."""
        return cls(
            number=info.number,
            author=info.author_email,
            author_name=info.author,
            created_at=info.created_at,
            origin=info.origin,
            note=info.note,
            sha256=info.sha256,
        )


class ComparedBlock(Out):
    """Preamble or final clauses compared."""

    status: Literal["added", "removed", "changed", "unchanged"]
    changed_languages: shaped(list[str], LANGUAGES)  # type: ignore[valid-type]
    language_warning: str | None = Field(description=WARNING)
    text: dict[str, list[Segment]] = Field(description=REDLINE)

    @classmethod
    def of(cls, block: BlockDiff) -> ComparedBlock:
        """The block compared."""
        return cls(
            status=block.status,
            changed_languages=block.changed_languages,
            language_warning=block.language_warning,
            text=_segments(block.text),
        )


class ComparedArticle(Out):
    """One article compared."""

    status: Literal["added", "removed", "changed", "unchanged", "moved", "renumbered"]
    from_number: str | None
    to_number: str | None
    text_changed: bool
    changed_languages: shaped(  # type: ignore[valid-type]
        dict[str, list[str]],
        {
            "type": "object",
            "properties": {"heading": LANGUAGES, "body": LANGUAGES},
        },
    )
    language_warning: str | None = Field(description=WARNING)
    heading: dict[str, list[Segment]] = Field(description=REDLINE)
    body: dict[str, list[Segment]] = Field(description=REDLINE)

    @classmethod
    def of(cls, diff: ArticleDiff) -> ComparedArticle:
        """The article compared."""
        return cls(
            status=diff.status,
            from_number=diff.from_number,
            to_number=diff.to_number,
            text_changed=diff.is_text_changed,
            changed_languages=diff.changed,
            language_warning=diff.language_warning,
            heading=_segments(diff.heading),
            body=_segments(diff.body),
        )


class Comparison(Out):
    """Two versions of a text compared article by article, with word-level redlines per language."""

    # ``from`` is a keyword: the field is from_, named "from" in the JSON and the schema.
    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    agreement_id: int
    reference: str
    languages: shaped(list[str], LANGUAGES)  # type: ignore[valid-type]
    from_: ComparedVersion = Field(alias="from")
    to: ComparedVersion
    identical: bool
    summary: list[str] = Field(json_schema_extra={"examples": [["Art. 7 body changed in en and ru"]]})
    language_warnings: list[str] = Field(
        description="Each part changed in some languages and not in the others, in reading order.",
        json_schema_extra={
            "examples": [["Art. 3 changed in English but not in Italian: check that the versions still conform."]]
        },
    )
    preamble: ComparedBlock
    articles: list[ComparedArticle]
    final_clauses: ComparedBlock

    @classmethod
    def of(cls, result: ComparisonResult) -> Comparison:
        """The whole comparison."""
        return cls(
            agreement_id=result.agreement_id,
            reference=result.reference,
            languages=result.languages,
            from_=ComparedVersion.of(result.from_version),
            to=ComparedVersion.of(result.to_version),
            identical=result.is_identical,
            summary=result.summary,
            language_warnings=result.language_warnings,
            preamble=ComparedBlock.of(result.preamble),
            articles=[ComparedArticle.of(a) for a in result.articles],
            final_clauses=ComparedBlock.of(result.final_clauses),
        )

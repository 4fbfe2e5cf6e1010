"""The comparison of two versions of a text as JSON: GET /api/v1/agreements/{id}/compare?from=&to=."""

from __future__ import annotations

from typing import Any

from flask import request

from ..services import agreements
from ..services.compare import (
    ArticleDiff,
    BlockDiff,
    Comparison,
    Segment,
    VersionInfo,
    compare_versions,
    version_numbers,
)
from . import bp
from .auth import current_user


def _segments(per_language: dict[str, list[Segment]]) -> dict[str, list[dict[str, str]]]:
    """Redlines per language as lists of {op, text}."""
    return {lang: [{"op": s.op, "text": s.text} for s in segments] for lang, segments in per_language.items()}


def _version(info: VersionInfo) -> dict[str, Any]:
    """One of the two versions compared."""
    return {
        "number": info.number,
        "author": info.author_email,
        "author_name": info.author,
        "created_at": info.created_at.isoformat(),
        "origin": info.origin,
        "note": info.note,
        "sha256": info.sha256,
    }


def _block(block: BlockDiff) -> dict[str, Any]:
    """Preamble or final clauses compared."""
    return {
        "status": block.status,
        "changed_languages": block.changed_languages,
        "language_warning": block.language_warning,
        "text": _segments(block.text),
    }


def _article(diff: ArticleDiff) -> dict[str, Any]:
    """One article compared."""
    return {
        "status": diff.status,
        "from_number": diff.from_number,
        "to_number": diff.to_number,
        "text_changed": diff.is_text_changed,
        "changed_languages": diff.changed,
        "language_warning": diff.language_warning,
        "heading": _segments(diff.heading),
        "body": _segments(diff.body),
    }


def comparison_json(result: Comparison) -> dict[str, Any]:
    """The whole comparison."""
    return {
        "agreement_id": result.agreement_id,
        "reference": result.reference,
        "languages": result.languages,
        "from": _version(result.from_version),
        "to": _version(result.to_version),
        "identical": result.is_identical,
        "summary": result.summary,
        "language_warnings": result.language_warnings,
        "preamble": _block(result.preamble),
        "articles": [_article(a) for a in result.articles],
        "final_clauses": _block(result.final_clauses),
    }


@bp.get("/agreements/<int:agreement_id>/compare")
def compare(agreement_id: int):
    """Two versions of the text compared article by article, with word-level redlines per language."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    from_n, to_n = version_numbers(request.args.get("from"), request.args.get("to"))
    return comparison_json(compare_versions(agreement, from_n, to_n))

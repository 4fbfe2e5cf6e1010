"""The comparison of two versions of a text as JSON: GET /api/v1/agreements/{id}/compare?from=&to=."""

from __future__ import annotations

from ..services import agreements
from ..services.compare import compare_versions, version_numbers
from . import bp
from .auth import current_user
from .contract import Answer, operation
from .models.base import dump
from .models.compare import CompareQuery, Comparison


@bp.get("/agreements/<int:agreement_id>/compare")
@operation(
    summary="Compare two versions of the text",
    operation_id="compareVersions",
    tags=["text"],
    description="Article by article (moved and renumbered articles recognised), with word-level redlines of "
    "heading and body per language, the preamble and final clauses, and a summary in sentences.",
    query=CompareQuery,
    answers={200: Answer("The two versions compared.", Comparison)},
    problems=(404,),
)
def compare(agreement_id: int, query: CompareQuery):
    """Two versions of the text compared article by article, with word-level redlines per language."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    from_n, to_n = version_numbers(query.from_, query.to)
    return dump(Comparison.of(compare_versions(agreement, from_n, to_n)))

"""Search as JSON: GET /api/v1/search?q=&country=&counterpart=&type=&area=&in_force_on=&state=&page=."""

from __future__ import annotations

from ..services import search
from . import bp
from .auth import current_user
from .contract import Answer, operation
from .models.base import dump
from .models.search import SearchQuery, SearchResults


@bp.get("/search")
@operation(
    summary="Search the texts of the agreements you may see (by default, those in force today)",
    operation_id="searchTerms",
    tags=["search"],
    description='Words are all required; "quoted words" stand together; or takes either; -word '
    "leaves a word out; nothing else is syntax. Every language of the texts is searched, each "
    "with its own stemming. Hits are passages (articles, preambles, final clauses, or the "
    "agreement itself for its reference, title or counterpart), one per passage, best first.",
    query=SearchQuery,
    answers={200: Answer("One page of hits.", SearchResults)},
)
def search_terms(query: SearchQuery):
    """The passages of the agreements this user may see that match, best first, a page at a time."""
    return dump(SearchResults.of(search.search(current_user(), query.asked())))

"""Search as JSON: GET /api/v1/search?q=&country=&counterpart=&type=&area=&in_force_on=&state=&page=."""

from __future__ import annotations

from flask import request, url_for

from ..services import search
from . import bp
from .auth import current_user


def _hit(hit: search.Hit) -> dict:
    """One passage found; ``snippet`` is HTML: the text escaped, the words found in ``<mark>``."""
    return {
        "agreement_id": hit.agreement_id,
        "reference": hit.reference,
        "title": hit.title,
        "state": hit.state,
        "kind": hit.kind,
        "article": hit.article,
        "heading": hit.heading_text,
        "snippet": str(hit.snippet),
        "language": hit.language,
        "rank": hit.rank,
        "url": url_for("web.terms_page", agreement_id=hit.agreement_id, lang=hit.language, _anchor=hit.anchor or None),
    }


@bp.get("/search")
def search_terms():
    """The passages of the agreements this user may see that match, best first, a page at a time."""
    asked = {k: request.args.get(k, "") for k in ("q", *search.FILTERS)}
    results = search.search(current_user(), {**asked, "page": request.args.get("page", "1")})
    return {
        "items": [_hit(h) for h in results.items],
        "total": results.total,
        "total_is_capped": results.capped,
        "total_label": results.total_label,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "query": results.query,
        "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in results.filters.items()},
    }

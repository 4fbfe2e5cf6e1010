"""The search page: the terms in force (or any state) by words, country, counterpart, type and area."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..services import search
from ..services.taxonomy import AREAS
from ..workflows import STATES, WORKFLOWS
from . import bp

FIELDS = ("q", *search.FILTERS)


@bp.route("/search")
@login_required
def search_page():
    """Search what this person may see; without words, the form alone."""
    asked = {k: request.args.get(k, "").strip() for k in FIELDS}
    results, errors, status = None, {}, 200
    if asked["q"] or any(asked[k] for k in search.FILTERS):
        try:
            results = search.search(current_user, {**asked, "page": request.args.get("page", "1")})
        except InvalidInput as error:
            errors, status = error.errors, 422
    return render_template(
        "search.html",
        asked=asked,
        results=results,
        errors=errors,
        types=WORKFLOWS,
        areas=AREAS,
        states=STATES,
        advanced=any(asked[k] for k in search.FILTERS),
    ), status

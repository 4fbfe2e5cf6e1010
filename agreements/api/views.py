"""API views (SPEC §8): load, authorise, call one service, respond — the services decide everything else."""

from __future__ import annotations

from flask import Response, current_app, request, stream_with_context, url_for

from ..errors import NotFound
from ..services import agreements, audit, determination, listing, parties, transitions, versions
from ..workflows import WORKFLOWS
from . import bp, openapi
from .auth import current_user
from .body import json_object, query_int, query_text
from .edge import respond, writes
from .errors import PROBLEM_TYPES, problem_type_uri
from .schemas import (
    AGREEMENT_FIELDS,
    AUTHORITY_FIELDS,
    DETERMINATION_FIELDS,
    FACT_FIELDS,
    SIGNATORY_FIELDS,
    TRANSITION_FIELDS,
    VERSION_FIELDS,
    agreement_detail,
    agreement_summary,
    authority_json,
    event_json,
    next_deadline_json,
    signatory_json,
    version_json,
    version_summary,
    workflow_json,
)

MAX_PER_PAGE = 100
LIST_FILTERS = ("type", "country", "office", "area", "binding", "region", "q", "sort", "overdue")


def _agreement_url(body, **_) -> str:
    """Location of a created agreement."""
    return url_for("api.get_agreement", agreement_id=body["id"])


def _version_url(body, agreement_id: int, **_) -> str:
    """Location of a saved version."""
    return url_for("api.get_version", agreement_id=agreement_id, number=body["number"])


# --- reference documents ---------------------------------------------------------------------------
@bp.get("/openapi.json", endpoint="openapi")
def openapi_document():
    """The OpenAPI document of this API."""
    return respond(openapi.document(), 200)


@bp.get("/problems/<slug>")
def problem_type(slug: str):
    """What a problem ``type`` means."""
    if slug not in PROBLEM_TYPES:
        raise NotFound(f"No problem type {slug!r}.")
    status, title, description = PROBLEM_TYPES[slug]
    return {"type": problem_type_uri(slug), "title": title, "status": status, "description": description}


# --- agreement types -------------------------------------------------------------------------------
@bp.get("/agreement-types")
def list_agreement_types():
    """Every agreement type with its states and transitions."""
    return {"items": [workflow_json(w) for w in WORKFLOWS.values()]}


@bp.get("/agreement-types/<key>")
def get_agreement_type(key: str):
    """One agreement type with its states and transitions."""
    if key not in WORKFLOWS:
        raise NotFound(f"No agreement type {key!r}; the types are {', '.join(WORKFLOWS)}.")
    return workflow_json(WORKFLOWS[key])


# --- agreements ------------------------------------------------------------------------------------
@bp.get("/agreements")
def list_agreements():
    """The agreements this user may see, newest first (or by ``sort``), filtered and paginated; as CSV (every
    matching row) with ``Accept: text/csv``."""
    if request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv":
        return export_agreements()
    page = agreements.list_agreements(
        current_user(),
        **_list_filters(),
        page=query_int("page", 1, 1, 1_000_000),
        per_page=query_int("per_page", current_app.config.get("PAGE_SIZE", 25), 1, MAX_PER_PAGE),
    )
    return {
        "items": [
            {**agreement_summary(a), "next_deadline": next_deadline_json(page.next_deadline(a))} for a in page.items
        ],
        "total": page.total,
        "total_is_capped": page.total_is_capped,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "has_next": bool(page.has_next),
    }


@bp.get("/agreements.csv")
def export_agreements():
    """Every agreement the filters keep, of those this user may see, as CSV (streamed)."""
    lines = listing.agreements_csv(current_user(), **_list_filters())
    return csv_response(lines, f"agreements-{listing.today().isoformat()}.csv")


def _list_filters() -> dict:
    """The list's filters from the query string (``state`` may be repeated)."""
    return {"states": request.args.getlist("state"), **{name: query_text(name) for name in LIST_FILTERS}}


def csv_response(lines, filename: str) -> Response:
    """CSV lines streamed as a download named ``filename``."""
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/agreements")
@writes(location=_agreement_url)
def create_agreement():
    """Open an agreement in drafting."""
    user = current_user()
    agreement = agreements.create_agreement(user, json_object(AGREEMENT_FIELDS))
    return agreement_detail(agreement, user), 201


@bp.get("/agreements/<int:agreement_id>")
def get_agreement(agreement_id: int):
    """One agreement, with the transitions this user may fire now."""
    user = current_user()
    return agreement_detail(agreements.get_agreement(user, agreement_id), user)


@bp.patch("/agreements/<int:agreement_id>")
@writes()
def update_agreement(agreement_id: int):
    """Change the basic facts of an agreement."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    agreement = agreements.update_facts(user, agreement, json_object(FACT_FIELDS))
    return agreement_detail(agreement, user), 200


# --- text versions ---------------------------------------------------------------------------------
@bp.get("/agreements/<int:agreement_id>/versions")
def list_versions(agreement_id: int):
    """Every version of the text, newest first, without the text itself."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return {"items": [version_summary(v) for v in versions.list_versions(agreement)]}


@bp.post("/agreements/<int:agreement_id>/versions")
@writes(location=_version_url)
def save_version(agreement_id: int):
    """Save the next version of the text."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return version_json(versions.save_version(user, agreement, json_object(VERSION_FIELDS))), 201


@bp.get("/agreements/<int:agreement_id>/versions/<int:number>")
def get_version(agreement_id: int, number: int):
    """One version of the text."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return version_json(versions.get_version(agreement, number))


# --- transitions and the trail ---------------------------------------------------------------------
@bp.post("/agreements/<int:agreement_id>/transitions")
@writes()
def fire_transition(agreement_id: int):
    """Fire a transition; the agreement as it is afterwards."""
    user = current_user()
    body = json_object(TRANSITION_FIELDS)
    fired = transitions.fire_transition(
        user,
        agreement_id,
        body.get("trigger"),
        comment=body.get("comment"),
        data=body.get("data"),
        expected_lock_version=body.get("expected_lock_version"),
    )
    return agreement_detail(fired.agreement, user), 200


@bp.get("/agreements/<int:agreement_id>/events")
def list_events(agreement_id: int):
    """The audit trail, oldest first."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return {"items": [event_json(e) for e in audit.list_events(agreement)]}


# --- parties and authorities -----------------------------------------------------------------------
@bp.get("/agreements/<int:agreement_id>/authorities")
def list_authorities(agreement_id: int):
    """The State Department authorities recorded, and whether each covers the current text."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return {"items": [authority_json(a, agreement) for a in agreement.authorities]}


@bp.post("/agreements/<int:agreement_id>/authorities")
@writes()
def record_authority(agreement_id: int):
    """Record an authority, bound to the hash of the current text."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    authority = parties.record_authority(user, agreement, json_object(AUTHORITY_FIELDS))
    return authority_json(authority, agreement), 201


@bp.post("/agreements/<int:agreement_id>/determination")
@writes()
def determine(agreement_id: int):
    """The legal advisor's determination: binding or not, reportable or not, and its basis."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    determination.determine(user, agreement, json_object(DETERMINATION_FIELDS))
    return agreement_detail(agreement, user), 200


@bp.get("/agreements/<int:agreement_id>/signatories")
def list_signatories(agreement_id: int):
    """Who signs for each party."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return {"items": [signatory_json(s) for s in agreement.signatories]}


@bp.put("/agreements/<int:agreement_id>/signatories/<party>")
@writes()
def set_signatory(agreement_id: int, party: str):
    """Designate a party's signatory, or record their signature."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return signatory_json(parties.set_signatory(user, agreement, party, json_object(SIGNATORY_FIELDS))), 200

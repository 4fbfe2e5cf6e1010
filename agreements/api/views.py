"""API views (SPEC §8): load, authorise, call one service, respond — the services decide everything else; each
declares its request and answer models (``contract.operation``), which write the OpenAPI document."""

from __future__ import annotations

from flask import Response, current_app, request, stream_with_context, url_for

from ..errors import NotFound
from ..services import agreements, audit, determination, listing, parties, transitions, versions
from ..services.listing import AGREEMENT_COLUMNS
from ..workflows import WORKFLOWS
from . import bp, openapi
from .auth import current_user
from .contract import LOCATION, REPLAYED, Answer, operation
from .edge import respond, writes
from .errors import PROBLEM_TYPES, problem_type_uri
from .models.agreements import (
    Agreement,
    AgreementCreate,
    AgreementFilters,
    AgreementList,
    AgreementPatch,
    AgreementsQuery,
)
from .models.base import dump
from .models.parties import (
    Authority,
    AuthorityInput,
    AuthorityList,
    DeterminationInput,
    Signatory,
    SignatoryInput,
    SignatoryList,
)
from .models.versions import Version, VersionInput, VersionList, VersionSummary
from .models.workflows import AgreementType, AgreementTypeList, Event, EventList, ProblemType, TransitionRequest

MAX_PER_PAGE = 100
CSV = {"text/csv": {"schema": {"type": "string"}, "example": ",".join(AGREEMENT_COLUMNS)}}
CSV_DESCRIPTION = (
    "Every matching row, not a page, in the order asked for; a header row first: "
    + ", ".join(AGREEMENT_COLUMNS)
    + ". Dates and timestamps in ISO 8601 (UTC); yes/no for booleans; areas separated by `; `; "
    "a cell that a spreadsheet would run as a formula (starting with =, +, -, @) begins with an apostrophe."
)


def _agreement_url(answer, **_) -> str:
    """Location of a created agreement (``answer``: the response body)."""
    return url_for("api.get_agreement", agreement_id=answer["id"])


def _version_url(answer, agreement_id: int, **_) -> str:
    """Location of a saved version (``answer``: the response body)."""
    return url_for("api.get_version", agreement_id=agreement_id, number=answer["number"])


# --- reference documents ---------------------------------------------------------------------------
@bp.get("/openapi.json", endpoint="openapi")
@operation(
    summary="This document",
    operation_id="openapi",
    tags=["reference"],
    public=True,
    answers={200: Answer("The OpenAPI document.", content={"application/json": {}})},
)
def openapi_document():
    """The OpenAPI document of this API."""
    return respond(openapi.document(), 200)


@bp.get("/problems/<slug>")
@operation(
    summary="What a problem type means",
    operation_id="problemType",
    tags=["reference"],
    public=True,
    answers={200: Answer("The problem type.", ProblemType)},
    problems=(404,),
)
def problem_type(slug: str):
    """What a problem ``type`` means."""
    if slug not in PROBLEM_TYPES:
        raise NotFound(f"No problem type {slug!r}.")
    status, title, description = PROBLEM_TYPES[slug]
    return dump(ProblemType(type=problem_type_uri(slug), title=title, status=status, description=description))


# --- agreement types -------------------------------------------------------------------------------
@bp.get("/agreement-types")
@operation(
    summary="Agreement types with their states and transitions",
    operation_id="listAgreementTypes",
    tags=["workflows"],
    answers={200: Answer("Every type.", AgreementTypeList)},
)
def list_agreement_types():
    """Every agreement type with its states and transitions."""
    return dump(AgreementTypeList(items=[AgreementType.of(w) for w in WORKFLOWS.values()]))


@bp.get("/agreement-types/<key>")
@operation(
    summary="One agreement type",
    operation_id="getAgreementType",
    tags=["workflows"],
    answers={200: Answer("The type.", AgreementType)},
    problems=(404,),
)
def get_agreement_type(key: str):
    """One agreement type with its states and transitions."""
    if key not in WORKFLOWS:
        raise NotFound(f"No agreement type {key!r}; the types are {', '.join(WORKFLOWS)}.")
    return dump(AgreementType.of(WORKFLOWS[key]))


# --- agreements ------------------------------------------------------------------------------------
@bp.get("/agreements")
@operation(
    summary="Agreements you may see, newest first (or sorted), filtered; as CSV with Accept: text/csv",
    operation_id="listAgreements",
    tags=["agreements"],
    query=AgreementsQuery,
    answers={
        200: Answer("One page; or, asked for text/csv, every matching agreement as CSV.", AgreementList, content=CSV)
    },
)
def list_agreements(query: AgreementsQuery):
    """The agreements this user may see, newest first (or by ``sort``), filtered and paginated; as CSV (every
    matching row) with ``Accept: text/csv``."""
    if request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv":
        return _csv(query)
    page = agreements.list_agreements(
        current_user(),
        **query.filters(),
        page=query.page or 1,
        per_page=query.per_page or min(current_app.config.get("PAGE_SIZE", 25), MAX_PER_PAGE),
    )
    return dump(AgreementList.of(page))


@bp.get("/agreements.csv")
@operation(
    summary="Every agreement you may see that the filters keep, as CSV",
    description=CSV_DESCRIPTION,
    operation_id="exportAgreements",
    tags=["agreements"],
    query=AgreementFilters,
    answers={200: Answer("The CSV, streamed.", content=CSV)},
)
def export_agreements(query: AgreementFilters):
    """Every agreement the filters keep, of those this user may see, as CSV (streamed)."""
    return _csv(query)


def _csv(query: AgreementFilters) -> Response:
    """The agreements the filters keep, as a CSV download."""
    lines = listing.agreements_csv(current_user(), **query.filters())
    return csv_response(lines, f"agreements-{listing.today().isoformat()}.csv")


def csv_response(lines, filename: str) -> Response:
    """CSV lines streamed as a download named ``filename``."""
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/agreements")
@writes(location=_agreement_url)
@operation(
    summary="Open an agreement (in drafting)",
    operation_id="createAgreement",
    tags=["agreements"],
    body=AgreementCreate,
    answers={201: Answer("The new agreement.", Agreement, headers={**LOCATION, **REPLAYED})},
    problems=(403,),
    idempotent=True,
)
def create_agreement(body: AgreementCreate):
    """Open an agreement in drafting."""
    user = current_user()
    agreement = agreements.create_agreement(user, body.given())
    return dump(Agreement.of(agreement, user)), 201


@bp.get("/agreements/<int:agreement_id>")
@operation(
    summary="One agreement, with the transitions you may fire now",
    operation_id="getAgreement",
    tags=["agreements"],
    answers={200: Answer("The agreement.", Agreement)},
    problems=(404,),
)
def get_agreement(agreement_id: int):
    """One agreement, with the transitions this user may fire now."""
    user = current_user()
    return dump(Agreement.of(agreements.get_agreement(user, agreement_id), user))


@bp.patch("/agreements/<int:agreement_id>")
@writes()
@operation(
    summary="Change the basic facts",
    operation_id="updateAgreement",
    tags=["agreements"],
    body=AgreementPatch,
    answers={200: Answer("The agreement.", Agreement, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def update_agreement(agreement_id: int, body: AgreementPatch):
    """Change the basic facts of an agreement."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    agreement = agreements.update_facts(user, agreement, body.given())
    return dump(Agreement.of(agreement, user)), 200


# --- text versions ---------------------------------------------------------------------------------
@bp.get("/agreements/<int:agreement_id>/versions")
@operation(
    summary="Versions of the text, newest first",
    operation_id="listVersions",
    tags=["text"],
    answers={200: Answer("The versions.", VersionList)},
    problems=(404,),
)
def list_versions(agreement_id: int):
    """Every version of the text, newest first, without the text itself."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(VersionList(items=[VersionSummary.of(v) for v in versions.list_versions(agreement)]))


@bp.post("/agreements/<int:agreement_id>/versions")
@writes(location=_version_url)
@operation(
    summary="Save the next version of the text",
    operation_id="saveVersion",
    tags=["text"],
    body=VersionInput,
    answers={201: Answer("The new version.", Version, headers={**LOCATION, **REPLAYED})},
    problems=(403, 404, 409),
    idempotent=True,
)
def save_version(agreement_id: int, body: VersionInput):
    """Save the next version of the text."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(Version.of(versions.save_version(user, agreement, body.given()))), 201


@bp.get("/agreements/<int:agreement_id>/versions/<int:number>")
@operation(
    summary="One version of the text",
    operation_id="getVersion",
    tags=["text"],
    answers={200: Answer("The version.", Version)},
    problems=(404,),
)
def get_version(agreement_id: int, number: int):
    """One version of the text."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(Version.of(versions.get_version(agreement, number)))


# --- transitions and the trail ---------------------------------------------------------------------
@bp.post("/agreements/<int:agreement_id>/transitions")
@writes()
@operation(
    summary="Fire a transition",
    operation_id="fireTransition",
    tags=["workflows"],
    body=TransitionRequest,
    answers={200: Answer("The agreement afterwards.", Agreement, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def fire_transition(agreement_id: int, body: TransitionRequest):
    """Fire a transition; the agreement as it is afterwards."""
    user = current_user()
    fired = transitions.fire_transition(
        user,
        agreement_id,
        body.trigger,
        comment=body.comment,
        data=body.data,
        expected_lock_version=body.expected_lock_version,
    )
    return dump(Agreement.of(fired.agreement, user)), 200


@bp.get("/agreements/<int:agreement_id>/events")
@operation(
    summary="The audit trail, oldest first",
    operation_id="listEvents",
    tags=["workflows"],
    answers={200: Answer("Every event.", EventList)},
    problems=(404,),
)
def list_events(agreement_id: int):
    """The audit trail, oldest first."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(EventList(items=[Event.of(e) for e in audit.list_events(agreement)]))


# --- parties and authorities -----------------------------------------------------------------------
@bp.get("/agreements/<int:agreement_id>/authorities")
@operation(
    summary="State Department authorities",
    operation_id="listAuthorities",
    tags=["parties"],
    answers={200: Answer("The authorities.", AuthorityList)},
    problems=(404,),
)
def list_authorities(agreement_id: int):
    """The State Department authorities recorded, and whether each covers the current text."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(AuthorityList(items=[Authority.of(a, agreement) for a in agreement.authorities]))


@bp.post("/agreements/<int:agreement_id>/authorities")
@writes()
@operation(
    summary="Record an authority (program managers), bound to the current text's hash",
    operation_id="recordAuthority",
    tags=["parties"],
    body=AuthorityInput,
    answers={201: Answer("The authority recorded.", Authority, headers=REPLAYED)},
    problems=(403, 404),
    idempotent=True,
)
def record_authority(agreement_id: int, body: AuthorityInput):
    """Record an authority, bound to the hash of the current text."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    authority = parties.record_authority(user, agreement, body.model_dump(exclude_unset=True))
    return dump(Authority.of(authority, agreement)), 201


@bp.post("/agreements/<int:agreement_id>/determination")
@writes()
@operation(
    summary="Record the determination: binding or not, reportable or not (legal advisors, in legal review)",
    description="Whether a text is binding is the legal advisor's determination (22 CFR 181.3). The workflow "
    "follows it: a type determined binding follows the binding track. A CMAA cannot be determined non-binding.",
    operation_id="determine",
    tags=["parties"],
    body=DeterminationInput,
    answers={200: Answer("The agreement, following the track of its determination.", Agreement, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def determine(agreement_id: int, body: DeterminationInput):
    """The legal advisor's determination: binding or not, reportable or not, and its basis."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    determination.determine(user, agreement, body.given())
    return dump(Agreement.of(agreement, user)), 200


@bp.get("/agreements/<int:agreement_id>/signatories")
@operation(
    summary="Signatories of both parties",
    operation_id="listSignatories",
    tags=["parties"],
    answers={200: Answer("The signatories.", SignatoryList)},
    problems=(404,),
)
def list_signatories(agreement_id: int):
    """Who signs for each party."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(SignatoryList(items=[Signatory.of(s) for s in agreement.signatories]))


@bp.put("/agreements/<int:agreement_id>/signatories/<party>")
@writes()
@operation(
    summary="Designate a party's signatory, or record the signature",
    operation_id="setSignatory",
    tags=["parties"],
    body=SignatoryInput,
    answers={200: Answer("The signatory.", Signatory, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def set_signatory(agreement_id: int, party: str, body: SignatoryInput):
    """Designate a party's signatory, or record their signature."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    signatory = parties.set_signatory(user, agreement, party, body.model_dump(exclude_unset=True))
    return dump(Signatory.of(signatory)), 200

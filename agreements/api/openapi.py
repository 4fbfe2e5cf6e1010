"""The OpenAPI 3.1 document of the API, written out by hand as plain data."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..services.deadlines import STATUSES as DEADLINE_STATUSES
from ..services.idempotency import MAX_KEY
from ..services.listing import MAX_QUERY, NEXT_DEADLINE, OPEN, SORTS
from ..services.parties import PARTIES
from ..services.taxonomy import AREAS
from ..workflows import FINAL_STATES, STATES, WORKFLOWS
from .models.base import COUNTRY_GIVEN, DATE, LANGUAGE, MOMENT, NULLABLE_DATE, SHA256, TEXT

PROBLEM = "application/problem+json"
PDF = "application/pdf"


def _ref(name: str) -> dict[str, str]:
    """A reference to a schema of the components."""
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str, headers: dict | None = None) -> dict[str, Any]:
    """A JSON response with the named schema."""
    out: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": _ref(name)}}}
    if headers:
        out["headers"] = headers
    return out


def _body(name: str, description: str) -> dict[str, Any]:
    """A required JSON request body with the named schema."""
    return {"required": True, "description": description, "content": {"application/json": {"schema": _ref(name)}}}


# What the HTTP server in front of the app (gunicorn) refuses before the app sees it: a request line over 4094
# bytes, a header over 8190; any operation may get them, as a small HTML page.
SERVER_LIMITS = (414, 431)


def _problems(*codes: int) -> dict[str, Any]:
    """References to the shared problem responses, 401, 500 and the server's limits always among them."""
    return {str(c): {"$ref": f"#/components/responses/{c}"} for c in sorted({401, 500, *SERVER_LIMITS, *codes})}


def _server_limit(description: str) -> dict[str, Any]:
    """A refusal by the HTTP server itself, before the app: an HTML page, not problem+json."""
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _param(name: str) -> dict[str, str]:
    """A reference to a parameter of the components."""
    return {"$ref": f"#/components/parameters/{name}"}


LOCATION = {"Location": {"description": "URL of the created resource.", "schema": {"type": "string"}}}
REPLAYED = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the response kept for an earlier request with the same Idempotency-Key.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def _schemas() -> dict[str, Any]:
    """The schemas of requests and responses."""
    per_language = {
        "type": "object",
        "description": 'Text per language code, e.g. {"en": "…", "ru": "…"}.',
        "propertyNames": LANGUAGE,
        "additionalProperties": {"type": "string"},
    }
    article = {
        "type": "object",
        "properties": {
            "number": {"type": ["string", "integer"]},
            "heading": _ref("PerLanguage"),
            "body": _ref("PerLanguage"),
        },
    }
    return {
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details.",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string", "format": "uri-reference"},
                "title": TEXT,
                "status": {"type": "integer"},
                "detail": TEXT,
                "instance": {"type": "string", "format": "uri-reference"},
                "reasons": {"type": "array", "items": TEXT, "description": "Why a guard failed (422)."},
                "errors": {
                    "type": "object",
                    "additionalProperties": TEXT,
                    "description": "Field → message (422 invalid input).",
                },
                "current_state": {"type": "string", "enum": list(STATES), "description": "With 409."},
                "lock_version": {"type": "integer", "description": "With 409."},
                "current_version": {"type": "integer"},
            },
        },
        "PerLanguage": per_language,
        "Article": article,
        **_document_schemas(),
        **_contact_schemas(),
        **_determination_schemas(),
    }


def _document_schemas() -> dict[str, Any]:
    """The shape of kept documents, deadlines, diplomatic notes and a PDF check."""
    nullable_text = {"type": ["string", "null"]}
    return {
        "SignedDocument": {
            "type": "object",
            "properties": {
                "sha256": SHA256,
                "size": {"type": "integer"},
                "version": {"type": "integer", "description": "The text version signed."},
                "url": {"type": "string", "description": "The PDF, served as stored."},
                "sealed_by": TEXT,
                "created_at": MOMENT,
            },
        },
        "Document": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string", "enum": ["signed", "scan"]},
                "filename": TEXT,
                "content_type": {"type": "string", "enum": sorted({PDF, "image/png", "image/jpeg", "image/tiff"})},
                "size": {"type": "integer"},
                "sha256": SHA256,
                "version": {"type": ["integer", "null"], "description": "The text version (signed document)."},
                "note": TEXT,
                "created_at": MOMENT,
                "created_by": nullable_text,
                "url": {"type": "string", "description": "The stored bytes."},
            },
        },
        "DocumentList": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Document")}}},
        "Deadline": {
            "type": "object",
            "description": "The transmittal is ours (22 CFR 181.7); the publication is the State Department's "
            "(181.9), tracked here, never counted down as ours.",
            "properties": {
                "key": {"type": "string", "enum": ["transmittal", "publication"]},
                "label": TEXT,
                "due_on": {
                    **NULLABLE_DATE,
                    "description": "Null for the publication of a qualifying non-binding instrument: the State "
                    "Department publishes those in batches every 120 days, not by a date of its own.",
                },
                "basis": {"type": "string", "description": "The date it is counted from, in words."},
                "days_left": {
                    "type": ["integer", "null"],
                    "description": "Our own open deadlines: days to go, negative once past; null once done, and "
                    "for the State Department's.",
                },
                "status": {
                    "type": "string",
                    "enum": ["ahead", "soon", "past", "done", "info"],
                    "description": "ahead; soon (within a week); past (its date gone by, not done); done; info (the "
                    "State Department's, tracked only).",
                },
                "progress": {
                    "type": "string",
                    "enum": list(DEADLINE_STATUSES),
                    "description": "open; overdue (past its date, not done); done_on_time; done_late; done (done, "
                    "for a deadline without a date).",
                },
                "done_on": {**NULLABLE_DATE, "description": "When it was done: the text sent, or published."},
                "days_late": {"type": "integer", "description": "Days after its date it was done; 0 when on time."},
                "responsible": {"type": "string", "enum": ["agency", "state_department"]},
                "summary": {
                    "type": "string",
                    "description": "Where it stands, in words.",
                    "examples": ["sent on 3 April 2026, on time", "sent on 20 April 2026, 10 days late"],
                },
            },
        },
        "DiplomaticNote": {
            "type": "object",
            "properties": {
                "party": {"type": "string", "enum": list(PARTIES)},
                "reference": TEXT,
                "dated_on": DATE,
            },
        },
        "Verification": {
            "type": "object",
            "required": ["matches", "seal_valid", "detail"],
            "properties": {
                "matches": {
                    "type": "boolean",
                    "description": "True only for a file byte for byte equal to a signed document issued here.",
                },
                "seal_valid": {"type": "boolean", "description": "Whether the PAdES seal validates."},
                "detail": {"type": "string", "description": "What the file is, in a sentence."},
                "agreement_id": {"type": ["integer", "null"]},
                "reference": nullable_text,
                "version": {"type": ["integer", "null"]},
                "kind": {"type": ["string", "null"], "description": "signed or draft, as the file claims."},
                "signed_on": NULLABLE_DATE,
                "sealed_by": TEXT,
                "sealed_at": {"type": ["string", "null"], "format": "date-time"},
                "sha256": SHA256,
            },
        },
    }


def _download(description: str, *types: str, etag: bool = True) -> dict[str, Any]:
    """A file download: its bytes, as an attachment, with the stored file's SHA-256 as ETag."""
    headers: dict[str, Any] = {
        "Content-Disposition": {"description": "attachment; filename=…", "schema": {"type": "string"}}
    }
    if etag:
        headers["ETag"] = {"description": "The stored file's SHA-256.", "schema": {"type": "string"}}
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"description": description, "headers": headers, "content": {t: binary for t in types}}


def _document_paths() -> dict[str, Any]:
    """The endpoints of documents: the PDF, kept files, scans and checking a PDF."""
    agreement = [_param("AgreementId")]
    document_id = {
        "name": "document_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
    scan_types = sorted({PDF, "image/png", "image/jpeg", "image/tiff"})
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "/api/v1/agreements/{agreement_id}/document.pdf": {
            "parameters": agreement,
            "get": {
                "summary": "The signed PDF as stored once signed, else a draft PDF of the current version",
                "description": (
                    "A signed agreement's PDF is served exactly as stored at signature (ETag: its SHA-256; "
                    "If-None-Match answers 304). `?version=n` gives a draft of version n, marked DRAFT and not "
                    "sealed, for signed agreements too. 404 while the agreement has no text. A draft is "
                    "rendered once and kept; 422 for a text longer than the drafts' limit, 429 for too many new "
                    "renders in a minute (kept drafts still download)."
                ),
                "operationId": "getDocumentPdf",
                "tags": ["documents"],
                "parameters": [
                    {
                        "name": "version",
                        "in": "query",
                        "required": False,
                        "description": "A version number: a draft of that version (empty: as not given).",
                        "allowEmptyValue": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
                "responses": {
                    "200": _download("The PDF.", PDF),
                    "304": {"description": "Unchanged since the ETag sent in If-None-Match."},
                    **_problems(404, 422, 429),
                },
            },
        },
        "/api/v1/verify": {
            "post": {
                "summary": "Check a PDF: which agreement and version, and whether seal and hash still match",
                "description": "Says plainly when the file is not a PDF, not one of ours, a draft, or altered.",
                "operationId": "verifyPdf",
                "tags": ["documents"],
                "requestBody": {"required": True, "description": "The PDF itself.", "content": {PDF: binary}},
                "responses": {"200": _json("Verification", "What the file is."), **_problems(413, 415, 422)},
            },
        },
        "/api/v1/agreements/{agreement_id}/documents": {
            "parameters": agreement,
            "get": {
                "summary": "Documents kept with the agreement: the signed PDF first, then scans",
                "operationId": "listDocuments",
                "tags": ["documents"],
                "responses": {"200": _json("DocumentList", "The documents."), **_problems(404)},
            },
        },
        "/api/v1/agreements/{agreement_id}/documents/{document_id}": {
            "parameters": [*agreement, document_id],
            "get": {
                "summary": "One kept document's bytes, as stored",
                "operationId": "getDocument",
                "tags": ["documents"],
                "responses": {
                    "200": _download("The stored bytes, with their type.", *scan_types),
                    "304": {"description": "Unchanged since the ETag sent in If-None-Match."},
                    **_problems(404),
                },
            },
        },
        "/api/v1/agreements/{agreement_id}/scans": {
            "parameters": agreement,
            "post": {
                "summary": "Keep a scan of the signed original (program managers, after signature)",
                "description": (
                    "PDF, PNG, JPEG or TIFF: the raw body with its Content-Type (and `?filename=…&note=…`), or "
                    "multipart/form-data with `file` and `note`. The content must be of the type sent."
                ),
                "operationId": "addScan",
                "tags": ["documents"],
                "parameters": [
                    _param("IdempotencyKey"),
                    {"name": "filename", "in": "query", "schema": {"type": "string"}},
                    {"name": "note", "in": "query", "schema": {"type": "string", "maxLength": 500}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        **{t: binary for t in scan_types},
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "note": {"type": "string", "maxLength": 500},
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "201": _json("Document", "The scan kept.", {**LOCATION, **REPLAYED}),
                    **_problems(403, 404, 409, 413, 415, 422),
                },
            },
        },
        "/api/v1/agreements/{agreement_id}/scans/{document_id}": {
            "parameters": [*agreement, document_id],
            "delete": {
                "summary": "Remove a scan kept by mistake (the signed document stays: 409)",
                "operationId": "removeScan",
                "tags": ["documents"],
                "parameters": [_param("IdempotencyKey")],
                "responses": {"204": {"description": "Removed."}, **_problems(403, 404, 409, 422)},
            },
        },
    }


def _problem_response(description: str, headers: dict | None = None) -> dict[str, Any]:
    """A problem+json response."""
    out: dict[str, Any] = {"description": description, "content": {PROBLEM: {"schema": _ref("Problem")}}}
    if headers:
        out["headers"] = headers
    return out


def _components() -> dict[str, Any]:
    """Security scheme, schemas, parameters and the shared problem responses."""
    return {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": (
                    "An API token from `agreements users token EMAIL`, sent as `Authorization: Bearer <token>`."
                ),
            }
        },
        "schemas": _schemas(),
        "parameters": {
            "AgreementId": {
                "name": "agreement_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "format": "int64", "minimum": 1},
            },
            "VersionNumber": {
                "name": "number",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            "Party": {
                "name": "party",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": list(PARTIES)},
            },
            "TypeKey": {
                "name": "key",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": list(WORKFLOWS)},
            },
            "ProblemSlug": {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
            "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": (
                    "A unique key per request (e.g. a UUID). A retry with the same key and the same request "
                    "gets the first response back (with `Idempotent-Replayed: true`) and changes nothing; the "
                    "same key with a different request is refused with 422."
                ),
                # Printable ASCII without spaces, as services/idempotency.py reads it.
                "schema": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_KEY,
                    "pattern": f"^[!-~]{{1,{MAX_KEY}}}$",
                },
            },
            "Page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
            "PerPage": {
                "name": "per_page",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
            },
            "State": {"name": "state", "in": "query", "schema": {"type": "string", "enum": list(STATES)}},
            "States": {
                "name": "state",
                "in": "query",
                "description": "Repeatable (state=legal_review&state=clearance); `open` stands for every state "
                "but " + ", ".join(sorted(FINAL_STATES)) + ".",
                "style": "form",
                "explode": True,
                "schema": {"type": "array", "items": {"type": "string", "enum": [*STATES, OPEN]}},
            },
            "ListQuery": {
                "name": "q",
                "in": "query",
                "description": "Text found in the reference, the title or the counterpart's name, whatever the case.",
                "schema": {"type": "string", "maxLength": MAX_QUERY},
            },
            "ListSort": {
                "name": "sort",
                "in": "query",
                "description": "The order: a column, with `-` before it for descending (`-days_in_state`: the "
                "longest in their state first). Default: newest first.",
                "schema": {
                    "type": "string",
                    "enum": [k for key in (*SORTS, NEXT_DEADLINE) for k in (key, f"-{key}")],
                },
            },
            "Office": {
                "name": "office",
                "in": "query",
                "description": "The responsible office's code, e.g. MOW.",
                "schema": {"type": "string"},
            },
            "Area": {"name": "area", "in": "query", "schema": {"type": "string", "enum": sorted(AREAS)}},
            "Binding": {
                "name": "binding",
                "in": "query",
                "description": "yes: binding agreements only; no: non-binding instruments only.",
                "schema": {"type": "string", "enum": ["yes", "no", "true", "false"]},
            },
            "Region": {
                "name": "region",
                "in": "query",
                "description": "The region of the responsible office (the dashboard's regions; `none`: no region).",
                "schema": {"type": "string"},
            },
            "Overdue": {
                "name": "overdue",
                "in": "query",
                "description": "yes: only those longer in their state than its days allowed; no: the others.",
                "schema": {"type": "string", "enum": ["yes", "no", "true", "false"]},
            },
            "Type": {"name": "type", "in": "query", "schema": {"type": "string", "enum": list(WORKFLOWS)}},
            "Country": {"name": "country", "in": "query", "schema": COUNTRY_GIVEN},
        },
        "responses": {
            "400": _problem_response("Malformed request: not JSON, not an object, or the wrong Content-Type."),
            "401": _problem_response(
                "No token, or a wrong, revoked or disabled user's token.",
                {"WWW-Authenticate": {"schema": {"type": "string"}, "description": 'Bearer realm="agreements"'}},
            ),
            "403": _problem_response("Your role may not do this."),
            "404": _problem_response("Not found, or not visible to you (the same answer either way)."),
            "409": _problem_response(
                "Not allowed from the current state, or someone else changed the agreement first; "
                "carries current_state and lock_version."
            ),
            "413": _problem_response("The body is larger than the server accepts."),
            "414": _server_limit("The URL is longer than the server accepts (the request line: 4094 bytes)."),
            "415": _problem_response("The body is not of a type this endpoint accepts; the detail names them."),
            "422": _problem_response("Invalid input (`errors` per field) or a guard failed (`reasons`)."),
            "431": _server_limit("A header is larger than the server accepts (8190 bytes), or there are too many."),
            "429": _problem_response(
                "Costly work asked for too often in a short time; wait and try again.",
                {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
            ),
            "500": _problem_response("Unexpected error; logged, no details given."),
        },
    }


def _write(summary: str, op_id: str, body: tuple[str, str], ok: dict, *codes: int) -> dict:
    """An operation that changes something: JSON body, problems, and an optional Idempotency-Key."""
    return {
        "summary": summary,
        "operationId": op_id,
        "parameters": [_param("IdempotencyKey")],
        "requestBody": _body(*body),
        "responses": {**ok, **_problems(400, 413, 422, *codes)},
    }


def _paths() -> dict[str, Any]:
    """Every endpoint, by path and method."""
    return {
        **_document_paths(),
        **_contact_paths(),
    }


@cache
def document() -> dict[str, Any]:
    """The whole OpenAPI document: what is written here, with the operations declared on the views
    (``contract.operation``) generated from their models and put in (a generated one replaces a written one)."""
    from flask import current_app

    from .contract import merge, paths

    return merge(_written(), *paths(current_app))


def _written() -> dict[str, Any]:
    """The document as written here."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Agreements API",
            "version": "1",
            "description": (
                "Draft, review, negotiate and sign international agreements (MOU, MOC, LOI, CMAA), and look up "
                "their terms. Errors are application/problem+json (RFC 9457). Send writes with an "
                "Idempotency-Key to retry them safely."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "tags": [
            {"name": "agreements"},
            {"name": "text"},
            {"name": "workflows"},
            {"name": "parties"},
            {"name": "review"},
            {"name": "documents"},
            {"name": "reference"},
        ],
        "paths": _paths(),
        "components": _components(),
    }


def _contact_schemas() -> dict[str, Any]:
    """The points of contact: one person as sent and as answered, and the lists."""
    person = {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "title": {"type": "string", "maxLength": 300},
        "office": {"type": "string", "maxLength": 300},
        "email": {"type": "string", "maxLength": 254, "description": "Empty, or an address, e.g. liaison@icr.example."},
        "phone": {
            "type": "string",
            "maxLength": 64,
            "description": "Digits, spaces and + - ( ) . and an extension, e.g. +7 495 555-01-23 ext. 12.",
        },
        "languages": {"type": "array", "items": LANGUAGE, "maxItems": 10, "description": 'BCP 47, e.g. ["ru", "en"].'},
        "confirmed_on": {**NULLABLE_DATE, "description": "The day the details were last confirmed; not in the future."},
    }
    party = {"type": "string", "enum": list(PARTIES)}
    people = {"type": "array", "items": _ref("Contact")}
    return {
        "ContactInput": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                **person,
                "party": {**party, "description": "Optional; when sent, the party of the path."},
                "updated_at": {**MOMENT, "description": "Ignored: sent back as read."},
            },
        },
        "ContactsInput": {
            "description": 'The party\'s whole new list (0 to 20 people), bare or as {"contacts": [...]}.',
            "oneOf": [
                {"type": "array", "items": _ref("ContactInput"), "maxItems": 20},
                {
                    "type": "object",
                    "required": ["contacts"],
                    "additionalProperties": False,
                    "properties": {"contacts": {"type": "array", "items": _ref("ContactInput"), "maxItems": 20}},
                },
            ],
        },
        "PartyContacts": {"type": "object", "properties": {"party": party, "items": people}},
    }


def _contact_paths() -> dict[str, Any]:
    """The points of contact of an agreement, and replacing one party's list."""
    agreement = [_param("AgreementId")]
    return {
        "/api/v1/agreements/{agreement_id}/contacts/{party}": {
            "parameters": [*agreement, _param("Party")],
            "put": {
                **_write(
                    "Replace one party's points of contact (program managers; attachés of the responsible office)",
                    "setContacts",
                    ("ContactsInput", "The party's whole new list; an empty list removes everyone."),
                    {"200": _json("PartyContacts", "The party's new list.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "Allowed in any state: the points of contact are not part of the signed text. "
                "Every change is recorded in the agreement's trail.",
                "tags": ["parties"],
            },
        },
    }


def _determination_schemas() -> dict[str, Any]:
    """The legal advisor's determination and its basis."""
    from ..services.determination import CRITERIA, QNBI

    criteria = {
        "type": "object",
        "additionalProperties": False,
        "properties": {k: {"type": "boolean", "description": v} for k, v in CRITERIA.items()},
    }
    qnbi = {
        "type": "object",
        "additionalProperties": False,
        "properties": {k: {"type": "boolean", "description": v} for k, v in QNBI.items()},
    }
    return {
        "Determination": {
            "type": "object",
            "properties": {
                "is_binding": {"type": "boolean"},
                "is_reportable": {"type": "boolean"},
                "is_default": {"type": "boolean", "description": "True while the type's default stands."},
                "basis": {"type": "object", "properties": {"criteria": criteria, "qnbi": qnbi}},
                "note": TEXT,
                "state_reference": TEXT,
                "determined_by": {"type": ["string", "null"]},
                "determined_at": {**MOMENT, "type": ["string", "null"]},
            },
        },
    }

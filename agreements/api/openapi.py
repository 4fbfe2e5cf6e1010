"""The OpenAPI 3.1 document of the API: what no model says, written here (the description, the problem responses,
the shared parameters, the security scheme), with every operation generated from the views' declarations and
models (``contract.paths``) as its paths."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..services.deadlines import STATUSES as DEADLINE_STATUSES
from ..services.idempotency import MAX_KEY
from ..services.parties import PARTIES
from ..workflows import STATES, WORKFLOWS
from .models.base import DATE, LANGUAGE, MOMENT, NULLABLE_DATE, SHA256, TEXT

PROBLEM = "application/problem+json"


def _ref(name: str) -> dict[str, str]:
    """A reference to a schema of the components."""
    return {"$ref": f"#/components/schemas/{name}"}


# What the HTTP server in front of the app (gunicorn) refuses before the app sees it: a request line over 4094
# bytes, a header over 8190; any operation may get them, as a small HTML page.
SERVER_LIMITS = (414, 431)


def _server_limit(description: str) -> dict[str, Any]:
    """A refusal by the HTTP server itself, before the app: an HTML page, not problem+json."""
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


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
        **_determination_schemas(),
    }


def _document_schemas() -> dict[str, Any]:
    """The shape of the signed document, deadlines and diplomatic notes (the models refer to them)."""
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


@cache
def document() -> dict[str, Any]:
    """The whole OpenAPI document: what is written here, with the operations declared on the views
    (``contract.operation``), generated from their models, as its paths."""
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
        "components": _components(),
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

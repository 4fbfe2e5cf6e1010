"""The OpenAPI 3.1 document of the API, written out by hand as plain data."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..services.deadlines import IN_BATCHES, WITHIN_120_DAYS
from ..services.deadlines import STATUSES as DEADLINE_STATUSES
from ..services.idempotency import MAX_KEY
from ..services.listing import AGREEMENT_COLUMNS, COUNT_CAP, MAX_QUERY, NEXT_DEADLINE, OPEN, SORTS
from ..services.parties import AUTHORITY_KINDS, PARTIES
from ..services.taxonomy import AREAS
from ..services.versions import ORIGINS
from ..workflows import FINAL_STATES, STATES, WORKFLOWS

PROBLEM = "application/problem+json"
LIST_PARAMETERS = (
    "States",
    "Type",
    "Country",
    "Office",
    "Area",
    "Binding",
    "Region",
    "Overdue",
    "ListQuery",
    "ListSort",
)
CSV_DESCRIPTION = (
    "Every matching row, not a page, in the order asked for; a header row first: "
    + ", ".join(AGREEMENT_COLUMNS)
    + ". Dates and timestamps in ISO 8601 (UTC); yes/no for booleans; areas separated by `; `; "
    "a cell that a spreadsheet would run as a formula (starting with =, +, -, @) begins with an apostrophe."
)
AGREEMENTS_CSV = {"text/csv": {"schema": {"type": "string"}, "example": ",".join(AGREEMENT_COLUMNS)}}
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


def _problems(*codes: int) -> dict[str, Any]:
    """References to the shared problem responses, 401 and 500 always among them."""
    return {str(c): {"$ref": f"#/components/responses/{c}"} for c in sorted({401, 500, *codes})}


def _param(name: str) -> dict[str, str]:
    """A reference to a parameter of the components."""
    return {"$ref": f"#/components/parameters/{name}"}


TEXT = {"type": "string"}
DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166 alpha-2, e.g. RU", "examples": ["RU"]}
COUNTRY_GIVEN = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "description": "A country by its name or its ISO 3166 alpha-2 code: Russia, RU and ru are the same country.",
    "examples": ["Russia", "RU"],
}
LANGUAGE = {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "description": "BCP 47, e.g. ru"}
TRIGGERS = sorted({t for w in WORKFLOWS.values() for t in w.triggers})
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
    facts = {
        "title": {"type": "string", "maxLength": 500},
        "counterpart": {"type": "string", "maxLength": 300, "description": "The counterpart agency's name in English."},
        "counterpart_local": {
            "type": "string",
            "maxLength": 300,
            "description": "The counterpart agency's name in its own language (shown on the signed document).",
        },
        "counterpart_acronym": {"type": "string", "maxLength": 40},
        "country": COUNTRY_GIVEN,
        "languages": {
            "type": "array",
            "items": LANGUAGE,
            "minItems": 1,
            "description": 'Languages of the text, "en" first; defaults to ["en"].',
        },
        "office": {"type": ["string", "null"], "description": "Code of the responsible attaché office, e.g. MOW."},
        "areas": {"type": "array", "items": {"type": "string", "enum": sorted(AREAS)}, "uniqueItems": True},
        "is_binding": {"type": "boolean"},
        "is_reportable": {"type": "boolean"},
        "title_translations": {
            **per_language,
            "description": 'The title in each language of the text besides English, e.g. {"it": "Accordo …"}.',
        },
        "party_names": {
            "type": "object",
            "additionalProperties": False,
            "description": "The Parties (binding) or Participants (non-binding) by name, per language; what is "
            "not given is filled with the names known (the Government of the United States of America, the "
            "counterpart's Government by its country's official name, the agencies).",
            "properties": {"us": per_language, "counterpart": per_language},
        },
        "entry_rule": {
            "type": "string",
            "enum": ["signature", "date", "later_note", "days_after_later_note"],
            "description": "How a binding agreement enters into force: on signature, on a stated date "
            "(entry_rule_on), on the later of the two diplomatic notes, or entry_rule_days after it.",
        },
        "entry_rule_on": NULLABLE_DATE,
        "entry_rule_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650},
        "expires_on": NULLABLE_DATE,
        "renewal_years": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 50,
            "description": "Renewed automatically for this many years at expiry, unless notice is given.",
        },
        "renewal_notice_days": {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": 3650,
            "description": "How many days before expiry notice must be given to stop the renewal.",
        },
    }
    summary_props = {
        "id": {"type": "integer", "format": "int64"},
        "reference": {"type": "string", "examples": ["MOU-2026-0007"]},
        "type": {"type": "string", "enum": list(WORKFLOWS)},
        "title": TEXT,
        "state": {"type": "string", "enum": list(STATES)},
        "lock_version": {"type": "integer", "description": "Send it back as expected_lock_version."},
        "is_binding": {"type": "boolean"},
        "is_reportable": {"type": "boolean"},
        "country": COUNTRY,
        "languages": {"type": "array", "items": LANGUAGE},
        "counterpart": {"type": ["string", "null"]},
        "office": {"type": ["string", "null"]},
        "areas": {"type": "array", "items": TEXT},
        "current_version": {"type": ["integer", "null"], "description": "Number of the current text version."},
        "signed_on": NULLABLE_DATE,
        "in_force_on": NULLABLE_DATE,
        "expires_on": NULLABLE_DATE,
        "notice_on": NULLABLE_DATE,
        "termination_effective_on": NULLABLE_DATE,
        "terminated_on": NULLABLE_DATE,
        "created_at": MOMENT,
        "updated_at": MOMENT,
        "state_since": {**MOMENT, "description": "When the agreement entered its current state."},
        "days_in_state": {"type": "integer", "minimum": 0, "description": "Whole days (UTC) in the current state."},
        "days_allowed": {
            "type": ["integer", "null"],
            "description": "Days it may stay in this state before it is overdue (AGING_DAYS); null: no limit.",
        },
        "is_overdue": {"type": "boolean", "description": "Longer in its state than days_allowed."},
    }
    version_summary = {
        "number": {"type": "integer"},
        "note": TEXT,
        "origin": {"type": "string", "enum": list(ORIGINS)},
        "sha256": SHA256,
        "author": {"type": ["string", "null"], "description": "Email of the person who saved it."},
        "created_at": MOMENT,
        "article_count": {"type": "integer"},
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
        "ProblemType": {
            "type": "object",
            "properties": {"type": TEXT, "title": TEXT, "status": {"type": "integer"}, "description": TEXT},
        },
        "PerLanguage": per_language,
        "Article": article,
        "AgreementCreate": {
            "type": "object",
            "required": ["type", "title", "counterpart", "country"],
            "additionalProperties": False,
            "properties": {"type": {"type": "string", "enum": list(WORKFLOWS)}, **facts},
        },
        "AgreementPatch": {"type": "object", "additionalProperties": False, "properties": facts},
        "AgreementSummary": {
            "type": "object",
            "properties": {
                **summary_props,
                "next_deadline": {
                    "type": ["object", "null"],
                    "description": "In lists: the next deadline still to be met (an unsent transmittal, overdue or "
                    "not; the last day of notice before a renewal; the expiry), null when none.",
                    "properties": {
                        "due_on": DATE,
                        "kind": {"type": "string", "enum": ["transmittal", "renewal_notice", "expiry"]},
                        "days_left": {"type": "integer", "description": "From today (UTC); negative once past."},
                    },
                },
            },
        },
        "Agreement": {
            "type": "object",
            "properties": {
                **summary_props,
                "counterpart_agency": {
                    "type": ["object", "null"],
                    "properties": {"name": TEXT, "name_local": TEXT, "acronym": TEXT, "country": COUNTRY},
                },
                "current_sha256": {"type": ["string", "null"]},
                "signatories": {"type": "array", "items": _ref("Signatory")},
                "authorities": {"type": "array", "items": _ref("Authority")},
                "certifications": {
                    "type": "array",
                    "items": _ref("TextCertification"),
                    "description": "Changes of text a legal advisor certified not substantive, oldest first.",
                },
                "language_conformities": {
                    "type": "array",
                    "items": _ref("LanguageConformity"),
                    "description": "Records that the texts of a version conform in every language, oldest first.",
                },
                "available_transitions": {"type": "array", "items": _ref("AvailableTransition")},
                "signed_document": {
                    "oneOf": [_ref("SignedDocument"), {"type": "null"}],
                    "description": "The sealed PDF made at signature; null before.",
                },
                "documents_url": {"type": "string", "description": "Where the kept documents are listed."},
                "deadlines": {"type": "array", "items": _ref("Deadline")},
                "transmittals": {
                    "type": "array",
                    "items": _ref("Transmittal"),
                    "description": "What was sent to the State Department's treaty office, in the order sent.",
                },
                "publication": _ref("Publication"),
                "diplomatic_notes": {"type": "array", "items": _ref("DiplomaticNote")},
                "determination": _ref("Determination"),
                "title_translations": per_language,
                "party_names": facts["party_names"],
                "parties": {
                    **facts["party_names"],
                    "description": "Each side's name in each language, as the documents print it.",
                },
                "entry_rule": facts["entry_rule"],
                "entry_rule_on": NULLABLE_DATE,
                "entry_rule_days": {"type": ["integer", "null"]},
                "renewal_years": {"type": ["integer", "null"]},
                "renewal_notice_days": {"type": ["integer", "null"]},
            },
        },
        "AvailableTransition": {
            "type": "object",
            "description": "A step this user may take from the current state.",
            "properties": {
                "trigger": TEXT,
                "title": TEXT,
                "to": {"type": "string", "enum": list(STATES)},
                "allowed": {"type": "boolean", "description": "False when a guard would fail now."},
                "reasons": {"type": "array", "items": TEXT},
                "needs": {
                    "type": "array",
                    "items": TEXT,
                    "description": "What the request must carry: `comment` or fields of `data`.",
                },
            },
        },
        "AgreementList": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": _ref("AgreementSummary")},
                "total": {
                    "type": "integer",
                    "description": f"How many match; counted up to {COUNT_CAP:,} only (see total_is_capped).",
                },
                "total_is_capped": {
                    "type": "boolean",
                    "description": f"True when more than {COUNT_CAP:,} match: total is then {COUNT_CAP:,}, "
                    "and pages the pages known so far.",
                },
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "pages": {"type": "integer"},
                "has_next": {"type": "boolean", "description": "Whether a next page exists."},
            },
        },
        "AgreementType": {
            "type": "object",
            "properties": {
                "key": TEXT,
                "name": TEXT,
                "is_binding": {"type": "boolean"},
                "description": TEXT,
                "initial": TEXT,
                "states": {"type": "array", "items": TEXT},
                "final_states": {"type": "array", "items": TEXT},
                "transitions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "trigger": TEXT,
                            "title": TEXT,
                            "from": {"type": "array", "items": TEXT},
                            "to": TEXT,
                            "roles": {"type": "array", "items": TEXT},
                            "needs": {"type": "array", "items": TEXT},
                            "guards": {"type": "array", "items": TEXT},
                        },
                    },
                },
            },
        },
        "AgreementTypeList": {
            "type": "object",
            "properties": {"items": {"type": "array", "items": _ref("AgreementType")}},
        },
        "VersionInput": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "preamble": {"oneOf": [per_language, {"type": "string"}]},
                "articles": {"type": "array", "items": _ref("Article"), "maxItems": 500},
                "final_clauses": {"oneOf": [per_language, {"type": "string"}]},
                "note": {"type": "string", "maxLength": 2000},
                "origin": {"type": "string", "enum": list(ORIGINS), "default": "ours"},
                "base_version": {
                    "type": "integer",
                    "description": "The version edited; refused with 409 if someone saved since.",
                },
            },
        },
        "VersionSummary": {"type": "object", "properties": version_summary},
        "Version": {
            "type": "object",
            "properties": {
                **version_summary,
                "preamble": _ref("PerLanguage"),
                "articles": {"type": "array", "items": _ref("Article")},
                "final_clauses": _ref("PerLanguage"),
            },
        },
        "VersionList": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("VersionSummary")}}},
        "TransitionRequest": {
            "type": "object",
            "required": ["trigger"],
            "additionalProperties": False,
            "properties": {
                "trigger": {"type": "string", "enum": TRIGGERS},
                "comment": {"type": "string", "maxLength": 5000},
                "expected_lock_version": {
                    "type": "integer",
                    "description": "The lock_version you loaded; 409 if the agreement changed since.",
                },
                "data": {
                    "type": "object",
                    "description": "Facts the trigger records (see each type's `needs`).",
                    "properties": {
                        "legal_authority": {"type": "string", "description": "request_authority"},
                        "reference": {"type": "string", "description": "grant_negotiation_authority"},
                        "granted_by": {"type": "string", "description": "grant_negotiation_authority"},
                        "granted_by_title": {
                            "type": "string",
                            "maxLength": 200,
                            "description": "grant_negotiation_authority: the granting official's title",
                        },
                        "granted_on": {**DATE, "description": "grant_negotiation_authority"},
                        "in_force_on": {**DATE, "description": "enter_into_force"},
                        "our_note_on": {**DATE, "description": "enter_into_force by notification: our note"},
                        "our_note_reference": {"type": "string", "description": "enter_into_force: our note"},
                        "their_note_on": {**DATE, "description": "enter_into_force by notification: their note"},
                        "their_note_reference": {"type": "string", "description": "enter_into_force: their note"},
                        "notice_on": {**DATE, "description": "give_notice"},
                        "effective_on": {**DATE, "description": "give_notice"},
                    },
                },
            },
        },
        "Event": {
            "type": "object",
            "properties": {
                "seq": {"type": "integer"},
                "trigger": TEXT,
                "from": {"type": ["string", "null"]},
                "to": TEXT,
                "actor": {"type": "string", "description": "Email of the person, or `system`."},
                "at": MOMENT,
                "comment": TEXT,
                "version": {"type": ["integer", "null"]},
                "data": {"type": "object"},
                "hash": SHA256,
                "prev_hash": {"type": ["string", "null"]},
            },
        },
        "EventList": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Event")}}},
        "AuthorityInput": {
            "type": "object",
            "required": ["kind", "reference", "granted_by", "granted_by_title", "granted_on"],
            "additionalProperties": False,
            "description": "Recorded by program managers; a legal advisor then confirms it.",
            "properties": {
                "kind": {"type": "string", "enum": list(AUTHORITY_KINDS)},
                "reference": {"type": "string", "maxLength": 200, "description": "The State Department's reference."},
                "granted_by": {"type": "string", "maxLength": 200, "description": "The granting official."},
                "granted_by_title": {
                    "type": "string",
                    "maxLength": 200,
                    "description": "The granting official's title. To conclude: Assistant Secretary level or above "
                    "(11 FAM 724.3), e.g. Assistant Secretary of State for International Narcotics and Law "
                    "Enforcement Affairs; the Legal Adviser is not.",
                },
                "granted_on": {**DATE, "description": "Not in the future, nor after our side's signature."},
            },
        },
        "Authority": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string", "enum": list(AUTHORITY_KINDS)},
                "reference": TEXT,
                "granted_by": TEXT,
                "granted_by_title": TEXT,
                "granted_on": DATE,
                "text_hash": {"type": ["string", "null"]},
                "covers_current_text": {
                    "type": "boolean",
                    "description": "The text it was given for is the current one, or leads to it by changes "
                    "certified not substantive.",
                },
                "recorded_by": {"type": ["string", "null"]},
                "created_at": MOMENT,
                "confirmed_by": {
                    "type": ["string", "null"],
                    "description": "The legal advisor who confirmed it; null until then (a step that needs it waits).",
                },
                "confirmed_at": {**MOMENT, "type": ["string", "null"]},
            },
        },
        "AuthorityList": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Authority")}}},
        "SignatoryInput": {
            "type": "object",
            "required": ["name", "title"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "maxLength": 200},
                "title": {"type": "string", "maxLength": 300},
                "organisation": {"type": "string", "maxLength": 300},
                "signed_on": {**DATE, "description": "Once signed."},
                "place": {"type": "string", "maxLength": 200, "description": "Once signed."},
            },
        },
        "Signatory": {
            "type": "object",
            "properties": {
                "party": {"type": "string", "enum": list(PARTIES)},
                "name": TEXT,
                "title": TEXT,
                "organisation": TEXT,
                "signed_on": NULLABLE_DATE,
                "place": TEXT,
            },
        },
        "SignatoryList": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Signatory")}}},
        **_comparison_schemas(),
        **_document_schemas(),
        **_contact_schemas(),
        **_search_schemas(),
        **_determination_schemas(),
        **_authority_record_schemas(),
        **_conformity_schemas(),
        **_transmittal_schemas(),
        **_dashboard_schemas(),
        **_deadline_list_schemas(),
        "RoundInput": {
            "type": "object",
            "required": ["held_on", "format", "summary"],
            "additionalProperties": False,
            "properties": {
                "held_on": DATE,
                "format": {"type": "string", "enum": ["in_person", "video", "written"]},
                "place": {"type": "string", "maxLength": 200, "description": "Required for a round held in person."},
                "participants": {"type": "string", "maxLength": 2000},
                "summary": {"type": "string", "minLength": 1, "maxLength": 10000},
                "proposal": {
                    **_ref("VersionInput"),
                    "description": "The counterpart's whole text, saved as a new version with origin counterpart.",
                },
                "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Instead of a proposal: the number of a saved version that came of the round.",
                },
            },
        },
        "LintReport": {
            "type": "object",
            "required": ["applies", "version", "items"],
            "properties": {
                "applies": {"type": "boolean", "description": "False for binding agreements: nothing is checked."},
                "version": {"type": ["integer", "null"]},
                "unacknowledged": {
                    "type": "integer",
                    "description": "Findings no legal advisor acknowledged for this version: clear_for_signature waits "
                    "for none (the current version).",
                },
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "rule", "where", "language", "found", "count", "suggestion"],
                        "properties": {
                            "key": {
                                "type": "string",
                                "description": "What an acknowledgement names: rule|place|language|words, "
                                "e.g. shall|Art. 2|en|shall.",
                            },
                            "rule": {"type": "string"},
                            "where": {"type": "string", "description": "title, preamble, article or final_clauses"},
                            "article": {"type": ["string", "null"]},
                            "language": {"type": "string"},
                            "found": {"type": "string"},
                            "count": {"type": "integer"},
                            "suggestion": {"type": "string"},
                            "acknowledgement": {"oneOf": [_ref("LintAcknowledgement"), {"type": "null"}]},
                        },
                    },
                },
            },
        },
        "LintAcknowledgementInput": {
            "type": "object",
            "required": ["finding", "reason"],
            "additionalProperties": False,
            "properties": {
                "finding": {"type": "string", "minLength": 1, "description": "The finding's key, from the report."},
                "reason": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 5000,
                    "description": "Why the wording may stay.",
                },
            },
        },
        "LintAcknowledgement": {
            "type": "object",
            "properties": {
                "finding": TEXT,
                "version": {"type": "integer", "description": "The version of the text it counts for, and no other."},
                "reason": TEXT,
                "acknowledged_by": {"type": ["string", "null"]},
                "acknowledged_by_name": {"type": ["string", "null"]},
                "acknowledged_at": MOMENT,
            },
        },
        "Round": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "held_on": DATE,
                "format": {"type": "string", "enum": ["in_person", "video", "written"]},
                "place": TEXT,
                "participants": TEXT,
                "summary": TEXT,
                "version": {"type": ["integer", "null"], "description": "The resulting version."},
                "version_origin": {"type": ["string", "null"], "enum": [*ORIGINS, None]},
                "recorded_by": {"type": ["string", "null"]},
                "created_at": MOMENT,
            },
        },
        "RoundList": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Round")}}},
        "CommentInput": {
            "type": "object",
            "required": ["body"],
            "additionalProperties": False,
            "properties": {
                "article": {
                    "type": "string",
                    "description": "An article number of the version, or preamble or final_clauses; an answer takes "
                    "its comment's article.",
                },
                "body": {"type": "string", "minLength": 1, "maxLength": 5000},
                "parent_id": {"type": ["integer", "null"], "description": "The comment this answers."},
            },
        },
        "Comment": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "version": {"type": "integer"},
                "article": TEXT,
                "body": TEXT,
                "parent_id": {"type": ["integer", "null"]},
                "author": {"type": ["string", "null"]},
                "author_name": {"type": ["string", "null"]},
                "created_at": MOMENT,
                "is_resolved": {"type": "boolean"},
                "resolved_at": {"type": ["string", "null"], "format": "date-time"},
                "resolved_by": {"type": ["string", "null"]},
            },
        },
        "CommentList": {
            "type": "object",
            "properties": {"items": {"type": "array", "items": _ref("Comment")}, "total": {"type": "integer"}},
        },
    }


def _comparison_schemas() -> dict[str, Any]:
    """The shape of a comparison of two versions."""
    redline = {
        "type": "object",
        "description": "Per language, as segments: equal + delete give the earlier text, equal + insert the later.",
        "additionalProperties": {"type": "array", "items": _ref("Segment")},
    }
    compared = {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "author": {"type": ["string", "null"]},
            "author_name": {"type": ["string", "null"]},
            "created_at": MOMENT,
            "origin": {"type": "string", "enum": list(ORIGINS)},
            "note": TEXT,
            "sha256": SHA256,
        },
    }
    block = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["added", "removed", "changed", "unchanged"]},
            "changed_languages": {"type": "array", "items": LANGUAGE},
            "language_warning": {
                "type": ["string", "null"],
                "description": "Changed in some languages of the agreement and not in the others: check that the "
                "versions still conform.",
            },
            "text": redline,
        },
    }
    statuses = ["added", "removed", "changed", "unchanged", "moved", "renumbered"]
    article = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": statuses},
            "from_number": {"type": ["string", "null"]},
            "to_number": {"type": ["string", "null"]},
            "text_changed": {"type": "boolean"},
            "changed_languages": {
                "type": "object",
                "properties": {
                    "heading": {"type": "array", "items": LANGUAGE},
                    "body": {"type": "array", "items": LANGUAGE},
                },
            },
            "language_warning": {
                "type": ["string", "null"],
                "description": "Changed in some languages of the agreement and not in the others: check that the "
                "versions still conform.",
            },
            "heading": redline,
            "body": redline,
        },
    }
    return {
        "Segment": {
            "type": "object",
            "properties": {"op": {"type": "string", "enum": ["equal", "insert", "delete"]}, "text": TEXT},
        },
        "Comparison": {
            "type": "object",
            "properties": {
                "agreement_id": {"type": "integer"},
                "reference": TEXT,
                "languages": {"type": "array", "items": LANGUAGE},
                "from": compared,
                "to": compared,
                "identical": {"type": "boolean"},
                "summary": {"type": "array", "items": TEXT, "examples": [["Art. 7 body changed in en and ru"]]},
                "language_warnings": {
                    "type": "array",
                    "items": TEXT,
                    "description": "Each part changed in some languages and not in the others, in reading order.",
                    "examples": [
                        ["Art. 3 changed in English but not in Italian: check that the versions still conform."]
                    ],
                },
                "preamble": block,
                "articles": {"type": "array", "items": article},
                "final_clauses": block,
            },
        },
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
                    "sealed, for signed agreements too. 404 while the agreement has no text."
                ),
                "operationId": "getDocumentPdf",
                "tags": ["documents"],
                "parameters": [
                    {
                        "name": "version",
                        "in": "query",
                        "required": False,
                        "description": "A version number: a draft of that version.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
                "responses": {
                    "200": _download("The PDF.", PDF),
                    "304": {"description": "Unchanged since the ETag sent in If-None-Match."},
                    **_problems(404, 422),
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
                "responses": {"204": {"description": "Removed."}, **_problems(403, 404, 409)},
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
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY},
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
            "415": _problem_response("The body is not of a type this endpoint accepts; the detail names them."),
            "422": _problem_response("Invalid input (`errors` per field) or a guard failed (`reasons`)."),
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
    agreement = [_param("AgreementId")]
    public = {"security": []}
    return {
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "openapi",
                "tags": ["reference"],
                **public,
                "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {}}}},
            }
        },
        "/api/v1/problems/{slug}": {
            "parameters": [_param("ProblemSlug")],
            "get": {
                "summary": "What a problem type means",
                "operationId": "problemType",
                "tags": ["reference"],
                **public,
                "responses": {
                    "200": _json("ProblemType", "The problem type."),
                    "404": {"$ref": "#/components/responses/404"},
                },
            },
        },
        "/api/v1/agreement-types": {
            "get": {
                "summary": "Agreement types with their states and transitions",
                "operationId": "listAgreementTypes",
                "tags": ["workflows"],
                "responses": {"200": _json("AgreementTypeList", "Every type."), **_problems()},
            }
        },
        "/api/v1/agreement-types/{key}": {
            "parameters": [_param("TypeKey")],
            "get": {
                "summary": "One agreement type",
                "operationId": "getAgreementType",
                "tags": ["workflows"],
                "responses": {"200": _json("AgreementType", "The type."), **_problems(404)},
            },
        },
        "/api/v1/agreements": {
            "get": {
                "summary": "Agreements you may see, newest first (or sorted), filtered; as CSV with Accept: text/csv",
                "operationId": "listAgreements",
                "tags": ["agreements"],
                "parameters": [_param(p) for p in (*LIST_PARAMETERS, "Page", "PerPage")],
                "responses": {
                    "200": {
                        "description": "One page; or, asked for text/csv, every matching agreement as CSV.",
                        "content": {"application/json": {"schema": _ref("AgreementList")}, **AGREEMENTS_CSV},
                    },
                    **_problems(422),
                },
            },
            "post": {
                **_write(
                    "Open an agreement (in drafting)",
                    "createAgreement",
                    ("AgreementCreate", "The basic facts."),
                    {"201": _json("Agreement", "The new agreement.", {**LOCATION, **REPLAYED})},
                    403,
                ),
                "tags": ["agreements"],
            },
        },
        "/api/v1/agreements.csv": {
            "get": {
                "summary": "Every agreement you may see that the filters keep, as CSV",
                "description": CSV_DESCRIPTION,
                "operationId": "exportAgreements",
                "tags": ["agreements"],
                "parameters": [_param(p) for p in LIST_PARAMETERS],
                "responses": {
                    "200": {"description": "The CSV, streamed.", "content": AGREEMENTS_CSV},
                    **_problems(422),
                },
            }
        },
        "/api/v1/agreements/{agreement_id}": {
            "parameters": agreement,
            "get": {
                "summary": "One agreement, with the transitions you may fire now",
                "operationId": "getAgreement",
                "tags": ["agreements"],
                "responses": {"200": _json("Agreement", "The agreement."), **_problems(404)},
            },
            "patch": {
                **_write(
                    "Change the basic facts",
                    "updateAgreement",
                    ("AgreementPatch", "The facts to change."),
                    {"200": _json("Agreement", "The agreement.")},
                    403,
                    404,
                    409,
                ),
                "tags": ["agreements"],
            },
        },
        "/api/v1/agreements/{agreement_id}/versions": {
            "parameters": agreement,
            "get": {
                "summary": "Versions of the text, newest first",
                "operationId": "listVersions",
                "tags": ["text"],
                "responses": {"200": _json("VersionList", "The versions."), **_problems(404)},
            },
            "post": {
                **_write(
                    "Save the next version of the text",
                    "saveVersion",
                    ("VersionInput", "The whole text."),
                    {"201": _json("Version", "The new version.", {**LOCATION, **REPLAYED})},
                    403,
                    404,
                    409,
                ),
                "tags": ["text"],
            },
        },
        "/api/v1/agreements/{agreement_id}/versions/{number}": {
            "parameters": [*agreement, _param("VersionNumber")],
            "get": {
                "summary": "One version of the text",
                "operationId": "getVersion",
                "tags": ["text"],
                "responses": {"200": _json("Version", "The version."), **_problems(404)},
            },
        },
        "/api/v1/agreements/{agreement_id}/compare": {
            "parameters": agreement,
            "get": {
                "summary": "Compare two versions of the text",
                "description": (
                    "Article by article (moved and renumbered articles recognised), with word-level redlines of "
                    "heading and body per language, the preamble and final clauses, and a summary in sentences."
                ),
                "operationId": "compareVersions",
                "tags": ["text"],
                "parameters": [
                    {
                        "name": n,
                        "in": "query",
                        "required": True,
                        "description": d,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                    for n, d in (("from", "The earlier version's number."), ("to", "The later version's number."))
                ],
                "responses": {"200": _json("Comparison", "The two versions compared."), **_problems(404, 422)},
            },
        },
        "/api/v1/agreements/{agreement_id}/transitions": {
            "parameters": agreement,
            "post": {
                **_write(
                    "Fire a transition",
                    "fireTransition",
                    ("TransitionRequest", "The trigger, and the comment and data it needs."),
                    {"200": _json("Agreement", "The agreement afterwards.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "tags": ["workflows"],
            },
        },
        "/api/v1/agreements/{agreement_id}/events": {
            "parameters": agreement,
            "get": {
                "summary": "The audit trail, oldest first",
                "operationId": "listEvents",
                "tags": ["workflows"],
                "responses": {"200": _json("EventList", "Every event."), **_problems(404)},
            },
        },
        "/api/v1/agreements/{agreement_id}/authorities": {
            "parameters": agreement,
            "get": {
                "summary": "State Department authorities",
                "operationId": "listAuthorities",
                "tags": ["parties"],
                "responses": {"200": _json("AuthorityList", "The authorities."), **_problems(404)},
            },
            "post": {
                **_write(
                    "Record an authority (program managers), bound to the current text's hash",
                    "recordAuthority",
                    ("AuthorityInput", "The authority."),
                    {"201": _json("Authority", "The authority recorded.", REPLAYED)},
                    403,
                    404,
                ),
                "tags": ["parties"],
            },
        },
        "/api/v1/agreements/{agreement_id}/versions/from-model": {
            "parameters": agreement,
            "post": {
                "summary": "Start the text from the type's model text (saved as version 1)",
                "description": "Binding wording for a CMAA, non-binding for the others; refused once a text exists.",
                "operationId": "startFromModel",
                "tags": ["text"],
                "parameters": [_param("IdempotencyKey")],
                "responses": {
                    "201": _json("Version", "Version 1, the model text.", REPLAYED),
                    **_problems(403, 404, 409),
                },
            },
        },
        "/api/v1/agreements/{agreement_id}/lint": {
            "parameters": agreement,
            "get": {
                "summary": "Binding wording in a non-binding text",
                "description": "Each finding names the place, the language, the words found and what to use instead.",
                "operationId": "wordingCheck",
                "tags": ["text"],
                "parameters": [
                    {
                        "name": "version",
                        "in": "query",
                        "required": False,
                        "description": "A version number; the current version when omitted.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
                "responses": {"200": _json("LintReport", "The findings."), **_problems(404, 422)},
            },
        },
        "/api/v1/agreements/{agreement_id}/lint/acknowledgements": {
            "parameters": agreement,
            "post": {
                **_write(
                    "Acknowledge a finding of the wording check on the current version (legal advisors)",
                    "acknowledgeWording",
                    ("LintAcknowledgementInput", "The finding's key and the reason."),
                    {"201": _json("LintAcknowledgement", "The acknowledgement.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "On a non-binding text, clear_for_signature waits until every finding on the current "
                "version is revised away or acknowledged. An acknowledgement counts for that version only; 422 for "
                "a finding the current text does not have, 409 once acknowledged, for a binding agreement or once "
                "cleared for signature. An event of the trail (acknowledge_wording).",
                "tags": ["text"],
            },
        },
        "/api/v1/agreements/{agreement_id}/rounds": {
            "parameters": agreement,
            "get": {
                "summary": "Negotiation rounds, newest first",
                "operationId": "listRounds",
                "tags": ["text"],
                "responses": {"200": _json("RoundList", "The rounds."), **_problems(404)},
            },
            "post": {
                **_write(
                    "Record a negotiation round, optionally with the counterpart's proposal as a new version",
                    "recordRound",
                    ("RoundInput", "The round."),
                    {"201": _json("Round", "The round recorded.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "tags": ["text"],
            },
        },
        "/api/v1/agreements/{agreement_id}/signatories": {
            "parameters": agreement,
            "get": {
                "summary": "Signatories of both parties",
                "operationId": "listSignatories",
                "tags": ["parties"],
                "responses": {"200": _json("SignatoryList", "The signatories."), **_problems(404)},
            },
        },
        "/api/v1/agreements/{agreement_id}/signatories/{party}": {
            "parameters": [*agreement, _param("Party")],
            "put": {
                **_write(
                    "Designate a party's signatory, or record the signature",
                    "setSignatory",
                    ("SignatoryInput", "The signatory; signed_on and place once signed."),
                    {"200": _json("Signatory", "The signatory.")},
                    403,
                    404,
                    409,
                ),
                "tags": ["parties"],
            },
        },
        "/api/v1/agreements/{agreement_id}/versions/{number}/comments": {
            "parameters": [*agreement, _param("VersionNumber")],
            "post": {
                **_write(
                    "Comment on an article of a version (legal advisors), or answer a comment",
                    "addComment",
                    ("CommentInput", "The article and the comment; parent_id to answer."),
                    {"201": _json("Comment", "The comment.", {**LOCATION, **REPLAYED})},
                    403,
                    404,
                    409,
                ),
                "tags": ["review"],
            },
        },
        "/api/v1/agreements/{agreement_id}/comments": {
            "parameters": agreement,
            "get": {
                "summary": "Review comments and answers, oldest first",
                "operationId": "listComments",
                "tags": ["review"],
                "parameters": [
                    {"name": "open", "in": "query", "schema": {"type": "boolean"}, "description": "Only unresolved."},
                    {"name": "version", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {"200": _json("CommentList", "The comments."), **_problems(404, 422)},
            },
        },
        "/api/v1/agreements/{agreement_id}/comments/{comment_id}/resolve": {
            "parameters": [
                *agreement,
                {"name": "comment_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
            ],
            "post": {
                "summary": "Resolve a comment and its answers (legal advisors)",
                "operationId": "resolveComment",
                "tags": ["review"],
                "parameters": [_param("IdempotencyKey")],
                "responses": {"200": _json("Comment", "The resolved comment.", REPLAYED), **_problems(403, 404, 409)},
            },
        },
        **_document_paths(),
        **_contact_paths(),
        **_search_paths(),
        **_determination_paths(),
        **_authority_record_paths(),
        **_conformity_paths(),
        **_transmittal_paths(),
        **_dashboard_paths(),
        **_deadline_list_paths(),
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
        "Contact": {
            "type": "object",
            "properties": {**person, "confirmed_on": NULLABLE_DATE, "party": party, "updated_at": MOMENT},
        },
        "Contacts": {
            "type": "object",
            "description": "Each party's points of contact, in list order.",
            "properties": {"counterpart": people, "us": people},
        },
        "PartyContacts": {"type": "object", "properties": {"party": party, "items": people}},
    }


def _contact_paths() -> dict[str, Any]:
    """The points of contact of an agreement, and replacing one party's list."""
    agreement = [_param("AgreementId")]
    return {
        "/api/v1/agreements/{agreement_id}/contacts": {
            "parameters": agreement,
            "get": {
                "summary": "Points of contact of each party",
                "operationId": "listContacts",
                "tags": ["parties"],
                "responses": {"200": _json("Contacts", "The points of contact."), **_problems(404)},
            },
        },
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


def _search_schemas() -> dict[str, Any]:
    """A page of search hits."""
    return {
        "SearchHit": {
            "type": "object",
            "required": ["agreement_id", "reference", "title", "state", "article", "heading", "snippet"],
            "properties": {
                "agreement_id": {"type": "integer"},
                "reference": TEXT,
                "title": TEXT,
                "state": {"type": "string", "enum": list(STATES)},
                "kind": {
                    "type": "string",
                    "enum": ["agreement", "preamble", "article", "final_clauses"],
                    "description": "What matched: the agreement itself (reference, title, counterpart), or a passage.",
                },
                "article": {
                    "type": ["string", "null"],
                    "description": "The article's number; null for other passages.",
                },
                "heading": {"type": "string", "description": "The article's heading in the language that matched."},
                "snippet": {
                    "type": "string",
                    "description": "HTML: a short excerpt, its text escaped, the words found in <mark>…</mark>.",
                },
                "language": LANGUAGE,
                "rank": {"type": "number", "description": "Higher is better; its scale depends on the database."},
                "url": {"type": "string", "description": "The passage on the agreement's terms page."},
            },
        },
        "SearchResults": {
            "type": "object",
            "required": ["items", "total"],
            "properties": {
                "items": {"type": "array", "items": _ref("SearchHit")},
                "total": {"type": "integer", "description": "Passages found: exact up to 1,000."},
                "total_is_capped": {"type": "boolean", "description": "More than 1,000 were found: narrow the search."},
                "total_label": {"type": "string", "examples": ["37", "1,000+"]},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "pages": {"type": "integer"},
                "query": TEXT,
                "filters": {"type": "object", "description": "The filters in use, as understood (country as a code)."},
            },
        },
    }


def _search_paths() -> dict[str, Any]:
    """Finding the terms."""
    return {
        "/api/v1/search": {
            "get": {
                "summary": "Search the texts of the agreements you may see (by default, those in force today)",
                "description": 'Words are all required; "quoted words" stand together; or takes either; -word '
                "leaves a word out; nothing else is syntax. Every language of the texts is searched, each "
                "with its own stemming. Hits are passages (articles, preambles, final clauses, or the "
                "agreement itself for its reference, title or counterpart), one per passage, best first.",
                "operationId": "searchTerms",
                "tags": ["search"],
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 500},
                        "examples": {"words": {"value": "bank records"}},
                    },
                    _param("Country"),
                    {"name": "counterpart", "in": "query", "schema": {"type": "string", "maxLength": 300}},
                    _param("Type"),
                    {"name": "area", "in": "query", "schema": {"type": "string", "enum": list(AREAS)}},
                    {
                        "name": "in_force_on",
                        "in": "query",
                        "schema": DATE,
                        "description": "What was in force on that day (by its signature, entry-into-force, "
                        "expiry and termination dates).",
                    },
                    {
                        "name": "state",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["any", *STATES]},
                        "description": "any: every state, drafts too; a state: only that one. "
                        "Without it and without in_force_on: in force today.",
                    },
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                ],
                "responses": {"200": _json("SearchResults", "One page of hits."), **_problems(422)},
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
        "DeterminationInput": {
            "type": "object",
            "required": ["is_binding", "is_reportable", "basis"],
            "additionalProperties": False,
            "properties": {
                "is_binding": {"type": "boolean"},
                "is_reportable": {"type": "boolean", "description": "Always true for a binding agreement."},
                "basis": {
                    "type": "object",
                    "required": ["criteria", "note"],
                    "properties": {
                        "criteria": {
                            **criteria,
                            "description": "22 CFR 181.2(a): (1) to (4) all yes for a binding text.",
                        },
                        "qnbi": {
                            **qnbi,
                            "description": "22 CFR 181.4(b)(3), for a non-binding text: reported if any is yes.",
                        },
                        "note": {"type": "string", "minLength": 1, "maxLength": 5000},
                        "state_reference": {"type": "string", "maxLength": 200},
                    },
                },
            },
        },
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


def _determination_paths() -> dict[str, Any]:
    """Recording the determination."""
    return {
        "/api/v1/agreements/{agreement_id}/determination": {
            "parameters": [_param("AgreementId")],
            "post": {
                **_write(
                    "Record the determination: binding or not, reportable or not (legal advisors, in legal review)",
                    "determine",
                    ("DeterminationInput", "The determination and its basis."),
                    {"200": _json("Agreement", "The agreement, following the track of its determination.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "Whether a text is binding is the legal advisor's determination (22 CFR 181.3). "
                "The workflow follows it: a type determined binding follows the binding track. A CMAA "
                "cannot be determined non-binding.",
                "tags": ["parties"],
            },
        },
    }


def _authority_record_schemas() -> dict[str, Any]:
    """A change of text certified not substantive, and the request to certify one."""
    return {
        "CertificationInput": {
            "type": "object",
            "required": ["note"],
            "additionalProperties": False,
            "properties": {
                "note": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 5000,
                    "description": "What changed and why it is not substantive (a correction, date and place "
                    "filled in).",
                }
            },
        },
        "TextCertification": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "from_hash": {**SHA256, "description": "The text an authority covered (or a certification led to)."},
                "to_hash": {**SHA256, "description": "The text certified: the current one when certified."},
                "version": {"type": "integer", "description": "The number of the version certified."},
                "note": TEXT,
                "certified_by": {"type": ["string", "null"]},
                "certified_at": MOMENT,
            },
        },
    }


def _authority_record_paths() -> dict[str, Any]:
    """Confirming an authority; certifying a change not substantive."""
    agreement = [_param("AgreementId")]
    return {
        "/api/v1/agreements/{agreement_id}/authorities/{authority_id}/confirm": {
            "parameters": [
                *agreement,
                {"name": "authority_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
            ],
            "post": {
                "summary": "Confirm an authority a program manager recorded (legal advisors)",
                "description": "A step that needs an authority needs it confirmed: clear_for_signature on the "
                "binding track waits for the authorities to negotiate and to conclude. An event of the trail "
                "(confirm_authority). No body.",
                "operationId": "confirmAuthority",
                "tags": ["parties"],
                "parameters": [_param("IdempotencyKey")],
                "responses": {
                    "200": _json("Authority", "The authority, confirmed.", REPLAYED),
                    **_problems(403, 404, 409),
                },
            },
        },
        "/api/v1/agreements/{agreement_id}/certifications": {
            "parameters": agreement,
            "post": {
                **_write(
                    "Certify that the current text's change is not substantive (legal advisors)",
                    "certifyNotSubstantive",
                    ("CertificationInput", "The note: what changed and why it is not substantive."),
                    {"201": _json("TextCertification", "The certification.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "From the last earlier version an authority covers (directly or by an earlier "
                "certification) to the current one: the authorities that covered that text then cover this one "
                "(11 FAM 724). While the text can change or is in final review; 409 otherwise, when the current "
                "text is already covered, or when no authority covers an earlier text. An event of the trail "
                "(certify_not_substantive).",
                "tags": ["parties"],
            },
        },
    }


def _conformity_schemas() -> dict[str, Any]:
    """A record that the language versions of a text conform, and the request to record one."""
    from ..services.conformity import MAX_NOTE

    return {
        "ConformityInput": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "note": {
                    "type": "string",
                    "maxLength": MAX_NOTE,
                    "description": "Optional: what was compared, and how.",
                }
            },
        },
        "LanguageConformity": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "version_number": {"type": "integer", "description": "The number of the version recorded."},
                "text_hash": {**SHA256, "description": "The text recorded: the current one when recorded."},
                "languages": {"type": "array", "items": LANGUAGE, "description": "The languages that conform."},
                "note": TEXT,
                "certified_by": {"type": ["string", "null"]},
                "certified_at": MOMENT,
            },
        },
    }


def _conformity_paths() -> dict[str, Any]:
    """Recording that the language versions of the current text conform."""
    return {
        "/api/v1/agreements/{agreement_id}/conformity": {
            "parameters": [_param("AgreementId")],
            "post": {
                **_write(
                    "Record that the texts in each language of the current version conform (legal advisors)",
                    "recordConformity",
                    ("ConformityInput", "An optional note; send {} for none."),
                    {"201": _json("LanguageConformity", "The record.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "For the current version of the text, bound to its hash: a new version needs a new "
                "record. Clearing for signature waits for one when the agreement has two languages or more. 409 "
                "once the agreement is signed, for an agreement in one language, with no text yet, or when the "
                "current text already has a record; 422 when the text is not complete in every language (the "
                "detail names what is missing) or the note is too long. An event of the trail (record_conformity).",
                "tags": ["parties"],
            },
        },
    }


def _transmittal_schemas() -> dict[str, Any]:
    """Transmittals to the treaty office (22 CFR 181.7) and the State Department's publication (181.9)."""
    from ..services.transmittals import KINDS, MAX_CITATION, MAX_REFERENCE

    kind = {"type": "string", "enum": list(KINDS), "description": "; ".join(f"{k}: {v}" for k, v in KINDS.items())}
    sent_document = {
        "type": "object",
        "description": "A kept document sent with it, as it was then.",
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["signed", "scan"]},
            "filename": TEXT,
            "sha256": SHA256,
        },
    }
    return {
        "TransmittalInput": {
            "type": "object",
            "required": ["kind", "sent_on", "reference", "languages"],
            "additionalProperties": False,
            "description": "Once signed; binding agreements and qualifying non-binding instruments only.",
            "properties": {
                "kind": kind,
                "sent_on": {
                    **DATE,
                    "description": "Not in the future, not before signature (the notice: not before entry into force).",
                },
                "reference": {"type": "string", "minLength": 1, "maxLength": MAX_REFERENCE},
                "languages": {
                    "type": "array",
                    "items": LANGUAGE,
                    "description": "Languages of the texts sent; for the text, every language of the agreement "
                    "(22 CFR 181.7(a)(1)).",
                },
                "documents": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "description": "Ids of the kept documents sent: the signed PDF and scans of the originals.",
                },
            },
        },
        "Transmittal": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "kind": kind,
                "sent_on": DATE,
                "reference": TEXT,
                "languages": {"type": "array", "items": LANGUAGE},
                "documents": {"type": "array", "items": sent_document},
                "recorded_by": {"type": ["string", "null"]},
                "created_at": MOMENT,
            },
        },
        "TransmittalList": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": _ref("Transmittal")},
                "deadline": {
                    "oneOf": [_ref("Deadline"), {"type": "null"}],
                    "description": "The 15 days after signature; null before signature or when nothing is sent.",
                },
                "nothing_to_transmit": {
                    "type": ["string", "null"],
                    "description": "Why nothing goes to the treaty office (yet); null once something does.",
                },
            },
        },
        "PublicationInput": {
            "type": "object",
            "required": ["published_on", "citation"],
            "additionalProperties": False,
            "properties": {
                "published_on": {**DATE, "description": "Not in the future, not before entry into force."},
                "citation": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_CITATION,
                    "examples": ["TIAS 26-415"],
                },
            },
        },
        "Publication": {
            "type": "object",
            "description": "The State Department's duty (22 CFR 181.9), tracked here.",
            "properties": {
                "rule": {
                    "type": ["string", "null"],
                    "enum": [WITHIN_120_DAYS, IN_BATCHES, None],
                    "description": "Within 120 days of entry into force (181.9(a)); in batches every 120 days "
                    "(qualifying non-binding instruments, 181.9(b)); null: not published.",
                },
                "responsible": {"type": "string", "enum": ["state_department"]},
                "published_on": NULLABLE_DATE,
                "citation": {"type": ["string", "null"]},
                "due_on": {**NULLABLE_DATE, "description": "By when, where the rule gives a date."},
                "summary": {"type": ["string", "null"], "description": "Where it stands, in words, once in force."},
            },
        },
    }


def _transmittal_paths() -> dict[str, Any]:
    """Recording what was sent to the treaty office, and the State Department's publication."""
    agreement = [_param("AgreementId")]
    return {
        "/api/v1/agreements/{agreement_id}/transmittals": {
            "parameters": agreement,
            "get": {
                "summary": "What was sent to the State Department's treaty office, and where the 15 days stand",
                "operationId": "listTransmittals",
                "tags": ["documents"],
                "responses": {"200": _json("TransmittalList", "The transmittals."), **_problems(404)},
            },
            "post": {
                **_write(
                    "Record a transmittal to the treaty office (program managers)",
                    "recordTransmittal",
                    ("TransmittalInput", "What was sent, when, under what reference, with what."),
                    {"201": _json("Transmittal", "The transmittal recorded.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "The concluded text goes to L/T within 15 days of signature, in every language "
                "signed (22 CFR 181.7(a)(1)); for a binding agreement, the notice of its entry into force "
                "follows. 409 before signature, or for a non-binding instrument that is not reportable (nothing "
                "is transmitted). Each transmittal is an event of the trail.",
                "tags": ["documents"],
            },
        },
        "/api/v1/agreements/{agreement_id}/publication": {
            "parameters": agreement,
            "post": {
                **_write(
                    "Record the State Department's publication of the text (program managers)",
                    "recordPublication",
                    ("PublicationInput", "When it was published, and the citation."),
                    {"200": _json("Publication", "The publication as recorded.", REPLAYED)},
                    403,
                    404,
                    409,
                ),
                "description": "Publication is the State Department's duty (22 CFR 181.9): this records it once "
                "known. 409 before entry into force, or for a non-binding instrument that is not reportable.",
                "tags": ["documents"],
            },
        },
    }


def _dashboard_schemas() -> dict[str, Any]:
    """The dashboard: counts by state, type and region, and the agreements overdue in their state."""
    from ..services.portfolio import AGING_LIMIT, NO_REGION, REGIONS

    count = {
        "type": "object",
        "required": ["key", "name", "count", "url"],
        "properties": {
            "key": TEXT,
            "name": {"type": "string", "description": "As the pages show it."},
            "count": {"type": "integer", "minimum": 0},
            "url": {"type": "string", "description": "The agreement list (a page) filtered to exactly these."},
        },
    }
    return {
        "DashboardCount": count,
        "DashboardStateCount": {
            **count,
            "properties": {
                **count["properties"],
                "key": {"type": "string", "enum": list(STATES)},
                "threshold_days": {
                    "type": ["integer", "null"],
                    "description": "Days allowed in the state before an agreement is overdue; null: no limit.",
                },
                "overdue": {"type": ["integer", "null"], "minimum": 0, "description": "Overdue in this state."},
                "overdue_url": {
                    "type": ["string", "null"],
                    "description": "The agreement list filtered to those overdue in this state, longest first.",
                },
            },
        },
        "DashboardRegionCount": {
            **count,
            "properties": {
                **count["properties"],
                "key": {
                    "type": "string",
                    "description": f"A region (the office desks: {', '.join(REGIONS)}), or {NO_REGION}: "
                    "agreements whose office has no region, or that have no office.",
                },
            },
        },
        "AgingItem": {
            "type": "object",
            "required": [
                "id",
                "reference",
                "title",
                "state",
                "days_in_state",
                "threshold_days",
                "next_roles",
                "office",
            ],
            "properties": {
                "id": {"type": "integer"},
                "reference": TEXT,
                "title": TEXT,
                "type": {"type": "string", "enum": list(WORKFLOWS)},
                "state": {"type": "string", "enum": list(STATES)},
                "country": COUNTRY,
                "state_since": {**MOMENT, "description": "When it entered its current state (UTC)."},
                "days_in_state": {"type": "integer", "minimum": 0},
                "threshold_days": {"type": "integer", "minimum": 0},
                "days_overdue": {"type": "integer", "minimum": 1},
                "next_roles": {
                    "type": "array",
                    "items": {"type": "string", "enum": ["legal_advisor", "program_manager", "attache", "admin"]},
                    "description": "Who must act next: the roles the workflow names for the steps that move it on.",
                },
                "office": {"type": ["string", "null"], "description": "The responsible office's code."},
                "office_name": {"type": ["string", "null"]},
                "url": {"type": "string", "description": "The agreement's page."},
            },
        },
        "Dashboard": {
            "type": "object",
            "required": ["by_state", "by_type", "by_region", "total", "aging"],
            "description": "Each list of counts adds up to total.",
            "properties": {
                "today": DATE,
                "total": {"type": "integer", "minimum": 0, "description": "Every agreement you may see."},
                "open": {"type": "integer", "minimum": 0, "description": "Those not terminated, expired or withdrawn."},
                "by_state": {"type": "array", "items": _ref("DashboardStateCount")},
                "by_type": {"type": "array", "items": _ref("DashboardCount")},
                "by_region": {"type": "array", "items": _ref("DashboardRegionCount")},
                "aging": {
                    "type": "object",
                    "required": ["count", "items"],
                    "properties": {
                        "count": {"type": "integer", "minimum": 0, "description": "How many are overdue in all."},
                        "limit": {"type": "integer", "examples": [AGING_LIMIT]},
                        "state": {
                            "type": ["string", "null"],
                            "description": "The state asked for with ?overdue=, else null.",
                        },
                        "url": {"type": "string", "description": "The agreement list filtered to exactly these."},
                        "items": {
                            "type": "array",
                            "items": _ref("AgingItem"),
                            "description": f"The most overdue first (days past the limit), at most {AGING_LIMIT}.",
                        },
                    },
                },
                "thresholds": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                    "description": "Days allowed in each state (configuration AGING_DAYS).",
                },
                "countries": {
                    "type": ["array", "null"],
                    "items": COUNTRY,
                    "description": "An attaché's: the countries their office covers, which the counts are of.",
                },
            },
        },
    }


def _dashboard_paths() -> dict[str, Any]:
    """The portfolio at a glance."""
    from ..services.portfolio import AGING_LIMIT

    return {
        "/api/v1/dashboard": {
            "get": {
                "summary": "Counts by state, type and region, and the agreements overdue in their state",
                "description": "Of the agreements you may see (an attaché: their office's countries). Each count "
                "carries the URL of the agreement list filtered to exactly those. An agreement is overdue when "
                "it has been in its state longer than the days allowed there (thresholds); the "
                f"{AGING_LIMIT} most overdue are listed, with who must act next.",
                "operationId": "getDashboard",
                "tags": ["portfolio"],
                "parameters": [
                    {
                        "name": "overdue",
                        "in": "query",
                        "schema": {"type": "string", "enum": list(STATES)},
                        "description": "List only what is overdue in this state (one with a time limit, else 422).",
                    }
                ],
                "responses": {"200": _json("Dashboard", "Where the agreements stand."), **_problems(422)},
            },
        },
    }


def _deadline_list_schemas() -> dict[str, Any]:
    """The deadline list across agreements, and the monthly report (22 CFR 181.8)."""
    from ..services.deadline_list import FLAGS, KINDS, PROGRESS

    nullable_text = {"type": ["string", "null"]}
    entry = {
        "type": "object",
        "properties": {
            "agreement_id": {"type": "integer"},
            "reference": TEXT,
            "title": TEXT,
            "type_name": TEXT,
            "kind": {"type": "string", "enum": ["International agreement", "Qualifying non-binding instrument"]},
            "is_binding": {"type": "boolean"},
            "country": {**TEXT, "description": "The country's name."},
            "parties": {
                "type": "object",
                "description": "Each side's name in English (the Governments, or the agencies).",
                "properties": {"us": TEXT, "counterpart": TEXT},
            },
            "signed_on": NULLABLE_DATE,
            "in_force_on": {**NULLABLE_DATE, "description": "Entry into force, or coming into effect."},
            "legal_authority": {**nullable_text, "description": "As recorded; null when nothing is."},
            "legal_authority_recorded": {**nullable_text, "description": "Where the legal authority was recorded."},
            "missing": {
                "type": "array",
                "items": TEXT,
                "description": "What the report needs and the records lack; empty when nothing.",
            },
            "url": TEXT,
        },
    }
    return {
        "DeadlineItem": {
            "type": "object",
            "description": "One deadline of one agreement, and where it stands.",
            "properties": {
                "due_on": DATE,
                "when": {**TEXT, "description": "The date in words from today: today, in 30 days, 5 days ago."},
                "days_left": {"type": "integer", "description": "Days from today; negative once past."},
                "flag": {
                    "type": ["integer", "null"],
                    "enum": [*FLAGS, None],
                    "description": "An open deadline this many days ahead or fewer (the nearest flag); else null.",
                },
                "kind": {"type": "string", "enum": list(KINDS)},
                "kind_label": TEXT,
                "progress": {"type": "string", "enum": list(PROGRESS)},
                "progress_label": TEXT,
                "detail": {**TEXT, "description": "Where it stands, in a sentence."},
                "basis": {**TEXT, "description": "What the date is counted from."},
                "done_on": {**NULLABLE_DATE, "description": "When the transmittal was sent, the notice given, …"},
                "derived": {
                    **nullable_text,
                    "description": "What the date is derived from, when the facts recorded do not give it directly.",
                },
                "agreement": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "reference": TEXT,
                        "title": TEXT,
                        "type": {"type": "string", "enum": list(WORKFLOWS)},
                        "country": COUNTRY,
                        "state": {"type": "string", "enum": list(STATES)},
                        "state_label": TEXT,
                        "is_binding": {"type": "boolean"},
                        "url": TEXT,
                    },
                },
            },
        },
        "DeadlineList": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": _ref("DeadlineItem")},
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "pages": {"type": "integer"},
                "window": {
                    "type": "object",
                    "properties": {
                        "from": DATE,
                        "to": DATE,
                        "kind": {"type": ["string", "null"], "enum": [*KINDS, None]},
                        "overdue": {"type": "boolean"},
                        "today": DATE,
                    },
                },
            },
        },
        "MonthlyReportEntry": entry,
        "MonthlyReport": {
            "type": "object",
            "properties": {
                "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                "label": {**TEXT, "examples": ["March 2026"]},
                "previous": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                "next": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                "scope": {**nullable_text, "description": "For an attaché: the countries the report covers."},
                "made_on": DATE,
                "is_complete": {"type": "boolean", "description": "Whether nothing blocks the report."},
                "concluded": {"type": "array", "items": _ref("MonthlyReportEntry")},
                "entered_into_force": {"type": "array", "items": _ref("MonthlyReportEntry")},
                "blocking": {
                    "type": "array",
                    "description": "Each agreement that belongs in the report but lacks what it needs, once.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "agreement_id": {"type": "integer"},
                            "reference": TEXT,
                            "missing": {"type": "array", "items": TEXT},
                        },
                    },
                },
            },
        },
    }


def _deadline_list_paths() -> dict[str, Any]:
    """The deadline list across agreements, and the monthly report (22 CFR 181.8), as JSON or CSV."""
    from ..services.deadline_list import CSV_HEADER, DEFAULT_DAYS, KINDS, MAX_PER_PAGE, PER_PAGE
    from ..services.monthly_report import CSV_HEADER as REPORT_HEADER

    deadlines_csv = {"text/csv": {"schema": {"type": "string"}, "example": ",".join(CSV_HEADER)}}
    report_csv = {"text/csv": {"schema": {"type": "string"}, "example": ",".join(REPORT_HEADER)}}
    window = [
        {
            "name": "from",
            "in": "query",
            "schema": DATE,
            "description": "The first day (default: today). Given, the overdue before it are left out unless "
            "overdue=true.",
        },
        {
            "name": "to",
            "in": "query",
            "schema": DATE,
            "description": f"The last day (default: {DEFAULT_DAYS} days on).",
        },
        {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(KINDS)}},
        {
            "name": "overdue",
            "in": "query",
            "schema": {"type": "boolean"},
            "description": "Include the open deadlines already past before `from` (default: only when `from` is "
            "not given).",
        },
    ]
    month = [
        {
            "name": "month",
            "in": "query",
            "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
            "description": "YYYY-MM; default: the month before the current one.",
            "examples": {"march": {"value": "2026-03"}},
        }
    ]
    deadlines_description = (
        "Of the agreements you may see (an attaché: their office's countries), sorted by date: the transmittal "
        "of the concluded text to the treaty office, 15 days after signature (22 CFR 181.7(a)(1); binding "
        "agreements and qualifying non-binding instruments); the expiry; the last day to give notice before an "
        "automatic renewal. Each with its flag (30, 90 or 180 days ahead) and its progress: open, overdue, done "
        "on time, done late, passed, renewed. A date the recorded facts do not give directly is derived, and "
        "`derived` says from what. 422 names the parameter that cannot be read."
    )
    report_description = (
        "Of the agreements you may see (an attaché: their office's countries): the binding agreements and "
        "qualifying non-binding instruments signed or otherwise concluded in the month, and those that entered "
        "into force or came into effect in it (1 U.S.C. 112b; 22 CFR 181.8), with their type, parties, dates "
        "and the legal authority recorded; `blocking` names those lacking what the report needs."
    )
    return {
        "/api/v1/deadlines": {
            "get": {
                "summary": "Every deadline of the agreements you may see, sorted by date; CSV with Accept: text/csv",
                "description": deadlines_description,
                "operationId": "listDeadlines",
                "tags": ["portfolio"],
                "parameters": [
                    *window,
                    _param("Page"),
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "One page; or, asked for text/csv, every deadline of the window as CSV.",
                        "content": {"application/json": {"schema": _ref("DeadlineList")}, **deadlines_csv},
                    },
                    **_problems(422),
                },
            },
        },
        "/api/v1/deadlines.csv": {
            "get": {
                "summary": "Every deadline of the window as CSV (streamed, ISO dates)",
                "operationId": "exportDeadlines",
                "tags": ["portfolio"],
                "parameters": window,
                "responses": {"200": {"description": "The CSV, streamed.", "content": deadlines_csv}, **_problems(422)},
            },
        },
        "/api/v1/reports/monthly": {
            "get": {
                "summary": "The monthly report to Congress for one month; CSV with Accept: text/csv",
                "description": report_description,
                "operationId": "getMonthlyReport",
                "tags": ["portfolio"],
                "parameters": month,
                "responses": {
                    "200": {
                        "description": "The report; or, asked for text/csv, its rows as CSV.",
                        "content": {"application/json": {"schema": _ref("MonthlyReport")}, **report_csv},
                    },
                    **_problems(422),
                },
            },
        },
        "/api/v1/reports/monthly.csv": {
            "get": {
                "summary": "The monthly report as CSV: one row per agreement and section, ISO dates",
                "operationId": "exportMonthlyReport",
                "tags": ["portfolio"],
                "parameters": month,
                "responses": {"200": {"description": "The CSV.", "content": report_csv}, **_problems(422)},
            },
        },
    }

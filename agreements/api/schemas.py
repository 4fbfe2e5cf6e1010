"""What the API answers: agreements, versions, events, parties and workflows as JSON, with SPEC §8's names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from ..models import (
    Agreement,
    Authority,
    Event,
    LanguageConformity,
    Signatory,
    TextCertification,
    TextVersion,
    Transmittal,
    User,
)
from ..services import clauses, listing
from ..services.authorities import covers_current_text
from ..services.clauses import FIELDS as CLAUSE_FIELDS
from ..services.deadlines import STATE_DEPARTMENT, Deadline, deadlines_for, publication_rule
from ..services.documents import signed_document
from ..services.transitions import Available, available_transitions
from ..services.transmittals import list_transmittals
from ..workflows import FINAL_STATES, Workflow

# Writable fields of each request body (anything else is refused with the field named).
AGREEMENT_FIELDS = frozenset(
    {
        "type",
        "title",
        "counterpart",
        "counterpart_local",
        "counterpart_acronym",
        "country",
        "languages",
        "office",
        "areas",
        "is_binding",
        "is_reportable",
        *CLAUSE_FIELDS,
    }
)
FACT_FIELDS = AGREEMENT_FIELDS - {"type"}
VERSION_FIELDS = frozenset({"preamble", "articles", "final_clauses", "note", "origin", "base_version"})
TRANSITION_FIELDS = frozenset({"trigger", "comment", "expected_lock_version", "data"})
AUTHORITY_FIELDS = frozenset({"kind", "reference", "granted_by", "granted_by_title", "granted_on"})
CERTIFICATION_FIELDS = frozenset({"note"})
CONFORMITY_FIELDS = frozenset({"note"})
SIGNATORY_FIELDS = frozenset({"name", "title", "organisation", "signed_on", "place"})
DETERMINATION_FIELDS = frozenset({"is_binding", "is_reportable", "basis"})
TRANSMITTAL_FIELDS = frozenset({"kind", "sent_on", "reference", "languages", "documents"})
PUBLICATION_FIELDS = frozenset({"published_on", "citation"})

DATES = ("signed_on", "in_force_on", "expires_on", "notice_on", "termination_effective_on", "terminated_on")


def _day(value: dt.date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return value.isoformat() if value else None


def _moment(value: dt.datetime | None) -> str | None:
    """A timestamp in ISO 8601 with its UTC offset, or None."""
    return value.isoformat() if value else None


def agreement_summary(agreement: Agreement) -> dict[str, Any]:
    """The facts of an agreement, as listed."""
    return {
        "id": agreement.id,
        "reference": agreement.reference,
        "type": agreement.type,
        "title": agreement.title,
        "state": agreement.state,
        "lock_version": agreement.lock_version,
        "is_binding": agreement.is_binding,
        "is_reportable": agreement.is_reportable,
        "country": agreement.country,
        "languages": list(agreement.languages),
        "counterpart": agreement.counterpart,
        "office": agreement.office.code if agreement.office else None,
        "areas": agreement.areas,
        "current_version": agreement.current_version_number or None,
        **{name: _day(getattr(agreement, name)) for name in DATES},
        "created_at": _moment(agreement.created_at),
        "updated_at": _moment(agreement.updated_at),
        **aging_json(agreement),
    }


def next_deadline_json(due: Any) -> dict[str, Any] | None:
    """An agreement's next deadline (services.deadline_list.NextDeadline) in a list, or None."""
    if due is None:
        return None
    return {"due_on": due.due_on.isoformat(), "kind": due.kind, "days_left": due.days_left}


def aging_json(agreement: Agreement) -> dict[str, Any]:
    """Since when the agreement is in its state, for how many days, against the days allowed there."""
    days = listing.days_in_state(agreement)
    return {
        "state_since": _moment(agreement.state_since),
        "days_in_state": days,
        "days_allowed": listing.days_allowed(agreement.state),
        "is_overdue": listing.is_overdue(agreement.state, days),
    }


def available_json(available: Available) -> dict[str, Any]:
    """One step this user may take now, and what stands in its way."""
    step = available.step
    return {
        "trigger": step.trigger,
        "title": step.title,
        "to": step.dest,
        "allowed": available.allowed,
        "reasons": available.reasons,
        "needs": list(step.needs),
    }


def agreement_detail(agreement: Agreement, user: User) -> dict[str, Any]:
    """An agreement as one person sees it: its facts, parties, and the steps open to that person now."""
    agency = agreement.counterpart_agency
    return {
        **agreement_summary(agreement),
        "counterpart_agency": {
            "name": agency.name,
            "name_local": agency.name_local,
            "acronym": agency.acronym,
            "country": agency.country,
        }
        if agency
        else None,
        "current_sha256": agreement.current_version.sha256 if agreement.current_version else None,
        "signatories": [signatory_json(s) for s in agreement.signatories],
        "authorities": [authority_json(a, agreement) for a in agreement.authorities],
        "certifications": [certification_json(c) for c in agreement.text_certifications],
        "language_conformities": [conformity_json(c) for c in agreement.language_conformities],
        "available_transitions": [available_json(a) for a in available_transitions(user, agreement)],
        "signed_document": signed_document_json(agreement),
        "documents_url": url_for("api.list_documents", agreement_id=agreement.id),
        "deadlines": [deadline_json(d) for d in deadlines_for(agreement)],
        "transmittals": [transmittal_json(t) for t in list_transmittals(agreement)],
        "publication": publication_json(agreement),
        "diplomatic_notes": [dict(note) for note in agreement.diplomatic_notes or []],
        "title_translations": dict(agreement.title_translations or {}),
        "party_names": {party: dict(names) for party, names in (agreement.party_names or {}).items()},
        "parties": clauses.parties(agreement),
        "entry_rule": agreement.entry_rule or "signature",
        "entry_rule_on": _day(agreement.entry_rule_on),
        "entry_rule_days": agreement.entry_rule_days,
        "renewal_years": agreement.renewal_years,
        "renewal_notice_days": agreement.renewal_notice_days,
        "determination": determination_json(agreement),
    }


def determination_json(agreement: Agreement) -> dict[str, Any]:
    """Binding or not, reportable or not, and on what basis: the legal advisor's, or the type's default."""
    by = agreement.determined_by
    return {
        "is_binding": agreement.is_binding,
        "is_reportable": agreement.is_reportable,
        "is_default": by is None,
        "basis": dict(agreement.determination_basis or {}),
        "note": agreement.determination_note,
        "state_reference": agreement.determination_reference,
        "determined_by": by.email if by else None,
        "determined_at": _moment(agreement.determined_at),
    }


def signed_document_json(agreement: Agreement) -> dict[str, Any] | None:
    """The sealed PDF made at signature (None before): its SHA-256, size, text version and where to fetch it."""
    document = signed_document(agreement)
    if document is None:
        return None
    return {
        "sha256": document.sha256,
        "size": document.size,
        "version": document.version_number,
        "url": url_for("api.document_pdf", agreement_id=agreement.id),
        "sealed_by": document.sealed_by,
        "created_at": _moment(document.created_at),
    }


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    """A deadline that follows from the agreement's dates (transmittal, publication), and where it stands."""
    return {
        "key": deadline.key,
        "label": deadline.label,
        "due_on": _day(deadline.due_on),
        "basis": deadline.basis,
        "days_left": deadline.days_left,
        # ``status`` keeps its meaning for clients written against it (ahead, soon, past; and now done,
        # info); where the deadline stands in the process is ``progress``.
        "status": deadline.urgency,
        "progress": deadline.status,
        "done_on": _day(deadline.done_on),
        "days_late": deadline.days_late,
        "responsible": deadline.responsible,
        "summary": deadline.summary,
    }


def transmittal_json(transmittal: Transmittal) -> dict[str, Any]:
    """What was sent to the State Department's treaty office, when, under what reference, with what."""
    return {
        "id": transmittal.id,
        "kind": transmittal.kind,
        "sent_on": _day(transmittal.sent_on),
        "reference": transmittal.reference,
        "languages": list(transmittal.languages or []),
        "documents": [dict(d) for d in transmittal.documents or []],
        "recorded_by": transmittal.recorded_by.email if transmittal.recorded_by else None,
        "created_at": _moment(transmittal.created_at),
    }


def publication_json(agreement: Agreement) -> dict[str, Any]:
    """The State Department's publication of the text (22 CFR 181.9): how it publishes, and when it did."""
    deadline = next((d for d in deadlines_for(agreement) if d.key == "publication"), None)
    return {
        "rule": publication_rule(agreement),
        "responsible": STATE_DEPARTMENT,
        "published_on": _day(agreement.published_on),
        "citation": agreement.publication_citation or None,
        "due_on": _day(deadline.due_on) if deadline else None,
        "summary": deadline.summary if deadline else None,
    }


def version_summary(version: TextVersion) -> dict[str, Any]:
    """A version without its text, as listed."""
    return {
        "number": version.number,
        "note": version.note,
        "origin": version.origin,
        "sha256": version.sha256,
        "author": version.author.email if version.author else None,
        "created_at": _moment(version.created_at),
        "article_count": len(version.articles),
    }


def version_json(version: TextVersion) -> dict[str, Any]:
    """A whole version: preamble, articles and final clauses per language, and who saved it when."""
    return {
        **version_summary(version),
        "preamble": version.preamble,
        "articles": version.articles,
        "final_clauses": version.final_clauses,
    }


def event_json(event: Event) -> dict[str, Any]:
    """One row of the audit trail."""
    return {
        "seq": event.seq,
        "trigger": event.trigger,
        "from": event.from_state,
        "to": event.to_state,
        "actor": event.actor,
        "at": _moment(event.created_at),
        "comment": event.comment,
        "version": event.version_number,
        "data": event.data or {},
        "hash": event.hash,
        "prev_hash": event.prev_hash,
    }


def authority_json(authority: Authority, agreement: Agreement) -> dict[str, Any]:
    """A State Department authority, who confirmed it, and whether it still covers the agreement's current text
    (the text it was given for, or one reached from it by changes certified not substantive)."""
    return {
        "id": authority.id,
        "kind": authority.kind,
        "reference": authority.reference,
        "granted_by": authority.granted_by,
        "granted_by_title": authority.granted_by_title,
        "granted_on": _day(authority.granted_on),
        "text_hash": authority.text_hash,
        "covers_current_text": covers_current_text(agreement, authority),
        "recorded_by": authority.recorded_by.email if authority.recorded_by else None,
        "created_at": _moment(authority.created_at),
        "confirmed_by": authority.confirmed_by.email if authority.confirmed_by else None,
        "confirmed_at": _moment(authority.confirmed_at),
    }


def certification_json(certification: TextCertification) -> dict[str, Any]:
    """A legal advisor's certificate that a change of text is not substantive: from which text to which."""
    return {
        "id": certification.id,
        "from_hash": certification.from_hash,
        "to_hash": certification.to_hash,
        "version": certification.version_number,
        "note": certification.note,
        "certified_by": certification.certified_by.email if certification.certified_by else None,
        "certified_at": _moment(certification.certified_at),
    }


def conformity_json(conformity: LanguageConformity) -> dict[str, Any]:
    """A legal advisor's record that the texts of one version conform to one another in these languages."""
    return {
        "id": conformity.id,
        "version_number": conformity.version_number,
        "text_hash": conformity.text_hash,
        "languages": list(conformity.languages or []),
        "note": conformity.note,
        "certified_by": conformity.certified_by.email if conformity.certified_by else None,
        "certified_at": _moment(conformity.certified_at),
    }


def signatory_json(signatory: Signatory) -> dict[str, Any]:
    """Who signs for a party, and when and where they signed."""
    return {
        "party": signatory.party,
        "name": signatory.name,
        "title": signatory.title,
        "organisation": signatory.organisation,
        "signed_on": _day(signatory.signed_on),
        "place": signatory.place,
    }


def workflow_json(workflow: Workflow) -> dict[str, Any]:
    """An agreement type: its states and its transition table."""
    return {
        "key": workflow.key,
        "name": workflow.name,
        "is_binding": workflow.is_binding,
        "description": workflow.description,
        "initial": workflow.initial,
        "states": list(workflow.states),
        "final_states": [s for s in workflow.states if s in FINAL_STATES],
        "transitions": [
            {
                "trigger": step.trigger,
                "title": step.title,
                "from": list(step.source),
                "to": step.dest,
                "roles": list(step.roles),
                "needs": list(step.needs),
                "guards": [guard.name for guard in step.guards],
            }
            for step in workflow.steps
        ],
    }

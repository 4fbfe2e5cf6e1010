"""What the API answers, for the views not yet declaring their answers (``api.models`` holds the rest): the records
an agreement carries (deadlines, transmittals, certifications…) as JSON, with SPEC §8's names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from ..models import (
    Agreement,
    LanguageConformity,
    TextCertification,
    Transmittal,
)
from ..services.deadlines import Deadline
from ..services.documents import signed_document
from .models.authorities import TextCertification as CertificationOut
from .models.base import dump
from .models.conformity import LanguageConformity as ConformityOut
from .models.transmittals import Publication as PublicationOut
from .models.transmittals import Transmittal as TransmittalOut


def _day(value: dt.date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return value.isoformat() if value else None


def _moment(value: dt.datetime | None) -> str | None:
    """A timestamp in ISO 8601 with its UTC offset, or None."""
    return value.isoformat() if value else None


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
    """What was sent to the treaty office (``models.transmittals.Transmittal``), for the views not yet declaring
    their answers."""
    return dump(TransmittalOut.of(transmittal))


def publication_json(agreement: Agreement) -> dict[str, Any]:
    """The State Department's publication of the text (``models.transmittals.Publication``), for the views not yet
    declaring their answers."""
    return dump(PublicationOut.of(agreement))


def certification_json(certification: TextCertification) -> dict[str, Any]:
    """A legal advisor's certificate that a change of text is not substantive, for the views not yet declaring
    their answers."""
    return dump(CertificationOut.of(certification))


def conformity_json(conformity: LanguageConformity) -> dict[str, Any]:
    """A legal advisor's record that the texts of one version conform, for the views not yet declaring their
    answers."""
    return dump(ConformityOut.of(conformity))

"""The models of an agreement's documents: a kept file as listed, the list, a scan's form and query string, the
PDF's query string, and what checking a PDF found."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from flask import url_for
from pydantic import Field, WithJsonSchema

from ...models import Document as DocumentRow
from ...services import documents
from ...services.compare import MAX_VERSION
from .agreements import shaped
from .base import NULLABLE_DATE, SHA256, TEXT, Moment, Out, Params, Query

MAX_NOTE = 500  # the service's limit (services.documents.add_scan), which names the field when it refuses
STORED_TYPES = sorted({kind for kind, _extension in documents.SCAN_TYPES.values()})
NOTE = {"type": "string", "maxLength": MAX_NOTE}


def _given(schema: dict[str, Any]) -> Any:
    """Text as sent, documented as ``schema``: the view and the service check it, with their own messages."""
    return Annotated[str | None, WithJsonSchema(schema)]


class PdfQuery(Query):
    """Which version to render as a draft (the view reads it, as every version number is read)."""

    version: _given(  # type: ignore[valid-type]
        {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_VERSION,
            "description": "A version number: a draft of that version (empty: as not given).",
        }
    ) = None


class ScanQuery(Query):
    """A scan sent as the raw body: its file name and note in the query string."""

    filename: _given(TEXT) = None  # type: ignore[valid-type]
    note: _given(NOTE) = None  # type: ignore[valid-type]


class ScanForm(Params):
    """A scan sent as multipart/form-data: the file, and a note (other fields are ignored)."""

    file: bytes
    note: _given(NOTE) = None  # type: ignore[valid-type]


class Document(Out):
    """One kept document: what it is, its size and SHA-256, who kept it, and where to fetch it."""

    id: int
    kind: shaped(str, {"type": "string", "enum": ["signed", "scan"]})  # type: ignore[valid-type]
    filename: str
    content_type: shaped(str, {"type": "string", "enum": STORED_TYPES})  # type: ignore[valid-type]
    size: int
    sha256: shaped(str, SHA256)  # type: ignore[valid-type]
    version: int | None = Field(description="The text version (signed document).")
    note: str
    created_at: Moment
    created_by: str | None
    url: str = Field(description="The stored bytes.")

    @classmethod
    def of(cls, document: DocumentRow) -> Document:
        """The document as the API shows it."""
        return cls(
            id=document.id,
            kind=document.kind,
            filename=document.filename,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            version=document.version_number,
            note=document.note,
            created_at=document.created_at,
            created_by=document.created_by.email if document.created_by else None,
            url=url_for("api.get_document", agreement_id=document.agreement_id, document_id=document.id),
        )


class DocumentList(Out):
    """The documents kept with an agreement: the signed PDF first, then the scans."""

    items: list[Document]


class Verification(Out):
    """What checking a PDF found: whether it is one of our signed documents, unchanged, and sealed."""

    matches: bool = Field(description="True only for a file byte for byte equal to a signed document issued here.")
    seal_valid: bool = Field(description="Whether the PAdES seal validates.")
    detail: str = Field(description="What the file is, in a sentence.")
    agreement_id: int | None
    reference: str | None
    version: int | None
    kind: str | None = Field(description="signed or draft, as the file claims.")
    signed_on: shaped(str | None, NULLABLE_DATE)  # type: ignore[valid-type]
    sealed_by: str
    sealed_at: shaped(str | None, {"type": ["string", "null"], "format": "date-time"})  # type: ignore[valid-type]
    sha256: shaped(str, SHA256)  # type: ignore[valid-type]

    @classmethod
    def of(cls, found: documents.Verification) -> Verification:
        """The service's finding as the API shows it."""
        return cls(**asdict(found))

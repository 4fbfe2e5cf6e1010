"""API views of an agreement's documents (SPEC §5, §8): the PDF, stored files, scans, and checking a PDF."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

from flask import Response, current_app, request, send_file, url_for
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from ..errors import InvalidInput
from ..services import agreements, documents
from . import bp
from .auth import current_user
from .body import query_int
from .contract import LOCATION, REPLAYED, Answer, Upload, download, operation
from .edge import writes
from .models.base import dump
from .models.documents import (
    MAX_VERSION,
    STORED_TYPES,
    Document,
    DocumentList,
    PdfQuery,
    ScanForm,
    ScanQuery,
    Verification,
)

PDF = documents.PDF
MULTIPART = "multipart/form-data"
# A scan may come as the raw body with its own type, or as the ``file`` field of a form.
SCAN_CONTENT_TYPES = frozenset(STORED_TYPES)
# Room for a form's boundaries, part headers and note around a scan of the largest size allowed.
MULTIPART_ALLOWANCE = 64 * 1024
UNCHANGED = Answer("Unchanged since the ETag sent in If-None-Match.")


def accepts_up_to(config_key: str, what: str, allowance: int = 0):
    """Let this view read a body up to the configured size (the global limit is for JSON bodies).

    A larger body is refused with 413 naming the limit, before the view (or a replayed key) reads it.
    """

    def decorate(view: Callable[..., Any]):
        """Wrap one view."""

        @wraps(view)
        def wrapper(**kwargs: Any):
            """Raise the request's limit, and say which limit a refused body exceeded."""
            limit = int(current_app.config[config_key])
            request.max_content_length = limit + allowance
            try:
                return view(**kwargs)
            except RequestEntityTooLarge:
                raise RequestEntityTooLarge(
                    f"{what} may be at most {limit:,} bytes ({limit / 2**20:g} MB); this one is larger."
                ) from None

        return wrapper

    return decorate


def _file_response(content: bytes, content_type: str, filename: str, *, sha256: str | None = None) -> Response:
    """Stored or rendered bytes as a download; a stored file carries its SHA-256 as ETag and may be revalidated."""
    response = send_file(
        BytesIO(content),
        mimetype=content_type,
        as_attachment=True,
        download_name=filename,
        etag=sha256 or False,
        conditional=sha256 is not None,
    )
    # Stored files never change, so a client may keep its copy and revalidate; drafts (kept by the server,
    # but a draft is no document of record) are not kept by clients.
    response.headers["Cache-Control"] = "private, no-cache" if sha256 else "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _check_declared(declared: str | None, data: bytes) -> None:
    """A file sent as one type whose content is another (a PNG sent as a PDF) is refused, not silently retyped."""
    detected = (documents.detect_type(data) or (None,))[0]
    if declared in SCAN_CONTENT_TYPES and detected is not None and detected != declared:
        raise InvalidInput(
            f"The file was sent as {declared} but its content is {detected}: send it with its real type.",
            {"file": f"Content is {detected}, not {declared}."},
        )


def _scan_upload(query: ScanQuery) -> tuple[str, bytes, str]:
    """The scan's file name, bytes and note, from a raw body or from the ``file`` field of a form."""
    if request.mimetype == MULTIPART:
        upload = request.files.get("file")
        if upload is None:
            raise InvalidInput(
                "Send the scan in the form field 'file' (multipart/form-data), or as the raw body with its type.",
                {"file": "Missing."},
            )
        data = upload.read()
        _check_declared(upload.mimetype, data)
        note = request.form.get("note", query.note or "")
        return upload.filename or "scan", data, note
    if request.mimetype not in SCAN_CONTENT_TYPES:
        raise UnsupportedMediaType(
            f"Send the scan with 'Content-Type: {', '.join(sorted(SCAN_CONTENT_TYPES))}' or as {MULTIPART}, "
            f"not {request.mimetype or 'no type'!r}."
        )
    data = request.get_data(cache=True)
    _check_declared(request.mimetype, data)
    return query.filename or "scan", data, query.note or ""


def _scan_url(body, agreement_id: int, **_) -> str:
    """Where a kept scan is fetched."""
    return url_for("api.get_document", agreement_id=agreement_id, document_id=body["id"])


@bp.get("/agreements/<int:agreement_id>/document.pdf")
@operation(
    summary="The signed PDF as stored once signed, else a draft PDF of the current version",
    operation_id="getDocumentPdf",
    tags=["documents"],
    description="A signed agreement's PDF is served exactly as stored at signature (ETag: its SHA-256; "
    "If-None-Match answers 304). `?version=n` gives a draft of version n, marked DRAFT and not sealed, for signed "
    "agreements too. 404 while the agreement has no text. A draft is rendered once and kept; 422 for a text longer "
    "than the drafts' limit, 429 for too many new renders in a minute (kept drafts still download).",
    query=PdfQuery,
    answers={200: download("The PDF.", PDF), 304: UNCHANGED},
    problems=(404, 422, 429),
)
def document_pdf(agreement_id: int, query: PdfQuery):
    """The signed PDF as stored once signed, else a draft of the current version; ``?version=n`` a draft of n."""
    user = current_user()
    agreements.get_agreement(user, agreement_id)
    # Read as every version number in a URL is, with the message naming the range (``query`` only declares it).
    version = query_int("version", 0, 1, MAX_VERSION) or None
    pdf = documents.document_pdf(user, agreement_id, version)
    # The signed PDF is served as stored, so the SHA-256 of these bytes is the one recorded at signature.
    sha256 = hashlib.sha256(pdf.content).hexdigest() if pdf.is_signed else None
    return _file_response(pdf.content, pdf.content_type, pdf.filename, sha256=sha256)


@bp.post("/verify")
@accepts_up_to("VERIFY_MAX_BYTES", "A PDF to check")
@operation(
    summary="Check a PDF: which agreement and version, and whether seal and hash still match",
    operation_id="verifyPdf",
    tags=["documents"],
    description="Says plainly when the file is not a PDF, not one of ours, a draft, or altered.",
    upload=Upload((PDF,), description="The PDF itself."),
    answers={200: Answer("What the file is.", Verification)},
    problems=(413, 415, 422),
)
def verify_pdf():
    """Which agreement and version a PDF is, and whether its seal and hash still match what was issued."""
    if request.mimetype != PDF:
        raise UnsupportedMediaType(
            f"Send the PDF itself as the body with 'Content-Type: {PDF}', not {request.mimetype or 'no type'!r}."
        )
    data = request.get_data(cache=False)
    if not data:
        raise InvalidInput("The body is empty: send the PDF to check as the request body.", {"body": "Empty."})
    return dump(Verification.of(documents.verify_pdf(data)))


@bp.get("/agreements/<int:agreement_id>/documents")
@operation(
    summary="Documents kept with the agreement: the signed PDF first, then scans",
    operation_id="listDocuments",
    tags=["documents"],
    answers={200: Answer("The documents.", DocumentList)},
    problems=(404,),
)
def list_documents(agreement_id: int):
    """The documents kept with an agreement: the signed PDF first, then the scans."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(DocumentList(items=[Document.of(d) for d in documents.list_documents(agreement)]))


@bp.get("/agreements/<int:agreement_id>/documents/<int:document_id>")
@operation(
    summary="One kept document's bytes, as stored",
    operation_id="getDocument",
    tags=["documents"],
    answers={200: download("The stored bytes, with their type.", *STORED_TYPES), 304: UNCHANGED},
    problems=(404,),
)
def get_document(agreement_id: int, document_id: int):
    """One kept document's bytes, exactly as stored, with their type."""
    document = documents.get_document(current_user(), agreement_id, document_id)
    return _file_response(document.content, document.content_type, document.filename, sha256=document.sha256)


@bp.post("/agreements/<int:agreement_id>/scans")
@accepts_up_to("SCAN_MAX_BYTES", "A scan", allowance=MULTIPART_ALLOWANCE)
@writes(location=_scan_url)
@operation(
    summary="Keep a scan of the signed original (program managers, after signature)",
    operation_id="addScan",
    tags=["documents"],
    description="PDF, PNG, JPEG or TIFF: the raw body with its Content-Type (and `?filename=…&note=…`), or "
    "multipart/form-data with `file` and `note`. The content must be of the type sent.",
    query=ScanQuery,
    upload=Upload(tuple(STORED_TYPES), ScanForm),
    answers={201: Answer("The scan kept.", Document, headers={**LOCATION, **REPLAYED})},
    problems=(403, 404, 409, 413, 415, 422),
    idempotent=True,
)
def add_scan(agreement_id: int, query: ScanQuery):
    """Keep a scan of the signed original (PDF, PNG, JPEG or TIFF), after signature."""
    user = current_user()
    agreements.get_agreement(user, agreement_id)
    filename, data, note = _scan_upload(query)
    if len(data) > int(current_app.config["SCAN_MAX_BYTES"]):
        raise RequestEntityTooLarge()
    return dump(Document.of(documents.add_scan(user, agreement_id, filename, data, note))), 201


@bp.delete("/agreements/<int:agreement_id>/scans/<int:document_id>")
@writes()
@operation(
    summary="Remove a scan kept by mistake (the signed document stays: 409)",
    operation_id="removeScan",
    tags=["documents"],
    answers={204: Answer("Removed.")},
    problems=(403, 404, 409),
    idempotent=True,
)
def remove_scan(agreement_id: int, document_id: int):
    """Remove a scan kept by mistake; the signed document stays for good."""
    documents.remove_scan(current_user(), agreement_id, document_id)
    return {}, 204

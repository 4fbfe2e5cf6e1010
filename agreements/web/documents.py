"""The documents' pages: downloads, scans of the signed originals, the deadlines card, and checking a PDF."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from io import BytesIO

from flask import current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, NotFound, RateLimited
from ..extensions import csrf
from ..models import SCAN, Agreement, Document
from ..services import agreements, deadlines, documents, rate_limits, versions
from . import bp
from .views import _agreement_page

VERIFY_REFUSED = "Too many PDF checks from this address; try again in {seconds} seconds."

# Room in a request for the multipart framing and the other fields around the file itself.
FORM_ALLOWANCE = 64 * 1024
NO_FILE = "Choose a file first: no file was sent."


# --- what the agreement page shows ------------------------------------------------------------------
@dataclass
class DocumentsCard:
    """What the agreement page's Documents card shows to the signed-in person."""

    signed: Document | None
    scans: list[Document]
    earlier_versions: list[int]
    may_upload: bool
    may_remove: bool
    is_signed: bool
    form: dict = field(default_factory=dict)


def documents_card(agreement: Agreement) -> DocumentsCard:
    """The agreement's signed document, its scans, and what this person may do with them."""
    stored = documents.list_documents(agreement)
    numbers = [v.number for v in versions.list_versions(agreement) if v.number != agreement.current_version_number]
    return DocumentsCard(
        signed=next((d for d in stored if d.kind != SCAN), None),
        scans=[d for d in stored if d.kind == SCAN],
        earlier_versions=numbers,
        may_upload=policy.can_add_scan(current_user, agreement),
        may_remove=policy.can_remove_scan(current_user, agreement),
        is_signed=policy.is_signed(agreement),
        form=g.get("document_form", {}),
    )


def deadline_status(deadline: deadlines.Deadline) -> str:
    """'in 12 days', 'due today', 'was due 3 days ago'."""
    return deadlines.countdown(deadline.days_left)


@bp.app_context_processor
def _documents_helpers() -> dict:
    """What the agreement page's Documents and Deadlines cards use."""
    return {
        "documents_card": documents_card,
        "agreement_deadlines": lambda agreement: deadlines.deadlines_for(agreement, dt.date.today()),
        "deadlines_apply": deadlines.applies,
        "deadline_status": deadline_status,
        "transmittal_days": deadlines.TRANSMITTAL_DAYS,
        "publication_days": deadlines.PUBLICATION_DAYS,
    }


@bp.app_template_filter("file_size")
def file_size(size: int | None) -> str:
    """20 971 520 → 20 MB; 1 572 864 → 1.5 MB; 2 048 → 2 kB; 512 → 512 bytes (binary multiples, as file managers)."""
    size = size or 0
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} kB"
    return f"{size} byte{'s' if size != 1 else ''}"


@bp.app_template_filter("seal_name")
def seal_name(subject: str | None) -> str:
    """'Organization: Agreements, Common Name: Agreements seal' → 'Agreements seal' (the name a reader looks for)."""
    found = re.search(r"Common Name: (.+?)(?:, [A-Z][A-Za-z ]*: |$)", subject or "")
    return found.group(1) if found else (subject or "")


# --- downloads --------------------------------------------------------------------------------------
def _attachment(content: bytes, content_type: str, filename: str):
    """The bytes as a download under their stored name, never cached by a shared proxy."""
    response = send_file(BytesIO(content), mimetype=content_type, as_attachment=True, download_name=filename)
    # Agreements are not for shared caches; the person's browser may keep its own copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _version_asked() -> int | None:
    """``?version=n`` as a number; NotFound when it is given but names no version."""
    raw = request.args.get("version")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0):
        raise NotFound(f"No version {raw}.")
    return int(raw)


@bp.route("/agreements/<int:agreement_id>/document.pdf")
@login_required
def document_pdf(agreement_id: int):
    """The signed PDF as stored once signed, otherwise a draft of the current text (``?version=n``: of that one)."""
    download = documents.document_pdf(current_user, agreement_id, _version_asked())
    return _attachment(download.content, download.content_type, download.filename)


@bp.route("/agreements/<int:agreement_id>/documents/<int:document_id>")
@login_required
def download_document(agreement_id: int, document_id: int):
    """One stored document (the signed PDF or a scan), byte for byte as kept."""
    document = documents.get_document(current_user, agreement_id, document_id)
    return _attachment(document.content, document.content_type, document.filename)


# --- scans of the signed originals ------------------------------------------------------------------
def _read_upload(limit: int) -> tuple[str, bytes]:
    """The uploaded file's name and bytes, letting in a body up to ``limit``; the form's CSRF token checked.

    The app refuses bodies over its small global limit before any view runs, so these views are
    exempt from the automatic check and make it here, once the larger body is allowed in.
    """
    request.max_content_length = limit + FORM_ALLOWANCE
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(NO_FILE, {"file": NO_FILE})
    return upload.filename, upload.read()


def _too_large(limit: int) -> str:
    """What the page says when a file is over the limit."""
    return f"The file is larger than {file_size(limit)}, the most accepted here."


@bp.route("/agreements/<int:agreement_id>/documents", methods=["POST"])
@csrf.exempt  # checked in _read_upload, once the larger body is allowed in
@login_required
def upload_scan(agreement_id: int):
    """Keep a scan of the signed original (PDF, PNG, JPEG or TIFF) with the agreement."""
    item = agreements.get_agreement(current_user, agreement_id)
    limit = int(current_app.config["SCAN_MAX_BYTES"])
    try:
        filename, data = _read_upload(limit)
        scan = documents.add_scan(current_user, item.id, filename, data, request.form.get("note", ""))
        db.session.commit()
    except RequestEntityTooLarge:
        return _refused(item.id, {"upload_error": _too_large(limit)}, 413)
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        kept = {"upload_error": error.detail, "note": request.form.get("note", "")}
        return _refused(item.id, kept, 409 if isinstance(error, Conflict) else 422)
    flash(f"Scan “{scan.filename}” kept with {item.reference}.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="documents"), 303)


@bp.route("/agreements/<int:agreement_id>/documents/<int:document_id>/remove", methods=["POST"])
@login_required
def remove_scan(agreement_id: int, document_id: int):
    """Remove a scan uploaded by mistake, once the person ticked “I confirm”."""
    item = agreements.get_agreement(current_user, agreement_id)
    if not request.form.get("confirm"):
        message = "Tick “I confirm” first: a removed scan is gone for good."
        return _refused(item.id, {"remove_id": document_id, "remove_error": message}, 422)
    scan = documents.remove_scan(current_user, item.id, document_id)
    db.session.commit()
    flash(f"Scan “{scan.filename}” removed.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="documents"), 303)


def _refused(agreement_id: int, form: dict, status: int):
    """The agreement page again, with the Documents card saying why and keeping what was typed."""
    g.document_form = form
    return _agreement_page(agreements.get_agreement(current_user, agreement_id), status)


# --- checking a PDF ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class VerifyResult:
    """A verification as the page shows it: the finding, and the agreement's page if this person may open it."""

    verification: documents.Verification
    agreement_url: str | None

    @property
    def sealed_at(self) -> dt.datetime | None:
        """When the seal was applied, as a moment in time."""
        found = self.verification.sealed_at
        return dt.datetime.fromisoformat(found) if found else None


def _agreement_url(agreement_id: int | None) -> str | None:
    """The agreement's page, for someone signed in who may see it; None for everyone else."""
    if agreement_id is None or not current_user.is_authenticated:
        return None
    try:
        agreements.get_agreement(current_user, agreement_id)
    except NotFound:
        return None
    return url_for("web.agreement", agreement_id=agreement_id)


def _verify_page(result: VerifyResult | None = None, error: str | None = None, status: int = 200):
    """The verify page: the form, and the finding or the reason no file could be checked."""
    limit = int(current_app.config["VERIFY_MAX_BYTES"])
    return render_template("verify.html", result=result, error=error, limit=limit), status


@bp.route("/verify", methods=["GET", "POST"])
@csrf.exempt  # checked in _read_upload, once the larger body is allowed in
def verify():
    """Anyone holding one of our PDFs may check it: which agreement and version, and whether it is unchanged.

    Each POST takes one check from VERIFY_RATE_LIMIT for the client's address before the file is read.
    """
    if request.method == "GET":
        return _verify_page()
    try:
        rate_limits.take("VERIFY_RATE_LIMIT", "verify", request.remote_addr or "unknown", VERIFY_REFUSED)
    except RateLimited as refused:
        return (*_verify_page(error=refused.detail, status=429), {"Retry-After": str(refused.extra["retry_after"])})
    limit = int(current_app.config["VERIFY_MAX_BYTES"])
    try:
        _filename, data = _read_upload(limit)
    except RequestEntityTooLarge:
        return _verify_page(error=_too_large(limit), status=413)
    except InvalidInput:
        return _verify_page(error="Choose the PDF to check: no file was sent.", status=422)
    if not data:
        return _verify_page(error="The file is empty: choose the PDF to check.", status=422)
    if len(data) > limit:
        return _verify_page(error=_too_large(limit), status=413)
    verification = documents.verify_pdf(data)
    return _verify_page(VerifyResult(verification, _agreement_url(verification.agreement_id)))

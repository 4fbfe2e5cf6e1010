"""Documents of an agreement: draft PDFs on demand, the sealed signed PDF made once at signature,
scans of the wet-ink originals, and checking a PDF someone hands us."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..auth import policy
from ..db import db
from ..documents import phrases, render, seal
from ..documents.snapshot import Article, Language, SignatureBlock, Snapshot
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..models import SCAN, SIGNED, Agreement, Document, TextVersion, User
from . import clauses, draft_cache
from .agreements import get_agreement
from .lengths import too_long
from .taxonomy import RTL_LANGUAGES, language_name
from .versions import get_version
from .writes import flush_or_conflict

PDF = "application/pdf"
SCAN_TYPES = {  # leading bytes → (content type, extension)
    b"%PDF-": (PDF, ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"II*\x00": ("image/tiff", ".tif"),
    b"MM\x00*": ("image/tiff", ".tif"),
}


# ---------------------------------------------------------------- rendering


def seal_settings() -> seal.SealSettings:
    """The seal's certificate and trust roots from the configuration (development ones by default)."""
    cfg = current_app.config

    def paths(value: str | None) -> tuple[Path, ...]:
        return tuple(Path(p.strip()) for p in (value or "").split(",") if p.strip())

    def path(value: str | None) -> Path | None:
        return Path(value) if value else None

    return seal.SealSettings(
        cert=path(cfg.get("SEAL_CERT")),
        key=path(cfg.get("SEAL_KEY")),
        key_password=cfg.get("SEAL_KEY_PASSWORD") or None,
        pkcs12=path(cfg.get("SEAL_PKCS12")),
        chain=paths(cfg.get("SEAL_CHAIN")),
        trust_roots=paths(cfg.get("SEAL_TRUST_ROOTS")),
        development_folder=Path(current_app.instance_path) / "seal",
        office_name=cfg.get("OFFICE_NAME", "Office of International Affairs"),
        location=cfg.get("SEAL_LOCATION", ""),
    )


def snapshot_of(agreement: Agreement, version: TextVersion, *, is_draft: bool, with_text: bool = True) -> Snapshot:
    """Copy what a document shows out of the agreement and one of its versions (plain values only).

    ``with_text=False`` leaves the text out (its SHA-256 stays): what a kept draft is looked up by.
    """
    our_agency = current_app.config.get("AGENCY_NAME", "")
    counterpart = agreement.counterpart_agency
    by_party = {s.party: s for s in agreement.signatories}
    blocks = []
    for party, default_org in (("us", our_agency), ("counterpart", counterpart.name if counterpart else "")):
        s = by_party.get(party)
        blocks.append(
            SignatureBlock(
                party=party,
                organisation=(s.organisation if s and s.organisation else default_org),
                name=s.name if s else "",
                title=s.title if s else "",
                signed_on=s.signed_on if s else None,
                place=s.place if s else "",
            )
        )
    return Snapshot(
        agreement_id=agreement.id,
        reference=agreement.reference,
        type_name=_type_name(agreement.type),
        title=agreement.title,
        is_binding=bool(agreement.is_binding),
        our_agency=our_agency,
        counterpart=counterpart.name if counterpart else "",
        counterpart_local=counterpart.name_local if counterpart else "",
        country=agreement.country,
        languages=tuple(
            Language(code, language_name(code), "rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr")
            for code in agreement.languages
        ),
        version_number=version.number,
        version_saved_at=version.created_at,
        text_sha256=version.sha256,
        preamble=dict(version.preamble or {}) if with_text else {},
        articles=tuple(
            Article(str(a.get("number", "")), dict(a.get("heading") or {}), dict(a.get("body") or {}))
            for a in (version.articles if with_text else ())
        ),
        final_clauses=dict(version.final_clauses or {}) if with_text else {},
        signatures=tuple(blocks),
        signed_on=None if is_draft else agreement.signed_on,
        is_draft=is_draft,
        titles={
            lang: title
            for lang, title in {**(agreement.title_translations or {}), "en": agreement.title}.items()
            if lang in agreement.languages and title
        },
        parties=clauses.parties(agreement),
        # The place and date of signature go into the testimonium's blanks of the signed document only:
        # filling them in is not a change of the text (its hash stays the one cleared).
        testimonium={} if is_draft else phrases.testimonium(blocks, agreement.languages),
    )


def _type_name(key: str) -> str:
    from ..workflows import workflow_for

    return workflow_for(key).name


def issue_signed_document(user: User | None, agreement: Agreement) -> Document:
    """At ``sign``: render the cleared text once, seal it, and store it with its SHA-256.

    Runs inside the transition's transaction: if rendering or sealing fails, nothing is signed.
    """
    if signed_document(agreement) is not None:
        raise Conflict(f"{agreement.reference} already has its signed document; it is never made twice.")
    version = agreement.current_version
    if version is None or version.sha256 != agreement.cleared_hash:
        raise Conflict("The current text is not the text cleared for signature.")
    snapshot = snapshot_of(agreement, version, is_draft=False)
    settings = seal_settings()
    sealed = seal.seal(
        render.render(snapshot),
        settings,
        reason=f"Signed text of {agreement.reference}, version {version.number} (SHA-256 {version.sha256})",
    )
    signer = seal.signer_for(settings).signing_cert.subject.human_friendly
    document = Document(
        agreement_id=agreement.id,
        kind=SIGNED,
        version_number=version.number,
        text_sha256=version.sha256,
        filename=f"{agreement.reference}-signed.pdf",
        content_type=PDF,
        size=len(sealed),
        sha256=hashlib.sha256(sealed).hexdigest(),
        content=sealed,
        snapshot=snapshot.to_json(),
        sealed_by=signer[:300],
        created_by_id=user.id if user else None,
    )
    db.session.add(document)
    flush_or_conflict(agreement.id)
    return document


def signed_document(agreement: Agreement) -> Document | None:
    """The agreement's signed document (without its bytes), if it was signed."""
    return db.session.scalar(select(Document).where(Document.agreement_id == agreement.id, Document.kind == SIGNED))


@dataclass(frozen=True)
class Download:
    """A file to send: its name, type and bytes."""

    filename: str
    content_type: str
    content: bytes
    is_signed: bool = False


def document_pdf(user: User, agreement_id: int, version_number: int | None = None) -> Download:
    """The signed PDF as stored once signed; otherwise (or for ``version_number``) a draft PDF."""
    agreement = get_agreement(user, agreement_id)
    if version_number is None:
        signed = signed_document(agreement)
        if signed is not None:
            return Download(signed.filename, PDF, signed.content, is_signed=True)
    return draft_pdf(user, agreement, version_number)


def draft_pdf(user: User, agreement: Agreement, version_number: int | None = None) -> Download:
    """A draft PDF of one version (the current one by default): marked DRAFT on every page, not sealed.

    Rendered once per snapshot and kept (draft_cache): a version never changes, so neither does its draft.
    """
    if not policy.can_view(user, agreement):
        raise NotFound(f"No agreement {agreement.id}.")
    number = agreement.current_version_number if version_number is None else version_number
    if not number:
        raise NotFound(f"{agreement.reference} has no text yet: save a version before asking for a PDF.")
    # A kept draft is found without reading the text: it is loaded only when the draft is rendered.
    version = get_version(agreement, number, with_text=False)
    pdf = draft_cache.cached_draft(
        snapshot_of(agreement, version, is_draft=True, with_text=False),
        user.id,
        lambda: snapshot_of(agreement, version, is_draft=True),
    )
    return Download(f"{agreement.reference}-v{version.number}-draft.pdf", PDF, pdf)


# ---------------------------------------------------------------- scans


def list_documents(agreement: Agreement) -> list[Document]:
    """The agreement's stored documents (signed one first, then scans oldest first), without bytes."""
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.agreement_id == agreement.id)
            .order_by((Document.kind != SIGNED), Document.id)
        )
    )


def detect_type(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) that the file's first bytes announce, if it is a type scans may have."""
    for magic, kind in SCAN_TYPES.items():
        if data.startswith(magic):
            return kind
    return None


def _safe_filename(name: str, extension: str) -> str:
    name = unicodedata.normalize("NFC", Path(str(name or "")).name)
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", name).strip(" ._") or "scan"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem[:180] + extension


def _check_content(data: bytes, content_type: str) -> str | None:
    """Why the bytes are not a readable file of the type their first bytes announce, or None."""
    try:
        if content_type == PDF:
            from pyhanko.pdf_utils.reader import PdfFileReader

            pages = PdfFileReader(BytesIO(data), strict=False).root["/Pages"]["/Count"]
            return None if int(pages) > 0 else "the PDF has no pages"
        from PIL import Image

        with Image.open(BytesIO(data)) as image:
            image.verify()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to read means a broken or disguised file
        # The reader's words (an exception's name) tell the person nothing: the log keeps them, the page says
        # what the failure means for the file and what to do about it.
        current_app.logger.info("Scan refused as unreadable: %s: %s", type(exc).__name__, exc)
        kind = "PDF" if content_type == PDF else "image"
        return f"the {kind} is damaged or incomplete and cannot be opened; scan or save it again, then upload it"


def add_scan(user: User, agreement_id: int, filename: str, data: bytes, note: str = "") -> Document:
    """Keep a scan of the wet-ink original (PDF, PNG, JPEG or TIFF), checked for size and type."""
    agreement = get_agreement(user, agreement_id)
    if not policy.can_add_scan(user, agreement):
        if user.role != "program_manager":
            raise PermissionDenied("Only program managers keep the scans of the signed originals.")
        raise Conflict(f"{agreement.reference} is not signed yet: scans of the originals come after signature.")
    limit = int(current_app.config["SCAN_MAX_BYTES"])
    if not data:
        raise InvalidInput("The file is empty: choose the scan to upload.", {"file": "Empty file."})
    if len(data) > limit:
        raise InvalidInput(
            f"The file is {len(data) / 2**20:.1f} MB; scans may be at most {limit / 2**20:.0f} MB.",
            {"file": "Too large."},
        )
    detected = detect_type(data)
    if detected is None:
        raise InvalidInput(
            "Scans must be PDF, PNG, JPEG or TIFF files; this file is none of these.", {"file": "Unsupported type."}
        )
    content_type, extension = detected
    problem = _check_content(data, content_type)
    if problem:
        raise InvalidInput(f"This is not a usable scan: {problem}.", {"file": problem})
    note = (note or "").strip()
    if problem := too_long("Note", note, 500):
        raise InvalidInput(problem, {"note": problem})
    document = Document(
        agreement_id=agreement.id,
        kind=SCAN,
        filename=_safe_filename(filename, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        note=note,
        created_by_id=user.id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def get_document(user: User, agreement_id: int, document_id: int) -> Document:
    """One stored document of an agreement this person may see."""
    return _document_of(get_agreement(user, agreement_id), document_id)


def _document_of(agreement: Agreement, document_id: int) -> Document:
    if not isinstance(document_id, int) or not 0 < document_id < 2**31:
        raise NotFound(f"No document {document_id}.")
    document = db.session.scalar(
        select(Document).where(Document.id == document_id, Document.agreement_id == agreement.id)
    )
    if document is None:
        raise NotFound(f"No document {document_id} on {agreement.reference}.")
    return document


def remove_scan(user: User, agreement_id: int, document_id: int) -> Document:
    """Remove a scan uploaded by mistake; the signed document can never be removed."""
    agreement = get_agreement(user, agreement_id)
    document = _document_of(agreement, document_id)
    if document.kind == SIGNED:
        raise Conflict("The signed document is kept for good; it cannot be removed.")
    if not policy.can_remove_scan(user, agreement):
        raise PermissionDenied("Only program managers remove scans.")
    db.session.delete(document)
    db.session.flush()
    return document


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    """What checking a PDF found: whether it is one of our signed documents, unchanged, and sealed."""

    matches: bool
    seal_valid: bool
    detail: str
    agreement_id: int | None = None
    reference: str | None = None
    version: int | None = None
    kind: str | None = None
    signed_on: str | None = None
    sealed_by: str = ""
    sealed_at: str | None = None
    sha256: str = ""


def verify_pdf(data: bytes) -> Verification:
    """Which agreement and version a PDF is, and whether its bytes and seal are still what we issued.

    Only a file byte-for-byte equal to a stored signed document matches; anything else is said
    plainly: not a PDF, not one of ours, a draft, or altered (one changed byte is enough).
    """
    digest = hashlib.sha256(data).hexdigest()
    if not data.lstrip()[:5] == b"%PDF-":
        return Verification(False, False, "This file is not a PDF.", sha256=digest)
    settings = seal_settings()
    check = seal.check(data, settings)
    sealed_at = check.sealed_at.isoformat() if check.sealed_at else None
    stored = db.session.scalar(select(Document).where(Document.sha256 == digest, Document.kind == SIGNED))
    if stored is not None:
        agreement = db.session.get(Agreement, stored.agreement_id)
        signed_on = agreement.signed_on.isoformat() if agreement and agreement.signed_on else None
        who = f"{agreement.reference}, text version {stored.version_number}, signed on {signed_on}"
        if check.valid:
            detail = f"This is the signed document of {who}, exactly as issued; its seal is valid."
        else:
            detail = (
                f"This is the signed document of {who}, exactly as issued, but its seal does not validate: "
                f"{check.problem}."
            )
        return Verification(
            True,
            check.valid,
            detail,
            agreement_id=stored.agreement_id,
            reference=agreement.reference if agreement else None,
            version=stored.version_number,
            kind=SIGNED,
            signed_on=signed_on,
            sealed_by=check.signer,
            sealed_at=sealed_at,
            sha256=digest,
        )
    claims = seal.read_claims(data)
    reference = claims.get("agreementreference") or None
    version = int(claims["agreementversion"]) if claims.get("agreementversion", "").isdigit() else None
    kind = claims.get("documentkind") or None
    if reference and kind == "draft":
        detail = (
            f"This is a draft of {reference}, text version {version}: drafts are not signed documents and "
            "carry no seal."
        )
    elif reference:
        detail = (
            f"This file presents itself as the signed document of {reference}, text version {version}, but it "
            f"is not the file we issued: it was altered" + (f" ({check.problem})." if check.problem else ".")
        )
    else:
        detail = "This PDF is not a document issued by this office: it is not one of ours."
    return Verification(
        False,
        check.valid,
        detail,
        reference=reference,
        version=version,
        kind=kind,
        sealed_by=check.signer if check.present else "",
        sealed_at=sealed_at,
        sha256=digest,
    )


@dataclass(frozen=True)
class SealInfo:
    """The certificate signed documents are sealed under, as operators check it."""

    subject: str
    issuer: str
    valid_from: str
    valid_until: str
    is_development: bool
    certificate: str
    trust_roots: tuple[str, ...]


def seal_info() -> SealInfo:
    """Which certificate seals signed documents (generating the development one if none is configured)."""
    settings = seal_settings()
    signer = seal.signer_for(settings)
    cert = signer.signing_cert
    resolved = seal.resolved(settings)
    return SealInfo(
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        valid_from=cert.not_valid_before.date().isoformat(),
        valid_until=cert.not_valid_after.date().isoformat(),
        is_development=settings.is_development,
        certificate=str(resolved.pkcs12 or resolved.cert),
        trust_roots=tuple(str(p) for p in resolved.trust_roots),
    )

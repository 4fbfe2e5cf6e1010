"""The office's seal on a signed document: pyHanko validates it under the configured root, and one
changed or added byte, or a seal made under another certificate, is reported plainly."""

from __future__ import annotations

import os
import re
import stat
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from services.lifecycle import bring_to

from agreements.documents import render, seal
from agreements.documents.seal import development_files
from agreements.services import documents

from .support import snapshot


def _roots(path: Path):
    from asn1crypto import x509 as asn1_x509

    return [
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        for cert in x509.load_pem_x509_certificates(path.read_bytes())
    ]


def pyhanko_status(pdf: bytes, root: Path):
    """Validate the PDF's one signature as a person with pyHanko and the root certificate would."""
    signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=_roots(root), allow_fetching=False)
    return signatures[0], validate_pdf_signature(signatures[0], context)


@pytest.fixture
def signed(world, make_agreement):
    """A letter of intent walked to signature: the agreement and its sealed document's bytes."""
    agreement = make_agreement(type="loi")
    bring_to(world, agreement, "in_force")
    return agreement, documents.signed_document(agreement).content


def test_signed_document_validates_under_the_configured_root(signed, seal_files):
    agreement, pdf = signed
    signature, status = pyhanko_status(pdf, seal_files["root"])
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line
    # A certifying signature that allows no change at all, under the configured seal certificate.
    assert signature.docmdp_level == MDPPerm.NO_CHANGES
    assert "/DocMDP" in PdfFileReader(BytesIO(pdf), strict=False).root["/Perms"]
    seal_cert = x509.load_pem_x509_certificate(seal_files["cert"].read_bytes())
    assert signature.signer_cert.dump() == seal_cert.public_bytes(serialization.Encoding.DER)
    # And the verify service agrees.
    result = documents.verify_pdf(pdf)
    assert result.matches and result.seal_valid
    assert (result.reference, result.version, result.kind) == (agreement.reference, 1, "signed")
    assert "Agreements development seal" in result.sealed_by


def _contents_span(pdf: bytes) -> tuple[int, int]:
    """Where the hex digits of the signature's /Contents are in the file."""
    match = re.search(rb"/Contents <([0-9a-fA-F]+)>", pdf)
    assert match
    return match.start(1), match.end(1)


def _signed_attributes_offset(pdf: bytes) -> int:
    """An offset inside the hex of the CMS signed attributes (what the seal's signature is made over)."""
    start, end = _contents_span(pdf)
    der = bytes.fromhex(pdf[start:end].decode())
    info = cms.ContentInfo.load(der)  # the zero padding after the DER is ignored
    attributes = info["content"]["signer_infos"][0]["signed_attrs"].dump()[2:]  # skip the implicit tag
    where = der.find(attributes)
    assert where > 0
    return start + 2 * (where + len(attributes) // 2)


def _changed(pdf: bytes, offset: int) -> bytes:
    changed = bytearray(pdf)
    if chr(changed[offset]) in "0123456789abcdefABCDEF":
        # Inside hex, stay hex, so the file still reads as a PDF with a (different) signature.
        changed[offset] = ord("7") if changed[offset] != ord("7") else ord("8")
    else:
        changed[offset] ^= 0x01
    assert bytes(changed) != pdf
    return bytes(changed)


def _page_content_offset(pdf: bytes) -> int:
    """An offset inside the first page's content stream (what is printed on it)."""
    contents = PdfReader(BytesIO(pdf)).pages[0].raw_get("/Contents")
    number = contents.idnum
    obj = re.search(rb"(?:^|\n)%d 0 obj\b" % number, pdf)
    assert obj, number
    stream = pdf.index(b"stream", obj.end())
    return stream + len(b"stream\n") + 40


@pytest.mark.parametrize(
    "where",
    ["header", "page content", "middle", "signed attributes", "signature value", "near the end", "last byte"],
)
def test_one_changed_byte_anywhere_fails_verification(where, signed):
    _, pdf = signed
    start, end = _contents_span(pdf)
    offset = {
        "header": 5,
        "page content": _page_content_offset(pdf),
        "middle": len(pdf) // 2 if not start <= len(pdf) // 2 < end else start - 100,
        "signed attributes": _signed_attributes_offset(pdf),
        "signature value": start + len(pdf[start:end].rstrip(b"0")) - 40,
        "near the end": len(pdf) - 30,
        "last byte": len(pdf) - 2,
    }[where]
    result = documents.verify_pdf(_changed(pdf, offset))
    assert not result.matches
    assert not result.seal_valid
    assert "altered" in result.detail or "not one of ours" in result.detail or "not a PDF" in result.detail


def test_a_changed_byte_in_the_signature_padding_is_not_a_valid_seal(signed):
    _, pdf = signed
    start, end = _contents_span(pdf)
    result = documents.verify_pdf(_changed(pdf, end - 10))
    assert not result.matches
    assert not result.seal_valid


def test_bytes_appended_after_the_seal_are_not_covered(signed, seal_files):
    _, pdf = signed
    appended = pdf + b"\n% added after sealing\n"
    _, status = pyhanko_status(appended, seal_files["root"])
    assert status.intact  # what was sealed is still there…
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE  # …but no longer all of the file
    result = documents.verify_pdf(appended)
    assert not result.matches and not result.seal_valid
    assert "added after sealing" in result.detail


def test_a_seal_under_another_certificate_is_not_valid(signed, tmp_path, seal_files):
    agreement, pdf = signed
    # Someone else's certificate seals a document that looks like ours.
    root, cert, key = development_files(tmp_path / "elsewhere")
    assert root.read_bytes() != seal_files["root"].read_bytes()
    forged = seal.seal(
        render.render(snapshot(reference=agreement.reference, version_number=1)),
        seal.SealSettings(cert=cert, key=key, trust_roots=(root,)),
        reason="forged",
    )
    _, status = pyhanko_status(forged, seal_files["root"])
    assert status.intact and not status.trusted
    result = documents.verify_pdf(forged)
    assert not result.matches and not result.seal_valid
    assert agreement.reference in result.detail and "altered" in result.detail
    assert "not made under the office's certificate" in result.detail


def test_first_run_without_a_certificate_generates_a_development_seal(app, world, make_agreement):
    # As on a fresh installation: no certificate configured.
    app.config.update(SEAL_CERT="", SEAL_KEY="", SEAL_TRUST_ROOTS="", SEAL_PKCS12="")
    folder = Path(app.instance_path) / "seal"
    assert not folder.exists()
    agreement = make_agreement(type="loi")
    bring_to(world, agreement, "in_force")
    pdf = documents.signed_document(agreement).content

    root, cert, key = folder / "dev-root.pem", folder / "dev-seal-cert.pem", folder / "dev-seal-key.pem"
    assert root.is_file() and cert.is_file() and key.is_file()
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert b"PRIVATE KEY" in key.read_bytes()
    signature, status = pyhanko_status(pdf, root)
    assert status.intact and status.trusted and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "development" in signature.signer_cert.subject.human_friendly
    result = documents.verify_pdf(pdf)
    assert result.matches and result.seal_valid

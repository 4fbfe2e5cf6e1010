"""Documents through the API: the signed PDF served as stored, drafts, checking a PDF, and scans of the originals."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from services.lifecycle import IN_FORCE_ON, SIGNED_ON, bring_to, designate_signatories
from sqlalchemy import func, select

from agreements.db import db
from agreements.models import Document

from .support import assert_problem

PDF = {"Content-Type": "application/pdf"}


# --- helpers -----------------------------------------------------------------------------------------
def _image(kind: str) -> bytes:
    """A small real image of the given PIL format (PNG, JPEG, TIFF)."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, kind)
    return out.getvalue()


def _text_of(pdf: bytes) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _ready_to_sign(world, make_agreement, type="mou", **facts):
    """An agreement cleared for signature whose two signatures are recorded."""
    agreement = bring_to(world, make_agreement(type=type, **facts), "awaiting_signature")
    designate_signatories(world, agreement, signed=True)
    db.session.commit()
    return agreement


def _signed_through_the_api(api, world, make_agreement, type="mou", **facts) -> tuple[int, dict]:
    """Sign an agreement with ``POST /transitions`` as the program manager; its id and JSON afterwards."""
    agreement = _ready_to_sign(world, make_agreement, type, **facts)
    r = api("pm").fire(agreement.id, "sign")
    assert r.status_code == 200, r.get_data(as_text=True)
    return agreement.id, r.get_json()


def _documents_stored(agreement_id: int) -> int:
    """How many document rows the agreement has (read afresh from the database)."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Document).where(Document.agreement_id == agreement_id))


def _altered(pdf: bytes) -> bytes:
    """The same file with one byte changed inside a page's content stream (its structure still reads)."""
    match = re.search(rb"/Contents\s+(\d+)\s+0\s+R", pdf)
    assert match, "no page content stream found"
    body = re.search(rb"\n" + match.group(1) + rb"\s+0\s+obj.*?stream\r?\n", pdf, re.S)
    assert body, "content stream object not found"
    position = body.end() + 20
    changed = bytearray(pdf)
    changed[position] ^= 0x01
    return bytes(changed)


# --- the signed PDF, served as stored ----------------------------------------------------------------
def test_signing_through_the_api_stores_one_pdf_and_every_download_is_those_bytes(api, world, make_agreement):
    agreement = _ready_to_sign(world, make_agreement)
    before = api("pm").get(f"/agreements/{agreement.id}").get_json()
    assert before["signed_document"] is None
    assert before["documents_url"] == f"/api/v1/agreements/{agreement.id}/documents"

    signed = api("pm").fire(agreement.id, "sign").get_json()
    assert signed["state"] == "in_force"
    document = signed["signed_document"]
    assert document["version"] == signed["current_version"] == 1
    assert document["url"] == f"/api/v1/agreements/{agreement.id}/document.pdf"
    assert document["size"] > 1000 and "seal" in document["sealed_by"]

    first = api("pm").get(document["url"])
    second = api("moscow").get(document["url"])
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "application/pdf" and first.data.startswith(b"%PDF-")
    assert first.data == second.data
    assert hashlib.sha256(first.data).hexdigest() == document["sha256"]
    assert first.headers["ETag"].strip('"') == document["sha256"]
    disposition = first.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and f"{signed['reference']}-signed.pdf" in disposition
    assert len(PdfReader(io.BytesIO(first.data)).pages) >= 1
    assert not any("DRAFT" in page for page in _text_of(first.data))
    # Downloading made nothing new: the one document stored at signature is still the only one.
    assert _documents_stored(agreement.id) == 1


def test_a_client_holding_the_signed_pdf_is_told_it_has_not_changed(api, world, make_agreement):
    agreement_id, signed = _signed_through_the_api(api, world, make_agreement)
    url = signed["signed_document"]["url"]
    r = api("la").get(url, headers={"If-None-Match": f'"{signed["signed_document"]["sha256"]}"'})
    assert r.status_code == 304 and r.data == b""
    assert api("la").get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_draft_of_a_version_can_still_be_had_once_signed(api, world, make_agreement):
    agreement_id, signed = _signed_through_the_api(api, world, make_agreement)
    r = api("pm").get(f"/agreements/{agreement_id}/document.pdf?version=1")
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    assert hashlib.sha256(r.data).hexdigest() != signed["signed_document"]["sha256"]
    assert "-v1-draft.pdf" in r.headers["Content-Disposition"]
    assert "ETag" not in r.headers
    pages = _text_of(r.data)
    assert pages and all("DRAFT" in page for page in pages)
    assert _documents_stored(agreement_id) == 1


def test_before_signature_the_pdf_is_a_draft_of_the_current_version(api, make_agreement):
    agreement = make_agreement()
    r = api("moscow").get(f"/agreements/{agreement.id}/document.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pages = _text_of(r.data)
    assert pages and all("DRAFT" in page for page in pages)
    assert "Body of article 1 in en." in " ".join(pages)
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert _documents_stored(agreement.id) == 0


def test_without_a_text_there_is_no_pdf_yet(api, make_agreement):
    agreement = make_agreement(with_text=False)
    assert_problem(api("pm").get(f"/agreements/{agreement.id}/document.pdf"), 404, "save a version")


@pytest.mark.parametrize("version", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_a_version_that_is_not_a_version_number_is_named(api, make_agreement, version):
    agreement = make_agreement()
    body = assert_problem(api("pm").get(f"/agreements/{agreement.id}/document.pdf?version={version}"), 422, "version")
    assert "version" in body["errors"]


def test_a_version_that_does_not_exist_is_404(api, make_agreement):
    agreement = make_agreement()
    assert_problem(api("pm").get(f"/agreements/{agreement.id}/document.pdf?version=7"), 404, "version 7")


def test_an_attache_outside_the_country_sees_neither_pdf_nor_documents(api, make_agreement):
    agreement = make_agreement(country="RU")
    mexico = api("mexico")
    for path in ("document.pdf", "document.pdf?version=1", "documents", "documents/1"):
        assert_problem(mexico.get(f"/agreements/{agreement.id}/{path}"), 404, f"agreement {agreement.id}")
    # The same answer as for an agreement that does not exist.
    assert_problem(mexico.get("/agreements/999999/document.pdf"), 404, "agreement 999999")


def test_the_pdf_needs_a_token(api, make_agreement):
    agreement = make_agreement()
    assert_problem(api(None).get(f"/agreements/{agreement.id}/document.pdf"), 401, "token")


# --- checking a PDF ------------------------------------------------------------------------------------
def test_the_signed_pdf_verifies_and_one_changed_byte_is_caught(api, world, make_agreement):
    agreement_id, signed = _signed_through_the_api(api, world, make_agreement)
    pdf = api("pm").get(signed["signed_document"]["url"]).data

    ok = api("mexico").post("/verify", data=pdf, headers=PDF)
    assert ok.status_code == 200
    found = ok.get_json()
    assert found["matches"] is True and found["seal_valid"] is True
    assert found["agreement_id"] == agreement_id
    assert found["reference"] == signed["reference"]
    assert found["version"] == 1 and found["kind"] == "signed"
    assert found["signed_on"] == SIGNED_ON.isoformat() == signed["signed_on"]
    assert found["sha256"] == signed["signed_document"]["sha256"]
    assert found["sealed_by"] and found["sealed_at"]
    assert signed["reference"] in found["detail"]

    altered = api("mexico").post("/verify", data=_altered(pdf), headers=PDF).get_json()
    assert altered["matches"] is False and altered["seal_valid"] is False
    assert "altered" in altered["detail"] and altered["reference"] == signed["reference"]
    assert altered["agreement_id"] is None


def test_a_draft_is_recognised_as_a_draft(api, make_agreement):
    agreement = make_agreement()
    draft = api("pm").get(f"/agreements/{agreement.id}/document.pdf").data
    found = api("pm").post("/verify", data=draft, headers=PDF).get_json()
    assert found["matches"] is False and found["seal_valid"] is False
    assert found["kind"] == "draft" and found["version"] == 1
    assert found["reference"] == agreement.reference
    assert "draft" in found["detail"]


def test_a_file_that_is_not_a_pdf_is_said_to_be_so(api, world):
    found = api("la").post("/verify", data=b"Minutes of the meeting, plain text.\n", headers=PDF).get_json()
    assert found["matches"] is False and found["seal_valid"] is False
    assert "not a PDF" in found["detail"]
    assert found["sha256"] == hashlib.sha256(b"Minutes of the meeting, plain text.\n").hexdigest()


def test_a_pdf_from_elsewhere_is_not_one_of_ours(api, world):
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(out)
    found = api("la").post("/verify", data=out.getvalue(), headers=PDF).get_json()
    assert found["matches"] is False and "not one of ours" in found["detail"]


def test_verify_refuses_what_it_cannot_check(api, world, app):
    la = api("la")
    assert_problem(api(None).post("/verify", data=b"%PDF-1.7", headers=PDF), 401, "token")
    body = assert_problem(la.post("/verify", data=b"%PDF-1.7", headers={"Content-Type": "text/plain"}), 415, "pdf")
    assert "text/plain" in body["detail"]
    assert_problem(la.post("/verify", data=b"{}", headers={"Content-Type": "application/json"}), 415, "application/pdf")
    assert_problem(la.post("/verify", data=b"", headers=PDF), 422, "empty")
    app.config["VERIFY_MAX_BYTES"] = 1000
    assert_problem(la.post("/verify", data=b"%PDF-" + b"x" * 1000, headers=PDF), 413, "1,000 bytes")


def test_verify_takes_files_larger_than_ordinary_requests(api, world, app):
    # Requests are limited to 2 MB elsewhere; signed documents with scans and images may be larger.
    big = b"x" * (3 * 1024 * 1024)
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    r = api("la").post("/verify", data=big, headers=PDF)
    assert r.status_code == 200 and "not a PDF" in r.get_json()["detail"]


# --- scans of the signed originals -----------------------------------------------------------------------
def test_a_program_manager_keeps_scans_of_the_signed_originals(api, world, make_agreement):
    agreement_id, signed = _signed_through_the_api(api, world, make_agreement)
    pm = api("pm")
    png, jpeg, tiff = _image("PNG"), _image("JPEG"), _image("TIFF")

    raw = pm.post(
        f"/agreements/{agreement_id}/scans?filename=page-1.png&note=Signature page",
        data=png,
        headers={"Content-Type": "image/png"},
    )
    assert raw.status_code == 201, raw.get_data(as_text=True)
    scan = raw.get_json()
    assert scan["kind"] == "scan" and scan["content_type"] == "image/png"
    assert scan["filename"] == "page-1.png" and scan["note"] == "Signature page"
    assert scan["size"] == len(png) and scan["sha256"] == hashlib.sha256(png).hexdigest()
    assert scan["created_by"] == "pm@agreements.test" and scan["version"] is None
    assert raw.headers["Location"].endswith(scan["url"])

    form = pm.post(
        f"/agreements/{agreement_id}/scans",
        data={"file": (io.BytesIO(jpeg), "original.jpg", "image/jpeg"), "note": "Russian original"},
        content_type="multipart/form-data",
    )
    assert form.status_code == 201, form.get_data(as_text=True)
    assert form.get_json()["content_type"] == "image/jpeg" and form.get_json()["note"] == "Russian original"
    tif = pm.post(f"/agreements/{agreement_id}/scans", data=tiff, headers={"Content-Type": "image/tiff"})
    assert tif.status_code == 201 and tif.get_json()["filename"] == "scan.tif"

    listed = api("moscow").get(f"/agreements/{agreement_id}/documents").get_json()["items"]
    assert [d["kind"] for d in listed] == ["signed", "scan", "scan", "scan"]
    assert listed[0]["sha256"] == signed["signed_document"]["sha256"] and listed[0]["version"] == 1
    assert [d["filename"] for d in listed[1:]] == ["page-1.png", "original.jpg", "scan.tif"]

    fetched = api("la").get(scan["url"])
    assert fetched.status_code == 200 and fetched.mimetype == "image/png" and fetched.data == png
    assert fetched.headers["ETag"].strip('"') == scan["sha256"]
    stored_pdf = api("la").get(listed[0]["url"])
    assert stored_pdf.data == api("la").get(signed["signed_document"]["url"]).data


def test_who_may_keep_scans(api, world, make_agreement):
    agreement_id, _ = _signed_through_the_api(api, world, make_agreement)
    png = {"data": _image("PNG"), "headers": {"Content-Type": "image/png"}}
    assert_problem(api("la").post(f"/agreements/{agreement_id}/scans", **png), 403, "program managers")
    assert_problem(api("moscow").post(f"/agreements/{agreement_id}/scans", **png), 403, "program managers")
    assert_problem(api("mexico").post(f"/agreements/{agreement_id}/scans", **png), 404, f"agreement {agreement_id}")
    assert_problem(api(None).post(f"/agreements/{agreement_id}/scans", **png), 401, "token")
    assert [d["kind"] for d in api("pm").get(f"/agreements/{agreement_id}/documents").get_json()["items"]] == ["signed"]


def test_scans_come_after_signature(api, make_agreement):
    agreement = make_agreement()
    r = api("pm").post(f"/agreements/{agreement.id}/scans", data=_image("PNG"), headers={"Content-Type": "image/png"})
    assert_problem(r, 409, "not signed yet")
    assert api("pm").get(f"/agreements/{agreement.id}/documents").get_json() == {"items": []}


def test_a_scan_must_be_what_it_says_it_is(api, world, make_agreement, app):
    agreement_id, _ = _signed_through_the_api(api, world, make_agreement)
    pm = api("pm")
    url = f"/agreements/{agreement_id}/scans"

    disguised = assert_problem(pm.post(url, data=_image("PNG"), headers=PDF), 422, "image/png", "application/pdf")
    assert "file" in disguised["errors"]
    in_a_form = pm.post(
        url,
        data={"file": (io.BytesIO(_image("PNG")), "scan.pdf", "application/pdf")},
        content_type="multipart/form-data",
    )
    assert_problem(in_a_form, 422, "image/png")
    assert_problem(pm.post(url, data=b"%PDF-1.7 nothing else", headers=PDF), 422, "not a usable scan")
    assert_problem(pm.post(url, data=b"Hello", headers={"Content-Type": "text/plain"}), 415, "text/plain")
    assert_problem(pm.post(url, data=b"", headers={"Content-Type": "image/png"}), 422, "empty")
    no_file = pm.post(url, data={"note": "forgot the file"}, content_type="multipart/form-data")
    assert_problem(no_file, 422, "'file'")
    broken = pm.post(
        url, data=b"--x\r\nContent-Disposition: form-data; name=", headers={"Content-Type": "multipart/form-data"}
    )
    assert_problem(broken, 422, "'file'")
    long_note = pm.post(f"{url}?note={'n' * 501}", data=_image("PNG"), headers={"Content-Type": "image/png"})
    assert_problem(long_note, 422, "note")

    app.config["SCAN_MAX_BYTES"] = 2000
    big = _image("PNG") + b"\0" * 2000
    assert_problem(pm.post(url, data=big, headers={"Content-Type": "image/png"}), 413, "2,000 bytes")
    in_form = pm.post(url, data={"file": (io.BytesIO(big), "big.png", "image/png")}, content_type="multipart/form-data")
    assert_problem(in_form, 413, "2,000 bytes")
    assert _documents_stored(agreement_id) == 1


def test_a_scan_sent_twice_with_one_key_is_kept_once(api, world, make_agreement):
    agreement_id, _ = _signed_through_the_api(api, world, make_agreement)
    send = {"data": _image("PNG"), "headers": {"Content-Type": "image/png", "Idempotency-Key": "scan-0001"}}
    first = api("pm").post(f"/agreements/{agreement_id}/scans", **send)
    again = api("pm").post(f"/agreements/{agreement_id}/scans", **send)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert _documents_stored(agreement_id) == 2


def test_a_form_upload_retried_with_one_key_is_kept_once(api, world, make_agreement):
    agreement_id, _ = _signed_through_the_api(api, world, make_agreement)
    png = _image("PNG")
    answers = [
        api("pm").post(
            f"/agreements/{agreement_id}/scans",
            data={"file": (io.BytesIO(png), "page.png", "image/png"), "note": "Original"},
            content_type="multipart/form-data",
            headers={"Idempotency-Key": "scan-form-0001"},
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[1].headers.get("Idempotent-Replayed") == "true"
    assert answers[1].get_json()["id"] == answers[0].get_json()["id"]
    assert _documents_stored(agreement_id) == 2
    other = api("pm").post(
        f"/agreements/{agreement_id}/scans",
        data={"file": (io.BytesIO(_image("JPEG")), "page.jpg", "image/jpeg"), "note": "Original"},
        content_type="multipart/form-data",
        headers={"Idempotency-Key": "scan-form-0001"},
    )
    assert other.status_code == 422  # the same key for another file is refused, not replayed


def _form(*parts: tuple[str, bytes]) -> bytes:
    """A multipart body of raw parts, each a Content-Disposition and a content, with the boundary XX."""
    body = b"".join(b"--XX\r\nContent-Disposition: " + d.encode() + b"\r\n\r\n" + c + b"\r\n" for d, c in parts)
    return body + b"--XX--\r\n"


@pytest.mark.parametrize("nameless", ["form-data; name=", "form-data", 'form-data; name=""'])
def test_a_form_with_a_nameless_part_and_a_key_is_answered_not_a_crash(api, world, make_agreement, nameless):
    agreement_id, _ = _signed_through_the_api(api, world, make_agreement)
    url = f"/agreements/{agreement_id}/scans"
    png = ("form-data; name=file; filename=page.png\r\nContent-Type: image/png", _image("PNG"))
    send = {"content_type": "multipart/form-data; boundary=XX", "headers": {"Idempotency-Key": "scan-nameless"}}

    note = ("form-data; name=note", b"Original")
    answers = [api("pm").post(url, data=_form((nameless, b"stray"), note, png), **send) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201], answers[0].get_data(as_text=True)
    assert answers[1].headers.get("Idempotent-Replayed") == "true"
    assert _documents_stored(agreement_id) == 2
    other = api("pm").post(url, data=_form((nameless, b"other"), note, png), **send)
    assert_problem(other, 422, "different request")

    nameless_png = (f"{nameless}; filename=page.png\r\nContent-Type: image/png", _image("PNG"))
    only_nameless_files = _form(nameless_png, ("form-data; name=proof; filename=x.png", b"x"))
    send["headers"] = {"Idempotency-Key": "scan-nameless-file"}
    assert_problem(api("pm").post(url, data=only_nameless_files, **send), 422, "'file'")
    assert _documents_stored(agreement_id) == 2


def test_a_scan_kept_by_mistake_is_removed_but_the_signed_pdf_stays(api, world, make_agreement):
    agreement_id, signed = _signed_through_the_api(api, world, make_agreement)
    pm = api("pm")
    scan = pm.post(
        f"/agreements/{agreement_id}/scans", data=_image("PNG"), headers={"Content-Type": "image/png"}
    ).get_json()
    signed_id = pm.get(f"/agreements/{agreement_id}/documents").get_json()["items"][0]["id"]

    assert_problem(api("la").call("DELETE", f"/agreements/{agreement_id}/scans/{scan['id']}"), 403, "program managers")
    assert_problem(api("mexico").call("DELETE", f"/agreements/{agreement_id}/scans/{scan['id']}"), 404)
    assert_problem(pm.call("DELETE", f"/agreements/{agreement_id}/scans/{signed_id}"), 409, "kept for good")

    gone = pm.call("DELETE", f"/agreements/{agreement_id}/scans/{scan['id']}")
    assert gone.status_code == 204 and gone.data == b""
    assert [d["id"] for d in pm.get(f"/agreements/{agreement_id}/documents").get_json()["items"]] == [signed_id]
    assert_problem(pm.get(scan["url"]), 404, f"document {scan['id']}")
    assert_problem(pm.call("DELETE", f"/agreements/{agreement_id}/scans/{scan['id']}"), 404)
    assert pm.get(signed["signed_document"]["url"]).status_code == 200


# --- a binding agreement: entry into force, diplomatic notes, deadlines ----------------------------------------
def test_a_cmaa_enters_into_force_by_notes_and_its_deadlines_follow(api, world, make_agreement):
    agreement_id, signed = _signed_through_the_api(
        api, world, make_agreement, type="cmaa", entry_rule="days_after_later_note", entry_rule_days=5
    )
    assert signed["state"] == "signed" and signed["diplomatic_notes"] == []
    assert [d["key"] for d in signed["deadlines"]] == ["transmittal"]
    transmittal = signed["deadlines"][0]
    assert transmittal["due_on"] == "2026-04-10" and SIGNED_ON.isoformat() in transmittal["basis"]
    assert transmittal["status"] in ("ahead", "soon", "past") and transmittal["done_on"] is None
    assert transmittal["progress"] in ("open", "overdue")

    late_note = api("pm").fire(
        agreement_id,
        "enter_into_force",
        data={"in_force_on": IN_FORCE_ON.isoformat(), "our_note_on": "2026-04-01", "their_note_on": "2026-04-20"},
    )
    body = assert_problem(late_note, 422)
    assert any("2026-04-20" in reason and "note" in reason for reason in body["reasons"])
    assert api("pm").get(f"/agreements/{agreement_id}").get_json()["state"] == "signed"

    r = api("pm").fire(
        agreement_id,
        "enter_into_force",
        data={
            "in_force_on": IN_FORCE_ON.isoformat(),
            "our_note_reference": "Note No. 112",
            "our_note_on": "2026-04-01",
            "their_note_reference": "Note 7/2026",
            "their_note_on": "2026-04-10",
        },
    )
    assert r.status_code == 200, r.get_data(as_text=True)
    agreement = r.get_json()
    assert agreement["state"] == "in_force" and agreement["in_force_on"] == IN_FORCE_ON.isoformat()
    assert agreement["diplomatic_notes"] == [
        {"party": "us", "reference": "Note No. 112", "dated_on": "2026-04-01"},
        {"party": "counterpart", "reference": "Note 7/2026", "dated_on": "2026-04-10"},
    ]
    publication = {d["key"]: d for d in agreement["deadlines"]}["publication"]
    assert publication["due_on"] == "2026-08-13" and IN_FORCE_ON.isoformat() in publication["basis"]
    assert agreement["signed_document"] == signed["signed_document"]

"""The documents on the agreement page (signed PDF, drafts, scans), its deadlines, and the verify page."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from services.lifecycle import IN_FORCE_ON, SIGNED_ON, bring_to, take
from sqlalchemy import select
from webtools import browser, fresh, post_form, signed_in, token, visible_text
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from agreements.db import db
from agreements.models import Document
from agreements.services import documents
from agreements.services.transitions import fire_transition


def _png(width: int = 40, height: int = 30, noise: bool = False) -> bytes:
    """A PNG image; with ``noise``, one that barely compresses (for size limits)."""
    image = (
        Image.frombytes("RGB", (width, height), random.Random(7).randbytes(width * height * 3))
        if noise
        else Image.new("RGB", (width, height), "white")
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pdf_text(content: bytes) -> str:
    """Every page's text, as pypdf reads it."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _scans(agreement) -> list[Document]:
    db.session.rollback()
    return list(
        db.session.scalars(select(Document).where(Document.agreement_id == agreement.id, Document.kind == "scan"))
    )


def _send(client, url: str, form: dict, data: bytes | None, filename: str):
    """POST a form with a file the way a browser does (multipart, encoded in memory)."""
    if data is not None:
        form = {**form, "file": FileStorage(io.BytesIO(data), filename)}
    boundary, body = encode_multipart(form)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _upload(client, agreement, data: bytes | None, filename: str = "original.png", note: str = ""):
    """Send the scan form of the agreement page."""
    form = {"note": note, "csrf_token": token(client, f"/agreements/{agreement.id}")}
    return _send(client, f"/agreements/{agreement.id}/documents", form, data, filename)


def _verify(client, data: bytes | None, filename: str = "agreement.pdf"):
    """Send the verify page's form."""
    return _send(client, "/verify", {"csrf_token": token(client, "/verify")}, data, filename)


def _card(response, section: str) -> str:
    """The visible text of one card of the agreement page."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<section class="card" id="{section}".*?</section>', html, flags=re.S)
    assert match, f"no {section} card on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def _when(due: dt.date) -> str:
    """How the page says how far a deadline is from today."""
    days = (due - dt.date.today()).days
    if days == 0:
        return "due today"
    return f"in {days} day{'s' * (days != 1)}" if days > 0 else f"was due {-days} day{'s' * (days != -1)} ago"


@pytest.fixture
def signed_mou(world, make_agreement):
    """A non-binding MOU with Russia, signed (so in force), with its sealed signed document."""
    return bring_to(world, make_agreement(), "in_force")


# --- the agreement page -------------------------------------------------------------------------------
def test_the_page_of_a_signed_agreement_shows_its_signed_document(app, world, signed_mou):
    stored = documents.signed_document(signed_mou)
    page = signed_in(app, world["moscow"]).get(f"/agreements/{signed_mou.id}")
    assert page.status_code == 200
    card = _card(page, "documents")
    assert "Signed document (PDF)" in card
    assert stored.sha256 in card
    assert f"Text version {stored.version_number}" in card
    assert "development seal" in card
    assert "Pat Manager" in card
    assert f"Draft PDF of version {signed_mou.current_version_number}" in card
    assert "a program manager uploads them" in card
    assert "Upload the scan" not in card  # attachés keep no scans


def test_a_draft_shows_draft_links_and_says_when_the_signed_document_comes(app, world, make_agreement):
    agreement = make_agreement()
    card = _card(signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}"), "documents")
    assert "Draft PDF of version 1" in card
    assert "Signed document (PDF)" not in card
    assert "made when the agreement is signed" in card
    assert "once the agreement is signed" in card
    empty = make_agreement(with_text=False)
    assert "No text yet: save a first version" in _card(
        signed_in(app, world["pm"]).get(f"/agreements/{empty.id}"), "documents"
    )


def test_awaiting_signature_the_page_says_signing_seals_the_cleared_text_for_good(app, world, make_agreement):
    agreement = bring_to(world, make_agreement(), "awaiting_signature")
    page = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}")
    card = _card(page, "documents")
    assert "Signing renders the signed document from the text cleared for signature (version 1)" in card
    assert "it can never be changed" in card
    assert "I confirm: this step cannot be undone." in visible_text(page)


def test_earlier_versions_each_have_a_draft_link(app, world, make_agreement):
    from conftest import simple_text

    from agreements.services import versions

    agreement = make_agreement()
    versions.save_version(world["pm"], agreement, simple_text(articles=3))
    db.session.commit()
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert f'href="/agreements/{agreement.id}/document.pdf?version=2"' in html
    assert f'href="/agreements/{agreement.id}/document.pdf?version=1"' in html
    assert "Draft PDF of version 1" in html


def test_a_binding_agreement_shows_its_deadlines_and_diplomatic_notes(app, world, make_agreement):
    # In force by an exchange of notes: on the date of the later note (here theirs, 15 April 2026).
    agreement = bring_to(world, make_agreement(type="cmaa", entry_rule="later_note"), "signed")
    client = signed_in(app, world["pm"])
    transmittal_due = SIGNED_ON + dt.timedelta(days=15)

    card = _card(client.get(f"/agreements/{agreement.id}"), "deadlines")
    assert (
        f"Transmittal to the State Department : due {transmittal_due.day} April 2026 ({_when(transmittal_due)})" in card
    )
    assert "15 days after signature on 26 March 2026" in card
    assert "State publishes the text within 120 days of entry into force, once that date is recorded." in card

    page = client.get(f"/agreements/{agreement.id}")
    text = visible_text(page)
    assert "By notification?" in text
    for label in (
        "Our diplomatic note (reference)",
        "Our note dated",
        "Their diplomatic note (reference)",
        "Their note dated",
    ):
        assert label in text

    notes = {
        "in_force_on": IN_FORCE_ON.isoformat(),
        "our_note_reference": "No. 12/2026",
        "our_note_on": "2026-04-02",
        "their_note_reference": "1-5/8812",
        "their_note_on": IN_FORCE_ON.isoformat(),
    }
    fire_transition(world["pm"], agreement.id, "enter_into_force", data=notes)
    db.session.commit()
    publication_due = IN_FORCE_ON + dt.timedelta(days=120)
    card = _card(client.get(f"/agreements/{agreement.id}"), "deadlines")
    state_publishes = "State publishes within 120 days of entry into force"
    assert f"Publication of the text : {state_publishes} (by {publication_due.day} August 2026)" in card
    assert "120 days after entry into force on 15 April 2026" in card
    assert "Our note No. 12/2026, dated 2 April 2026" in card
    assert "Their note 1-5/8812, dated 15 April 2026" in card


def test_a_non_binding_memorandum_says_no_deadlines_apply(app, world, signed_mou):
    card = _card(signed_in(app, world["pm"]).get(f"/agreements/{signed_mou.id}"), "deadlines")
    assert "None apply" in card
    assert "due" not in card


# --- downloads ----------------------------------------------------------------------------------------
def test_the_draft_pdf_of_an_unsigned_agreement_is_marked_draft(app, world, make_agreement):
    agreement = make_agreement()
    response = signed_in(app, world["moscow"]).get(f"/agreements/{agreement.id}/document.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert f"{agreement.reference}-v1-draft.pdf" in response.headers["Content-Disposition"]
    assert "DRAFT" in _pdf_text(response.data)
    assert "Body of article 2 in en." in _pdf_text(response.data)


def test_the_signed_pdf_downloads_exactly_as_stored(app, world, signed_mou):
    stored = documents.signed_document(signed_mou)
    client = signed_in(app, world["moscow"])
    response = client.get(f"/agreements/{signed_mou.id}/document.pdf")
    assert response.status_code == 200
    assert response.data == stored.content
    assert hashlib.sha256(response.data).hexdigest() == stored.sha256
    assert "DRAFT" not in _pdf_text(response.data)
    assert response.headers["Content-Disposition"].startswith("attachment")
    by_id = client.get(f"/agreements/{signed_mou.id}/documents/{stored.id}")
    assert by_id.data == stored.content
    draft = client.get(f"/agreements/{signed_mou.id}/document.pdf?version=1")
    assert draft.status_code == 200 and "DRAFT" in _pdf_text(draft.data)


@pytest.mark.parametrize("version", ["9", "0", "x", "-1"])
def test_a_version_that_does_not_exist_is_not_found(app, world, make_agreement, version):
    agreement = make_agreement()
    response = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/document.pdf?version={version}")
    assert response.status_code == 404
    assert "Not found" in visible_text(response)


def test_the_mexico_attache_cannot_have_a_russian_agreement_s_documents(app, world, signed_mou):
    stored = documents.signed_document(signed_mou)
    client = signed_in(app, world["mexico"])
    for url in (
        f"/agreements/{signed_mou.id}/document.pdf",
        f"/agreements/{signed_mou.id}/document.pdf?version=1",
        f"/agreements/{signed_mou.id}/documents/{stored.id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html"
        assert "Not found" in visible_text(response)


def test_downloads_need_a_signed_in_person(app, signed_mou):
    response = browser(app).get(f"/agreements/{signed_mou.id}/document.pdf")
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


# --- scans of the signed originals ---------------------------------------------------------------------
def test_a_program_manager_uploads_a_scan_after_signing_and_it_is_listed(app, world, signed_mou):
    client = signed_in(app, world["pm"])
    image = _png()
    response = _upload(client, signed_mou, image, "Signed original, page 1.png", note="Our original, page 1")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/agreements/{signed_mou.id}#documents")
    page = client.get(f"/agreements/{signed_mou.id}")
    assert "kept with" in visible_text(page)
    card = _card(page, "documents")
    assert "Signed original, page 1.png" in card
    assert "Our original, page 1" in card
    assert "Pat Manager" in card
    assert f"{len(image)} bytes" in card
    (scan,) = _scans(signed_mou)
    download = client.get(f"/agreements/{signed_mou.id}/documents/{scan.id}")
    assert download.data == image
    assert download.mimetype == "image/png"
    assert "No scans yet" not in card


def test_a_scan_larger_than_the_usual_form_limit_is_accepted(app, world, signed_mou):
    big = _png(1100, 1000, noise=True)
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    response = _upload(signed_in(app, world["pm"]), signed_mou, big, "scan.png")
    assert response.status_code == 303, visible_text(response)[:400]
    assert [s.size for s in _scans(signed_mou)] == [len(big)]


def test_a_scan_over_the_scan_limit_gets_a_message_on_the_page(app, world, signed_mou):
    app.config["SCAN_MAX_BYTES"] = 100_000
    response = _upload(signed_in(app, world["pm"]), signed_mou, _png(400, 400, noise=True), "scan.png")
    assert response.status_code == 413
    text = visible_text(response)
    assert "The file is larger than" in text
    assert signed_mou.title in text  # the agreement page, not an error page
    assert _scans(signed_mou) == []


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"MZ\x90\x00 not a scan at all", "scan.pdf", "Scans must be PDF, PNG, JPEG or TIFF files"),
        (b"%PDF-1.7\nbroken", "scan.pdf", "This is not a usable scan"),
        (b"", "scan.png", "The file is empty"),
        (None, "", "no file was sent"),
    ],
    ids=["not-an-image", "broken-pdf", "empty", "missing"],
)
def test_a_bad_file_gets_a_message_on_the_page_keeps_the_note_and_stores_nothing(
    app, world, signed_mou, data, filename, message
):
    response = _upload(signed_in(app, world["pm"]), signed_mou, data, filename, note="Counterpart's original")
    assert response.status_code == 422
    card = _card(response, "documents")
    assert message.lower() in card.lower()
    assert 'value="Counterpart&#39;s original"' in response.get_data(as_text=True)
    assert _scans(signed_mou) == []


def _top_alert(response) -> str:
    """The visible text of the alerts the agreement page opens with, above its cards."""
    html = response.get_data(as_text=True)
    head = html[html.index('<main id="main"') : html.index('<div class="agreement-layout">')]
    alerts = re.findall(r'<div class="alert alert--error" role="alert"[^>]*>(.*?)</div>', head, flags=re.S)
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", a).split()) for a in alerts)


def _truncated_png() -> bytes:
    image = _png()
    return image[: len(image) // 2]


def _pdf_without_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    body, offsets = b"%PDF-1.7\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return body + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


@pytest.mark.parametrize(
    ("data", "filename", "said"),
    [
        (b"%PDF-1.7\nbroken", "scan.pdf", "the PDF is damaged or incomplete and cannot be opened"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "cut-short.pdf", "the PDF is damaged or incomplete"),
        (_pdf_without_pages(), "empty.pdf", "the PDF has no pages"),
        (_truncated_png(), "scan.png", "the image is damaged or incomplete and cannot be opened"),
        (b"PK\x03\x04 a word-processor file", "scan.docx", "Scans must be PDF, PNG, JPEG or TIFF files"),
        (b"Signed original, see attached.\n", "scan.pdf", "Scans must be PDF, PNG, JPEG or TIFF files"),
    ],
    ids=["broken-pdf", "truncated-pdf", "pdf-without-pages", "truncated-png", "docx", "text-named-pdf"],
)
def test_a_refused_scan_is_said_in_words_at_the_top_of_the_page(app, world, signed_mou, data, filename, said):
    response = _upload(signed_in(app, world["pm"]), signed_mou, data, filename, note="Page 1")
    assert response.status_code == 422
    top = _top_alert(response)
    assert top.startswith("The scan was not kept.")
    assert said in top
    assert not re.search(r"[A-Z][a-z]+[A-Z]\w*|Error|Exception|\(\w+\)", top), top  # no exception's name
    assert 'href="#documents"' in response.get_data(as_text=True)
    assert said in _card(response, "documents")  # and beside the form, where the file is chosen again
    assert _scans(signed_mou) == []


def test_a_legal_advisor_sees_no_upload_form_and_is_refused(app, world, signed_mou):
    client = signed_in(app, world["la"])
    card = _card(client.get(f"/agreements/{signed_mou.id}"), "documents")
    assert "Upload the scan" not in card
    response = _upload(client, signed_mou, _png())
    assert response.status_code == 403
    assert "Only program managers keep the scans" in visible_text(response)
    assert _scans(signed_mou) == []


def test_no_scans_before_signature(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    assert "Upload the scan" not in _card(client.get(f"/agreements/{agreement.id}"), "documents")
    response = _upload(client, agreement, _png())
    assert response.status_code == 409
    assert "not signed yet" in _card(response, "documents")
    assert _scans(agreement) == []


def test_an_upload_without_its_security_token_is_refused(app, world, signed_mou):
    response = _send(signed_in(app, world["pm"]), f"/agreements/{signed_mou.id}/documents", {}, _png(), "scan.png")
    assert response.status_code == 400
    assert "security token" in visible_text(response)
    assert _scans(signed_mou) == []


def test_removing_a_scan_asks_for_confirmation_first(app, world, signed_mou):
    client = signed_in(app, world["pm"])
    _upload(client, signed_mou, _png(), "wrong-file.png")
    (scan,) = _scans(signed_mou)
    url = f"/agreements/{signed_mou.id}/documents/{scan.id}/remove"
    unconfirmed = post_form(client, url, token_from=f"/agreements/{signed_mou.id}")
    assert unconfirmed.status_code == 422
    assert "Tick “I confirm” first" in _card(unconfirmed, "documents")
    assert len(_scans(signed_mou)) == 1

    removed = post_form(client, url, {"confirm": "1"}, token_from=f"/agreements/{signed_mou.id}")
    assert removed.status_code == 303
    assert _scans(signed_mou) == []
    card = _card(client.get(f"/agreements/{signed_mou.id}"), "documents")
    assert "wrong-file.png" not in card
    assert "No scans yet: upload the signed originals once you have them." in card


def test_the_signed_document_cannot_be_removed_and_others_may_not_remove_scans(app, world, signed_mou):
    documents.add_scan(world["pm"], signed_mou.id, "scan.png", _png())
    db.session.commit()
    (scan,) = _scans(signed_mou)
    signed = documents.signed_document(signed_mou)
    pm = signed_in(app, world["pm"])
    refused = post_form(pm, f"/agreements/{signed_mou.id}/documents/{signed.id}/remove", {"confirm": "1"})
    assert refused.status_code == 303
    assert "kept for good" in visible_text(pm.get(f"/agreements/{signed_mou.id}"))
    advisor = signed_in(app, world["la"])
    assert "Remove" not in _card(advisor.get(f"/agreements/{signed_mou.id}"), "documents")
    denied = post_form(advisor, f"/agreements/{signed_mou.id}/documents/{scan.id}/remove", {"confirm": "1"})
    assert denied.status_code == 403
    db.session.rollback()
    assert [d.kind for d in documents.list_documents(fresh(signed_mou))] == ["signed", "scan"]


# --- verifying a PDF ------------------------------------------------------------------------------------
def test_the_verify_page_confirms_an_unchanged_signed_pdf(app, world, signed_mou):
    stored = documents.signed_document(signed_mou)
    client = signed_in(app, world["pm"])
    response = _verify(client, stored.content)
    assert response.status_code == 200
    text = visible_text(response)
    assert "It matches: this is a signed document we issued, unchanged" in text
    assert f"Agreement {signed_mou.reference}" in text
    assert "Text version 1" in text
    assert "Signed on 26 March 2026" in text
    assert "Seal valid" in text
    assert "development seal" in text
    assert f'href="/agreements/{signed_mou.id}"' in response.get_data(as_text=True)


def test_the_verify_page_says_plainly_that_a_changed_byte_makes_it_no_match(app, world, signed_mou):
    altered = bytearray(documents.signed_document(signed_mou).content)
    altered[len(altered) // 3] ^= 0x01
    response = _verify(signed_in(app, world["pm"]), bytes(altered))
    assert response.status_code == 200
    text = visible_text(response)
    assert "No match." in text
    assert "It matches" not in text
    assert "altered" in text or "not one of ours" in text


def test_anyone_may_verify_without_signing_in(app, world, signed_mou):
    client = browser(app)
    page = client.get("/verify")
    assert page.status_code == 200
    assert "Verify a PDF" in visible_text(page)
    assert "Verify a PDF" in visible_text(client.get("/login"))  # in the navigation for everyone
    response = _verify(client, documents.signed_document(signed_mou).content)
    text = visible_text(response)
    assert "It matches" in text and signed_mou.reference in text
    # Someone not signed in gets no link into the system.
    assert f'href="/agreements/{signed_mou.id}"' not in response.get_data(as_text=True)


def test_the_verify_link_is_only_for_those_who_may_see_the_agreement(app, world, signed_mou):
    response = _verify(signed_in(app, world["mexico"]), documents.signed_document(signed_mou).content)
    assert "It matches" in visible_text(response)
    assert f'href="/agreements/{signed_mou.id}"' not in response.get_data(as_text=True)


def test_the_verify_page_names_what_a_file_is_not(app, world, make_agreement):
    client = browser(app)
    assert "No match. Not a PDF" in visible_text(_verify(client, b"hello, world", "notes.txt"))
    draft = documents.document_pdf(world["pm"], make_agreement().id).content
    assert "No match. A draft, not a signed document" in visible_text(_verify(client, draft))


@pytest.mark.parametrize(("data", "message"), [(None, "no file was sent"), (b"", "The file is empty")])
def test_the_verify_page_asks_for_a_file(app, data, message):
    response = _verify(browser(app), data)
    assert response.status_code == 422
    assert message in visible_text(response)
    assert "No match" not in visible_text(response)


def test_the_verify_page_has_its_own_size_limit(app, world, signed_mou):
    content = documents.signed_document(signed_mou).content
    app.config["VERIFY_MAX_BYTES"] = len(content) - 1
    response = _verify(browser(app), content)
    assert response.status_code == 413
    assert "The file is larger than" in visible_text(response)
    app.config["VERIFY_MAX_BYTES"] = len(content)
    assert "It matches" in visible_text(_verify(browser(app), content))


def test_the_verify_form_keeps_its_security_token(app):
    response = _send(browser(app), "/verify", {}, b"%PDF-", "x.pdf")
    assert response.status_code == 400
    assert "security token" in visible_text(response)


def test_pdf_checks_are_limited_per_address_with_the_verify_page_saying_when_to_try_again(app, world, signed_mou):
    app.config["VERIFY_RATE_LIMIT"] = "2 per minute"
    content = documents.signed_document(signed_mou).content
    client = browser(app)
    assert ["It matches" in visible_text(_verify(client, content)) for _ in range(2)] == [True, True]
    refused = _verify(client, content)
    assert refused.status_code == 429
    page = visible_text(refused)
    seconds = re.search(r"Too many PDF checks from this address; try again in (\d+) seconds\.", page)
    assert seconds and 0 < int(seconds[1]) <= 60, page
    assert refused.headers["Retry-After"] == seconds[1]
    assert "It matches" not in page and 'type="file"' in refused.get_data(as_text=True)


def test_a_signed_cmaa_waiting_for_entry_into_force_keeps_its_signed_document(app, world, make_agreement):
    agreement = bring_to(world, make_agreement(type="cmaa"), "signed")
    take(world, agreement, "enter_into_force")
    card = _card(signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}"), "documents")
    assert "Signed document (PDF)" in card
    assert documents.signed_document(agreement).sha256 in card


def test_a_scan_note_over_the_limit_says_by_how_much_and_is_kept(app, world, signed_mou):
    note = "x" * 520
    response = _upload(signed_in(app, world["pm"]), signed_mou, _png(), "scan.png", note=note)
    assert response.status_code == 422
    assert "Note is 520 characters; the limit is 500." in _top_alert(response)
    assert f'value="{note}"' in response.get_data(as_text=True)
    assert _scans(signed_mou) == []


def test_a_file_that_is_no_pdf_is_told_in_words_never_by_an_exception_name(app, world):
    from agreements.documents import seal
    from agreements.services.documents import seal_settings

    broken = b"%PDF-1.7\n%\xe2\xe3 not really a PDF at all"
    with app.app_context():
        problem = seal.check(broken, seal_settings()).problem
    assert problem == "the file cannot be read as a PDF: it is damaged, incomplete or not a PDF at all"
    text = visible_text(_verify(browser(app), broken))
    assert "No match." in text
    assert not re.search(r"[A-Z][a-z]+(Error|Exception)\b", text), text

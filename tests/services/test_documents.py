"""Documents through the services: signing makes one sealed PDF, scans are checked, deadlines follow."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from agreements.db import db
from agreements.errors import Conflict, GuardFailed, InvalidInput, NotFound, PermissionDenied
from agreements.models import Document, Event
from agreements.services import deadlines, documents
from agreements.services.transitions import fire_transition

from .lifecycle import IN_FORCE_ON, SIGNED_ON, TODAY, bring_to, prepare, take


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def _signed(world, make_agreement, type="mou"):
    agreement = make_agreement(type=type)
    return bring_to(world, agreement, "signed" if type == "cmaa" else "in_force")


def test_signing_stores_one_sealed_pdf_of_the_cleared_text(world, make_agreement):
    agreement = _signed(world, make_agreement)
    stored = db.session.scalars(select(Document).where(Document.agreement_id == agreement.id)).all()
    assert [d.kind for d in stored] == ["signed"]
    signed = stored[0]
    assert signed.content.startswith(b"%PDF-")
    assert signed.sha256 == hashlib.sha256(signed.content).hexdigest()
    assert signed.text_sha256 == agreement.current_version.sha256 == agreement.cleared_hash
    assert signed.version_number == agreement.current_version_number
    assert "development seal" in signed.sealed_by


def test_downloads_serve_the_stored_bytes_and_never_render_again(world, make_agreement, monkeypatch):
    agreement = _signed(world, make_agreement)
    stored = documents.signed_document(agreement).content
    monkeypatch.setattr(documents.render, "render", lambda *a, **k: pytest.fail("a signed document was re-rendered"))
    first = documents.document_pdf(world["pm"], agreement.id)
    second = documents.document_pdf(world["moscow"], agreement.id)
    assert first.is_signed and first.content == second.content == stored


def test_a_draft_of_any_version_is_marked_and_not_sealed(world, make_agreement):
    agreement = _signed(world, make_agreement)
    draft = documents.document_pdf(world["pm"], agreement.id, version_number=1)
    assert not draft.is_signed and draft.filename.endswith("-v1-draft.pdf")
    assert documents.verify_pdf(draft.content).kind == "draft"
    assert b"/OfficeSeal" not in draft.content


def test_no_text_no_pdf(world, make_agreement):
    agreement = make_agreement(with_text=False)
    with pytest.raises(NotFound, match="save a version"):
        documents.document_pdf(world["pm"], agreement.id)


def test_the_mexico_attache_cannot_have_a_russian_agreement_s_pdf(world, make_agreement):
    agreement = make_agreement(country="RU")
    with pytest.raises(NotFound):
        documents.document_pdf(world["mexico"], agreement.id)


def test_a_failing_render_leaves_the_agreement_unsigned_and_the_trail_untouched(world, make_agreement, monkeypatch):
    agreement = bring_to(world, make_agreement(), "awaiting_signature")
    prepare(world, agreement, "sign")
    before = (agreement.state, agreement.lock_version, agreement.event_count)

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(documents.render, "render", broken)
    with pytest.raises(RuntimeError):
        fire_transition(world["pm"], agreement.id, "sign", today=TODAY)
    db.session.rollback()
    db.session.refresh(agreement)
    assert (agreement.state, agreement.lock_version, agreement.event_count) == before
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0
    assert db.session.scalar(select(func.count()).where(Event.trigger == "sign")) == 0


def test_sign_is_refused_when_the_text_changed_after_clearance(world, make_agreement):
    agreement = bring_to(world, make_agreement(), "awaiting_signature")
    prepare(world, agreement, "sign")
    agreement.cleared_hash = "0" * 64  # as if another text had been cleared
    db.session.commit()
    with pytest.raises(GuardFailed, match="re-clear"):
        fire_transition(world["pm"], agreement.id, "sign", today=TODAY)


def test_the_database_refuses_to_change_a_stored_document(world, make_agreement):
    agreement = _signed(world, make_agreement)
    signed = documents.signed_document(agreement)
    with pytest.raises(Exception, match="kept as stored"):
        db.session.execute(Document.__table__.update().where(Document.id == signed.id).values(note="edited"))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Exception, match="kept as stored"):
        db.session.execute(Document.__table__.delete().where(Document.id == signed.id))
        db.session.flush()
    db.session.rollback()


# ---------------------------------------------------------------- scans


def test_a_program_manager_keeps_scans_of_the_originals(world, make_agreement):
    agreement = _signed(world, make_agreement)
    png = _png()
    scan = documents.add_scan(world["pm"], agreement.id, "../../etc/Signature page.PNG", png, note="Russian original")
    db.session.commit()
    assert (scan.kind, scan.content_type, scan.filename, scan.size) == (
        "scan",
        "image/png",
        "Signature page.png",
        len(png),
    )
    listed = documents.list_documents(agreement)
    assert [d.kind for d in listed] == ["signed", "scan"]
    assert documents.get_document(world["moscow"], agreement.id, scan.id).content == png


def test_the_scan_s_type_comes_from_its_bytes_not_its_name(world, make_agreement):
    agreement = _signed(world, make_agreement)
    with pytest.raises(InvalidInput, match="PDF, PNG, JPEG or TIFF"):
        documents.add_scan(world["pm"], agreement.id, "scan.pdf", b"MZ\x90\x00 an executable")
    with pytest.raises(InvalidInput, match="not a usable scan"):
        documents.add_scan(world["pm"], agreement.id, "scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InvalidInput, match="empty"):
        documents.add_scan(world["pm"], agreement.id, "scan.pdf", b"")


def test_scans_have_a_size_limit(world, make_agreement, app):
    agreement = _signed(world, make_agreement)
    app.config["SCAN_MAX_BYTES"] = 1000
    with pytest.raises(InvalidInput, match="at most"):
        documents.add_scan(world["pm"], agreement.id, "big.png", _png() + b"\x00" * 2000)


def test_scans_come_after_signature_and_from_program_managers(world, make_agreement):
    unsigned = bring_to(world, make_agreement(), "awaiting_signature")
    with pytest.raises(Conflict, match="not signed yet"):
        documents.add_scan(world["pm"], unsigned.id, "a.png", _png())
    signed = _signed(world, make_agreement)
    for who in ("la", "moscow"):
        with pytest.raises(PermissionDenied):
            documents.add_scan(world[who], signed.id, "a.png", _png())
    with pytest.raises(NotFound):
        documents.add_scan(world["mexico"], signed.id, "a.png", _png())


def test_a_scan_uploaded_by_mistake_can_be_removed_but_never_the_signed_document(world, make_agreement):
    agreement = _signed(world, make_agreement)
    scan = documents.add_scan(world["pm"], agreement.id, "wrong.png", _png())
    db.session.commit()
    documents.remove_scan(world["pm"], agreement.id, scan.id)
    db.session.commit()
    assert [d.kind for d in documents.list_documents(agreement)] == ["signed"]
    with pytest.raises(Conflict, match="kept for good"):
        documents.remove_scan(world["pm"], agreement.id, documents.signed_document(agreement).id)


# ---------------------------------------------------------------- verification


def test_verify_names_the_agreement_of_an_unchanged_signed_pdf(world, make_agreement):
    agreement = _signed(world, make_agreement)
    content = documents.signed_document(agreement).content
    result = documents.verify_pdf(content)
    assert result.matches and result.seal_valid
    assert (result.agreement_id, result.reference, result.version) == (
        agreement.id,
        agreement.reference,
        agreement.current_version_number,
    )
    assert result.signed_on == SIGNED_ON.isoformat()
    altered = bytearray(content)
    altered[len(altered) // 3] ^= 0x01
    changed = documents.verify_pdf(bytes(altered))
    assert not changed.matches and not changed.seal_valid
    assert "altered" in changed.detail or "not one of ours" in changed.detail


def test_verify_says_plainly_what_a_file_is_not(world):
    assert documents.verify_pdf(b"hello").detail == "This file is not a PDF."
    from agreements.documents.render import html_to_pdf

    foreign = html_to_pdf("<p>Some other office's memo</p>", b"0" * 32)
    assert "not one of ours" in documents.verify_pdf(foreign).detail


# ---------------------------------------------------------------- entry into force and deadlines


def test_a_cmaa_enters_into_force_on_the_last_diplomatic_note(world, make_agreement):
    agreement = bring_to(world, make_agreement(type="cmaa", entry_rule="later_note"), "signed")
    notes = {"our_note_reference": "Note 12/2026", "our_note_on": "2026-04-02", "their_note_on": "2026-04-10"}
    with pytest.raises(GuardFailed, match="last of the two notes"):
        fire_transition(world["pm"], agreement.id, "enter_into_force", data={"in_force_on": "2026-04-05", **notes})
    db.session.rollback()
    with pytest.raises(GuardFailed, match="both notes"):
        fire_transition(
            world["pm"],
            agreement.id,
            "enter_into_force",
            data={"in_force_on": "2026-04-20", "our_note_on": "2026-04-02"},
        )
    db.session.rollback()
    fire_transition(world["pm"], agreement.id, "enter_into_force", data={"in_force_on": "2026-04-10", **notes})
    db.session.commit()
    assert agreement.in_force_on == dt.date(2026, 4, 10)
    assert agreement.diplomatic_notes == [
        {"party": "us", "reference": "Note 12/2026", "dated_on": "2026-04-02"},
        {"party": "counterpart", "reference": "", "dated_on": "2026-04-10"},
    ]
    event = db.session.scalars(select(Event).where(Event.trigger == "enter_into_force")).one()
    assert event.data["their_note_on"] == "2026-04-10"


def test_a_binding_agreement_shows_its_transmittal_and_publication_deadlines(world, make_agreement):
    agreement = bring_to(world, make_agreement(type="cmaa"), "signed")
    (transmittal,) = deadlines.deadlines_for(agreement, today=SIGNED_ON + dt.timedelta(days=10))
    assert transmittal.due_on == SIGNED_ON + dt.timedelta(days=15)
    assert (transmittal.days_left, transmittal.status, transmittal.urgency) == (5, "open", "soon")
    take(world, agreement, "enter_into_force")
    late = deadlines.deadlines_for(agreement, today=IN_FORCE_ON + dt.timedelta(days=121))
    assert [(d.key, d.due_on, d.status) for d in late] == [
        ("transmittal", SIGNED_ON + dt.timedelta(days=15), "overdue"),
        ("publication", IN_FORCE_ON + dt.timedelta(days=120), "overdue"),
    ]


def test_a_non_binding_memorandum_has_no_reporting_deadlines_unless_reportable(world, make_agreement):
    agreement = _signed(world, make_agreement)
    assert deadlines.deadlines_for(agreement) == []
    agreement.is_reportable = True
    assert [d.key for d in deadlines.deadlines_for(agreement)] == ["transmittal", "publication"]


def test_the_title_page_names_the_counterpart_in_its_own_language(world, make_agreement):
    import subprocess

    from agreements.services import agreements

    agreement = make_agreement()
    agreements.update_facts(world["pm"], agreement, {"counterpart_local": "Следственный комитет Российской Федерации"})
    db.session.commit()
    pdf = documents.document_pdf(world["pm"], agreement.id).content
    text = subprocess.run(["pdftotext", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert "Следственный комитет Российской Федерации" in text.decode()

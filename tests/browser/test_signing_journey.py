"""In Chromium: a program manager records both signatures, signs, downloads the sealed signed PDF, and the
verify page (open to anyone) says it matches and its seal is valid."""

from __future__ import annotations

import hashlib

from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect
from services.lifecycle import bring_to

from agreements.db import db
from agreements.models import Document


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)  # "/" lands by role


def _record_signature(page: Page, party: str, heading: str, signed_on: str, place: str) -> None:
    """Open a party's signatory form, type the date and place of signature, and save."""
    side = page.locator("#parties .party").filter(has=page.get_by_role("heading", name=heading, exact=True))
    side.locator("summary").click()
    side.get_by_label("Signed on").fill(signed_on)
    side.get_by_label("Place of signature").fill(place)
    side.get_by_role("button", name="Save the signatory").click()
    expect(page.get_by_role("status").filter(has_text="Signatory saved.")).to_be_visible()


def _fact(scope, label: str):
    """The value beside a label in a list of facts."""
    return scope.locator(f'dt:text-is("{label}") + dd')


def test_a_program_manager_signs_downloads_the_sealed_pdf_and_the_verify_page_accepts_it(
    app, world, make_agreement, tmp_path
):
    agreement = bring_to(world, make_agreement(), "awaiting_signature")
    problems: list[str] = []
    with serve(app) as base, chromium() as browser:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        _sign_in(page, base, "pm@agreements.test")
        page.goto(f"{base}/agreements/{agreement.id}")
        expect(page.locator(".agreement-head .badge")).to_have_text("Awaiting signature")
        expect(page.locator("#documents")).to_contain_text("it can never be changed")

        # Both signatures, each with its own date and place.
        _record_signature(page, "us", "Our side", "2026-03-26", "Washington")
        _record_signature(page, "counterpart", "The counterpart", "2026-03-27", "Moscow")
        parties = page.locator("#parties")
        expect(parties).to_contain_text("26 March 2026 in Washington")
        expect(parties).to_contain_text("27 March 2026 in Moscow")

        # Signing asks for the confirmation first.
        step = page.locator("form.step", has=page.locator("input[name=trigger][value=sign]"))
        step.get_by_label("Comment").fill("Signed in Washington and Moscow.")
        step.get_by_label("I confirm: this step cannot be undone.").check()
        step.get_by_role("button", name="Sign").click()
        # A memorandum is non-binding: signed, it comes into effect (not into force).
        expect(page.get_by_role("status").filter(has_text="is now in effect")).to_be_visible()
        expect(page.locator(".agreement-head .badge")).to_have_text("In effect")

        documents = page.locator("#documents")
        expect(_fact(documents, "Text version")).to_have_text("1")
        with page.expect_download() as download_info:
            documents.get_by_role("link", name="Signed document (PDF)").click()
        download = download_info.value
        assert download.suggested_filename == f"{agreement.reference}-signed.pdf"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        pdf = saved.read_bytes()
        assert pdf.startswith(b"%PDF-")
        db.session.rollback()
        stored = db.session.query(Document).filter_by(agreement_id=agreement.id, kind="signed").one()
        assert hashlib.sha256(pdf).hexdigest() == stored.sha256
        expect(documents).to_contain_text(stored.sha256)

        # The verify page, from the navigation: upload the file just downloaded.
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Verify a PDF").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Verify a PDF")
        page.get_by_label("The PDF to check").set_input_files(str(saved))
        page.get_by_role("button", name="Verify").click()
        result = page.locator(".verify-result")
        expect(result.get_by_role("heading")).to_have_text("It matches: this is a signed document we issued, unchanged")
        expect(_fact(result, "Agreement")).to_have_text(agreement.reference)
        expect(_fact(result, "Signed on")).to_have_text("27 March 2026")
        expect(_fact(result, "Seal")).to_have_text("valid")
        expect(_fact(result, "Sealed by")).to_contain_text("development seal")
        result.get_by_role("link", name=agreement.reference).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(agreement.title)

        # Someone who is not signed in may check the same file.
        stranger = browser.new_context().new_page()
        stranger.goto(f"{base}/verify")
        stranger.get_by_label("The PDF to check").set_input_files(str(saved))
        stranger.get_by_role("button", name="Verify").click()
        expect(_fact(stranger.locator(".verify-result"), "Seal")).to_have_text("valid")
        expect(stranger.locator(".verify-result").get_by_role("link")).to_have_count(0)
        context.close()
    assert problems == []

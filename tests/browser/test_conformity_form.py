"""In Chromium: a legal advisor records the conformity of the language versions with the keyboard alone, a refusal
shows on the form, and axe-core passes the page with the form open and with the refusal."""

from __future__ import annotations

from axe import DESKTOP, assert_accessible, new_context
from conftest import simple_text
from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect

from agreements.db import db
from agreements.services import versions


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", "la@agreements.test")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)  # "/" lands by role


def _tab_to(page: Page, predicate: str, limit: int = 200) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_the_form_is_used_with_the_keyboard_and_passes_axe_core(app, world, make_agreement):
    agreement = make_agreement()
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **DESKTOP).new_page()
        _sign_in(page, base)
        page.goto(f"{base}/agreements/{agreement.id}")
        _tab_to(page, "el.tagName === 'SUMMARY' && el.textContent.trim() === 'Record that the texts conform'")
        page.keyboard.press("Enter")
        _tab_to(page, "el.id === 'conformity-note'")
        page.keyboard.type("Compared article by article.")
        assert_accessible(page, "the agreement page with the conformity form open")
        _tab_to(page, "el.textContent.trim() === 'Record that the texts conform' && el.tagName === 'BUTTON'")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/agreements/{agreement.id}#conformity")
        expect(page.locator("#conformity .conformity__records")).to_contain_text(
            "The English and Russian texts of version 1 conform — recorded by Lee Advisor on"
        )
        assert_accessible(page, "the agreement page after recording the conformity")


def test_a_refusal_on_the_form_passes_axe_core(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    text = simple_text(("en", "ru"))
    text["articles"][0]["body"]["ru"] = ""
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **DESKTOP).new_page()
        _sign_in(page, base)
        page.goto(f"{base}/agreements/{agreement.id}")
        page.locator("#conformity summary").click()
        page.get_by_role("button", name="Record that the texts conform").click()
        alert = page.locator("#conformity [role=alert]")
        expect(alert).to_contain_text("missing: Art. 1 (Russian)")
        expect(page.get_by_label("Note (optional): what was compared, and how")).to_be_visible()
        assert_accessible(page, "the agreement page with the conformity refused")


def test_the_compare_page_with_a_language_warning_passes_axe_core(app, world, make_agreement):
    agreement = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"]["ru"] = "Новый текст статьи 2."
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **DESKTOP).new_page()
        _sign_in(page, base)
        page.goto(f"{base}/agreements/{agreement.id}/compare?from=1&to=2")
        expect(page.locator("#compare-article-2 .compare-warning")).to_have_text(
            "Art. 2 changed in Russian but not in English: check that the versions still conform."
        )
        assert_accessible(page, "the compare page warning of a language changed alone")

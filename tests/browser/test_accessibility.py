"""axe-core's WCAG 2.2 A and AA rules on the attachés' pages, on a phone (375×812) and on a desktop screen:
the search page (results, filters open), the terms page (English, Russian, key facts open), the country page,
the home page and the contacts form (as sent, and with a mistake to correct). And proof the checkers can fail."""

from __future__ import annotations

import datetime as dt

import axe
import pytest
from axe import DESKTOP, PHONE, assert_accessible, new_context, small_targets
from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect
from search.corpus import corpus

from agreements.db import db
from agreements.services.contacts import set_contacts

PAVEL = {
    "name": "Pavel Primerov",
    "title": "Liaison Officer",
    "office": "International Cooperation Directorate, Investigative Committee",
    "phone": "+7 495 555-01-23",
    "email": "p.primerov@icr.example",
    "languages": ["ru", "en"],
    "confirmed_on": "2026-11-03",
}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def russia(world, make_agreement):
    """The memorandum with Russia in force (with the search corpus around it), whom to call on each side."""
    agreement = corpus(world, make_agreement)["russia"]
    today = dt.date(2026, 12, 1)
    set_contacts(world["pm"], agreement, "counterpart", [PAVEL], today=today)
    set_contacts(world["pm"], agreement, "us", [{"name": "Daniel Sample", "phone": "+1 202 555 0142"}], today=today)
    db.session.commit()
    return agreement


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(f"{base}/")


def _problems(page: Page, where: str) -> list[str]:
    """What axe-core says is wrong with the page as it is now; nothing when it passes."""
    try:
        assert_accessible(page, where)
    except AssertionError as error:
        return [str(error)]
    return []


def _visits(page: Page, base: str, agreement) -> list[str]:
    """Go through every page an attaché reads, in the states they see them in; what axe-core finds on each."""
    found = []

    def visit(url: str, where: str) -> None:
        page.goto(base + url)
        found.extend(_problems(page, where))

    visit("/", "the attaché's home page")
    visit("/search?q=bank+records", "the search results")
    page.locator(".search-filters summary").click()
    expect(page.locator("#search-country")).to_be_visible()
    found.extend(_problems(page, "the search results, filters open"))
    visit(f"/agreements/{agreement.id}/terms", "the terms page")
    page.locator(".terms-facts__more summary").click()
    expect(page.locator(".terms-facts__list")).to_be_visible()
    found.extend(_problems(page, "the terms page, key facts open"))
    visit(f"/agreements/{agreement.id}/terms?lang=ru", "the terms page in Russian")
    visit(f"/agreements/{agreement.id}/terms#article-2", "the terms page at an article")
    visit("/countries/RU", "the country page")
    visit(f"/agreements/{agreement.id}/contacts/counterpart", "the contacts form")
    page.locator("#contact-0-email").fill("not an address")
    page.get_by_role("button", name="Save the points of contact").click()
    expect(page.locator("#contact-0-email-error")).to_be_visible()
    found.extend(_problems(page, "the contacts form with a mistake"))
    return found


@pytest.mark.parametrize("screen", SCREENS)
def test_the_attaches_pages_pass_axe_core(app, world, russia, screen):
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **SCREENS[screen]).new_page()
        _sign_in(page, base, "moscow@agreements.test")
        found = _visits(page, base, russia)
    assert not found, f"on a {screen} screen:\n\n" + "\n\n".join(found)


# --- the checkers fail when they should --------------------------------------------------------------
BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>A broken form</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text" name="surname"></main></body></html>"""


def test_axe_core_reports_an_image_without_alt_and_a_field_without_label():
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(BROKEN)
        with pytest.raises(AssertionError) as failure:
            assert_accessible(page, "a broken page")
    report = str(failure.value)
    assert "on a broken page" in report
    assert "- image-alt (critical): Images must have alternative text" in report
    assert "- label (critical): Form elements must have labels" in report
    assert '<input type="text" name="surname">' in report  # the offending element, as written


def test_the_target_size_check_flags_a_small_button_but_not_a_link_in_a_sentence():
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(
            """<p>Read <a href="/terms">the terms</a> before you call.</p>
            <button style="width:16px;height:16px;padding:0;border:0">x</button>
            <p><a href="/alone" style="font-size:10px">Alone</a></p>"""
        )
        small = small_targets(page)
    assert len(small) == 2, small
    assert small[0].startswith('button "x" (16.0×16.0)')
    assert small[1].startswith('a "Alone"')


def test_without_axe_core_the_checks_fail_in_ci_and_are_skipped_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setattr(axe, "AXE_JS", tmp_path / "axe.min.js")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="axe-core is not installed"):
        axe.violations(page=None)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="make install"):
        axe.violations(page=None)

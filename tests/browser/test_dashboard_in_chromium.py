"""The dashboard in Chromium: axe-core's WCAG 2.2 A and AA rules on a phone and a desktop screen, targets of
24 px, no sideways scrolling, and a bar of a chart that leads to the list of what it counts."""

from __future__ import annotations

import pytest
from axe import DESKTOP, PHONE, assert_accessible, new_context, scrolls_sideways, small_targets
from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect
from services.aging import NOW, portfolio

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def made(world, make_agreement, monkeypatch):
    """The test portfolio, on the day the pages think it is."""
    monkeypatch.setattr("agreements.services.portfolio.utcnow", lambda: NOW)
    monkeypatch.setattr("agreements.services.listing.utcnow", lambda: NOW)
    return portfolio(world, make_agreement)


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def _problems(page: Page, where: str) -> list[str]:
    """What axe-core, the target sizes and the reflow check find on the page as it is now."""
    found = []
    try:
        assert_accessible(page, where)
    except AssertionError as error:
        found.append(str(error))
    if small := small_targets(page):
        found.append(f"targets smaller than 24×24 px on {where}: {small}")
    if scrolls_sideways(page):
        found.append(f"{where} scrolls sideways")
    return found


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("email", ["pm@agreements.test", "moscow@agreements.test"])
def test_the_dashboard_passes_axe_core(app, world, made, screen, email):
    found = []
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **SCREENS[screen]).new_page()
        _sign_in(page, base, email)
        page.goto(f"{base}/dashboard")
        found += _problems(page, "the dashboard")
        page.locator(".aging__limits summary").click()
        expect(page.locator(".aging__limits table")).to_be_visible()
        found += _problems(page, "the dashboard, time allowed open")
        page.goto(f"{base}/dashboard?overdue=legal_review#aging")
        found += _problems(page, "the dashboard, overdue in legal review")
    assert not found, f"on a {screen} screen:\n\n" + "\n\n".join(found)


def test_an_empty_dashboard_passes_axe_core(app, world):
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **PHONE).new_page()
        _sign_in(page, base, "pm@agreements.test")
        page.goto(f"{base}/dashboard")
        expect(page.get_by_text("There are no agreements yet")).to_be_visible()
        found = _problems(page, "the empty dashboard")
    assert not found, "\n\n".join(found)


def test_a_bar_leads_to_the_list_of_what_it_counts(app, world, made):
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **DESKTOP).new_page()
        _sign_in(page, base, "pm@agreements.test")
        page.goto(f"{base}/dashboard")
        chart = page.get_by_role("group", name="Agreements by state (bar chart; the table gives the numbers)")
        chart.get_by_role("link", name="Legal review: 3 agreements").click()
        page.wait_for_url(f"{base}/agreements?state=legal_review")
        rows = page.locator("table.table--agreements tbody tr")
        expect(rows).to_have_count(3)
        for key in ("ru_review", "ru_fresh", "mx_review"):
            expect(page.get_by_role("link", name=made[key].reference, exact=True)).to_be_visible()

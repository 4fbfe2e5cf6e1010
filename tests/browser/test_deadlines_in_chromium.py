"""The deadlines page and the monthly report in Chromium: axe-core's WCAG 2.2 A and AA rules on a phone and a
desktop screen, targets of 24 px, no sideways scrolling; and the filters of the deadlines applied as a person
would, through the form."""

from __future__ import annotations

import datetime as dt

import pytest
from axe import DESKTOP, PHONE, assert_accessible, new_context, scrolls_sideways, small_targets
from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect
from services.deadline_world import binding, in_effect

from agreements.db import db

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def made(world, make_agreement, monkeypatch):
    """The pages think it is 1 April 2026: a transmittal due 10 April, an expiry on 30 June, a renewal whose last
    day of notice is 2 November 2026; a customs agreement from the paper file blocks the March report."""
    now = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr("agreements.services.deadline_list.utcnow", lambda: now)
    monkeypatch.setattr("agreements.services.monthly_report.utcnow", lambda: now)
    paper = make_agreement(type="cmaa", title="From the paper file")
    paper.signed_on = dt.date(2026, 3, 5)
    db.session.commit()
    return {
        "paper": paper,
        "cmaa": binding(world, make_agreement, title="Customs assistance"),
        "ending": in_effect(world, make_agreement, title="Ends", expires_on="2026-06-30"),
        "renewing": in_effect(
            world, make_agreement, title="Renews", expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90
        ),
    }


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
def test_the_deadlines_and_the_monthly_report_pass_axe_core(app, world, made, screen):
    found = []
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **SCREENS[screen]).new_page()
        _sign_in(page, base, "pm@agreements.test")
        page.goto(f"{base}/deadlines")
        found += _problems(page, "the deadlines")
        page.goto(f"{base}/deadlines?from=2026-06-01&to=2026-05-01")
        found += _problems(page, "the deadlines with a period that cannot be")
        page.goto(f"{base}/deadlines?from=2030-01-01&to=2030-12-31")
        found += _problems(page, "the deadlines, none in the period")
        page.goto(f"{base}/reports/monthly")
        found += _problems(page, "the monthly report")
        page.goto(f"{base}/reports/monthly?month=2026-13")
        found += _problems(page, "the monthly report of a month that cannot be")
    assert not found, f"on a {screen} screen:\n\n" + "\n\n".join(found)


def test_the_filters_are_applied_through_the_form(app, world, made):
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **DESKTOP).new_page()
        _sign_in(page, base, "pm@agreements.test")
        page.goto(f"{base}/deadlines")
        rows = page.locator("table.table--deadlines tbody tr")
        expect(rows).to_have_count(2)  # the transmittal on 10 April, the expiry on 30 June
        page.locator("#deadlines-to").fill("2027-03-31")
        page.locator("#deadlines-kind").select_option("renewal_notice")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url(lambda url: "kind=renewal_notice" in url)
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(made["renewing"].reference)
        expect(rows.first).to_contain_text("in 215 days")
        page.get_by_role("link", name="Monthly report").click()
        expect(page.get_by_role("heading", name="Monthly report: March 2026")).to_be_visible()
        expect(page.get_by_text("missing the legal authority relied on")).to_be_visible()

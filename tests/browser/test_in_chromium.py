"""In Chromium: signing in with the keyboard, firing a step by clicking its button, and a phone-sized screen."""

from __future__ import annotations

from livetools import (
    PASSWORD,
    chromium,
    serve,
)
from playwright.sync_api import Page, expect

from agreements.db import db
from agreements.services.transitions import fire_transition


def _focused(page: Page) -> str:
    """The id of the element that has the keyboard focus."""
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tab_to(page: Page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def _sign_in_by_typing(page: Page, base: str, email: str) -> None:
    """Type the email and password into the login form and press Enter."""
    page.goto(f"{base}/login")
    page.locator("#email").click()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)  # "/" lands by role


def test_a_legal_advisor_returns_a_draft_by_clicking_its_button(app, world, make_agreement):
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review", comment="Ready for review.")
    db.session.commit()
    with serve(app) as base, chromium() as browser:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        _sign_in_by_typing(page, base, "la@agreements.test")
        expect(page.locator(".site-user__name")).to_have_text("Lee Advisor")

        page.get_by_role("link", name=agreement.reference).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(agreement.title)
        expect(page.locator(".agreement-head .badge")).to_have_text("Legal review")
        expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)

        step = page.locator("form.step", has=page.locator("input[name=trigger][value=return_for_revision]"))
        step.get_by_label("Comment").fill("Article 2 must name the points of contact.")
        step.get_by_role("button", name="Return for revision").click()

        expect(page.locator(".agreement-head .badge")).to_have_text("Drafting")
        expect(page.get_by_role("status").filter(has_text="is now in drafting")).to_be_visible()
        latest = page.locator(".timeline__event").last
        expect(latest).to_contain_text("Return for revision · Legal review → Drafting")
        expect(latest).to_contain_text("la@agreements.test")
        expect(latest).to_contain_text("Article 2 must name the points of contact.")
        assert problems == []


def test_keyboard_only_sign_in_and_submit_for_review(app, world, make_agreement):
    agreement = make_agreement()
    with serve(app) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}/login?next=/agreements")  # a program manager lands on the dashboard otherwise
        assert _focused(page) == "email"
        page.keyboard.type("pm@agreements.test")
        page.keyboard.press("Tab")
        assert _focused(page) == "password"
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/agreements")
        expect(page.locator(".site-user__name")).to_have_text("Pat Manager")

        _tab_to(page, f"el.textContent.trim() === {agreement.reference!r}")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/agreements/{agreement.id}")

        _tab_to(page, "el.id === 'step-submit_for_review-comment'")
        page.keyboard.type("Draft complete; please review.")
        _tab_to(page, "el.id === 'step-submit_for_review-button'")
        page.keyboard.press("Enter")

        expect(page.locator(".agreement-head .badge")).to_have_text("Legal review")
        expect(page.locator(".timeline__event").last).to_contain_text("Draft complete; please review.")


def test_an_attache_reads_an_agreement_on_a_phone(app, world, make_agreement):
    agreement = make_agreement(areas=["child_exploitation"])
    with serve(app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        _sign_in_by_typing(page, base, "moscow@agreements.test")
        expect(page.locator(".site-header")).to_have_css("background-color", "rgb(18, 54, 92)")
        page.get_by_role("link", name=agreement.reference).click()
        expect(page.locator(".agreement-head .badge")).to_have_text("Drafting")
        expect(page.locator("#article-1")).to_contain_text("Body of article 1 in ru.")
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, "the agreement page scrolls sideways on a phone"
        page.goto(f"{base}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

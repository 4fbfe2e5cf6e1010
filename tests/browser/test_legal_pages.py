"""axe-core on the legal advisor's agreement page in legal review, with the determination form open."""

from __future__ import annotations

from axe import DESKTOP, assert_accessible, new_context
from livetools import PASSWORD, chromium, serve
from services.lifecycle import take


def test_the_determination_form_passes_axe_core(app, world, make_agreement):
    agreement = make_agreement()
    take(world, agreement, "submit_for_review")
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **DESKTOP).new_page()
        page.goto(f"{base}/login")
        page.fill("#email", "la@agreements.test")
        page.fill("#password", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/login" not in url)  # "/" lands by role
        page.goto(f"{base}/agreements/{agreement.id}#determination")
        page.locator("#determination summary").click()
        page.get_by_label("Binding: the Governments intend to be bound under international law").check()
        assert_accessible(page, "the agreement page with the determination form open")

"""The mail settings page in Chromium: passes axe-core (WCAG 2.2 A and AA), and the choice sticks."""

from __future__ import annotations

import pytest
from axe import DESKTOP, PHONE, assert_accessible, new_context
from livetools import PASSWORD, chromium, serve
from playwright.sync_api import expect

from agreements.db import db
from agreements.models import User


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_person_turns_the_digest_off_on_an_accessible_page(app, world, screen):
    with serve(app) as base, chromium() as browser:
        page = new_context(browser, **screen).new_page()
        page.goto(f"{base}/login")
        page.locator("#email").fill("la@agreements.test")
        page.locator("#password").fill(PASSWORD)
        page.locator("#password").press("Enter")
        page.wait_for_url(f"{base}/**")
        page.get_by_role("link", name="Mail").click()
        assert_accessible(page, "the mail settings")
        page.get_by_role("checkbox", name="The daily digest").uncheck()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_contain_text("Mail settings saved.")
        expect(page.get_by_role("checkbox", name="The daily digest")).not_to_be_checked()
        assert_accessible(page, "the mail settings, saved")
    db.session.expire_all()
    assert db.session.get(User, world["la"].id).mail_digest is False

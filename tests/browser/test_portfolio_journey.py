"""In Chromium (issue 11): a program manager opens the dashboard, follows the count of what is overdue in legal
review to the agreement list, sorts it by days in state, exports it, and the CSV holds the same rows in the same
order as the page."""

from __future__ import annotations

import csv
import datetime as dt

from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect
from services.lifecycle import bring_to
from sqlalchemy import update

from agreements.db import db
from agreements.models import Agreement

# Days in state, counted back from the real clock (the pages compute "today" from it), far enough from each
# limit (legal review 14, drafting 60, negotiation 180) that a midnight passing during the test changes nothing.
LEGAL_REVIEW = {"lr_40": 40, "lr_25": 25, "lr_18": 18, "lr_10": 10, "lr_3": 3}
OVERDUE_IN_REVIEW = ("lr_40", "lr_25", "lr_18")  # the longest in the state first
OTHERS = {"draft_100": ("drafting", 100), "negotiation_300": ("negotiation", 300), "draft_5": ("drafting", 5)}


def _age(agreement: Agreement, days: int) -> None:
    """Date the agreement's entry into its state ``days`` days before now."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    db.session.execute(update(Agreement).where(Agreement.id == agreement.id).values(state_since=since))
    db.session.commit()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def _references(page: Page) -> list[str]:
    return page.locator("table.table--agreements tbody tr td[data-label=Reference]").all_inner_texts()


def test_the_overdue_legal_review_count_leads_to_a_list_that_sorts_and_exports_as_shown(
    app, world, make_agreement, tmp_path
):
    made: dict[str, Agreement] = {}
    for key, days in LEGAL_REVIEW.items():
        made[key] = bring_to(world, make_agreement(title=f"Memorandum {key}"), "legal_review")
        _age(made[key], days)
    for key, (state, days) in OTHERS.items():
        made[key] = bring_to(world, make_agreement(title=f"Memorandum {key}"), state)
        _age(made[key], days)
    overdue = [made[key].reference for key in OVERDUE_IN_REVIEW]

    with serve(app) as base, chromium() as browser:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        _sign_in(page, base, "pm@agreements.test")
        page.goto(f"{base}/dashboard")

        # The by-state table: its Overdue column links the count to the list of those agreements.
        by_state = page.get_by_role("table", name="Agreements by state, with how many are overdue in each")
        review_row = by_state.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Legal review"))
        link = review_row.get_by_role("link", name="3 overdue in legal review")
        expect(link).to_be_visible()
        link.click()
        page.wait_for_url(lambda url: "/agreements?" in url)
        assert "state=legal_review" in page.url and "overdue=yes" in page.url and "sort=-days_in_state" in page.url

        # Exactly the overdue ones in legal review, the longest in the state first.
        expect(page.locator("table.table--agreements tbody tr")).to_have_count(3)
        assert _references(page) == overdue
        header = page.get_by_role("columnheader", name="Days in state")
        expect(header).to_have_attribute("aria-sort", "descending")
        expect(page.locator(".days-in-state__flag")).to_have_count(3)

        # Sorting by the column header turns the order round.
        header.get_by_role("link").click()
        page.wait_for_url(lambda url: "sort=days_in_state" in url and "sort=-days_in_state" not in url)
        expect(page.get_by_role("columnheader", name="Days in state")).to_have_attribute("aria-sort", "ascending")
        expect(page.locator("table.table--agreements tbody tr")).to_have_count(3)
        shown = _references(page)
        assert shown == list(reversed(overdue))

        # The export holds the same rows, in the same order.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Export CSV").click()
        download = download_info.value
        assert download.suggested_filename.startswith("agreements-")
        assert download.suggested_filename.endswith(".csv")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        context.close()

    rows = list(csv.DictReader(saved.read_text(encoding="utf-8-sig").splitlines()))
    assert [row["reference"] for row in rows] == shown
    assert {row["state"] for row in rows} == {"legal_review"}
    assert {row["overdue"] for row in rows} == {"yes"}
    days = [int(row["days_in_state"]) for row in rows]
    assert days == sorted(days) and all(d > 14 for d in days)

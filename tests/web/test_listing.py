"""The agreements list page as people use it: filters in the URL, sortable headers, days in state, counts,
the CSV export; where each role lands; and the review queue with its days waiting and its scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from services.lifecycle import bring_to
from sqlalchemy import update
from webtools import browser, signed_in, visible_text

from agreements.db import db
from agreements.models import Agreement
from agreements.services import listing

TODAY = dt.date(2026, 12, 1)


def _references(response) -> list[str]:
    """The references listed on the page, in order."""
    return re.findall(r'class="reference">([A-Z]+-\d{4}-\d{4})<', response.get_data(as_text=True))


def _since(agreement, days: int) -> None:
    when = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(9), tzinfo=dt.UTC)
    db.session.execute(update(Agreement).where(Agreement.id == agreement.id).values(state_since=when))
    db.session.commit()


@pytest.fixture
def shelf(world, make_agreement, monkeypatch):
    """A Russian MOU drafting for 2 days, a Russian MOU in legal review for 20 (overdue: 14 allowed), a Mexican
    CMAA in legal review for 3."""
    monkeypatch.setattr(listing, "today", lambda: TODAY)
    made = {
        "draft": make_agreement(title="Draft on cyber crime"),
        "late": bring_to(world, make_agreement(title="Late memorandum"), "legal_review"),
        "mexican": bring_to(
            world,
            make_agreement(
                type="cmaa", country="MX", title="Customs with Mexico", counterpart="ANAM", languages=["en", "es"]
            ),
            "legal_review",
        ),
    }
    for key, days in (("draft", 2), ("late", 20), ("mexican", 3)):
        _since(made[key], days)
    return made


# --- filters in the URL -------------------------------------------------------------------------------
def test_filters_live_in_the_url_and_stay_in_the_form(app, world, shelf):
    client = signed_in(app, world["pm"])
    response = client.get("/agreements?state=legal_review&state=drafting&q=memorandum&country=Russia")
    assert _references(response) == [shelf["late"].reference]
    html = response.get_data(as_text=True)
    assert 'value="legal_review" checked' in html and 'value="drafting" checked' in html
    assert 'value="negotiation" >' in html or 'value="negotiation">' in html
    assert 'id="q" name="q" value="memorandum"' in html and 'value="Russia"' in html
    assert '<form method="get" action="/agreements"' in html
    assert set(_references(client.get("/agreements?state=open"))) == {a.reference for a in shelf.values()}
    assert _references(client.get("/agreements?type=cmaa&office=MEX&binding=yes")) == [shelf["mexican"].reference]
    assert _references(client.get("/agreements?overdue=yes")) == [shelf["late"].reference]


def test_the_filter_form_is_labelled_and_grouped(app, world, shelf):
    html = signed_in(app, world["pm"]).get("/agreements").get_data(as_text=True)
    assert re.search(r"<fieldset[^>]*>\s*<legend>State</legend>", html)
    assert "All open" in html
    for name in ("q", "type", "country", "office", "area", "binding"):
        assert f'<label for="{name}">' in html, name
        assert f'id="{name}"' in html, name


def test_a_wrong_filter_is_named_beside_its_field(app, world, shelf):
    response = signed_in(app, world["pm"]).get("/agreements?sort=colour&state=lost")
    assert response.status_code == 422
    text = visible_text(response)
    assert "Unknown sort 'colour'" in text and "Unknown state 'lost'" in text
    assert "Traceback" not in text and "InvalidInput" not in text


# --- sortable headers ---------------------------------------------------------------------------------
def test_headers_sort_the_list_keeping_the_filters(app, world, shelf):
    client = signed_in(app, world["pm"])
    html = client.get("/agreements?state=open&q=e").get_data(as_text=True)
    assert "aria-sort" not in html  # newest first: no column is the order
    assert 'href="/agreements?state=open&amp;q=e&amp;sort=-days_in_state"' in html
    assert 'href="/agreements?state=open&amp;q=e&amp;sort=reference"' in html
    longest = client.get("/agreements?state=open&q=e&sort=-days_in_state")
    assert _references(longest) == [shelf[k].reference for k in ("late", "mexican", "draft")]
    html = longest.get_data(as_text=True)
    assert re.search(
        r'<th scope="col" aria-sort="descending">\s*<a class="sort-link" href="[^"]*sort=days_in_state"', html
    )
    assert html.count("aria-sort=") == 1
    assert 'name="sort" value="-days_in_state"' in html  # filtering again keeps the order
    shortest = client.get("/agreements?state=open&q=e&sort=days_in_state")
    assert _references(shortest) == [shelf[k].reference for k in ("draft", "mexican", "late")]
    assert 'aria-sort="ascending"' in shortest.get_data(as_text=True)


@pytest.mark.parametrize("column", ["reference", "title", "country", "state", "updated"])
def test_every_sortable_header_orders_both_ways(app, world, shelf, column):
    client = signed_in(app, world["pm"])
    up, down = (
        _references(client.get(f"/agreements?sort={column}")),
        _references(client.get(f"/agreements?sort=-{column}")),
    )
    assert sorted(up) == sorted(down) == sorted(a.reference for a in shelf.values())
    if column in ("reference", "title"):
        assert up == down[::-1]


# --- days in state --------------------------------------------------------------------------------------
def test_days_in_state_against_the_limit_overdue_said_in_words(app, world, shelf):
    html = signed_in(app, world["pm"]).get("/agreements").get_data(as_text=True)

    def cell(key):
        row = html[html.index(f">{shelf[key].reference}</a>") :]
        start = row.index('data-label="Days in state"')
        return visible_text_of(row[start : row.index("</td>", start)])

    assert cell("late") == "20 days overdue (limit 14 days)"
    assert cell("mexican") == "3 days (limit 14 days)"
    assert cell("draft") == "2 days (limit 60 days)"
    assert 'class="days-in-state days-in-state--overdue"' in html


def visible_text_of(fragment: str) -> str:
    """The words of a cell's HTML, from inside its opening tag."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment.split(">", 1)[1]).split())


# --- counts and pages -----------------------------------------------------------------------------------
def test_counts_say_which_rows_of_how_many(app, world, make_agreement, monkeypatch):
    app.config["PAGE_SIZE"] = 2
    for n in range(5):
        make_agreement(with_text=False, title=f"Memorandum {n}")
    client = signed_in(app, world["pm"])
    assert "Showing 1–2 of 5 agreements" in visible_text(client.get("/agreements"))
    assert "Showing 5–5 of 5 agreements" in visible_text(client.get("/agreements?page=3"))
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    first = client.get("/agreements")
    assert "Showing 1–2 of more than 3 agreements" in visible_text(first)
    assert 'rel="next"' in first.get_data(as_text=True)


def test_an_empty_result_says_what_to_do(app, world, shelf):
    text = visible_text(signed_in(app, world["pm"]).get("/agreements?q=nothing+like+it"))
    assert "No agreements match these filters" in text and "clear the filters" in text


# --- the CSV export ---------------------------------------------------------------------------------------
def _rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))


def test_export_csv_holds_the_rows_of_the_page_s_filters(app, world, shelf):
    app.config["PAGE_SIZE"] = 1
    client = signed_in(app, world["pm"])
    page = client.get("/agreements?state=legal_review&sort=-days_in_state")
    html = page.get_data(as_text=True)
    link = re.search(r'<a class="button" href="([^"]+)">Export CSV', html).group(1).replace("&amp;", "&")
    assert link == "/agreements.csv?state=legal_review&sort=-days_in_state"
    response = client.get(link)
    assert response.mimetype == "text/csv" and response.is_streamed
    assert response.headers["Content-Disposition"] == 'attachment; filename="agreements-2026-12-01.csv"'
    rows = _rows(response)
    assert [r["reference"] for r in rows] == [shelf["late"].reference, shelf["mexican"].reference]  # all, not a page
    assert rows[0]["state_since"] == "2026-11-11T09:00:00Z" and rows[0]["overdue"] == "yes"


def test_export_neutralises_formulas(app, world, make_agreement):
    make_agreement(with_text=False, title='=HYPERLINK("http://evil.example","Open")')
    [row] = _rows(signed_in(app, world["pm"]).get("/agreements.csv"))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Open")'


def test_an_attache_s_list_and_export_hold_only_their_countries(app, world, shelf):
    client = signed_in(app, world["moscow"])
    assert set(_references(client.get("/agreements"))) == {shelf["draft"].reference, shelf["late"].reference}
    assert _references(client.get("/agreements?country=MX")) == []
    assert {r["country"] for r in _rows(client.get("/agreements.csv"))} == {"RU"}
    assert _rows(client.get("/agreements.csv?q=Mexico")) == []
    assert "Mexico" not in visible_text(client.get("/agreements"))


def test_the_export_needs_a_signed_in_person(app, world):
    assert browser(app).get("/agreements.csv").status_code == 302


# --- where each role lands --------------------------------------------------------------------------------
def test_each_role_lands_on_what_waits_for_them(app, world, shelf):
    legal = signed_in(app, world["la"]).get("/")
    assert legal.status_code == 302 and legal.headers["Location"] == "/review"
    manager = signed_in(app, world["pm"]).get("/")
    expected = "/dashboard" if "web.dashboard" in app.view_functions else None
    if expected:
        assert manager.status_code == 302 and manager.headers["Location"] == expected
    else:
        assert manager.status_code == 200 and "Agreements" in visible_text(manager)
    attache = signed_in(app, world["moscow"]).get("/")
    assert attache.status_code == 200
    assert "In force or in effect for Russian Federation" in visible_text(attache)
    assert set(_references(attache)) == {shelf["draft"].reference, shelf["late"].reference}
    assert signed_in(app, world["admin"]).get("/").status_code == 200


def test_signing_in_lands_by_role(app, world):
    from webtools import sign_in

    client = browser(app)
    assert sign_in(client, "la@agreements.test").headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/review"


def test_an_old_link_to_the_filtered_list_still_works(app, world, shelf):
    response = signed_in(app, world["la"]).get("/?state=drafting")
    assert response.status_code == 200 and _references(response) == [shelf["draft"].reference]


# --- the review queue -----------------------------------------------------------------------------------
def test_the_queue_shows_type_office_and_days_waiting_against_the_limit(app, world, shelf):
    response = signed_in(app, world["pm"]).get("/review")
    text = visible_text(response)
    assert _references(response) == [shelf["late"].reference, shelf["mexican"].reference]  # longest waiting first
    html = response.get_data(as_text=True)
    for header in ("Type", "Office", "Days waiting"):
        assert f'<th scope="col">{header}</th>' in html
    assert "CMAA" in text and "MEX" in text and "MOW" in text
    assert "20 days overdue (limit 14 days)" in text and "3 days (limit 14 days)" in text
    assert "Draft on cyber crime" not in text


def test_the_queue_of_an_attache_shows_only_their_countries(app, world, shelf):
    text = visible_text(signed_in(app, world["mexico"]).get("/review"))
    assert "Customs with Mexico" in text and "Late memorandum" not in text
    assert "for your countries" in text


def test_an_attache_s_empty_queue_never_says_nothing_awaits_the_legal_office(app, world, make_agreement):
    bring_to(world, make_agreement(title="Russian in review"), "legal_review")
    text = visible_text(signed_in(app, world["mexico"]).get("/review"))
    assert "Nothing awaits the legal office for your countries" in text
    assert "Nothing awaits the legal office:" not in text
    assert "Russian in review" not in text


def test_the_queue_exports_as_csv_with_what_the_page_shows(app, world, shelf):
    response = signed_in(app, world["moscow"]).get("/review.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="review-queue-')
    rows = _rows(response)
    assert [r["reference"] for r in rows] == [shelf["late"].reference]
    assert rows[0]["type"] == "mou" and rows[0]["office"] == "MOW" and rows[0]["days_allowed"] == "14"
    assert rows[0]["waiting_since"].endswith("Z")
    all_rows = _rows(signed_in(app, world["la"]).get("/review.csv"))
    assert {r["reference"] for r in all_rows} == {shelf["late"].reference, shelf["mexican"].reference}


@pytest.mark.parametrize(("who", "linked"), [("la", True), ("pm", True), ("mexico", True), ("admin", False)])
def test_the_queue_is_in_the_menu(app, world, who, linked):
    html = signed_in(app, world[who]).get("/agreements").get_data(as_text=True)
    assert ('<a href="/review"' in html) is linked


def test_the_next_deadline_column_shows_and_sorts_it(app, world, make_agreement, monkeypatch):
    from services.deadline_world import TRANSMITTAL_DUE, binding, in_effect

    today = dt.date(2026, 4, 1)
    monkeypatch.setattr(listing, "today", lambda: today)
    ending = in_effect(world, make_agreement, title="Ends in June", expires_on="2026-06-30")
    unsent = binding(world, make_agreement, title="Signed, not sent")
    draft = make_agreement(title="A draft")
    client = signed_in(app, world["pm"])
    page = client.get("/agreements")
    assert 'href="/agreements?sort=next_deadline"' in page.get_data(as_text=True)
    response = client.get("/agreements?sort=next_deadline")
    assert _references(response) == [unsent.reference, ending.reference, draft.reference]
    text = visible_text(response)
    assert f"{TRANSMITTAL_DUE.day} April 2026 Transmittal to the State Department, in 9 days" in text
    assert "30 June 2026 Expiry, in 90 days" in text
    assert 'aria-sort="ascending"' in response.get_data(as_text=True)

"""The deadlines page: one table sorted by date with the date in words, the kind, the agreement, its state
and where each deadline stands; filters in the URL, a CSV of exactly the rows shown, attachés scoped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from services.deadline_world import TRANSMITTAL_DUE, binding, in_effect, send_text
from webtools import signed_in, visible_text

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def clock(monkeypatch):
    """The pages count the days from 1 April 2026."""
    monkeypatch.setattr(
        "agreements.services.deadline_list.utcnow", lambda: dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)
    )
    return TODAY


@pytest.fixture
def made(world, make_agreement, clock):
    """A binding agreement signed on 26 March 2026 (transmittal due 10 April), one of Mexico, a memorandum
    expiring on 30 June 2026 and one renewing on 31 January 2027 with 90 days' notice."""
    return {
        "cmaa": binding(world, make_agreement, title="Customs assistance"),
        "mexico": binding(
            world,
            make_agreement,
            title="Mexico customs",
            country="MX",
            counterpart="Servicio de Administración Tributaria",
            languages=["en", "es"],
        ),
        "ending": in_effect(world, make_agreement, title='=HYPERLINK("http://evil") ends', expires_on="2026-06-30"),
        "renewing": in_effect(
            world, make_agreement, title="Renews", expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90
        ),
    }


def page_rows(response) -> list[dict]:
    """Each row of the table as a person reads it."""
    assert response.status_code == 200, visible_text(response)[:400]
    html = response.get_data(as_text=True)
    body = re.search(r'<table class="table table--deadlines">.*?<tbody>(.*?)</tbody>', html, re.S)
    if body is None:
        return []
    rows = []
    for attributes, cells in re.findall(r'<tr class="deadline-row[^"]*"([^>]*)>(.*?)</tr>', body.group(1), re.S):
        text = [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        rows.append(
            {
                "reference": re.search(r'data-reference="([^"]+)"', attributes).group(1),
                "due": re.search(r'data-due="([^"]+)"', attributes).group(1),
                "date": text[0],
                "kind": text[1],
                "agreement": text[2],
                "state": text[3],
                "progress": text[4],
                "link": re.search(r'href="(/agreements/\d+)[^"]*"', cells).group(1),
            }
        )
    return rows


def export_url(response) -> str:
    match = re.search(r'<a class="button" href="([^"]+)">Export CSV', response.get_data(as_text=True))
    assert match, "no CSV export link"
    return unescape(match.group(1))


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffDate,When,Flag,Kind,Reference")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_deadlines_of_the_next_180_days_sorted_by_date(app, world, made):
    client = signed_in(app, world["pm"])
    rows = page_rows(client.get("/deadlines"))
    assert [(r["due"], r["kind"], r["reference"]) for r in rows] == [
        (TRANSMITTAL_DUE.isoformat(), "Transmittal to the State Department", made["cmaa"].reference),
        (TRANSMITTAL_DUE.isoformat(), "Transmittal to the State Department", made["mexico"].reference),
        ("2026-06-30", "Expiry", made["ending"].reference),
    ]  # the renewal's last day of notice (2 November) is beyond 180 days
    first = rows[0]
    assert first["date"] == "in 9 days 10 April 2026 within 30 days"
    assert first["progress"].startswith("Open Not sent yet. 15 days after signature on 26 March 2026")
    assert first["state"] == "Signed"
    assert first["link"] == f"/agreements/{made['cmaa'].id}"
    assert rows[2]["date"] == "in 90 days 30 June 2026 within 90 days"
    assert rows[2]["state"] == "In effect"
    text = visible_text(client.get("/deadlines"))
    assert "3 deadlines from 1 April 2026 to 28 September 2026, with those overdue before" in text


def test_the_filters_live_in_the_url(app, world, made):
    client = signed_in(app, world["pm"])
    rows = page_rows(client.get("/deadlines?from=2026-10-01&to=2027-03-31&kind=renewal_notice&overdue=0"))
    assert [(r["due"], r["reference"]) for r in rows] == [("2026-11-02", made["renewing"].reference)]
    assert rows[0]["date"] == "in 215 days 2 November 2026"
    assert "No notice of discontinuation given yet" in rows[0]["progress"]
    html = client.get("/deadlines?from=2026-10-01&to=2027-03-31&kind=renewal_notice&overdue=0").get_data(as_text=True)
    assert 'value="2026-10-01"' in html and 'value="2027-03-31"' in html
    assert '<option value="renewal_notice" selected>' in html


def test_done_and_overdue_deadlines_read_as_such(app, world, made, monkeypatch):
    send_text(world, made["cmaa"], dt.date(2026, 4, 14))
    monkeypatch.setattr(
        "agreements.services.deadline_list.utcnow", lambda: dt.datetime(2026, 4, 20, 8, 0, tzinfo=dt.UTC)
    )
    client = signed_in(app, world["pm"])
    rows = {r["reference"]: r for r in page_rows(client.get("/deadlines"))}
    assert made["cmaa"].reference not in rows  # sent (late): not overdue, and before the period
    assert rows[made["mexico"].reference]["date"].startswith("10 days ago 10 April 2026")
    assert rows[made["mexico"].reference]["progress"].startswith("Overdue Not sent: 10 days overdue.")
    done = page_rows(client.get("/deadlines?from=2026-04-01&to=2026-04-30"))
    assert [(r["reference"], r["progress"].split(".")[0]) for r in done] == [
        (made["cmaa"].reference, "Done late Sent on 14 April 2026, 4 days late"),
        (made["mexico"].reference, "Overdue Not sent: 10 days overdue"),
    ]


def test_the_csv_holds_the_rows_of_the_page_with_iso_dates_and_no_formulas(app, world, made):
    client = signed_in(app, world["pm"])
    page = client.get("/deadlines?from=2026-04-01&to=2027-03-31")
    shown = page_rows(page)
    exported = csv_rows(client.get(export_url(page)))
    assert [(r["Date"], r["Kind"], r["Reference"], r["State"]) for r in exported] == [
        (r["due"], r["kind"], r["reference"], r["state"]) for r in shown
    ]
    for row, seen in zip(exported, shown, strict=True):
        day = dt.date.fromisoformat(row["Date"])
        assert seen["date"] == " ".join(filter(None, [row["When"], f"{day.day} {day:%B %Y}", row["Flag"]]))
        assert seen["progress"].startswith(f"{row['Progress']} {row['Detail']}")
        assert row["Title"] in seen["agreement"] or row["Title"].lstrip("'") in seen["agreement"]
    ending = next(r for r in exported if r["Reference"] == made["ending"].reference)
    assert ending["Title"] == '\'=HYPERLINK("http://evil") ends'  # shown as text by a spreadsheet, never run
    assert ending["Flag"] == "within 90 days"
    assert len(exported) == 5


def test_an_attache_sees_only_their_countries_on_the_page_and_in_the_csv(app, world, made):
    client = signed_in(app, world["mexico"])
    page = client.get("/deadlines")
    assert [r["reference"] for r in page_rows(page)] == [made["mexico"].reference]
    assert [r["Reference"] for r in csv_rows(client.get(export_url(page)))] == [made["mexico"].reference]
    assert [r["Reference"] for r in csv_rows(client.get("/deadlines.csv?from=2026-01-01&to=2027-12-31"))] == [
        made["mexico"].reference
    ]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("from=2026-02-30", "deadlines-from", "Give the start of the period (from) as a date"),
        ("to=soon", "deadlines-to", "Give the end of the period (to) as a date"),
        ("from=2026-06-01&to=2026-05-01", "deadlines-to", "is before its start"),
        ("kind=holiday", "deadlines-kind", "The kind of deadline is one of"),
    ],
)
def test_a_date_that_cannot_be_read_is_named_on_the_form(app, world, made, query, field, words):
    client = signed_in(app, world["pm"])
    response = client.get(f"/deadlines?{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}"' in html and f'aria-describedby="{field}-error" aria-invalid="true"' in html
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and words in unescape(error.group(1))
    assert "Traceback" not in html and "InvalidInput" not in html
    refused = client.get(f"/deadlines.csv?{query}")
    assert refused.status_code == 422 and words in visible_text(refused)


def test_an_empty_window_says_what_to_do(app, world, clock):
    client = signed_in(app, world["pm"])
    text = visible_text(client.get("/deadlines"))
    assert "No deadlines from 1 April 2026 to 28 September 2026, and none overdue." in text
    assert "Widen the period" in text


def test_the_menu_links_the_deadlines_for_every_role(app, world, clock):
    for who in ("pm", "la", "moscow", "admin"):
        html = signed_in(app, world[who]).get("/deadlines").get_data(as_text=True)
        assert re.search(r'<a href="/deadlines" aria-current="page">Deadlines</a>', html), who

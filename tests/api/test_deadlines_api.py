"""GET /api/v1/deadlines?from=&to=&kind=: the deadlines sorted by date as JSON, or as CSV (Accept: text/csv or
/api/v1/deadlines.csv) with the same rows; attachés scoped; a date that cannot be read is a problem naming it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from services.deadline_world import TRANSMITTAL_DUE, binding, give_notice, in_effect, send_text

from .support import assert_problem

NOW = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def made(world, make_agreement, monkeypatch):
    """Deadlines counted from 1 April 2026: two transmittals due 10 April (Russia, Mexico), an expiry on 30 June
    and a renewal whose last day of notice is 2 November 2026."""
    monkeypatch.setattr("agreements.services.deadline_list.utcnow", lambda: NOW)
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
        "ending": in_effect(world, make_agreement, title="+1 ends", expires_on="2026-06-30"),
        "renewing": in_effect(
            world, make_agreement, title="Renews", expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90
        ),
    }


def test_the_deadlines_as_json_sorted_by_date(api, made):
    response = api("pm").get("/deadlines")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["window"] == {
        "from": "2026-04-01",
        "to": "2026-09-28",
        "kind": None,
        "overdue": True,
        "today": "2026-04-01",
    }
    assert body["total"] == 3 and body["page"] == 1 and body["pages"] == 1
    assert [(i["due_on"], i["kind"], i["agreement"]["reference"]) for i in body["items"]] == [
        (TRANSMITTAL_DUE.isoformat(), "transmittal", made["cmaa"].reference),
        (TRANSMITTAL_DUE.isoformat(), "transmittal", made["mexico"].reference),
        ("2026-06-30", "expiry", made["ending"].reference),
    ]
    first = body["items"][0]
    assert {k: first[k] for k in ("when", "days_left", "flag", "progress", "progress_label", "detail", "done_on")} == {
        "when": "in 9 days",
        "days_left": 9,
        "flag": 30,
        "progress": "open",
        "progress_label": "Open",
        "detail": "Not sent yet.",
        "done_on": None,
    }
    assert first["agreement"]["url"] == f"/api/v1/agreements/{made['cmaa'].id}"
    assert first["agreement"]["state"] == "signed"


def test_from_to_and_kind_choose_the_window(api, made, world):
    give_notice(world, made["renewing"], dt.date(2026, 10, 20), dt.date(2027, 1, 31))
    body = api("pm").get("/deadlines?from=2026-10-01&to=2027-03-31&kind=renewal_notice").get_json()
    assert [(i["due_on"], i["progress"], i["done_on"]) for i in body["items"]] == [
        ("2026-11-02", "done_on_time", "2026-10-20")
    ]
    assert body["window"]["overdue"] is False  # a chosen start leaves out what was overdue before it


def test_the_csv_holds_the_same_rows_as_the_json(api, made, world):
    send_text(world, made["cmaa"], dt.date(2026, 4, 3))
    query = "?from=2026-04-01&to=2027-03-31"
    items = api("pm").get(f"/deadlines{query}").get_json()["items"]
    for path, headers in ((f"/deadlines{query}", {"Accept": "text/csv"}), (f"/deadlines.csv{query}", {})):
        response = api("pm").get(path, headers=headers)  # read before the next request: the CSV is streamed
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert 'filename="deadlines-2026-04-01-to-2027-03-31.csv"' in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert [(r["Date"], r["Reference"], r["Progress"], r["When"], r["Done on"]) for r in rows] == [
            (i["due_on"], i["agreement"]["reference"], i["progress_label"], i["when"], i["done_on"] or "")
            for i in items
        ]
    assert rows[0]["Progress"] == "Done on time" and rows[0]["Done on"] == "2026-04-03"
    ending = next(r for r in rows if r["Reference"] == made["ending"].reference)
    assert ending["Title"] == "'+1 ends"


def test_the_streamed_csv_needs_no_session_once_the_request_let_the_user_go(made, world):
    """A streamed CSV is read after the request committed and its session let go of the user: what the user may
    see is settled before (a live server broke the download off when the first row asked the user's role)."""
    from agreements.db import db
    from agreements.services import deadline_list

    russian = {made[name].reference for name in ("cmaa", "ending", "renewing")}
    window = deadline_list.read_window("2026-01-01", "2027-12-31", None, [], dt.date(2026, 4, 1))
    lines = deadline_list.deadlines_csv(world["moscow"], window)
    db.session.expunge_all()
    rows = list(csv.DictReader(io.StringIO("".join(lines).lstrip("\ufeff"))))
    assert {r["Reference"] for r in rows} == russian


def test_an_attache_gets_their_countries_only(api, made):
    moscow = api("moscow").get("/deadlines?from=2026-01-01&to=2027-12-31").get_json()
    assert {i["agreement"]["country"] for i in moscow["items"]} == {"RU"}
    mexico = api("mexico").get("/deadlines.csv?from=2026-01-01&to=2027-12-31").get_data(as_text=True)
    assert made["mexico"].reference in mexico and made["cmaa"].reference not in mexico


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=2026-04-31", "from"), ("to=next-week", "to"), ("from=2026-05-01&to=2026-04-01", "to"), ("kind=x", "kind")],
)
def test_a_window_that_cannot_be_read_is_a_problem_naming_the_field(api, made, query, field):
    for path in (f"/deadlines?{query}", f"/deadlines.csv?{query}"):
        body = assert_problem(api("pm").get(path), 422, f"({field})" if field != "kind" else "kind of deadline")
        assert set(body["errors"]) == {field}


def test_pages_of_the_list(api, made):
    first = api("pm").get("/deadlines?from=2026-04-01&to=2027-03-31&per_page=2").get_json()
    second = api("pm").get("/deadlines?from=2026-04-01&to=2027-03-31&per_page=2&page=2").get_json()
    assert (first["total"], first["pages"], len(first["items"]), len(second["items"])) == (5, 3, 2, 2)
    assert first["items"][-1]["due_on"] <= second["items"][0]["due_on"]
    assert_problem(api("pm").get("/deadlines?per_page=0"), 422, "per_page")


def test_without_a_token_there_are_no_deadlines(api, made):
    assert_problem(api(None).get("/deadlines"), 401)

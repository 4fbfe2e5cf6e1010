"""GET /api/v1/reports/monthly?month=YYYY-MM: the month's report as JSON, or as CSV (Accept: text/csv, or
/api/v1/reports/monthly.csv); attachés get their countries'; a month that cannot be read is a problem naming it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from services.deadline_world import binding, reportable

from agreements.db import db

from .support import assert_problem


@pytest.fixture
def made(world, make_agreement, monkeypatch):
    """Made on 10 April 2026; signed on 26 March: a customs agreement (in force 15 April) and a qualifying
    non-binding instrument; one from the paper file signed on 5 March, without its legal authority."""
    monkeypatch.setattr(
        "agreements.services.monthly_report.utcnow", lambda: dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC)
    )
    paper = make_agreement(type="cmaa", title="From the paper file")
    paper.signed_on = dt.date(2026, 3, 5)
    db.session.commit()
    return {
        "paper": paper,
        "cmaa": binding(world, make_agreement, state="in_force", title="Customs mutual assistance"),
        "qnbi": reportable(world, make_agreement, title="Cooperation on cybercrime"),
    }


def test_last_month_as_json(api, made):
    response = api("pm").get("/reports/monthly")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert {k: body[k] for k in ("month", "label", "previous", "next", "scope", "made_on", "is_complete")} == {
        "month": "2026-03",
        "label": "March 2026",
        "previous": "2026-02",
        "next": "2026-04",
        "scope": None,
        "made_on": "2026-04-10",
        "is_complete": False,
    }
    assert body["blocking"] == [
        {
            "agreement_id": made["paper"].id,
            "reference": made["paper"].reference,
            "missing": ["the legal authority relied on"],
        }
    ]
    cmaa = next(e for e in body["concluded"] if e["reference"] == made["cmaa"].reference)
    assert {k: cmaa[k] for k in ("signed_on", "in_force_on", "legal_authority", "missing", "kind")} == {
        "signed_on": "2026-03-26",
        "in_force_on": "2026-04-15",
        "legal_authority": "19 U.S.C. 1628; 6 U.S.C. 203",
        "missing": [],
        "kind": "International agreement",
    }
    assert cmaa["parties"]["counterpart"] == "The Government of the Russian Federation"
    assert [e["reference"] for e in body["entered_into_force"]] == [made["qnbi"].reference]


def test_the_csv_holds_the_rows_of_the_json(api, made):
    body = api("pm").get("/reports/monthly?month=2026-03").get_json()
    expected = [("Signed or otherwise concluded", e["reference"], e["signed_on"]) for e in body["concluded"]]
    expected += [
        ("Entered into force or came into effect", e["reference"], e["signed_on"]) for e in body["entered_into_force"]
    ]
    for path, headers in (
        ("/reports/monthly?month=2026-03", {"Accept": "text/csv"}),
        ("/reports/monthly.csv?month=2026-03", {}),
    ):
        response = api("pm").get(path, headers=headers)  # read before the next request: the CSV is streamed
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert [(r["Section"], r["Reference"], r["Signed on"]) for r in rows] == expected


def test_an_attache_gets_their_countries_report(api, made):
    body = api("mexico").get("/reports/monthly?month=2026-03").get_json()
    assert (body["concluded"], body["entered_into_force"], body["blocking"]) == ([], [], [])
    assert body["scope"] == "The agreements of the countries Attaché Office Mexico City covers: Mexico."
    assert len(api("moscow").get("/reports/monthly?month=2026-03").get_json()["concluded"]) == 3


@pytest.mark.parametrize("path", ["/reports/monthly?month=2026-00", "/reports/monthly.csv?month=spring"])
def test_a_month_that_cannot_be_read_is_a_problem_naming_it(api, made, path):
    body = assert_problem(api("pm").get(path), 422, "YYYY-MM")
    assert set(body["errors"]) == {"month"}


def test_without_a_token_there_is_no_report(api, made):
    assert_problem(api(None).get("/reports/monthly"), 401)

"""GET /api/v1/agreements with the list's parameters (SPEC §8), its new fields, and the same list as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from services.lifecycle import bring_to
from sqlalchemy import update

from agreements.db import db
from agreements.models import Agreement, Office
from agreements.services import listing

from .support import assert_problem

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def shelf(world, make_agreement, monkeypatch):
    """A Russian MOU in drafting for 3 days, a Mexican LOI in legal review for 20, a Russian CMAA withdrawn."""
    monkeypatch.setattr(listing, "today", lambda: TODAY)
    db.session.scalar(db.select(Office).where(Office.code == "MEX")).region = "north_america"
    db.session.commit()
    made = {
        "mou": make_agreement(title="MOU on cyber crime", areas=["cyber_crime"]),
        "loi": bring_to(
            world,
            make_agreement(
                type="loi", country="MX", title="LOI on training", counterpart="FGR", languages=["en", "es"]
            ),
            "legal_review",
        ),
        "cmaa": bring_to(world, make_agreement(type="cmaa", title="CMAA withdrawn"), "withdrawn"),
    }
    for key, days in (("mou", 3), ("loi", 20), ("cmaa", 40)):
        when = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(9), tzinfo=dt.UTC)
        db.session.execute(update(Agreement).where(Agreement.id == made[key].id).values(state_since=when))
    db.session.commit()
    return made


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["items"]]


def test_the_list_takes_the_new_parameters(api, shelf):
    pm = api("pm")
    ids = {k: a.id for k, a in shelf.items()}
    assert _ids(pm.get("/agreements?state=legal_review&state=withdrawn&sort=reference")) == sorted(
        [ids["loi"], ids["cmaa"]], key=lambda i: next(a.reference for a in shelf.values() if a.id == i)
    )
    assert set(_ids(pm.get("/agreements?state=open"))) == {ids["mou"], ids["loi"]}
    assert _ids(pm.get("/agreements?q=CYBER")) == [ids["mou"]]
    assert _ids(pm.get("/agreements?q=fgr")) == [ids["loi"]]  # the counterpart
    assert _ids(pm.get("/agreements?office=MEX")) == [ids["loi"]]
    assert _ids(pm.get("/agreements?area=cyber_crime")) == [ids["mou"]]
    assert _ids(pm.get("/agreements?binding=yes")) == [ids["cmaa"]]
    assert set(_ids(pm.get("/agreements?binding=false"))) == {ids["mou"], ids["loi"]}
    assert _ids(pm.get("/agreements?region=north_america")) == [ids["loi"]]
    assert _ids(pm.get("/agreements?overdue=yes")) == [ids["loi"]]
    assert _ids(pm.get("/agreements?sort=-days_in_state")) == [ids["cmaa"], ids["loi"], ids["mou"]]
    assert _ids(pm.get("/agreements?sort=days_in_state")) == [ids["mou"], ids["loi"], ids["cmaa"]]
    # What was there before stays.
    assert _ids(pm.get("/agreements?type=loi&country=Mexico&page=1&per_page=5")) == [ids["loi"]]


def test_each_item_says_since_when_and_how_long_it_is_in_its_state(api, shelf):
    body = api("pm").get("/agreements?state=legal_review").get_json()
    assert body["total"] == 1 and body["total_is_capped"] is False and body["has_next"] is False
    [item] = body["items"]
    assert item["state_since"] == "2026-11-11T09:00:00+00:00"
    assert (item["days_in_state"], item["days_allowed"], item["is_overdue"]) == (20, 14, True)
    assert {"id", "reference", "title", "state", "country", "counterpart", "office", "areas"} <= set(item)
    one = api("pm").get(f"/agreements/{shelf['mou'].id}").get_json()
    assert (one["days_in_state"], one["is_overdue"]) == (3, False)


def test_a_capped_total_says_so(api, shelf, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    body = api("pm").get("/agreements?per_page=1").get_json()
    assert (body["total"], body["total_is_capped"], body["has_next"]) == (2, True, True)
    last = api("pm").get("/agreements?per_page=1&page=3").get_json()
    assert (last["total"], last["total_is_capped"], last["has_next"]) == (3, False, False)


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("state=lost", "state", "'lost'"),
        ("sort=colour", "sort", "'colour'"),
        ("office=XYZ", "office", "'XYZ'"),
        ("area=fishing", "area", "'fishing'"),
        ("binding=maybe", "binding", "'maybe'"),
        ("region=atlantis", "region", "'atlantis'"),
        ("country=Atlantis", "country", "Atlantis"),
        ("q=" + "x" * 201, "q", "the limit is 200"),
    ],
)
def test_a_wrong_parameter_is_named(api, world, query, field, words):
    body = assert_problem(api("pm").get(f"/agreements?{query}"), 422, words)
    assert field in body["errors"]
    assert_problem(api("pm").get(f"/agreements.csv?{query}"), 422, words)


def test_an_attache_lists_only_their_countries_whatever_the_filters(api, shelf):
    assert set(_ids(api("moscow").get("/agreements"))) == {shelf["mou"].id, shelf["cmaa"].id}
    assert _ids(api("moscow").get("/agreements?country=MX")) == []
    assert _ids(api("moscow").get("/agreements?q=training")) == []


# --- CSV ----------------------------------------------------------------------------------------------
def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert response.is_streamed
    text = response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_same_list_as_csv_by_accept_header_or_address(api, shelf, app):
    app.config["PAGE_SIZE"] = 1  # every row, not a page
    by_header = _csv(api("pm").get("/agreements?state=open&sort=-days_in_state", headers={"Accept": "text/csv"}))
    response = api("pm").get("/agreements.csv?state=open&sort=-days_in_state")
    by_address = _csv(response)
    assert by_header == by_address
    assert [r["reference"] for r in by_address] == [shelf["loi"].reference, shelf["mou"].reference]
    page = api("pm").get("/agreements?state=open&sort=-days_in_state&per_page=100").get_json()
    assert [r["reference"] for r in by_address] == [i["reference"] for i in page["items"]]
    assert response.headers["Content-Disposition"] == 'attachment; filename="agreements-2026-12-01.csv"'
    loi = by_address[0]
    assert loi["state_since"] == "2026-11-11T09:00:00Z" and loi["days_in_state"] == "20"
    assert loi["overdue"] == "yes" and loi["days_allowed"] == "14"
    assert dt.date.fromisoformat(loi["created_at"][:10])
    assert list(by_address[0]) == list(listing.AGREEMENT_COLUMNS)


def test_json_stays_the_default(api, shelf):
    assert api("pm").get("/agreements", headers={"Accept": "*/*"}).mimetype == "application/json"
    assert api("pm").get("/agreements", headers={"Accept": "application/json, text/csv;q=0.5"}).is_json


def test_the_csv_neutralises_formulas(api, make_agreement):
    make_agreement(with_text=False, title='=HYPERLINK("http://evil.example","Open")')
    [row] = _csv(api("pm").get("/agreements.csv"))
    assert row["title"].startswith("'=HYPERLINK(")


def test_the_csv_never_holds_what_the_user_may_not_see(api, shelf):
    rows = _csv(api("moscow").get("/agreements.csv"))
    assert {r["country"] for r in rows} == {"RU"}
    assert {r["reference"] for r in rows} == {shelf["mou"].reference, shelf["cmaa"].reference}
    assert _csv(api("moscow").get("/agreements.csv?country=MX")) == []
    assert api(None).get("/agreements.csv").status_code == 401


def test_the_openapi_document_describes_the_parameters_and_the_csv(api):
    document = api(None).get("/openapi.json").get_json()
    listing_op = document["paths"]["/api/v1/agreements"]["get"]
    names = set()
    for parameter in listing_op["parameters"]:  # written out, or by reference to a shared one
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        names.add(parameter["name"])
    assert {"state", "q", "sort", "office", "area", "binding", "region", "type", "country", "page", "per_page"} <= names
    assert "text/csv" in listing_op["responses"]["200"]["content"]
    assert "text/csv" in document["paths"]["/api/v1/agreements.csv"]["get"]["responses"]["200"]["content"]
    (state,) = [p for p in listing_op["parameters"] if p.get("name") == "state"]
    assert state["explode"] is True and "open" in state["schema"]["items"]["enum"]
    assert {"total_is_capped", "has_next"} <= set(document["components"]["schemas"]["AgreementList"]["properties"])
    summary = document["components"]["schemas"]["AgreementSummary"]["properties"]
    assert {"state_since", "days_in_state", "days_allowed", "is_overdue"} <= set(summary)

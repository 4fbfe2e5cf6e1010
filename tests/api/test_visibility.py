"""An attaché gets 404 for an agreement of a country the office does not cover, exactly as for a missing id."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from agreements.db import db
from agreements.models import Agreement

from .support import assert_problem

MISSING = 987654

REQUESTS = [
    ("GET", "/agreements/{id}", None),
    ("PATCH", "/agreements/{id}", {"title": "Renamed"}),
    ("GET", "/agreements/{id}/versions", None),
    ("POST", "/agreements/{id}/versions", {"articles": [{"number": 1, "body": {"en": "Text."}}]}),
    ("GET", "/agreements/{id}/versions/1", None),
    ("POST", "/agreements/{id}/transitions", {"trigger": "submit_for_review"}),
    ("GET", "/agreements/{id}/events", None),
    ("GET", "/agreements/{id}/authorities", None),
    (
        "POST",
        "/agreements/{id}/authorities",
        # A whole body: its shape is checked before the agreement is looked up.
        {
            "kind": "conclude",
            "reference": "C-1",
            "granted_by": "L",
            "granted_by_title": "T",
            "granted_on": "2026-01-02",
        },
    ),
    ("GET", "/agreements/{id}/signatories", None),
    ("PUT", "/agreements/{id}/signatories/us", {"name": "A", "title": "B"}),
]


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_mexico_city_attache_gets_404_for_a_russian_agreement_as_for_a_missing_one(
    api, make_agreement, method, path, body
):
    russian = make_agreement(country="RU")
    russian_id, state, lock_version = russian.id, russian.state, russian.lock_version
    hidden = api("mexico").call(method, path.format(id=russian_id), json=body)
    missing = api("mexico").call(method, path.format(id=MISSING), json=body)
    hidden_problem = assert_problem(hidden, 404, "no agreement")
    missing_problem = assert_problem(missing, 404, "no agreement")
    assert hidden_problem["title"] == missing_problem["title"]
    assert hidden_problem["type"] == missing_problem["type"]
    hidden_detail = hidden_problem["detail"].replace(str(russian_id), "N")
    assert hidden_detail == missing_problem["detail"].replace(str(MISSING), "N")
    # And nothing changed.
    after = api("moscow").get(f"/agreements/{russian_id}").get_json()
    assert (after["state"], after["lock_version"], after["title"]) == (state, lock_version, russian.title)


def test_the_moscow_attache_sees_it(api, make_agreement):
    russian = make_agreement(country="RU")
    assert api("moscow").get(f"/agreements/{russian.id}").status_code == 200


@pytest.mark.parametrize("agreement_id", [0, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30])
def test_ids_out_of_range_are_404(api, agreement_id):
    assert_problem(api("pm").get(f"/agreements/{agreement_id}"), 404)
    assert_problem(api("pm").fire(agreement_id, "submit_for_review"), 404)
    assert_problem(api("pm").get(f"/agreements/{agreement_id}/events"), 404)


@pytest.mark.parametrize("number", [0, 2, 2**31, 2**63, 2**64])
def test_version_numbers_out_of_range_are_404(api, make_agreement, number):
    agreement = make_agreement()
    assert_problem(api("pm").get(f"/agreements/{agreement.id}/versions/{number}"), 404, "version")


@pytest.mark.parametrize("path", ["/agreements/-1", "/agreements/abc", "/agreements/1.5", "/agreements/1/nothing"])
def test_paths_that_name_no_endpoint_are_404_problems(api, path):
    body = assert_problem(api("pm").get(path), 404, "no endpoint")
    assert body["instance"] == "/api/v1" + path


def test_no_agreement_is_created_by_refused_requests(api, make_agreement):
    make_agreement(country="RU")
    api("mexico").post(
        "/agreements", json={"type": "mou", "title": "T", "counterpart": "X", "country": "RU", "languages": ["en"]}
    )
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 1

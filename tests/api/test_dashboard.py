"""GET /api/v1/dashboard: counts that add up with the URL of each list, what is overdue with who acts next,
scoped for attachés, in the shape the OpenAPI document describes."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from services.aging import NOW, portfolio

from .support import assert_problem


@pytest.fixture
def made(world, make_agreement, monkeypatch):
    """The test portfolio (see ``services.aging.portfolio``), on the day the API thinks it is."""
    monkeypatch.setattr("agreements.services.portfolio.utcnow", lambda: NOW)
    return portfolio(world, make_agreement)


def _schema(client, name: str) -> dict:
    """A schema of the served OpenAPI document, its references to other schemas resolved."""
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]

    def resolve(node):
        if isinstance(node, dict):
            if set(node) == {"$ref"}:
                return resolve(schemas[node["$ref"].rsplit("/", 1)[1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schemas[name])


def _counts(items) -> dict[str, int]:
    return {i["key"]: i["count"] for i in items if i["count"]}


def test_the_dashboard_in_the_shape_the_document_describes(client, api, made):
    body = api("pm").get("/dashboard").get_json()
    errors = sorted(Draft202012Validator(_schema(client, "Dashboard")).iter_errors(body), key=str)
    assert errors == [], [e.message for e in errors]
    assert body["today"] == "2026-12-01" and body["total"] == 7 and body["open"] == 6


def test_the_counts_add_up_and_each_carries_the_url_of_its_list(api, made):
    body = api("pm").get("/dashboard").get_json()
    assert _counts(body["by_state"]) == {"drafting": 3, "legal_review": 3, "withdrawn": 1}
    assert _counts(body["by_type"]) == {"mou": 5, "loi": 1, "moc": 1}
    assert _counts(body["by_region"]) == {"europe": 4, "north_america": 2, "none": 1}
    for key in ("by_state", "by_type", "by_region"):
        assert sum(i["count"] for i in body[key]) == body["total"]
    europe = next(i for i in body["by_region"] if i["key"] == "europe")
    assert europe == {"key": "europe", "name": "Europe", "count": 4, "url": "/agreements?region=europe"}
    assert next(i for i in body["by_region"] if i["key"] == "none")["name"] == "No region set"
    review = next(i for i in body["by_state"] if i["key"] == "legal_review")
    assert review["url"] == "/agreements?state=legal_review"
    assert (review["threshold_days"], review["overdue"]) == (14, 2)
    assert review["overdue_url"] == "/agreements?state=legal_review&overdue=yes&sort=-days_in_state"
    in_force = next(i for i in body["by_state"] if i["key"] == "in_force")
    assert in_force["threshold_days"] is None and in_force["overdue"] is None and in_force["overdue_url"] is None


def test_aging_lists_the_overdue_most_overdue_first_with_who_acts_next(api, made):
    aging = api("pm").get("/dashboard").get_json()["aging"]
    assert aging["count"] == 3 and aging["url"] == "/agreements?overdue=yes&sort=-days_in_state"
    first = aging["items"][0]
    assert {k: first[k] for k in ("id", "reference", "state", "days_in_state", "threshold_days", "office")} == {
        "id": made["ru_draft"].id,
        "reference": made["ru_draft"].reference,
        "state": "drafting",
        "days_in_state": 100,
        "threshold_days": 60,
        "office": "MOW",
    }
    assert first["next_roles"] == ["program_manager", "attache"] and first["days_overdue"] == 40
    assert first["title"] == "Draft on cybercrime" and first["state_since"] == "2026-08-23T09:00:00Z"
    assert [(i["reference"], i["next_roles"]) for i in aging["items"][1:]] == [
        (made["ru_review"].reference, ["legal_advisor"]),
        (made["mx_review"].reference, ["legal_advisor"]),
    ]


def test_the_overdue_of_one_state(api, made):
    aging = api("pm").get("/dashboard?overdue=legal_review").get_json()["aging"]
    assert aging["state"] == "legal_review" and aging["count"] == 2
    assert [i["id"] for i in aging["items"]] == [made["ru_review"].id, made["mx_review"].id]
    assert aging["url"] == "/agreements?state=legal_review&overdue=yes&sort=-days_in_state"


def test_a_state_without_a_time_limit_is_invalid_input(api, made):
    assert_problem(api("pm").get("/dashboard?overdue=in_force"), 422, "no time limit")


def test_an_attache_sees_only_the_countries_of_their_office(api, made):
    body = api("mexico").get("/dashboard").get_json()
    assert body["total"] == 2 and body["countries"] == ["MX"]
    assert _counts(body["by_region"]) == {"north_america": 2}
    assert [i["reference"] for i in body["aging"]["items"]] == [made["mx_review"].reference]
    assert api("pm").get("/dashboard").get_json()["countries"] is None


def test_a_token_is_needed(api, made):
    assert_problem(api(None).get("/dashboard"), 401)

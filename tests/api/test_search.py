"""GET /api/v1/search as clients use it: SPEC §8's shape, problem+json for what cannot run, scope."""

from __future__ import annotations

import pytest
from search.corpus import corpus


@pytest.fixture
def texts(world, make_agreement):
    return corpus(world, make_agreement)


def test_hits_in_the_shape_of_the_spec(client, world, texts, token_for):
    response = client.get("/api/v1/search?q=bank%20records", headers=token_for(world["moscow"]))
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1 and body["total_is_capped"] is False and body["page"] == 1
    hit = body["items"][0]
    russia = texts["russia"]
    assert {k: hit[k] for k in ("agreement_id", "reference", "title", "state", "article", "heading")} == {
        "agreement_id": russia.id,
        "reference": russia.reference,
        "title": russia.title,
        "state": "in_force",
        "article": "2",
        "heading": "Exchange of information",
    }
    assert "<mark>bank</mark> <mark>records</mark>" in hit["snippet"]
    assert hit["language"] == "en"
    assert hit["url"] == f"/agreements/{russia.id}/terms?lang=en#article-2"


def test_filters_and_state_any(client, world, texts, token_for):
    headers = token_for(world["pm"])
    drafts = client.get("/api/v1/search?q=zanzibarite&state=any", headers=headers).get_json()
    assert [h["reference"] for h in drafts["items"]][:1] == [texts["draft"].reference]
    assert client.get("/api/v1/search?q=zanzibarite", headers=headers).get_json()["total"] == 0
    then = client.get("/api/v1/search?q=falconry&in_force_on=2026-06-30", headers=headers).get_json()
    assert {h["reference"] for h in then["items"]} == {texts["ended"].reference}
    by_name = client.get("/api/v1/search?q=information&country=Russia", headers=headers).get_json()
    assert {h["reference"] for h in by_name["items"]} == {texts["russia"].reference}
    assert by_name["filters"]["country"] == "RU"


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("q=", "q", "Type a word"),
        ("q=" + "x" * 10_000, "q", "shorten it"),
        ("q=x&in_force_on=yesterday", "in_force_on", "not a date"),
        ("q=x&country=Atlantis", "country", "No country is called"),
        ("q=x&page=0", "page", "whole number"),
        ("q=x&state=nonsense", "state", "Unknown state"),
    ],
)
def test_what_cannot_run_is_a_problem_naming_it(client, world, token_for, query, field, words):
    response = client.get(f"/api/v1/search?{query}", headers=token_for(world["pm"]))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422 and words in problem["detail"]
    assert words in problem["errors"][field]
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_token_is_needed(client):
    response = client.get("/api/v1/search?q=information")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_the_mexico_attache_sees_nothing_of_russia(client, world, texts, token_for):
    headers = token_for(world["mexico"])
    russian = client.get("/api/v1/search?q=информацией", headers=headers).get_json()
    nowhere = client.get("/api/v1/search?q=qwertyuiop", headers=headers).get_json()
    assert {k: v for k, v in russian.items() if k not in ("query",)} == {
        k: v for k, v in nowhere.items() if k not in ("query",)
    }
    assert russian["items"] == [] and russian["total"] == 0
    mine = client.get("/api/v1/search?q=information", headers=headers).get_json()
    assert {h["reference"] for h in mine["items"]} == {texts["mexico"].reference}

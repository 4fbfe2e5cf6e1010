"""Saving and reading text versions through the API."""

from __future__ import annotations

from conftest import simple_text

from .support import assert_problem


def test_save_a_version_answers_201_with_the_version(api, make_agreement):
    agreement = make_agreement(with_text=False)
    text = {**simple_text(("en", "ru"), articles=3), "note": "First draft", "origin": "ours"}
    r = api("moscow").post(f"/agreements/{agreement.id}/versions", json=text)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert r.headers["Location"] == f"/api/v1/agreements/{agreement.id}/versions/1"
    assert body["number"] == 1 and body["note"] == "First draft" and body["origin"] == "ours"
    assert body["author"] == "moscow@agreements.test"
    assert len(body["sha256"]) == 64 and body["created_at"]
    assert body["preamble"] == {"en": "Preamble in en.", "ru": "Preamble in ru."}
    assert body["articles"][2] == {
        "number": "3",
        "heading": {"en": "Heading 3 (en)", "ru": "Heading 3 (ru)"},
        "body": {"en": "Body of article 3 in en.", "ru": "Body of article 3 in ru."},
    }
    assert body["final_clauses"]["ru"] == "Done in duplicate (ru)."
    assert api("pm").get(f"/agreements/{agreement.id}").get_json()["current_version"] == 1


def test_versions_are_numbered_listed_newest_first_and_read_back(api, make_agreement):
    agreement = make_agreement()
    changed = simple_text(("en", "ru"), articles=1)
    second = api("pm").post(f"/agreements/{agreement.id}/versions", json={**changed, "origin": "counterpart"})
    assert second.get_json()["number"] == 2
    listed = api("pm").get(f"/agreements/{agreement.id}/versions").get_json()["items"]
    assert [v["number"] for v in listed] == [2, 1]
    assert listed[0]["origin"] == "counterpart" and listed[0]["article_count"] == 1
    first = api("pm").get(f"/agreements/{agreement.id}/versions/1").get_json()
    assert first["number"] == 1 and len(first["articles"]) == 2
    assert first["sha256"] != second.get_json()["sha256"]


def test_a_stale_base_version_is_a_409_not_a_lost_edit(api, make_agreement):
    agreement = make_agreement()
    text = simple_text(("en", "ru"))
    api("pm").post(f"/agreements/{agreement.id}/versions", json={**text, "base_version": 1})
    late = api("moscow").post(f"/agreements/{agreement.id}/versions", json={**text, "base_version": 1})
    body = assert_problem(late, 409, "version 1", "current version is 2")
    assert body["current_version"] == 2


def test_text_cannot_change_in_review(api, make_agreement):
    agreement = make_agreement()
    api("pm").fire(agreement.id, "submit_for_review")
    r = api("pm").post(f"/agreements/{agreement.id}/versions", json=simple_text(("en", "ru")))
    assert assert_problem(r, 409, "legal review")["current_state"] == "legal_review"


def test_invalid_texts_are_422_naming_the_problem(api, make_agreement):
    agreement = make_agreement()
    path = f"/agreements/{agreement.id}/versions"
    assert_problem(api("pm").post(path, json={"articles": "one"}), 422, "articles")
    bad_lang = {"articles": [{"number": 1, "body": {"fr": "Texte"}}]}
    assert assert_problem(api("pm").post(path, json=bad_lang), 422, "'fr'")["errors"]
    assert_problem(api("pm").post(path, json={"articles": [{"number": 1}]}), 422, "neither heading nor text")
    assert_problem(api("pm").post(path, json={"origin": "theirs"}), 422, "origin")
    assert_problem(api("la").post(path, json=simple_text(("en", "ru"))), 403)
    assert api("pm").get(f"/agreements/{agreement.id}/versions").get_json()["items"][0]["number"] == 1

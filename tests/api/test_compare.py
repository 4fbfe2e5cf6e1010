"""GET /api/v1/agreements/{id}/compare?from=&to=: two versions compared, as JSON."""

from __future__ import annotations

from conftest import simple_text

from .support import assert_problem


def _second_version(api, agreement, **extra):
    """Save a second version: article 2's English body reworded, an article 3 added."""
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"]["en"] = "Body of article 2, as amended, in en."
    text["articles"].append({"number": "3", "heading": {"en": "Costs"}, "body": {"en": "Each bears its own."}})
    r = api("pm").post(f"/agreements/{agreement.id}/versions", json={**text, **extra})
    assert r.status_code == 201, r.get_json()


def test_compare_two_versions(api, make_agreement):
    agreement = make_agreement()
    _second_version(api, agreement, origin="counterpart", note="Their draft")
    r = api("moscow").get(f"/agreements/{agreement.id}/compare?from=1&to=2")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["summary"] == ["Art. 2 body changed in en", "Art. 3 added"]
    assert body["identical"] is False and body["languages"] == ["en", "ru"]
    assert body["from"]["number"] == 1 and body["from"]["origin"] == "ours"
    assert body["to"] | {"created_at": None, "sha256": None} == {
        "number": 2,
        "author": "pm@agreements.test",
        "author_name": "Pat Manager",
        "created_at": None,
        "origin": "counterpart",
        "note": "Their draft",
        "sha256": None,
    }
    assert len(body["to"]["sha256"]) == 64 and body["to"]["created_at"]
    first, second, third = body["articles"]
    assert first["status"] == "unchanged" and first["body"]["ru"] == [
        {"op": "equal", "text": "Body of article 1 in ru."}
    ]
    assert second["status"] == "changed" and second["changed_languages"] == {"heading": [], "body": ["en"]}
    assert {"op": "insert", "text": ", as amended,"} in second["body"]["en"]
    assert third == {
        "status": "added",
        "from_number": None,
        "to_number": "3",
        "text_changed": False,
        "changed_languages": {},
        "language_warning": None,
        "heading": {"en": [{"op": "insert", "text": "Costs"}], "ru": []},
        "body": {"en": [{"op": "insert", "text": "Each bears its own."}], "ru": []},
    }
    assert body["preamble"]["status"] == "unchanged" and body["final_clauses"]["changed_languages"] == []


def test_the_same_version_twice_is_identical(api, make_agreement):
    agreement = make_agreement()
    body = api("la").get(f"/agreements/{agreement.id}/compare?from=1&to=1").get_json()
    assert body["identical"] is True and body["summary"] == []


def test_from_and_to_are_required_version_numbers(api, make_agreement):
    agreement = make_agreement()
    path = f"/agreements/{agreement.id}/compare"
    problem = assert_problem(api("pm").get(path), 422, "from", "to")
    assert set(problem["errors"]) == {"from", "to"}
    assert set(assert_problem(api("pm").get(path + "?from=1&to=latest"), 422, "to")["errors"]) == {"to"}
    assert set(assert_problem(api("pm").get(path + "?from=0&to=1"), 422, "from")["errors"]) == {"from"}


def test_an_unknown_version_is_404(api, make_agreement):
    agreement = make_agreement()
    assert_problem(api("pm").get(f"/agreements/{agreement.id}/compare?from=1&to=7"), 404, "version 7")


def test_an_agreement_out_of_sight_is_404_as_if_it_did_not_exist(api, make_agreement):
    agreement = make_agreement()
    _second_version(api, agreement)
    hidden = api("mexico").get(f"/agreements/{agreement.id}/compare?from=1&to=2")
    missing = api("mexico").get("/agreements/999999/compare?from=1&to=2")
    assert_problem(hidden, 404)
    assert hidden.get_json()["detail"].replace(str(agreement.id), "N") == missing.get_json()["detail"].replace(
        "999999", "N"
    )


def test_a_token_is_needed(api, make_agreement):
    agreement = make_agreement()
    assert_problem(api(None).get(f"/agreements/{agreement.id}/compare?from=1&to=1"), 401)


def test_user_text_comes_back_as_plain_text(api, make_agreement):
    agreement = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][0]["body"]["en"] = "<script>alert(1)</script> & more"
    api("pm").post(f"/agreements/{agreement.id}/versions", json=text)
    body = api("pm").get(f"/agreements/{agreement.id}/compare?from=1&to=2").get_json()
    assert {"op": "insert", "text": "<script>alert(1)</script> & more"} in body["articles"][0]["body"]["en"]

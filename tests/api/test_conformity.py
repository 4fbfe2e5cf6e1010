"""The conformity of the language versions through the API: a legal advisor records it for the current text
(POST /agreements/{id}/conformity), the agreement lists the records, each refusal is problem+json; the comparison
of two versions lists the parts changed in one language and not in another."""

from __future__ import annotations

import pytest
from conftest import simple_text

from .support import assert_problem


def _ok(response, status: int = 200) -> dict:
    """The body of a response that must have succeeded with ``status``."""
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_a_legal_advisor_records_it_and_the_agreement_lists_it(api, make_agreement):
    mou = make_agreement()
    body = _ok(api("la").post(f"/agreements/{mou.id}/conformity", json={"note": "Compared with the interpreter."}), 201)
    assert body == {
        **body,
        "version_number": 1,
        "text_hash": mou.current_version.sha256,
        "languages": ["en", "ru"],
        "note": "Compared with the interpreter.",
        "certified_by": "la@agreements.test",
    }
    assert isinstance(body["id"], int) and body["certified_at"]
    detail = _ok(api("pm").get(f"/agreements/{mou.id}"))
    assert detail["language_conformities"] == [body]


def test_the_note_may_be_left_out(api, make_agreement):
    mou = make_agreement()
    assert _ok(api("la").post(f"/agreements/{mou.id}/conformity", json={}), 201)["note"] == ""


@pytest.mark.parametrize("who", ["pm", "moscow"])
def test_program_managers_and_attaches_may_not(api, make_agreement, who):
    mou = make_agreement()
    body = assert_problem(api(who).post(f"/agreements/{mou.id}/conformity", json={}), 403, "Only legal advisors")
    assert "Traceback" not in str(body)


def test_twice_for_the_same_text_is_a_conflict(api, make_agreement):
    mou = make_agreement()
    _ok(api("la").post(f"/agreements/{mou.id}/conformity", json={}), 201)
    assert_problem(api("la2").post(f"/agreements/{mou.id}/conformity", json={}), 409, "already recorded for version 1")


def test_a_text_incomplete_in_a_language_is_refused_naming_the_gap(api, make_agreement):
    mou = make_agreement(with_text=False)
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"]["ru"] = ""
    _ok(api("pm").post(f"/agreements/{mou.id}/versions", json=text), 201)
    assert_problem(api("la").post(f"/agreements/{mou.id}/conformity", json={}), 422, "missing: Art. 2 (Russian)")


def test_a_long_note_and_an_unknown_field_are_refused(api, make_agreement):
    mou = make_agreement()
    body = assert_problem(
        api("la").post(f"/agreements/{mou.id}/conformity", json={"note": "x" * 2001}),
        422,
        "Note is 2,001 characters; the limit is 2,000.",
    )
    assert "note" in body["errors"]
    body = assert_problem(api("la").post(f"/agreements/{mou.id}/conformity", json={"languages": ["en"]}), 422)
    assert "languages" in body["errors"]


def test_one_language_is_a_conflict_and_an_unknown_agreement_is_not_found(api, make_agreement):
    mou = make_agreement(languages=["en"])
    assert_problem(api("la").post(f"/agreements/{mou.id}/conformity", json={}), 409, "one language")
    assert_problem(api("la").post("/agreements/9999/conformity", json={}), 404)


def test_the_comparison_lists_the_parts_changed_in_one_language_only(api, make_agreement):
    mou = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][0]["body"]["en"] = "Body of article 1, as amended, in en."
    text["articles"][1]["body"] = {"en": "New body of article 2.", "ru": "Новый текст статьи 2."}
    _ok(api("pm").post(f"/agreements/{mou.id}/versions", json=text), 201)
    body = _ok(api("la").get(f"/agreements/{mou.id}/compare?from=1&to=2"))
    warning = "Art. 1 changed in English but not in Russian: check that the versions still conform."
    assert body["language_warnings"] == [warning]
    assert [a["language_warning"] for a in body["articles"]] == [warning, None]
    assert body["preamble"]["language_warning"] is None

"""Whole numbers in query strings are read one strict way on every endpoint: ASCII digits (leading zeros and
spaces around them change nothing); a sign, a point, an underscore, an exponent or another script's digits are
refused with 422 naming the parameter, never read as a number nor answered with a server error."""

from __future__ import annotations

import pytest

from agreements.errors import InvalidInput
from agreements.services.agreements import update_facts
from agreements.services.numbers import whole_number

from .support import assert_problem

# Each endpoint taking a whole number in its query string: {a} for the agreement, {v} for the number.
ENDPOINTS = [
    ("/agreements?page={v}", "page"),
    ("/agreements?per_page={v}", "per_page"),
    ("/deadlines?page={v}", "page"),
    ("/deadlines?per_page={v}", "per_page"),
    ("/agreements/{a}/comments?version={v}", "version"),
    ("/agreements/{a}/lint?version={v}", "version"),
    ("/agreements/{a}/compare?from={v}&to=1", "from"),
    ("/agreements/{a}/document.pdf?version={v}", "version"),
    ("/search?q=cooperation&page={v}", "page"),
]
# As a URL carries them: "+" written %2B (a bare + is a space), ² and Arabic-Indic ٣ and fullwidth １ encoded.
NOT_WHOLE = ["%2B1", "1.0", "1_0", "1e0", "-0", "0x1", "%C2%B2", "%D9%A3", "%EF%BC%91", "1%202"]
WHOLE = ["1", "01", "%201%20"]


@pytest.fixture
def agreement_id(make_agreement) -> int:
    """A non-binding agreement with one version of its text."""
    return make_agreement().id


@pytest.mark.parametrize(("path", "name"), ENDPOINTS)
@pytest.mark.parametrize("raw", NOT_WHOLE)
def test_what_is_not_a_whole_number_is_refused_naming_the_parameter(api, agreement_id, path, name, raw):
    response = api("pm").get(path.format(a=agreement_id, v=raw))
    body = assert_problem(response, 422, name)
    assert set(body["errors"]) == {name}


@pytest.mark.parametrize(("path", "name"), [e for e in ENDPOINTS if "document.pdf" not in e[0]])
@pytest.mark.parametrize("raw", WHOLE)
def test_a_whole_number_is_read_the_same_everywhere(api, agreement_id, path, name, raw):
    response = api("pm").get(path.format(a=agreement_id, v=raw))
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_refusal_says_what_is_wanted_in_words(api, agreement_id):
    body = assert_problem(api("pm").get(f"/agreements/{agreement_id}/comments?version=%2B1"), 422)
    assert body["errors"] == {"version": "A whole number from 1 to 2,147,483,647, not '+1'."}
    body = assert_problem(api("pm").get("/agreements?per_page=2.0"), 422)
    assert body["errors"] == {"per_page": "A whole number from 1 to 100, not '2.0'."}


def test_the_document_declares_the_ranges_read(client):
    document = client.get("/api/v1/openapi.json").get_json()

    def schema(path: str, name: str) -> dict:
        (param,) = [p for p in document["paths"][path]["get"]["parameters"] if p.get("name") == name]
        return param["schema"]

    assert schema("/api/v1/agreements", "per_page") == {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}
    assert schema("/api/v1/agreements/{agreement_id}/lint", "version") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 2**31 - 1,
    }


@pytest.mark.parametrize("raw", ["²", "٣", "+3", "3.0", "9" * 5000])
def test_a_round_names_a_version_written_wrongly_as_not_existing(api, agreement_id, raw):
    assert api("pm").fire(agreement_id, "submit_for_review").status_code == 200
    assert api("la").fire(agreement_id, "clear_for_negotiation").status_code == 200
    held = {"held_on": "2026-10-14", "format": "video", "participants": "Both", "summary": "Met.", "version": raw}
    body = assert_problem(api("pm").post(f"/agreements/{agreement_id}/rounds", json=held), 422, "no version")
    assert body["errors"] == {"version": "No such version."}


@pytest.mark.parametrize("raw", ["²", "٣", "+30", "9" * 5000])
def test_days_written_wrongly_are_refused_by_name(world, make_agreement, raw):
    cmaa = make_agreement(type="cmaa")
    with pytest.raises(InvalidInput) as raised:
        update_facts(world["pm"], cmaa, {"entry_rule_days": raw})
    assert "whole number from 1 to 3650" in raised.value.errors["entry_rule_days"]


@pytest.mark.parametrize(
    ("raw", "number"),
    [("7", 7), (" 007 ", 7), ("0", None), ("11", None), ("+7", None), ("7.0", None), ("٧", None), (7, None)],
)
def test_one_reading_of_whole_numbers(raw, number):
    assert whole_number(raw, 1, 10) == number
    assert whole_number("9" * 10_000, 1, 10) is None  # refused without being converted

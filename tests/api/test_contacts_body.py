"""Replacing one party's points of contact, as the body is read: each person's problems named by their place
(counted from 1, as the user counts), the list bare or wrapped, an empty list removing everyone."""

from __future__ import annotations

import datetime as dt

import pytest

from .support import assert_problem

SAMPLE = {"name": "Daniel Sample", "phone": "+1 202 555 0142", "email": "daniel.sample@oia.example.gov"}
FIELDS = "name, title, office, email, phone, languages, confirmed_on"


def _url(agreement, party: str = "us") -> str:
    return f"/agreements/{agreement.id}/contacts/{party}"


def test_an_unknown_field_is_named_with_the_person_and_the_fields_allowed(api, make_agreement):
    agreement = make_agreement()
    body = assert_problem(api("pm").put(_url(agreement), json=[SAMPLE, {"name": "A", "colour": "blue"}]), 422)
    assert body["errors"] == {"contacts[2].colour": f"Unknown field 'colour'; the fields are {FIELDS}."}
    assert "Person 2" in body["detail"]


@pytest.mark.parametrize(
    ("person", "field", "message"),
    [
        ({"name": 5}, "contacts[1].name", "Name must be text."),
        ({"name": "A", "title": ["Liaison"]}, "contacts[1].title", "Title must be text."),
        ({"name": "A", "languages": 5}, "contacts[1].languages", 'Give the languages as codes, e.g. ["ru", "en"].'),
        (
            {"name": "A", "confirmed_on": 20261103},
            "contacts[1].confirmed_on",
            "Give the date the details were confirmed as YYYY-MM-DD, e.g. 2026-11-03.",
        ),
        (
            "Daniel Sample",
            "contacts[1]",
            "Give each person as an object with a name, and optionally title, office, e-mail and phone.",
        ),
    ],
)
def test_a_wrong_type_is_named_in_words(api, make_agreement, person, field, message):
    agreement = make_agreement()
    body = assert_problem(api("pm").put(_url(agreement), json=[person]), 422)
    assert body["errors"] == {field: message}
    assert api("pm").get(f"/agreements/{agreement.id}/contacts").get_json()["us"] == []  # nothing saved


@pytest.mark.parametrize("empty", [[], {"contacts": []}], ids=["bare", "wrapped"])
def test_an_empty_list_removes_everyone_and_the_trail_says_so(api, make_agreement, empty):
    agreement = make_agreement()
    assert api("pm").put(_url(agreement), json=[SAMPLE]).status_code == 200
    r = api("pm").put(_url(agreement), json=empty)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json() == {"party": "us", "items": []}
    assert api("pm").get(f"/agreements/{agreement.id}/contacts").get_json()["us"] == []
    event = api("pm").get(f"/agreements/{agreement.id}/events").get_json()["items"][-1]
    assert event["trigger"] == "update_contacts" and event["data"] == {"party": "us", "contacts": []}


def test_the_answer_gives_each_new_person_the_time_of_the_change(api, make_agreement):
    agreement = make_agreement()
    items = api("pm").put(_url(agreement), json=[SAMPLE, {"name": "Olga Obraztsova"}]).get_json()["items"]
    assert [p["name"] for p in items] == ["Daniel Sample", "Olga Obraztsova"]
    for person in items:
        assert person["party"] == "us"
        assert dt.datetime.fromisoformat(person["updated_at"]).utcoffset() == dt.timedelta(0)


def test_a_wrapped_list_with_another_field_is_refused_naming_it(api, make_agreement):
    agreement = make_agreement()
    body = assert_problem(api("pm").put(_url(agreement), json={"contacts": [SAMPLE], "people": []}), 422)
    assert body["detail"] == "Unknown field 'people'; the fields are contacts."
    assert body["errors"] == {"people": "Unknown field."}


@pytest.mark.parametrize(("raw", "kind"), [('"Daniel"', "a string"), ("42", "a number"), ("null", "null")])
def test_a_body_neither_a_list_nor_an_object_is_malformed(api, make_agreement, raw, kind):
    r = api("pm").put(_url(make_agreement()), data=raw, content_type="application/json")
    assert_problem(r, 400, f"The body must be a JSON array or object, not {kind}.")


def test_the_document_describes_both_shapes_of_the_body(client):
    document = client.get("/api/v1/openapi.json").get_json()
    put = document["paths"]["/api/v1/agreements/{agreement_id}/contacts/{party}"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ContactsInput"}
    bare, wrapped = document["components"]["schemas"]["ContactsInput"]["oneOf"]
    assert bare == {"type": "array", "items": {"$ref": "#/components/schemas/ContactInput"}, "maxItems": 20}
    wrapped = document["components"]["schemas"][wrapped["$ref"].rsplit("/", 1)[-1]]
    assert wrapped["required"] == ["contacts"] and wrapped["additionalProperties"] is False
    assert put["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PartyContacts"
    }

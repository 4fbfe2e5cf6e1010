"""The points of contact through the API: read each party's people, replace one party's list, the errors."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from agreements.db import db
from agreements.services import users

from .support import assert_problem

LIAISON = {
    "name": "Pavel Primerov",
    "title": "Liaison Officer",
    "office": "International Cooperation Directorate",
    "email": "p.primerov@icr.example",
    "phone": "+7 495 555-01-23",
    "languages": ["ru", "en"],
    "confirmed_on": "2026-11-03",
}
SAMPLE = {"name": "Daniel Sample", "phone": "+1 202 555 0142", "email": "daniel.sample@oia.example.gov"}


def _url(agreement, party: str | None = None) -> str:
    return f"/agreements/{agreement.id}/contacts" + (f"/{party}" if party else "")


def test_a_round_trip_puts_a_list_and_reads_it_back(api, make_agreement):
    agreement = make_agreement()
    assert api("moscow").get(_url(agreement)).get_json() == {"counterpart": [], "us": []}
    r = api("pm").put(_url(agreement, "counterpart"), json=[LIAISON, {"name": "Olga Obraztsova"}])
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["party"] == "counterpart"
    assert [p["name"] for p in body["items"]] == ["Pavel Primerov", "Olga Obraztsova"]
    read = api("moscow").get(_url(agreement)).get_json()
    assert read["us"] == []
    first = read["counterpart"][0]
    assert {k: first[k] for k in LIAISON} == LIAISON
    assert first["party"] == "counterpart" and first["updated_at"]
    assert read["counterpart"][1] == {
        **read["counterpart"][1],
        "title": "",
        "email": "",
        "phone": "",
        "languages": [],
        "confirmed_on": None,
    }


def test_the_list_may_come_wrapped_and_what_was_read_may_be_sent_back(api, make_agreement):
    agreement = make_agreement()
    assert api("pm").put(_url(agreement, "us"), json={"contacts": [SAMPLE]}).status_code == 200
    read = api("pm").get(_url(agreement)).get_json()["us"]
    again = api("pm").put(_url(agreement, "us"), json=read)
    assert again.status_code == 200 and again.get_json()["items"] == read  # nothing changed, nothing moved


def test_each_change_is_in_the_trail(api, make_agreement):
    agreement = make_agreement()
    api("moscow").put(_url(agreement, "counterpart"), json=[LIAISON])
    event = api("pm").get(f"/agreements/{agreement.id}/events").get_json()["items"][-1]
    assert event["trigger"] == "update_contacts"
    assert event["from"] == event["to"] == "drafting"
    assert event["actor"] == "moscow@agreements.test"
    assert event["data"] == {"party": "counterpart", "contacts": ["Pavel Primerov"]}


def test_wrong_fields_are_named_per_person(api, make_agreement):
    agreement = make_agreement()
    r = api("pm").put(
        _url(agreement, "counterpart"),
        json=[LIAISON, {"name": "", "email": "olga at icr", "phone": "ask the desk", "confirmed_on": "2999-01-01"}],
    )
    body = assert_problem(r, 422, "Person 2")
    assert set(body["errors"]) == {
        "contacts[2].name",
        "contacts[2].email",
        "contacts[2].phone",
        "contacts[2].confirmed_on",
    }
    assert body["errors"]["contacts[2].confirmed_on"] == "The date the details were confirmed cannot be in the future."
    assert api("pm").get(_url(agreement)).get_json()["counterpart"] == []  # nothing saved


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"people": []}, 422, ["'people'"]),
        ({"contacts": "Pavel"}, 422, ["list of people"]),
        ({}, 422, ["list of people"]),
        ({"contacts": None}, 422, ["list of people"]),
        ([{"name": "A", "colour": "blue"}], 422, ["Unknown field 'colour'"]),
        ([{"name": f"P{n}"} for n in range(21)], 422, ["At most 20"]),
        ('[{"name": "bad\\u0000name"}]', 400, ["NUL"]),
        ('[{"name": ', 400, ["not valid JSON"]),
    ],
)
def test_bad_bodies_are_refused(api, make_agreement, body, status, words):
    agreement = make_agreement()
    if isinstance(body, str):
        r = api("pm").put(_url(agreement, "us"), data=body, content_type="application/json")
    else:
        r = api("pm").put(_url(agreement, "us"), json=body)
    assert_problem(r, status, *words)


def test_an_unknown_party_is_refused(api, make_agreement):
    assert_problem(api("pm").put(_url(make_agreement(), "them"), json=[LIAISON]), 422, "'us' or 'counterpart'")


def test_who_may_change_them(api, make_agreement):
    agreement = make_agreement()  # Russia; the Moscow office is responsible
    assert api("pm").put(_url(agreement, "us"), json=[SAMPLE]).status_code == 200
    assert api("moscow").put(_url(agreement, "us"), json=[SAMPLE]).status_code == 200
    assert_problem(api("la").put(_url(agreement, "us"), json=[SAMPLE]), 403, "program managers")
    assert_problem(api("admin").put(_url(agreement, "us"), json=[SAMPLE]), 403)
    # The Mexico City attaché does not see a Russian agreement: the same 404 as for one that does not exist.
    hidden = assert_problem(api("mexico").put(_url(agreement, "us"), json=[SAMPLE]), 404)
    missing = assert_problem(api("mexico").put("/agreements/999999/contacts/us", json=[SAMPLE]), 404)
    assert hidden["detail"].replace(str(agreement.id), "N") == missing["detail"].replace("999999", "N")
    assert_problem(api("mexico").get(_url(agreement)), 404)
    assert api("la").get(_url(agreement)).status_code == 200  # legal advisors read them
    assert_problem(api(None).get(_url(agreement)), 401)


def test_an_attache_of_another_office_covering_the_country_reads_but_may_not_change(app, make_agreement, token_for):
    from .support import ApiClient

    users.create_office("LED", "Attaché Office St Petersburg", ["RU"])
    other = users.create_user("led@agreements.test", "attache", "LED", name="Lena Petersburg", password="x" * 12)
    db.session.commit()
    agreement = make_agreement()
    client = ApiClient(app.test_client(), token_for(other))
    assert client.get(_url(agreement)).status_code == 200
    assert_problem(client.put(_url(agreement, "counterpart"), json=[LIAISON]), 403)


def test_a_retry_with_the_same_idempotency_key_changes_nothing_twice(api, make_agreement):
    agreement = make_agreement()
    key = {"Idempotency-Key": "contacts-1"}
    first = api("pm").put(_url(agreement, "us"), json=[SAMPLE], headers=key)
    api("pm").put(_url(agreement, "us"), json=[], headers={"Idempotency-Key": "contacts-2"})
    retry = api("pm").put(_url(agreement, "us"), json=[SAMPLE], headers=key)
    assert retry.status_code == 200 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json() == first.get_json()
    assert api("pm").get(_url(agreement)).get_json()["us"] == []  # the retry did not put Daniel back
    events = api("pm").get(f"/agreements/{agreement.id}/events").get_json()["items"]
    assert [e["trigger"] for e in events].count("update_contacts") == 2


def test_the_list_filter_takes_a_country_by_name(api, make_agreement):
    russian = make_agreement(country="RU")
    make_agreement(country="MX", counterpart="Fiscalía General de la República", languages=["en", "es"])
    for given in ("Russia", "RU", "russia"):
        items = api("pm").get(f"/agreements?country={given}").get_json()["items"]
        assert [a["reference"] for a in items] == [russian.reference], given
    body = assert_problem(api("pm").get("/agreements?country=Atlantis"), 422, 'No country is called "Atlantis"')
    assert body["errors"]["country"].endswith("give its name or its two-letter code, e.g. Russia or RU.")


def test_an_agreement_is_opened_for_a_country_given_by_name(api):
    r = api("pm").post(
        "/agreements",
        json={"type": "mou", "title": "A memorandum", "counterpart": "Investigative Committee", "country": "Russia"},
    )
    assert r.status_code == 201 and r.get_json()["country"] == "RU"
    refused = api("pm").post(
        "/agreements", json={"type": "mou", "title": "A", "counterpart": "B", "country": "Atlantis"}
    )
    assert assert_problem(refused, 422)["errors"]["country"].startswith('No country is called "Atlantis"')


def test_the_openapi_document_describes_the_contacts_and_stays_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    paths = document["paths"]
    assert "get" in paths["/api/v1/agreements/{agreement_id}/contacts"]
    put = paths["/api/v1/agreements/{agreement_id}/contacts/{party}"]["put"]
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in put["parameters"]
    assert set(put["responses"]) >= {"200", "401", "403", "404", "409", "422"}
    contact = document["components"]["schemas"]["ContactInput"]["properties"]
    assert set(contact) >= {"name", "title", "office", "email", "phone", "languages", "confirmed_on"}

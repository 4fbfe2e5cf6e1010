"""Agreement types, opening, listing, reading and changing agreements through the API (SPEC §8)."""

from __future__ import annotations

import pytest

from .support import assert_problem

NEW_MOU = {
    "type": "mou",
    "title": "Memorandum on cooperation against cyber crime",
    "counterpart": "Investigative Committee of the Russian Federation",
    "country": "RU",
    "languages": ["en", "ru"],
    "areas": ["cyber_crime", "child_exploitation"],
}


def test_agreement_types_list_states_and_transitions_with_roles(api):
    r = api("moscow").get("/agreement-types")
    assert r.status_code == 200
    types = {t["key"]: t for t in r.get_json()["items"]}
    assert set(types) == {"mou", "moc", "loi", "cmaa"}
    cmaa = types["cmaa"]
    assert cmaa["name"] == "Customs Mutual Assistance Agreement"
    assert cmaa["is_binding"] is True and types["mou"]["is_binding"] is False
    assert "clearance" in cmaa["states"] and "negotiation" not in types["loi"]["states"]
    submit = next(t for t in cmaa["transitions"] if t["trigger"] == "submit_for_review")
    assert submit == {**submit, "from": ["drafting"], "to": "legal_review", "roles": ["program_manager", "attache"]}
    grant = next(t for t in cmaa["transitions"] if t["trigger"] == "grant_negotiation_authority")
    assert grant["needs"] == ["reference", "granted_by", "granted_by_title", "granted_on"]


def test_one_agreement_type_and_an_unknown_one(api):
    assert api("pm").get("/agreement-types/loi").get_json()["name"] == "Letter of Intent"
    assert_problem(api("pm").get("/agreement-types/treaty"), 404, "treaty")


def test_create_answers_201_with_location_and_the_agreement(api):
    r = api("pm").post("/agreements", json={**NEW_MOU, "office": "MOW"})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert r.headers["Location"] == f"/api/v1/agreements/{body['id']}"
    assert body["reference"].startswith("MOU-") and body["state"] == "drafting"
    assert body["counterpart"] == NEW_MOU["counterpart"]
    assert body["office"] == "MOW"
    assert body["areas"] == ["child_exploitation", "cyber_crime"]
    assert body["languages"] == ["en", "ru"] and body["country"] == "RU"
    assert body["is_binding"] is False and body["current_version"] is None
    assert isinstance(body["lock_version"], int)
    # Nothing to submit yet: the step is offered, with the reason it would fail.
    submit = next(t for t in body["available_transitions"] if t["trigger"] == "submit_for_review")
    assert submit["allowed"] is False and "article" in submit["reasons"][0]
    assert api("pm").get(r.headers["Location"]).get_json()["reference"] == body["reference"]


def test_an_attache_opens_agreements_only_for_countries_the_office_covers(api):
    assert api("moscow").post("/agreements", json=NEW_MOU).status_code == 201
    assert_problem(api("mexico").post("/agreements", json=NEW_MOU), 403, "RU")
    assert_problem(api("la").post("/agreements", json=NEW_MOU), 403, "program managers")


def test_get_gives_the_fields_of_spec_8(api, make_agreement):
    agreement = make_agreement(type="cmaa")
    body = api("pm").get(f"/agreements/{agreement.id}").get_json()
    for field in (
        "id",
        "reference",
        "type",
        "title",
        "state",
        "lock_version",
        "country",
        "languages",
        "current_version",
        "available_transitions",
        "counterpart",
        "office",
        "areas",
        "is_binding",
        "is_reportable",
        "signed_on",
        "in_force_on",
        "created_at",
        "updated_at",
    ):
        assert field in body, field
    assert body["type"] == "cmaa" and body["is_binding"] is True and body["current_version"] == 1
    assert [t["trigger"] for t in body["available_transitions"]] == ["submit_for_review", "withdraw"]
    submit, withdraw = body["available_transitions"]
    assert submit == {
        "trigger": "submit_for_review",
        "title": "Submit for review",
        "to": "legal_review",
        "allowed": True,
        "reasons": [],
        "needs": [],
    }
    assert withdraw["needs"] == ["comment"]


def test_available_transitions_are_those_of_the_users_role(api, make_agreement):
    agreement = make_agreement()
    as_legal = api("la").get(f"/agreements/{agreement.id}").get_json()
    assert as_legal["available_transitions"] == []
    as_attache = api("moscow").get(f"/agreements/{agreement.id}").get_json()
    assert [t["trigger"] for t in as_attache["available_transitions"]] == ["submit_for_review"]


@pytest.fixture
def listed(make_agreement):
    """Three agreements with Russia (two MOUs, one LOI) and two with Mexico (a CMAA, an MOC)."""
    made = [
        make_agreement(type="mou", country="RU"),
        make_agreement(type="mou", country="RU", with_text=False),
        make_agreement(type="loi", country="RU"),
        make_agreement(type="cmaa", country="MX", counterpart="Servicio de Administración Tributaria"),
        make_agreement(type="moc", country="MX", counterpart="Fiscalía General de la República"),
    ]
    return [a.id for a in made]


def test_list_pages_newest_first(api, listed):
    r = api("pm").get("/agreements?per_page=2")
    body = r.get_json()
    assert r.status_code == 200
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (5, 1, 2, 3)
    assert [a["id"] for a in body["items"]] == listed[::-1][:2]
    last = api("pm").get("/agreements?per_page=2&page=3").get_json()
    assert [a["id"] for a in last["items"]] == [listed[0]]
    assert api("pm").get("/agreements?page=9").get_json()["items"] == []


def test_list_filters_by_state_type_and_country(api, listed):
    pm = api("pm")
    pm.fire(listed[0], "submit_for_review")
    assert [a["id"] for a in pm.get("/agreements?state=legal_review").get_json()["items"]] == [listed[0]]
    assert {a["type"] for a in pm.get("/agreements?type=mou").get_json()["items"]} == {"mou"}
    assert pm.get("/agreements?type=mou").get_json()["total"] == 2
    assert {a["country"] for a in pm.get("/agreements?country=mx").get_json()["items"]} == {"MX"}
    assert pm.get("/agreements?type=mou&country=MX").get_json()["total"] == 0


def test_attaches_list_only_agreements_of_their_countries(api, listed):
    moscow = api("moscow").get("/agreements").get_json()
    assert moscow["total"] == 3 and {a["country"] for a in moscow["items"]} == {"RU"}
    mexico = api("mexico").get("/agreements").get_json()
    assert mexico["total"] == 2 and {a["country"] for a in mexico["items"]} == {"MX"}
    assert api("mexico").get("/agreements?country=RU").get_json()["total"] == 0
    assert api("la").get("/agreements").get_json()["total"] == 5


def test_patch_changes_facts_and_keeps_the_rest(api, make_agreement):
    agreement = make_agreement()
    before = agreement.lock_version
    r = api("moscow").patch(
        f"/agreements/{agreement.id}", json={"title": "Memorandum on information sharing", "areas": ["training"]}
    )
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["title"] == "Memorandum on information sharing" and body["areas"] == ["training"]
    assert body["counterpart"] == "Investigative Committee of the Russian Federation"
    assert body["lock_version"] == before + 1


def test_patch_refuses_what_cannot_change(api, make_agreement):
    agreement = make_agreement()
    assert_problem(api("pm").patch(f"/agreements/{agreement.id}", json={"type": "cmaa"}), 422, "type")
    assert_problem(api("pm").patch(f"/agreements/{agreement.id}", json={"title": ""}), 422, "title")
    assert_problem(api("la").patch(f"/agreements/{agreement.id}", json={"title": "Other"}), 403)
    assert_problem(api("moscow").patch(f"/agreements/{agreement.id}", json={"country": "MX"}), 403, "MX")

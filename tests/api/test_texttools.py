"""The drafting aids over the API: starting from the model text, and the wording check."""

from __future__ import annotations

from .support import assert_problem


def test_an_agreement_starts_from_its_model_text_once(api, make_agreement):
    mou = make_agreement(with_text=False)
    response = api("pm").post(f"/api/v1/agreements/{mou.id}/versions/from-model")
    assert response.status_code == 201, response.get_json()
    version = response.get_json()
    assert version["number"] == 1
    headings = [a["heading"]["en"] for a in version["articles"]]
    assert "Participants" in " ".join(headings)
    assert all("shall" not in a["body"].get("en", "") for a in version["articles"])
    again = api("pm").post(f"/api/v1/agreements/{mou.id}/versions/from-model")
    assert_problem(again, 409)


def test_a_legal_advisor_does_not_draft_and_a_foreign_attache_sees_nothing(api, make_agreement):
    mou = make_agreement(with_text=False)
    assert_problem(api("la").post(f"/api/v1/agreements/{mou.id}/versions/from-model"), 403)
    assert_problem(api("mexico").post(f"/api/v1/agreements/{mou.id}/versions/from-model"), 404)
    assert_problem(api("mexico").get(f"/api/v1/agreements/{mou.id}/lint"), 404)


def test_the_wording_check_names_binding_words_in_a_non_binding_text(api, make_agreement):
    mou = make_agreement(languages=["en"], with_text=False)
    text = {
        "articles": [
            {"number": "1", "heading": {"en": "Purpose"}, "body": {"en": "The Parties shall cooperate."}},
            {"number": "2", "heading": {"en": "Costs"}, "body": {"en": "Each Participant will bear its costs."}},
        ]
    }
    assert api("pm").post(f"/api/v1/agreements/{mou.id}/versions", json=text).status_code == 201
    report = api("la").get(f"/api/v1/agreements/{mou.id}/lint").get_json()
    assert report["applies"] is True and report["version"] == 1
    found = {(item["article"], item["found"].lower()) for item in report["items"]}
    assert ("1", "shall") in found
    assert all(item["article"] != "2" for item in report["items"])
    assert all(item["suggestion"] for item in report["items"])


def test_binding_agreements_are_not_checked_and_bad_versions_are_named(api, make_agreement):
    cmaa = make_agreement(type="cmaa", country="MX", counterpart="Servicio de Administración Tributaria")
    report = api("pm").get(f"/api/v1/agreements/{cmaa.id}/lint").get_json()
    assert report == {"applies": False, "version": 1, "items": [], "unacknowledged": 0}
    assert_problem(api("pm").get(f"/api/v1/agreements/{cmaa.id}/lint?version=x"), 422, "version")
    assert_problem(api("pm").get(f"/api/v1/agreements/{cmaa.id}/lint?version=9"), 404)

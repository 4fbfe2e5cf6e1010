"""The clauses kept as facts through the API: PATCH takes them, the agreement answers them, and a refusal is
problem+json naming the field."""

from __future__ import annotations

from .support import assert_problem


def test_the_parties_rule_and_renewal_through_the_api(api, make_agreement):
    cmaa = make_agreement(type="cmaa", country="IT", languages=["en", "it"], party_names={})
    pm = api("pm")
    r = pm.patch(
        f"/agreements/{cmaa.id}",
        json={
            "party_names": {"counterpart": {"it": "il Governo della Repubblica Italiana"}},
            "entry_rule": "later_note",
            "expires_on": "2036-01-31",
            "renewal_years": 5,
            "renewal_notice_days": 180,
        },
    )
    assert r.status_code == 200, r.get_json()
    body = pm.get(f"/agreements/{cmaa.id}").get_json()
    assert body["parties"] == {
        "us": {"en": "the Government of the United States of America", "it": "il Governo degli Stati Uniti d’America"},
        "counterpart": {"en": "the Government of the Italian Republic", "it": "il Governo della Repubblica Italiana"},
    }
    assert body["party_names"] == {"counterpart": {"it": "il Governo della Repubblica Italiana"}}
    assert (body["entry_rule"], body["entry_rule_on"], body["entry_rule_days"]) == ("later_note", None, None)
    assert (body["expires_on"], body["renewal_years"], body["renewal_notice_days"]) == ("2036-01-31", 5, 180)
    assert body["title_translations"] == {"it": f"{cmaa.title} (it)"}


def test_a_clause_that_cannot_be_is_problem_json(api, make_agreement):
    mou = make_agreement()
    r = api("pm").patch(f"/agreements/{mou.id}", json={"entry_rule": "later_note", "renewal_years": 0})
    problem = assert_problem(r, 422)
    assert "comes into effect on signature" in problem["detail"]
    assert "from 1 to 50" in problem["detail"]

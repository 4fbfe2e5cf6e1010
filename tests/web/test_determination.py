"""The legal advisor records the determination on the agreement page; everyone reads it there."""

from __future__ import annotations

from conftest import csrf_token
from services.lifecycle import take


def _in_review(world, make_agreement):
    agreement = make_agreement()
    take(world, agreement, "submit_for_review")
    return agreement


def test_a_legal_advisor_rules_an_mou_binding_from_the_page(client, world, make_agreement, login_as):
    agreement = _in_review(world, make_agreement)
    login_as(world["la"])
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Record the determination" in page and "The type's default" in page
    response = client.post(
        f"/agreements/{agreement.id}/determination",
        data={
            "csrf_token": csrf_token(client, f"/agreements/{agreement.id}"),
            "is_binding": "yes",
            "criteria": ["intent", "significance", "specificity", "two_parties"],
            "note": "The Governments undertake obligations in Articles 3 to 6.",
            "state_reference": "L/T 2026-114",
        },
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Determination recorded: binding; it follows the binding track." in page
    assert "Determined by Lee Advisor" in page and "L/T 2026-114" in page
    assert "Request authority" in page  # the binding track's next step
    assert "Clear for negotiation" not in page


def test_an_incomplete_determination_is_refused_on_the_form_keeping_what_was_typed(
    client, world, make_agreement, login_as
):
    agreement = _in_review(world, make_agreement)
    login_as(world["la"])
    response = client.post(
        f"/agreements/{agreement.id}/determination",
        data={
            "csrf_token": csrf_token(client, f"/agreements/{agreement.id}"),
            "is_binding": "yes",
            "criteria": ["intent"],
            "note": "Seems binding <b>to me</b>.",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "(2) the arrangement is significant" in page
    assert "Seems binding &lt;b&gt;to me&lt;/b&gt;." in page
    assert '<details class="party-form" open>' in page


def test_others_read_the_determination_but_have_no_form(client, world, make_agreement, login_as):
    agreement = _in_review(world, make_agreement)
    login_as(world["pm"])
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Non-binding" in page and "Record the determination" not in page
    response = client.post(
        f"/agreements/{agreement.id}/determination",
        data={"csrf_token": csrf_token(client, f"/agreements/{agreement.id}"), "is_binding": "yes", "note": "x"},
    )
    assert response.status_code == 403

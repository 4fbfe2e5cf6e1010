"""The negotiation rounds on the agreement page, and the form recording one."""

from __future__ import annotations

import pytest
from conftest import simple_text
from webtools import fire, fresh, post_form, signed_in, visible_text

from agreements.db import db
from agreements.services import versions
from agreements.services.rounds import list_rounds, record_round

FORM = {
    "held_on": "2026-10-14",
    "format": "in_person",
    "place": "Moscow",
    "participants": "ICE: J. Smith; Investigative Committee: I. Petrov",
    "summary": "Agreed on article 1; article 2 to be revised by the counterpart.",
    "version": "",
}


@pytest.fixture
def negotiating(world, make_agreement):
    """An MOU with Russia in negotiation, with version 1 of the text."""
    agreement = make_agreement()
    fire(world["pm"], agreement, "submit_for_review")
    fire(world["la"], agreement, "clear_for_negotiation")
    return agreement


def _url(agreement) -> str:
    return f"/agreements/{agreement.id}/rounds/new"


def test_an_attache_records_a_round_and_sees_it_on_the_agreement_page(app, world, negotiating):
    client = signed_in(app, world["moscow"])
    page = visible_text(client.get(f"/agreements/{negotiating.id}"))
    assert "Negotiation rounds" in page and "No round recorded yet." in page and "Record a round" in page
    assert client.get(_url(negotiating)).status_code == 200
    r = post_form(client, _url(negotiating), FORM)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/agreements/{negotiating.id}#rounds")
    page = visible_text(client.get(f"/agreements/{negotiating.id}"))
    assert "Negotiation round recorded." in page
    assert "14 October 2026" in page or "October 14, 2026" in page
    assert "In person · Moscow" in page and "I. Petrov" in page and "article 2 to be revised" in page
    assert "No new text from this round." in page


def test_a_round_links_the_counterparts_proposal(app, world, negotiating):
    text = simple_text()
    text["articles"][1]["body"]["en"] = "Their wording."
    versions.save_version(world["pm"], negotiating, {**text, "origin": "counterpart"})
    db.session.commit()
    client = signed_in(app, world["pm"])
    form = visible_text(client.get(_url(negotiating)))
    assert "Version 2 · counterpart proposal" in form and "Version 1 · our draft" in form
    assert (
        post_form(client, _url(negotiating), {**FORM, "format": "video", "place": "", "version": "2"}).status_code
        == 303
    )
    html = client.get(f"/agreements/{negotiating.id}").get_data(as_text=True)
    assert "Resulting text: version 2 (counterpart proposal)" in " ".join(html.split())
    assert f"/agreements/{negotiating.id}/compare?from=1&amp;to=2" in html or "web.compare" not in app.view_functions
    assert list_rounds(fresh(negotiating))[0].version.number == 2


def test_errors_are_shown_on_the_form_with_the_input_kept(app, world, negotiating):
    client = signed_in(app, world["moscow"])
    r = post_form(client, _url(negotiating), {**FORM, "place": "", "summary": "", "participants": "Only us"})
    assert r.status_code == 422
    page = visible_text(r)
    assert "Give the place of a round held in person." in page and "Give a summary of the round" in page
    html = r.get_data(as_text=True)
    assert 'value="2026-10-14"' in html and ">Only us</textarea>" in html
    assert '<option value="in_person" selected>' in html
    assert list_rounds(fresh(negotiating)) == []


def test_typed_text_is_never_html(app, world, negotiating):
    client = signed_in(app, world["pm"])
    script = "<script>alert(1)</script>"
    post_form(client, _url(negotiating), {**FORM, "place": script, "summary": script, "participants": script})
    html = client.get(f"/agreements/{negotiating.id}").get_data(as_text=True)
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_those_who_may_not_record_see_the_rounds_without_the_form(app, world, negotiating):
    record_round(world["pm"], negotiating, {k: v for k, v in FORM.items() if k != "version"})
    db.session.commit()
    client = signed_in(app, world["la"])
    page = visible_text(client.get(f"/agreements/{negotiating.id}"))
    assert "Negotiation rounds" in page and "In person · Moscow" in page and "Record a round" not in page
    assert client.get(_url(negotiating)).status_code == 403
    assert post_form(client, _url(negotiating), FORM).status_code == 403
    assert signed_in(app, world["mexico"]).get(_url(negotiating)).status_code == 404


def test_outside_negotiation_the_form_says_why(app, world, make_agreement):
    drafting = make_agreement()
    client = signed_in(app, world["pm"])
    assert "Negotiation rounds" not in visible_text(client.get(f"/agreements/{drafting.id}"))
    assert "recorded while the agreement is in negotiation" in visible_text(client.get(_url(drafting)))
    r = post_form(client, _url(drafting), FORM)
    assert r.status_code == 409 and "this one is in drafting" in visible_text(r)

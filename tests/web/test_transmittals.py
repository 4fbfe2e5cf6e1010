"""The agreement page: recording what was sent to the State Department's treaty office and State's
publication, and the deadlines card answering "sent on …, on time" instead of counting down."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from services.lifecycle import bring_to, take
from webtools import signed_in, token, visible_text

from agreements.db import db
from agreements.services import documents

TEXT = {"kind": "text", "sent_on": "2026-04-03", "reference": "OIA-LT-2026-0041", "languages": ["en", "ru"]}


def _card(response, section: str) -> str:
    """The visible text of one card of the agreement page."""
    match = re.search(rf'<section class="card" id="{section}".*?</section>', response.get_data(as_text=True), re.S)
    assert match, f"no {section} card on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def _post(client, agreement, path: str, form: dict):
    """Send one of the card's forms, with the session's CSRF token."""
    data = {**form, "csrf_token": token(client, f"/agreements/{agreement.id}")}
    return client.post(f"/agreements/{agreement.id}/{path}", data=data)


@pytest.fixture
def signed_cmaa(world, make_agreement):
    """A binding CMAA with Russia (English and Russian), signed on 26 March 2026."""
    return bring_to(world, make_agreement(type="cmaa"), "signed")


def test_a_transmittal_sent_on_time_ends_the_countdown(app, world, signed_cmaa):
    client = signed_in(app, world["pm"])
    before = client.get(f"/agreements/{signed_cmaa.id}")
    days = (dt.date.today() - dt.date(2026, 4, 10)).days
    assert f"Transmittal to the State Department : due 10 April 2026 (was due {days} days ago)" in _card(
        before, "deadlines"
    )
    assert "Record a transmittal" in _card(before, "transmittals")

    signed = documents.signed_document(signed_cmaa)
    response = _post(client, signed_cmaa, "transmittals", {**TEXT, "documents": [str(signed.id)]})
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert "Transmittal OIA-LT-2026-0041 recorded." in visible_text(page)
    deadlines = _card(page, "deadlines")
    assert "Transmittal to the State Department : sent on 3 April 2026, on time" in deadlines
    assert "was due" not in deadlines
    card = _card(page, "transmittals")
    assert "The concluded text, in every language signed : sent on 3 April 2026, reference OIA-LT-2026-0041" in card
    assert "In English and Russian." in card
    assert f"With the signed document {signed.filename}." in card
    assert "Recorded by Pat Manager." in card
    assert "Record transmittal" in _card(page, "timeline")


def test_a_late_transmittal_says_by_how_many_days(app, world, signed_cmaa):
    client = signed_in(app, world["pm"])
    assert _post(client, signed_cmaa, "transmittals", {**TEXT, "sent_on": "2026-04-20"}).status_code == 303
    card = _card(client.get(f"/agreements/{signed_cmaa.id}"), "deadlines")
    assert "sent on 20 April 2026, 10 days late" in card


def test_a_missing_language_is_named_and_the_form_keeps_what_was_typed(app, world, signed_cmaa):
    client = signed_in(app, world["pm"])
    response = _post(client, signed_cmaa, "transmittals", {**TEXT, "languages": ["en"]})
    assert response.status_code == 422
    card = _card(response, "transmittals")
    assert "Russian (ru) is missing" in card
    html = response.get_data(as_text=True)
    assert 'value="OIA-LT-2026-0041"' in html and '<details class="party-form" open>' in html
    assert "Nothing recorded as sent yet" in card


def test_a_date_before_signature_is_refused_on_the_form(app, world, signed_cmaa):
    client = signed_in(app, world["pm"])
    response = _post(client, signed_cmaa, "transmittals", {**TEXT, "sent_on": "2026-03-01"})
    assert response.status_code == 422
    assert "is dated before the signature (26 March 2026)" in _card(response, "transmittals")


def test_only_program_managers_have_the_form_and_may_post_it(app, world, signed_cmaa):
    for who in ("la", "moscow"):
        client = signed_in(app, world[who])
        card = _card(client.get(f"/agreements/{signed_cmaa.id}"), "transmittals")
        assert "Record a transmittal" not in card and "Nothing recorded as sent yet" in card
        assert _post(client, signed_cmaa, "transmittals", TEXT).status_code == 403


def test_an_agreement_the_attache_cannot_see_is_not_found(app, world, signed_cmaa):
    client = signed_in(app, world["mexico"])
    assert client.get(f"/agreements/{signed_cmaa.id}").status_code == 404
    response = client.post(
        f"/agreements/{signed_cmaa.id}/transmittals", data={**TEXT, "csrf_token": token(client, "/")}
    )
    assert response.status_code == 404


def test_a_memorandum_that_is_not_reportable_has_nothing_to_transmit(app, world, make_agreement):
    mou = bring_to(world, make_agreement(), "in_force")
    page = signed_in(app, world["pm"]).get(f"/agreements/{mou.id}")
    card = _card(page, "transmittals")
    assert "Nothing is to be transmitted" in card and "not reportable" in card
    assert "Record a transmittal" not in card and "Record the State Department" not in card


def test_the_publication_is_the_state_department_s_and_is_shown_once_recorded(app, world, signed_cmaa):
    take(world, signed_cmaa, "enter_into_force")
    client = signed_in(app, world["pm"])
    before = _card(client.get(f"/agreements/{signed_cmaa.id}"), "deadlines")
    assert "Publication of the text : State publishes within 120 days of entry into force (by 13 August 2026)" in before
    assert "the State Department's duty" in before

    wrong = _post(client, signed_cmaa, "publication", {"published_on": "2026-04-01", "citation": "TIAS 26-730"})
    assert wrong.status_code == 422
    assert "before the entry into force (15 April 2026)" in _card(wrong, "transmittals")

    response = _post(client, signed_cmaa, "publication", {"published_on": "2026-07-30", "citation": "TIAS 26-730"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert "Publication of the text : published on 30 July 2026 (TIAS 26-730)" in _card(page, "deadlines")
    assert "Record publication" in _card(page, "timeline")
    assert "Correct the publication" in _card(page, "transmittals")


def test_a_qualifying_non_binding_instrument_is_published_in_batches(app, world, make_agreement):
    mou = make_agreement()
    mou.is_reportable = True
    db.session.commit()
    bring_to(world, mou, "in_force")
    card = _card(signed_in(app, world["pm"]).get(f"/agreements/{mou.id}"), "deadlines")
    assert "Publication of the text : published by State in batches every 120 days" in card
    assert "August" not in card  # no date of its own


def test_a_reference_over_the_limit_says_by_how_much_and_is_kept(app, world, signed_cmaa):
    reference = "x" * 230
    response = _post(signed_in(app, world["pm"]), signed_cmaa, "transmittals", {**TEXT, "reference": reference})
    assert response.status_code == 422
    assert "Reference is 230 characters; the limit is 200." in _card(response, "transmittals")
    assert f'value="{reference}"' in response.get_data(as_text=True)

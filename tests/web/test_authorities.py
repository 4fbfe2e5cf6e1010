"""The authorities on the agreement page: who may record, confirm and certify, and the messages on the forms."""

from __future__ import annotations

import re

from conftest import simple_text
from services.lifecycle import GRANTED_BY_TITLE, bring_to, record_conclude_authority, take
from webtools import post_form, signed_in, visible_text

from agreements.db import db
from agreements.services import versions

CONCLUDE = {
    "kind": "conclude",
    "reference": "C175-2026-041",
    "granted_by": "Jordan Example",
    "granted_by_title": GRANTED_BY_TITLE,
    "granted_on": "2026-03-01",
}
CONFIRM = re.compile(r'action="/agreements/\d+/authorities/(\d+)/confirm"')


def _cmaa(world, make_agreement, state="negotiation"):
    """A customs agreement with Mexico; from negotiation on, its authority to negotiate is recorded, unconfirmed."""
    return bring_to(world, make_agreement(type="cmaa", country="MX", languages=["en", "es"]), state)


def _page(client, agreement) -> str:
    return client.get(f"/agreements/{agreement.id}").get_data(as_text=True)


def _changed_since_the_authorities(world, agreement):
    """Reopen negotiation and save a version with the place of signature filled in."""
    take(world, agreement, "reopen_negotiation")
    text = simple_text(("en", "es"))
    text["final_clauses"]["en"] = "Done at Mexico City, in duplicate (en)."
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()


def test_only_legal_advisors_see_the_confirm_buttons(app, world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    (authority,) = cmaa.authorities
    legal = _page(signed_in(app, world["la"]), cmaa)
    assert CONFIRM.findall(legal) == [str(authority.id)]
    assert "Record an authority for the current text" not in legal
    for who in ("pm", "mexico"):
        page = _page(signed_in(app, world[who]), cmaa)
        assert CONFIRM.findall(page) == [], who
        assert "not yet" in page  # the authority shows as unconfirmed to everyone
    assert "Record an authority for the current text" in _page(signed_in(app, world["pm"]), cmaa)


def test_a_legal_advisor_confirms_from_the_page(app, world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    (authority,) = cmaa.authorities
    client = signed_in(app, world["la"])
    response = post_form(client, f"/agreements/{cmaa.id}/authorities/{authority.id}/confirm")
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    text = visible_text(page)
    assert "Authority to negotiate C175-2026-017 confirmed." in text
    assert "by Lee Advisor on" in text
    assert CONFIRM.findall(page.get_data(as_text=True)) == []
    assert "Confirm authority" in text  # the timeline


def test_a_program_manager_cannot_confirm_and_an_unknown_authority_is_not_found(app, world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    client = signed_in(app, world["pm"])
    response = post_form(client, f"/agreements/{cmaa.id}/authorities/{cmaa.authorities[0].id}/confirm")
    assert response.status_code == 403
    assert "Only legal advisors confirm" in visible_text(response)
    legal = signed_in(app, world["la"])
    assert post_form(legal, f"/agreements/{cmaa.id}/authorities/9999/confirm").status_code == 404


def test_the_record_form_says_why_a_title_will_not_do_and_keeps_what_was_typed(app, world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "final_review")
    client = signed_in(app, world["pm"])
    refused = post_form(client, f"/agreements/{cmaa.id}/authorities", {**CONCLUDE, "granted_by_title": "Legal Adviser"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Assistant Secretary level or above" in visible_text(refused)
    assert 'id="sig-auth-granted_by_title-error"' in html
    assert 'value="Jordan Example"' in html and 'value="C175-2026-041"' in html
    missing = post_form(client, f"/agreements/{cmaa.id}/authorities", {**CONCLUDE, "granted_by_title": ""})
    assert missing.status_code == 422 and "granting official's title" in visible_text(missing)

    saved = post_form(client, f"/agreements/{cmaa.id}/authorities", CONCLUDE)
    assert saved.status_code == 303
    page = visible_text(client.get(f"/agreements/{cmaa.id}"))
    assert f"Jordan Example {GRANTED_BY_TITLE}" in page


def test_a_legal_advisor_certifies_a_change_from_the_page(app, world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "final_review")
    record_conclude_authority(world, cmaa)
    db.session.commit()
    legal = signed_in(app, world["la"])
    assert "Certify the change not substantive" not in _page(legal, cmaa)  # nothing changed yet
    _changed_since_the_authorities(world, cmaa)
    assert "an earlier text" in visible_text(legal.get(f"/agreements/{cmaa.id}"))
    assert "Certify the change not substantive" not in _page(signed_in(app, world["pm"]), cmaa)
    assert "Certify the change not substantive" in _page(legal, cmaa)

    refused = post_form(legal, f"/agreements/{cmaa.id}/certifications", {"note": "  "})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="certification-note-error"' in html and "why it is not substantive" in visible_text(refused)

    note = "The place of signature filled in."
    certified = post_form(legal, f"/agreements/{cmaa.id}/certifications", {"note": note})
    assert certified.status_code == 303
    page = legal.get(certified.headers["Location"])
    text = visible_text(page)
    assert "The change to version 2 is certified not substantive" in text
    assert "Changes certified not substantive" in text and note in text
    assert "an earlier text" not in text  # both authorities cover the current text again
    assert "Certify the change not substantive" not in page.get_data(as_text=True)
    assert "Certify not substantive" in text  # the timeline


def test_a_certification_note_over_the_limit_says_by_how_much_and_is_kept(app, world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "final_review")
    record_conclude_authority(world, cmaa)
    db.session.commit()
    _changed_since_the_authorities(world, cmaa)
    note = "x" * 5040
    refused = post_form(signed_in(app, world["la"]), f"/agreements/{cmaa.id}/certifications", {"note": note})
    assert refused.status_code == 422
    said = "“What changed, and why it is not substantive” is 5,040 characters; the limit is 5,000."
    assert said in visible_text(refused)
    assert f">{note}</textarea>" in refused.get_data(as_text=True)

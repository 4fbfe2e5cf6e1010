"""Editing the agreement's own clauses on the facts form: the title in every language, the Parties by name,
entry into force (binding only), expiry and renewal; refusals shown where the user looks, nothing lost."""

from __future__ import annotations

import re

from webtools import post_form, signed_in, visible_text

from agreements.db import db


def _form(agreement, **changes) -> dict:
    """The edit form as the page fills it, with ``changes`` typed over it."""
    values = {
        "title": agreement.title,
        "counterpart": agreement.counterpart,
        "counterpart_local": "",
        "country": agreement.country,
        "languages": agreement.languages[1:],
        "other_languages": "",
        "office": "",
    }
    values.update(changes)
    return values


def test_a_customs_agreement_records_its_parties_rule_and_renewal(app, world, make_agreement):
    cmaa = make_agreement(type="cmaa", country="IT", languages=["en", "it"], party_names={}, title_translations={})
    client = signed_in(app, world["pm"])
    page = client.get(f"/agreements/{cmaa.id}/edit")
    text = visible_text(page)
    assert "The Parties" in text and "Entry into force" in text and "Title in Italian" in text
    html = page.get_data(as_text=True)
    # The names known are offered in grey; the counterpart's Italian name nobody knows yet.
    assert 'placeholder="the Government of the United States of America"' in html
    assert 'placeholder="il Governo degli Stati Uniti d’America"' in html
    assert "The counterpart in Italian (nobody has given it yet)" in text

    url = f"/agreements/{cmaa.id}/edit"
    saved = post_form(
        client,
        url,
        _form(
            cmaa,
            title_it="Accordo sulla mutua assistenza tra le amministrazioni doganali",
            party_counterpart_it="il Governo della Repubblica Italiana",
            entry_rule="later_note",
            expires_on="2036-01-31",
            renewal_years="5",
            renewal_notice_days="180",
        ),
        token_from=url,
        follow_redirects=True,
    )
    assert saved.status_code == 200
    facts = visible_text(saved)
    assert "Title in Italian Accordo sulla mutua assistenza tra le amministrazioni doganali" in facts
    assert "Entry into force Enters into force on the date of the later of the two diplomatic notes." in facts
    assert (
        "Expiry and renewal Expires on 31 January 2036, renewed automatically for 5 years "
        "unless notice is given 180 days before." in facts
    )
    db.session.refresh(cmaa)
    assert cmaa.party_names == {"us": {}, "counterpart": {"it": "il Governo della Repubblica Italiana"}}


def test_a_rule_without_its_date_is_refused_on_the_form_and_nothing_typed_is_lost(app, world, make_agreement):
    cmaa = make_agreement(type="cmaa")
    client = signed_in(app, world["pm"])
    url = f"/agreements/{cmaa.id}/edit"
    refused = post_form(
        client,
        url,
        _form(cmaa, title_ru="Соглашение о взаимной помощи", entry_rule="date", renewal_years="5"),
        token_from=url,
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert re.search(r'id="entry_rule_on-error">Give the date on which it enters into force', html)
    assert "give the expiry date first" in html
    assert 'value="Соглашение о взаимной помощи"' in html  # what was typed stays
    assert re.search(r'value="date"\s+checked', html)
    db.session.refresh(cmaa)
    assert cmaa.entry_rule == "signature" and cmaa.renewal_years is None


def test_a_memorandum_has_participants_and_no_rule_of_entry_into_force(app, world, make_agreement):
    mou = make_agreement()
    client = signed_in(app, world["pm"])
    text = visible_text(client.get(f"/agreements/{mou.id}/edit"))
    assert "The Participants" in text and "The Parties" not in text
    assert "Entry into force" not in text
    assert "Coming into effect Comes into effect on signature." in visible_text(client.get(f"/agreements/{mou.id}"))

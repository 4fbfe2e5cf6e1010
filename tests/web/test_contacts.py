"""Points of contact on the agreement page (tap to call, write), the form changing them, and country names."""

from __future__ import annotations

import re

import pytest
from webtools import fresh, post_form, signed_in, visible_text

from agreements.db import db
from agreements.services.contacts import list_contacts, set_contacts

LIAISON = {
    "name": "Pavel Primerov",
    "title": "Liaison Officer",
    "office": "International Cooperation Directorate",
    "email": "p.primerov@icr.example",
    "phone": "+7 495 555-01-23 ext. 12",
    "languages": ["ru", "en"],
    "confirmed_on": "2026-11-03",
}


@pytest.fixture
def mou(world, make_agreement):
    """An MOU with Russia (the Moscow office responsible) whose counterpart has one point of contact."""
    agreement = make_agreement()
    set_contacts(world["pm"], agreement, "counterpart", [LIAISON])
    db.session.commit()
    return agreement


def _page(app, user, agreement):
    return signed_in(app, user).get(f"/agreements/{agreement.id}")


def _form_url(agreement, party="counterpart") -> str:
    return f"/agreements/{agreement.id}/contacts/{party}"


def _row(i: int, **fields) -> dict[str, str]:
    return {f"contact-{i}-{name}": value for name, value in fields.items()}


# --- the card -----------------------------------------------------------------------------------------
def test_the_page_shows_whom_to_call_with_tap_to_call_and_mail_links(app, world, mou):
    response = _page(app, world["moscow"], mou)
    html = response.get_data(as_text=True)
    assert 'href="tel:+74955550123;ext=12"' in html
    assert 'href="mailto:p.primerov@icr.example"' in html
    page = visible_text(response)
    assert "Points of contact" in page
    assert "Pavel Primerov" in page and "Liaison Officer" in page and "International Cooperation Directorate" in page
    assert "Call +7 495 555-01-23 ext. 12" in page
    assert "Languages: Russian, English" in page
    assert "Confirmed on 3 November 2026" in page
    assert "Our side Add the points of contact of our side Nobody recorded yet." in page


def test_a_name_with_markup_shows_as_text(app, world, make_agreement):
    agreement = make_agreement()
    set_contacts(world["pm"], agreement, "us", [{"name": "<script>alert(1)</script>", "title": '"><b>Chief</b>'}])
    db.session.commit()
    response = _page(app, world["pm"], agreement)
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>Chief</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in visible_text(response)  # shown to the reader as typed


def test_the_change_links_show_only_to_those_allowed(app, world, mou):
    link = f'href="{_form_url(mou)}"'
    assert link in _page(app, world["pm"], mou).get_data(as_text=True)
    assert link in _page(app, world["moscow"], mou).get_data(as_text=True)
    legal = _page(app, world["la"], mou)
    assert legal.status_code == 200 and "Pavel Primerov" in visible_text(legal)
    assert link not in legal.get_data(as_text=True)


def test_the_timeline_says_in_plain_words_what_changed(app, world, mou):
    page = visible_text(_page(app, world["pm"], mou))
    assert "Points of contact of the counterpart changed · Drafting" in page
    assert "Now: Pavel Primerov" in page
    assert "Drafting → Drafting" not in page and "Update contacts" not in page


# --- the form -----------------------------------------------------------------------------------------
def test_the_form_shows_each_person_and_empty_rows_to_add(app, world, mou):
    client = signed_in(app, world["moscow"])
    response = client.get(_form_url(mou))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="csrf_token"' in html
    assert '<label for="contact-0-name">' in html and 'value="Pavel Primerov"' in html
    assert 'id="contact-0-phone" name="contact-0-phone" value="+7 495 555-01-23 ext. 12"' in html
    assert 'type="tel"' in html and 'type="email"' in html and 'type="date"' in html
    assert 'value="ru, en"' in html and 'value="2026-11-03"' in html
    assert 'id="contact-2-name"' in html and 'id="contact-3-name"' not in html  # one person, two empty rows
    assert "Remove Pavel Primerov from the list" in visible_text(response)


def test_adding_a_person_saves_flashes_and_shows_on_the_page(app, world, mou):
    client = signed_in(app, world["moscow"])
    data = {
        "rows": "3",
        **_row(0, **{k: v for k, v in LIAISON.items() if k != "languages"}, languages="ru, en"),
        **_row(1, name="Olga Obraztsova", phone="+7 495 555-01-24", languages="Russian", confirmed_on=""),
        **_row(2, name="", title="", office="", email="", phone="", languages="", confirmed_on=""),
        "action": "save",
    }
    r = post_form(client, _form_url(mou), data)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/agreements/{mou.id}#contacts")
    page = visible_text(client.get(f"/agreements/{mou.id}"))
    assert "Points of contact of the counterpart saved." in page
    assert page.index("Pavel Primerov") < page.index("Olga Obraztsova")
    assert [c.name for c in list_contacts(fresh(mou))["counterpart"]] == ["Pavel Primerov", "Olga Obraztsova"]
    assert list_contacts(mou)["counterpart"][1].languages == ["ru"]


def test_a_person_is_removed_with_the_box(app, world, mou):
    client = signed_in(app, world["pm"])
    data = {"rows": "1", **_row(0, name="Pavel Primerov"), "contact-0-remove": "1", "action": "save"}
    assert post_form(client, _form_url(mou), data).status_code == 303
    assert list_contacts(fresh(mou))["counterpart"] == []
    assert "Nobody is listed now." in visible_text(client.get(f"/agreements/{mou.id}"))


def test_errors_show_beside_their_field_and_nothing_typed_is_lost(app, world, mou):
    client = signed_in(app, world["moscow"])
    data = {
        "rows": "2",
        **_row(0, name="Pavel Primerov", email="p.primerov@icr.example", phone="+7 495 555-01-23"),
        **_row(1, name="Olga <Obraztsova>", email="olga at icr", phone="ask the duty desk", confirmed_on="2999-01-01"),
        "action": "save",
    }
    r = post_form(client, _form_url(mou), data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'value="olga at icr"' in html and 'value="ask the duty desk"' in html and 'value="2999-01-01"' in html
    assert 'value="Olga &lt;Obraztsova&gt;"' in html
    for field in ("email", "phone", "confirmed_on"):
        assert re.search(
            rf'id="contact-1-{field}"[^>]*aria-describedby="[^"]*contact-1-{field}-error"[^>]*aria-invalid="true"', html
        ), field
        assert f'<p class="field-error" id="contact-1-{field}-error">' in html
    page = visible_text(r)
    assert "Nothing was saved" in page
    assert "Give an e-mail address such as name@agency.gov" in page
    assert "cannot be in the future" in page
    assert [c.phone for c in list_contacts(fresh(mou))["counterpart"]] == ["+7 495 555-01-23 ext. 12"]  # the old list


def test_more_rows_are_offered_without_saving(app, world, mou):
    client = signed_in(app, world["pm"])
    data = {"rows": "1", **_row(0, name="Pavel Primerov", title="Changed title"), "action": "add_rows"}
    r = post_form(client, _form_url(mou), data)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'value="Changed title"' in html and 'id="contact-5-name"' in html
    assert list_contacts(fresh(mou))["counterpart"][0].title == "Liaison Officer"


def test_the_form_needs_its_csrf_token(app, world, mou):
    client = signed_in(app, world["pm"])
    r = client.post(_form_url(mou), data={"rows": "1", **_row(0, name="Someone"), "action": "save"})
    assert r.status_code == 400
    assert [c.name for c in list_contacts(fresh(mou))["counterpart"]] == ["Pavel Primerov"]


def test_who_may_open_the_form(app, world, mou):
    assert signed_in(app, world["la"]).get(_form_url(mou)).status_code == 403
    assert post_form(signed_in(app, world["la"]), _form_url(mou), {"rows": "0"}).status_code == 403
    assert signed_in(app, world["mexico"]).get(_form_url(mou)).status_code == 404
    assert signed_in(app, world["pm"]).get(_form_url(mou, "them")).status_code == 404
    assert signed_in(app, world["pm"]).get(_form_url(mou, "us")).status_code == 200


# --- the list: a country by name --------------------------------------------------------------------------
@pytest.mark.parametrize("given", ["Russia", "RU", "russia"])
def test_the_list_filters_by_country_name_or_code(app, world, make_agreement, given):
    russian = make_agreement(country="RU")
    mexican = make_agreement(country="MX", counterpart="Fiscalía General de la República", languages=["en", "es"])
    response = signed_in(app, world["pm"]).get(f"/?country={given}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert russian.reference in html and mexican.reference not in html
    assert f'value="{given}"' in html  # the filter keeps what was typed


def test_an_unknown_country_name_is_explained(app, world):
    response = signed_in(app, world["pm"]).get("/?country=Atlantis")
    assert response.status_code == 422
    assert 'No country is called "Atlantis"; give its name or its two-letter code, e.g. Russia or RU.' in (
        visible_text(response)
    )


def test_the_country_filter_asks_for_a_name_or_a_code(app, world):
    html = signed_in(app, world["pm"]).get("/agreements").get_data(as_text=True)
    field = re.search(r'<input id="country"[^>]*>', html).group(0)
    assert 'placeholder="e.g. Russia or RU"' in field and 'maxlength="2"' not in field

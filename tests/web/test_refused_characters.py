"""A character no text may hold (NUL), or a direction control in a title or a name, is refused on the form
the person typed it in: the form again, the message beside the field as the form labels it, what was typed
kept less the character refused; never an error page, and nothing saved."""

from __future__ import annotations

import re
from html import unescape

import pytest
from webtools import fire, fresh, post_form, signed_in, visible_text

from agreements.db import db
from agreements.models import Agreement, NegotiationRound, ReviewComment, Signatory, User

ARABIC_TITLE = "مذكرة تفاهم بشأن التعاون في مجال إنفاذ القانون"
NEW = {
    "type": "moc",
    "title": "Memorandum of Cooperation on customs fraud",
    "counterpart": "Servicio de Administración Tributaria",
    "country": "MX",
    "languages": ["es"],
    "areas": ["trade_fraud"],
}


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _refused_in_place(response, message: str, kept: str) -> str:
    """The form shown again (422) with ``message`` on it and ``kept`` in a field; no NUL on the page."""
    assert response.status_code == 422, visible_text(response)[:500]
    html = response.get_data(as_text=True)
    assert "\x00" not in html
    assert message in visible_text(response)
    assert kept in unescape(html), f"{kept!r} is not shown again"
    return html


@pytest.fixture
def pm(app, world):
    return signed_in(app, world["pm"])


def test_a_nul_in_the_new_agreement_form(pm):
    response = post_form(pm, "/agreements/new", {**NEW, "title": "Memorandum\x00 on customs fraud"})
    html = _refused_in_place(response, "Title contains a NUL character (U+0000)", 'value="Memorandum on customs fraud"')
    assert re.search(r'<p class="field-error" id="title-error">Title contains a NUL character', html)
    assert 'value="Servicio de Administración Tributaria"' in html
    assert _count(Agreement) == 0


def test_a_nul_in_the_edit_facts_form(pm, make_agreement):
    agreement = make_agreement()
    form = {
        "title": agreement.title,
        "counterpart": agreement.counterpart,
        "counterpart_local": "Следственный\x00 комитет",
        "country": "RU",
        "languages": ["ru"],
        "title_ru": "Меморандум",
    }
    response = post_form(pm, f"/agreements/{agreement.id}/edit", form)
    html = _refused_in_place(
        response, "Counterpart agency in its own language contains a NUL character", 'value="Следственный комитет"'
    )
    assert 'id="counterpart_local-error"' in html
    assert fresh(agreement).counterpart_agency.name_local == ""


def test_a_nul_in_a_review_comment(app, world, make_agreement):
    agreement = make_agreement()
    fire(world["pm"], agreement, "submit_for_review")
    url = f"/agreements/{agreement.id}"
    browser = signed_in(app, world["la"])
    response = post_form(browser, f"{url}/comments", {"version": "1", "article": "2", "body": "Name the\x00 law."}, url)
    _refused_in_place(response, "Your comment contains a NUL character", ">Name the law.</textarea>")
    assert _count(ReviewComment) == 0


def test_a_nul_in_the_comment_of_a_step(pm, make_agreement):
    agreement = make_agreement()
    url = f"/agreements/{agreement.id}"
    response = post_form(pm, f"{url}/transitions", {"trigger": "submit_for_review", "comment": "Ready\x00 now"}, url)
    _refused_in_place(response, "Comment contains a NUL character", ">Ready now</textarea>")
    assert fresh(agreement).state == "drafting"


def test_a_nul_in_the_negotiation_round_form(app, world, make_agreement):
    agreement = make_agreement()
    fire(world["pm"], agreement, "submit_for_review")
    fire(world["la"], agreement, "clear_for_negotiation")
    form = {"held_on": "2026-10-14", "format": "in_person", "place": "Moscow", "summary": "Agreed\x00 on article 1."}
    response = post_form(signed_in(app, world["moscow"]), f"/agreements/{agreement.id}/rounds/new", form)
    _refused_in_place(response, "Summary contains a NUL character", ">Agreed on article 1.</textarea>")
    assert _count(NegotiationRound) == 0


def test_a_nul_in_the_signatory_form(pm, make_agreement):
    agreement = make_agreement()
    form = {"name": "Elena\x00 Leonenko", "title": "Deputy Head"}
    response = post_form(pm, f"/agreements/{agreement.id}/signatories/counterpart", form)
    _refused_in_place(response, "Name contains a NUL character", 'value="Elena Leonenko"')
    assert _count(Signatory) == 0


def test_a_nul_in_the_new_user_form(app, world):
    admin = signed_in(app, world["admin"])
    form = {"email": "rita@agreements.test", "name": "Rita\x00 Rossi", "role": "attache", "office": "MOW"}
    response = post_form(admin, "/admin/users", {**form, "password": "a long password"})
    _refused_in_place(response, "Full name contains a NUL character", 'value="Rita Rossi"')
    assert _count(User) == len(world)


def test_a_nul_in_the_text_editor(pm, make_agreement):
    agreement = make_agreement(languages=["en"], with_text=False)
    form = {
        "langs": "en",
        "base_version": "0",
        "article_count": "1",
        "preamble-en": "The Participants\x00, desiring to cooperate,",
        "articles-0-number": "1",
        "articles-0-heading-en": "Purpose",
        "articles-0-body-en": "Cooperation.",
        "origin": "ours",
    }
    response = post_form(pm, f"/agreements/{agreement.id}/text", form)
    _refused_in_place(response, "The preamble contains a NUL character", "The Participants, desiring to cooperate,")
    assert fresh(agreement).current_version_number == 0


# --- direction controls in titles and names --------------------------------------------------------------
def test_a_right_to_left_override_in_a_title_is_refused_and_shown_again_without_it(pm):
    response = post_form(pm, "/agreements/new", {**NEW, "title": "Memorandum on \u202edualf smotsuc"})
    html = _refused_in_place(
        response, "Title contains the invisible direction control U+202E", 'value="Memorandum on dualf smotsuc"'
    )
    assert "\u202e" not in html
    assert _count(Agreement) == 0


def test_an_isolate_in_a_translated_title_is_refused_and_a_real_arabic_title_accepted(pm, make_agreement):
    agreement = make_agreement(country="AE", languages=["en", "ar"])
    form = {
        "title": agreement.title,
        "counterpart": "Ministry of Interior",
        "counterpart_local": "وزارة الداخلية",
        "country": "AE",
        "languages": ["ar"],
        "title_ar": "\u2067" + ARABIC_TITLE + "\u2069",
    }
    url = f"/agreements/{agreement.id}/edit"
    refused = post_form(pm, url, form)
    _refused_in_place(refused, "Title in Arabic contains the invisible direction control U+2067", ARABIC_TITLE)
    assert 'id="title_translations-error"' in refused.get_data(as_text=True)
    saved = post_form(pm, url, {**form, "title_ar": ARABIC_TITLE + " \u200f(MOU)"})  # a mark is no control
    assert saved.status_code == 303, visible_text(saved)[:500]
    assert fresh(agreement).title_translations == {"ar": ARABIC_TITLE + " \u200f(MOU)"}
    assert agreement.counterpart_agency.name_local == "وزارة الداخلية"


def test_a_direction_control_in_a_counterpart_s_name(pm, make_agreement):
    agreement = make_agreement()
    form = {"title": agreement.title, "counterpart": "\u202bCommittee", "country": "RU", "languages": ["ru"]}
    response = post_form(pm, f"/agreements/{agreement.id}/edit", form)
    _refused_in_place(
        response, "Counterpart agency contains the invisible direction control U+202B", 'value="Committee"'
    )


def test_a_direction_control_in_a_signatory_s_name(pm, make_agreement):
    agreement = make_agreement()
    form = {"name": "Elena \u2066Leonenko\u2069", "title": "Deputy Head"}
    response = post_form(pm, f"/agreements/{agreement.id}/signatories/counterpart", form)
    _refused_in_place(response, "Name contains the invisible direction control U+2066", 'value="Elena Leonenko"')
    assert _count(Signatory) == 0


def test_a_direction_control_in_a_user_s_name(app, world):
    admin = signed_in(app, world["admin"])
    form = {"email": "rita@agreements.test", "name": "Rita \u202dRossi", "role": "program_manager", "office": ""}
    response = post_form(admin, "/admin/users", {**form, "password": "a long password"})
    _refused_in_place(response, "Full name contains the invisible direction control U+202D", 'value="Rita Rossi"')
    assert _count(User) == len(world)


def test_the_page_and_the_api_say_the_same(app, world, pm, token_for):
    title = "Memorandum on \u202edualf smotsuc"
    page = post_form(pm, "/agreements/new", {**NEW, "title": title})
    api = app.test_client().post(
        "/api/v1/agreements", json={**NEW, "languages": ["en", "es"], "title": title}, headers=token_for(world["pm"])
    )
    assert api.status_code == 422
    message = api.get_json()["errors"]["title"]
    assert message.startswith("Title contains the invisible direction control U+202E")
    assert message in visible_text(page)


# --- the codes -----------------------------------------------------------------------------------------------
def test_an_unknown_language_code_is_named_on_the_form(pm):
    response = post_form(pm, "/agreements/new", {**NEW, "other_languages": "xx, qq"})
    html = _refused_in_place(response, 'Unknown language code "xx"; unknown language code "qq"', 'value="xx, qq"')
    assert 'id="languages-error"' in html
    assert _count(Agreement) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [("q=MOU%00", "Reference, title or counterpart contains a NUL"), ("office=MOW%00", "Office contains a NUL")],
)
def test_a_nul_in_the_list_s_filters(pm, query, message):
    response = pm.get(f"/agreements?{query}")
    assert response.status_code == 422
    assert message in visible_text(response)
    assert "\x00" not in response.get_data(as_text=True)

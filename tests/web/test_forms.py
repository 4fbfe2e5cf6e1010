"""Opening agreements, editing their facts, and editing their text as new versions."""

from __future__ import annotations

import re

from webtools import (
    fire,
    fresh,
    post_form,
    signed_in,
    visible_text,
)

from agreements.db import db
from agreements.models import Agreement
from agreements.services import versions

NEW = {
    "type": "moc",
    "title": "Memorandum of Cooperation on customs fraud",
    "counterpart": "Servicio de Administración Tributaria",
    "country": "MX",
    "languages": ["es"],
    "areas": ["trade_fraud", "customs_assistance"],
}


def _text_form(agreement, **overrides):
    """The text editor's fields for a two-article English text, as a person would send them."""
    form = {
        "langs": "en",
        "base_version": str(agreement.current_version_number),
        "article_count": "3",
        "preamble-en": "The Participants, desiring to cooperate,",
        "articles-0-number": "1",
        "articles-0-original": "",
        "articles-0-heading-en": "Purpose",
        "articles-0-body-en": "The purpose of this Memorandum is cooperation.",
        "articles-1-number": "2",
        "articles-1-original": "",
        "articles-1-heading-en": "Points of contact",
        "articles-1-body-en": "Each Participant designates a point of contact.",
        "articles-2-number": "",
        "articles-2-original": "",
        "articles-2-heading-en": "",
        "articles-2-body-en": "",
        "final_clauses-en": "Done in duplicate.",
        "note": "First draft",
        "origin": "ours",
    }
    form.update(overrides)
    return form


def test_the_new_agreement_form_offers_types_countries_languages_and_areas(app, world):
    page = signed_in(app, world["pm"]).get("/agreements/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="cmaa"' in html and "Customs Mutual Assistance Agreement" in html
    assert '<option value="RU" >Russian Federation (RU)</option>' in html
    assert 'name="languages" value="ru"' in html
    assert "Child exploitation" in html


def test_opening_an_agreement(app, world):
    client = signed_in(app, world["pm"])
    response = post_form(client, "/agreements/new", NEW)
    assert response.status_code == 303
    agreement = db.session.scalar(db.select(Agreement).where(Agreement.title == NEW["title"]))
    assert response.headers["Location"] == f"/agreements/{agreement.id}"
    assert agreement.languages == ["en", "es"]
    assert agreement.areas == ["customs_assistance", "trade_fraud"]
    assert agreement.state == "drafting"
    page = visible_text(client.get(response.headers["Location"]))
    assert f"Opened {agreement.reference}" in page
    assert "Memorandum of Cooperation" in page


def test_a_wrong_form_shows_each_problem_beside_its_field_and_keeps_the_rest(app, world):
    client = signed_in(app, world["pm"])
    typed = {**NEW, "title": "", "counterpart": "Servicio de Administración Tributaria", "other_languages": "e$"}
    response = post_form(client, "/agreements/new", typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" id="title-error">Give the agreement a title.</p>', html)
    assert 'id="languages-error"' in html
    assert 'value="Servicio de Administración Tributaria"' in html
    assert '<option value="MX" selected>' in html
    assert 'name="areas" value="trade_fraud" checked' in html
    assert 'value="e$"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Agreement)) == 0


def test_an_attache_picks_only_among_the_countries_of_the_office(app, world):
    client = signed_in(app, world["mexico"])
    html = client.get("/agreements/new").get_data(as_text=True)
    options = re.findall(r'<option value="([A-Z]{2})"', html)
    assert options == ["MX"]
    refused = post_form(client, "/agreements/new", {**NEW, "country": "RU"})
    assert refused.status_code == 403
    assert "Your office does not cover RU." in visible_text(refused)


def test_a_legal_advisor_cannot_open_agreements(app, world):
    client = signed_in(app, world["la"])
    assert client.get("/agreements/new").status_code == 403
    assert "New agreement" not in visible_text(client.get("/agreements"))


def test_editing_the_facts(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    form = client.get(f"/agreements/{agreement.id}/edit").get_data(as_text=True)
    assert f'value="{agreement.title}"' in form
    assert 'name="languages" value="ru" checked' in form
    response = post_form(
        client,
        f"/agreements/{agreement.id}/edit",
        {
            "title": "Memorandum on cooperation against cyber crime",
            "counterpart": agreement.counterpart,
            "country": "RU",
            "languages": ["ru"],
            "areas": ["cyber_crime"],
        },
    )
    assert response.status_code == 303
    assert fresh(agreement).title == "Memorandum on cooperation against cyber crime"
    assert agreement.areas == ["cyber_crime"]
    wrong = post_form(client, f"/agreements/{agreement.id}/edit", {"title": "", "country": "RU", "counterpart": "X"})
    assert wrong.status_code == 422
    assert "Give the agreement a title." in visible_text(wrong)


def test_writing_the_first_text_makes_version_one(app, world, make_agreement):
    agreement = make_agreement(with_text=False, languages=["en"])
    client = signed_in(app, world["moscow"])
    editor = client.get(f"/agreements/{agreement.id}/text")
    assert editor.status_code == 200
    assert 'name="base_version" value="0"' in editor.get_data(as_text=True)
    response = post_form(client, f"/agreements/{agreement.id}/text", _text_form(agreement))
    assert response.status_code == 303
    version = fresh(agreement).current_version
    assert version.number == 1
    assert [a["number"] for a in version.articles] == ["1", "2"]
    assert version.articles[1]["heading"] == {"en": "Points of contact"}
    assert version.author.email == "moscow@agreements.test"
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert "Saved version 1 of the text." in page
    assert "Each Participant designates a point of contact." in page


def test_saving_english_keeps_the_russian_and_removes_articles_on_request(app, world, make_agreement):
    agreement = make_agreement()  # version 1: two articles in English and Russian
    client = signed_in(app, world["pm"])
    editor = client.get(f"/agreements/{agreement.id}/text").get_data(as_text=True)
    assert 'name="articles-0-heading-en" value="Heading 1 (en)"' in editor
    form = _text_form(
        agreement,
        **{
            "articles-0-original": "1",
            "articles-0-heading-en": "Purpose",
            "articles-1-original": "2",
            "articles-1-remove": "1",
            "articles-2-number": "3",
            "articles-2-heading-en": "Costs",
            "articles-2-body-en": "Each Participant bears its own costs.",
        },
    )
    assert post_form(client, f"/agreements/{agreement.id}/text", form).status_code == 303
    version = fresh(agreement).current_version
    assert version.number == 2
    assert [a["number"] for a in version.articles] == ["1", "3"]
    assert version.articles[0]["heading"] == {"en": "Purpose", "ru": "Heading 1 (ru)"}
    assert version.articles[0]["body"]["ru"] == "Body of article 1 in ru."
    assert version.preamble["ru"] == "Preamble in ru."
    assert versions.get_version(agreement, 1).articles[1]["number"] == "2"


def test_editing_in_another_language_of_the_agreement(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    html = client.get(f"/agreements/{agreement.id}/text?lang=ru").get_data(as_text=True)
    assert 'value="Heading 1 (ru)"' in html
    assert client.get(f"/agreements/{agreement.id}/text?lang=fr").status_code == 404


def test_a_concurrent_save_is_reported_and_nothing_typed_is_lost(app, world, make_agreement):
    agreement = make_agreement(languages=["en"])
    client = signed_in(app, world["pm"])
    form = _text_form(agreement, **{"articles-0-body-en": "My careful rewording of article one."})
    versions.save_version(world["moscow"], agreement, {"articles": [{"number": "1", "body": {"en": "Theirs."}}]})
    db.session.commit()
    response = post_form(client, f"/agreements/{agreement.id}/text", form)
    assert response.status_code == 409
    page = visible_text(response)
    assert "The draft moved on: you edited version 1, the current version is 2." in page
    assert "My careful rewording of article one." in response.get_data(as_text=True)
    assert fresh(agreement).current_version_number == 2


def test_a_wrong_text_is_refused_beside_the_article(app, world, make_agreement):
    agreement = make_agreement(languages=["en"])
    client = signed_in(app, world["pm"])
    form = _text_form(agreement, **{"articles-1-number": "1"})
    response = post_form(client, f"/agreements/{agreement.id}/text", form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="row-1-error">Two articles are numbered 1.', html)
    assert fresh(agreement).current_version_number == 1


def test_adding_an_article_row_keeps_what_was_typed(app, world, make_agreement):
    agreement = make_agreement(languages=["en"])
    client = signed_in(app, world["pm"])
    response = post_form(client, f"/agreements/{agreement.id}/text", _text_form(agreement, action="add"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="article_count" value="4"' in html
    assert "The purpose of this Memorandum is cooperation." in html
    assert fresh(agreement).current_version_number == 1


def test_text_is_not_editable_outside_drafting_and_negotiation(app, world, make_agreement):
    agreement = make_agreement(languages=["en"])
    fire(world["pm"], agreement, "submit_for_review")
    client = signed_in(app, world["pm"])
    editor = client.get(f"/agreements/{agreement.id}/text")
    assert "can be changed only while drafting or negotiating" in visible_text(editor)
    assert "Save as a new version" not in editor.get_data(as_text=True)
    response = post_form(client, f"/agreements/{agreement.id}/text", _text_form(agreement))
    assert response.status_code == 409
    assert "this agreement is in legal review" in visible_text(response)
    assert fresh(agreement).current_version_number == 1
    assert "Edit English" not in client.get(f"/agreements/{agreement.id}").get_data(as_text=True)

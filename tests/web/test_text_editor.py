"""The text editor: every language side by side, reordering, the model text, concurrent saves, the wording check."""

from __future__ import annotations

import re

from webtools import fresh, post_form, signed_in, visible_text

from agreements.db import db
from agreements.services import versions


def _form(agreement, langs=("en", "ru"), **fields):
    """The editor's fields: two articles in every language shown, and an empty row."""
    form = {
        "langs": list(langs),
        "base_version": str(agreement.current_version_number),
        "article_count": "3",
        "articles-0-number": "1",
        "articles-0-original": "1",
        "articles-1-number": "2",
        "articles-1-original": "2",
        "articles-2-number": "",
        "articles-2-original": "",
        "note": "Both languages",
        "origin": "ours",
    }
    for lang in langs:
        form[f"preamble-{lang}"] = f"Preamble ({lang})"
        form[f"final_clauses-{lang}"] = f"Final clauses ({lang})"
        for i in (1, 2):
            form[f"articles-{i - 1}-heading-{lang}"] = f"Heading {i} ({lang})"
            form[f"articles-{i - 1}-body-{lang}"] = f"Body {i} ({lang})"
    form.update(fields)
    return form


def _values(html: str, name_part: str) -> list[str]:
    """The values of the inputs whose name ends with ``name_part``, in page order."""
    return re.findall(rf'name="articles-\d+-{name_part}" value="([^"]*)"', html)


def test_every_language_is_edited_side_by_side(app, world, make_agreement):
    agreement = make_agreement()
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/text").get_data(as_text=True)
    assert 'name="articles-0-heading-en" value="Heading 1 (en)"' in html
    assert 'name="articles-0-heading-ru" value="Heading 1 (ru)"' in html
    assert re.search(r'id="articles-1-body-ru" name="articles-1-body-ru" rows="6" lang="ru" dir="ltr"', html)
    assert '<label for="preamble-ru">Preamble <span class="muted">(Russian)</span></label>' in html
    assert "text-grid--2" in html


def test_right_to_left_languages_are_written_right_to_left(app, world, make_agreement):
    agreement = make_agreement(country="MX", by="pm", languages=["en", "ar"], with_text=False)
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/text").get_data(as_text=True)
    assert 'id="articles-0-body-ar" name="articles-0-body-ar" rows="6" lang="ar" dir="rtl"' in html
    assert 'id="preamble-ar" name="preamble-ar" rows="5" lang="ar" dir="rtl"' in html
    assert 'id="preamble-en" name="preamble-en" rows="5" lang="en" dir="ltr"' in html


def test_one_save_writes_every_language(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    client = signed_in(app, world["moscow"])
    form = _form(agreement, **{"articles-0-original": "", "articles-1-original": ""})
    form["articles-1-body-ru"] = "Каждый Участник назначает контактное лицо."
    assert post_form(client, f"/agreements/{agreement.id}/text", form).status_code == 303
    version = fresh(agreement).current_version
    assert version.number == 1 and version.note == "Both languages"
    assert version.preamble == {"en": "Preamble (en)", "ru": "Preamble (ru)"}
    assert version.articles[1]["body"] == {"en": "Body 2 (en)", "ru": "Каждый Участник назначает контактное лицо."}


def test_moving_and_renumbering_rearrange_the_rows_without_saving(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    form = _form(agreement, action="down-0", **{"articles-0-body-en": "My unsaved words."})
    moved = post_form(client, f"/agreements/{agreement.id}/text", form)
    assert moved.status_code == 200
    html = moved.get_data(as_text=True)
    assert _values(html, "number") == ["2", "1", ""]
    assert _values(html, "heading-ru")[:2] == ["Heading 2 (ru)", "Heading 1 (ru)"]
    assert "My unsaved words." in html
    assert fresh(agreement).current_version_number == 1

    rows = {k: v for k, v in form.items() if not k.startswith("articles-")}
    for new, old in ((0, 1), (1, 0), (2, 2)):
        rows.update(
            {
                k.replace(f"articles-{old}-", f"articles-{new}-"): v
                for k, v in form.items()
                if k.startswith(f"articles-{old}-")
            }
        )
    renumbered = post_form(client, f"/agreements/{agreement.id}/text", {**rows, "action": "renumber"})
    assert _values(renumbered.get_data(as_text=True), "number") == ["1", "2", ""]

    saved = post_form(
        client,
        f"/agreements/{agreement.id}/text",
        {**rows, "action": "save", "articles-0-number": "1", "articles-1-number": "2"},
    )
    assert saved.status_code == 303
    version = fresh(agreement).current_version
    assert [a["heading"]["ru"] for a in version.articles] == ["Heading 2 (ru)", "Heading 1 (ru)"]
    assert [a["number"] for a in version.articles] == ["1", "2"]
    assert version.articles[1]["body"]["en"] == "My unsaved words."


def test_moving_up_and_the_first_submit_button_saves(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    html = client.get(f"/agreements/{agreement.id}/text").get_data(as_text=True)
    form_html = html.split('class="form text-editor"')[1]
    # Enter in a field presses the form's first submit button: it must save, not move a row.
    assert re.search(r'<button type="submit" name="action" value="(\w+)"', form_html).group(1) == "save"
    assert 'value="up-0"' not in html and 'value="up-1"' in html and 'value="down-1"' in html
    moved = post_form(client, f"/agreements/{agreement.id}/text", _form(agreement, action="up-1"))
    assert _values(moved.get_data(as_text=True), "number") == ["2", "1", ""]


def test_adding_and_removing_articles(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    form = _form(
        agreement,
        **{
            "articles-0-remove": "1",
            "articles-2-number": "3",
            "articles-2-heading-en": "Costs",
            "articles-2-body-en": "Each Participant will bear its own costs.",
            "articles-2-body-ru": "Каждый Участник несёт свои расходы.",
        },
    )
    added = post_form(client, f"/agreements/{agreement.id}/text", {**form, "action": "add"})
    assert 'name="article_count" value="4"' in added.get_data(as_text=True)
    assert post_form(client, f"/agreements/{agreement.id}/text", form).status_code == 303
    version = fresh(agreement).current_version
    assert [a["number"] for a in version.articles] == ["2", "3"]
    assert version.articles[1]["heading"] == {"en": "Costs"}
    assert versions.get_version(agreement, 1).articles[0]["number"] == "1"


def test_editing_one_language_alone_keeps_the_others(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    html = client.get(f"/agreements/{agreement.id}/text?lang=ru").get_data(as_text=True)
    assert 'name="articles-0-heading-ru"' in html and 'name="articles-0-heading-en"' not in html
    assert "Edit every language side by side" in visible_text(client.get(f"/agreements/{agreement.id}/text?lang=ru"))
    form = {k: v for k, v in _form(agreement, langs=("ru",)).items()}
    form["articles-0-body-ru"] = "Новый текст."
    assert post_form(client, f"/agreements/{agreement.id}/text", form).status_code == 303
    version = fresh(agreement).current_version
    assert version.articles[0]["body"] == {"en": "Body of article 1 in en.", "ru": "Новый текст."}
    assert version.preamble["en"] == "Preamble in en."
    assert client.get(f"/agreements/{agreement.id}/text?lang=fr").status_code == 404


def test_a_concurrent_save_is_refused_shown_and_can_then_be_saved_over(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    form = _form(agreement, **{"articles-0-body-en": "My careful rewording."})
    versions.save_version(world["moscow"], agreement, {"articles": [{"number": "1", "body": {"en": "Theirs."}}]})
    db.session.commit()
    refused = post_form(client, f"/agreements/{agreement.id}/text", form)
    assert refused.status_code == 409
    page = visible_text(refused)
    assert "The draft moved on: you edited version 1, the current version is 2." in page
    assert "See what changed between version 1 and version 2" in page
    html = refused.get_data(as_text=True)
    assert f"/agreements/{agreement.id}/compare?from=1&amp;to=2" in html
    assert "My careful rewording." in html
    assert fresh(agreement).current_version_number == 2

    saved = post_form(client, f"/agreements/{agreement.id}/text", {**form, "action": "save_anyway", "moved_to": "2"})
    assert saved.status_code == 303
    version = fresh(agreement).current_version
    assert version.number == 3 and version.articles[0]["body"]["en"] == "My careful rewording."


def test_starting_from_the_model_text(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    client = signed_in(app, world["moscow"])
    page = client.get(f"/agreements/{agreement.id}")
    assert "Start from the model text" in visible_text(page)
    assert "Start from the model text" in visible_text(client.get(f"/agreements/{agreement.id}/text"))
    assert client.post(f"/agreements/{agreement.id}/text/model").status_code == 400  # no CSRF token
    assert fresh(agreement).current_version_number == 0
    started = post_form(client, f"/agreements/{agreement.id}/text/model", follow_redirects=True)
    assert started.status_code == 200
    assert "Started version 1 from the model text." in visible_text(started)
    html = started.get_data(as_text=True)
    assert 'name="articles-13-heading-en" value="Languages"' in html
    assert 'name="articles-13-heading-ru" value=""' in html
    version = fresh(agreement).current_version
    assert version.note == "Started from the model text" and len(version.articles) == 14
    assert "Start from the model text" not in visible_text(client.get(f"/agreements/{agreement.id}"))
    again = post_form(client, f"/agreements/{agreement.id}/text/model", follow_redirects=True)
    assert "already has a text (version 1)" in visible_text(again)
    assert fresh(agreement).current_version_number == 1


def test_the_model_text_is_not_offered_to_legal_advisors(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    client = signed_in(app, world["la"])
    assert "Start from the model text" not in visible_text(client.get(f"/agreements/{agreement.id}"))
    assert post_form(client, f"/agreements/{agreement.id}/text/model").status_code == 403
    assert fresh(agreement).current_version_number == 0


def test_the_wording_check_names_the_article_and_the_non_binding_wording(app, world, make_agreement):
    agreement = make_agreement(with_text=False, languages=["en"], title="Agreement on cooperation")
    versions.save_version(
        world["pm"],
        agreement,
        {
            "articles": [
                {"number": "1", "body": {"en": "Fine."}},
                {"number": "2", "body": {"en": "Each Party shall act."}},
            ]
        },
    )
    db.session.commit()
    client = signed_in(app, world["pm"])
    for url in (f"/agreements/{agreement.id}", f"/agreements/{agreement.id}/text"):
        page = visible_text(client.get(url))
        assert "Wording check" in page
        assert "Title English “Agreement” “Memorandum of Understanding”" in page
        assert "Art. 2 English “shall” “will”" in page
        assert "Art. 2 English “Party” “Participant”" in page
    html = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert f'href="/agreements/{agreement.id}#article-2">Art. 2</a>' in html


def test_a_clean_text_says_so_and_binding_agreements_have_no_check(app, world, make_agreement):
    clean = make_agreement(title="Memorandum on cooperation")
    binding = make_agreement(type="cmaa", title="Agreement on customs mutual assistance")
    client = signed_in(app, world["pm"])
    assert "No binding wording found" in visible_text(client.get(f"/agreements/{clean.id}"))
    assert "Wording check" not in visible_text(client.get(f"/agreements/{binding.id}"))
    assert "Wording check" not in visible_text(client.get(f"/agreements/{binding.id}/text"))


def test_what_is_typed_is_shown_as_text_never_run(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    form = _form(agreement, **{"articles-0-heading-en": '<script>alert("x")</script> Parties', "action": "add"})
    html = post_form(client, f"/agreements/{agreement.id}/text", form).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Parties" in html

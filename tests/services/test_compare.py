"""Comparing two versions: articles paired even when moved or renumbered, word-level redlines, a summary."""

from __future__ import annotations

import copy

import pytest

from agreements.db import db
from agreements.errors import InvalidInput, NotFound
from agreements.services import versions
from agreements.services.compare import compare_versions, version_numbers, word_diff

ARTICLES = [
    ("Purpose", "Цель", "The purpose of this Memorandum is to strengthen cooperation between the Participants."),
    ("Areas of cooperation", "Области сотрудничества", "The Participants will cooperate against child exploitation."),
    ("Points of contact", "Контактные лица", "Each Participant designates an office to send and receive requests."),
    ("Costs", "Расходы", "Each Participant bears its own costs, subject to the availability of funds."),
    ("Languages", "Языки", "Done in duplicate in the English and Russian languages, both texts equally valid."),
]


def article(number, heading_en, heading_ru, body_en, body_ru=None):
    """An article in English and Russian."""
    return {
        "number": str(number),
        "heading": {"en": heading_en, "ru": heading_ru},
        "body": {"en": body_en, "ru": body_ru or f"Русский текст: {body_en}"},
    }


def text(articles=None, preamble="The Participants, desiring to cooperate,", final="Signed in Washington."):
    """A bilingual text of the standard articles (or those given)."""
    if articles is None:
        articles = [article(n, *row) for n, row in enumerate(ARTICLES, start=1)]
    return {
        "preamble": {"en": preamble, "ru": "Участники, желая сотрудничать,"},
        "articles": articles,
        "final_clauses": {"en": final, "ru": "Подписано в Вашингтоне."},
    }


@pytest.fixture
def drafted(make_agreement, world):
    """An MOU with Russia whose first version is the standard text; ``save(t)`` saves the next version."""
    agreement = make_agreement(with_text=False)

    def save(payload, by="pm", **extra):
        version = versions.save_version(world[by], agreement, {**payload, **extra})
        db.session.commit()
        return version.number

    save(text())
    agreement.save = save
    return agreement


def renumber(articles):
    """The same articles numbered 1, 2, 3 … in their new order."""
    return [{**a, "number": str(n)} for n, a in enumerate(articles, start=1)]


def rebuilt(old, new):
    """What the redline shows of each version: equal + delete gives the old text, equal + insert the new."""
    return (
        "".join(s.text for s in word_diff(old, new) if s.op != "insert"),
        "".join(s.text for s in word_diff(old, new) if s.op != "delete"),
    )


def by_number(result):
    """The article diffs by their number in the later version (or the earlier, when removed)."""
    return {d.number: d for d in result.articles}


# --- word-level redlines ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The Participants will exchange information.", "The Participants shall promptly exchange data."),
        ("Участники обмениваются информацией.", "Участники оперативно обмениваются сведениями."),
        ("First paragraph.\n\nSecond  paragraph.", "First paragraph.\n\nA new second paragraph."),
        ("", "Only in the later text."),
        ("Only in the earlier text.", ""),
    ],
)
def test_a_redline_gives_back_both_texts_whitespace_and_all(old, new):
    assert rebuilt(old, new) == (old, new)


def test_a_redline_marks_the_changed_words_only():
    segments = word_diff("The Participants will exchange information.", "The Participants shall exchange data.")
    assert segments == [
        ("equal", "The Participants "),
        ("delete", "will"),
        ("insert", "shall"),
        ("equal", " exchange "),
        ("delete", "information"),
        ("insert", "data"),
        ("equal", "."),
    ]


def test_a_replaced_phrase_reads_as_one_deletion_then_one_insertion():
    segments = word_diff("to fight money laundering here", "to counter cyber crime here")
    assert segments == [("equal", "to "), ("delete", "fight money laundering"), ("insert", "counter cyber crime")] + [
        ("equal", " here")
    ]


# --- articles --------------------------------------------------------------------------------------
def test_a_body_changed_in_both_languages_is_summed_up_and_redlined(drafted):
    changed = text()
    changed["articles"][1]["body"] = {
        "en": "The Participants will cooperate against child exploitation and cyber crime.",
        "ru": "Участники сотрудничают в борьбе с эксплуатацией детей.",
    }
    drafted.save(changed)
    result = compare_versions(drafted, 1, 2)
    assert result.summary == ["Art. 2 body changed in en and ru"]
    art = by_number(result)["2"]
    assert art.status == "changed" and art.changed == {"heading": [], "body": ["en", "ru"]}
    assert ("insert", " and cyber crime") in art.body["en"]
    assert [s.op for s in art.heading["en"]] == ["equal"]
    assert {d.status for n, d in by_number(result).items() if n != "2"} == {"unchanged"}


def test_added_and_removed_articles(drafted):
    changed = text()
    changed["articles"] = renumber(changed["articles"][1:])
    changed["articles"].append(
        article(5, "Settlement of differences", "Урегулирование разногласий", "By consultation.")
    )
    drafted.save(changed)
    result = compare_versions(drafted, 1, 2)
    assert "Art. 1 removed" in result.summary and "Art. 5 added" in result.summary
    assert "Arts. 2–5 renumbered 1–4" in result.summary
    removed = [d for d in result.articles if d.status == "removed"]
    assert removed[0].from_number == "1" and removed[0].to_number is None
    assert removed[0].body["en"] == [("delete", ARTICLES[0][2])]
    added = by_number(result)["5"]
    assert added.status == "added" and added.heading["ru"] == [("insert", "Урегулирование разногласий")]
    assert [d.status for d in result.articles] == ["removed"] + ["renumbered"] * 4 + ["added"]


def test_a_moved_article_is_recognised_even_with_its_wording_changed(drafted):
    moved = text()["articles"]
    costs = copy.deepcopy(moved.pop(3))
    costs["body"]["en"] = "Each Participant bears its own costs, subject to the availability of appropriated funds."
    moved.insert(0, costs)
    drafted.save(text(renumber(moved)))
    result = compare_versions(drafted, 1, 2)
    art = by_number(result)["1"]
    assert (art.status, art.from_number, art.to_number) == ("moved", "4", "1")
    assert art.changed["body"] == ["en"]
    assert [s.text.strip() for s in art.body["en"] if s.op != "equal"] == ["appropriated"]
    assert result.summary[:2] == ["Art. 4 moved to 1", "Art. 1 body changed in en"]
    assert "Arts. 1–3 renumbered 2–4" in result.summary
    assert not [d for d in result.articles if d.status in ("added", "removed")]


def test_two_articles_swapped(drafted):
    swapped = text()["articles"]
    swapped[1], swapped[2] = swapped[2], swapped[1]
    drafted.save(text(renumber(swapped)))
    result = compare_versions(drafted, 1, 2)
    statuses = {(d.from_number, d.to_number): d.status for d in result.articles}
    assert {statuses[("3", "2")], statuses[("2", "3")]} == {"moved", "renumbered"}
    assert any(s in result.summary for s in ("Art. 3 moved to 2", "Art. 2 moved to 3"))
    assert statuses[("1", "1")] == statuses[("4", "4")] == "unchanged"


def test_an_article_rewritten_under_its_number_is_changed_not_removed_and_added(drafted):
    changed = text()
    changed["articles"][3] = article(4, "Funding", "Финансирование", "Nothing in this text commits any money at all.")
    drafted.save(changed)
    result = compare_versions(drafted, 1, 2)
    assert by_number(result)["4"].status == "changed"
    assert result.summary == ["Art. 4 heading and body changed in en and ru"]


def test_a_missing_translation_added_later_shows_as_an_insertion(drafted):
    first = text()
    del first["articles"][0]["body"]["ru"]
    drafted.save(first)
    drafted.save(text())
    result = compare_versions(drafted, 2, 3)
    assert result.summary == ["Art. 1 body changed in ru"]
    assert by_number(result)["1"].body["ru"] == [("insert", "Русский текст: " + ARTICLES[0][2])]


# --- preamble, final clauses, versions -------------------------------------------------------------
def test_preamble_and_final_clauses_are_compared_too(drafted):
    drafted.save(text(preamble="The Participants, desiring to strengthen cooperation,", final="Signed in Moscow."))
    result = compare_versions(drafted, 1, 2)
    assert result.summary == ["Preamble changed in en", "Final clauses changed in en"]
    assert result.preamble.status == "changed" and ("insert", "strengthen cooperation") in result.preamble.text["en"]
    assert result.final_clauses.text["en"] == [
        ("equal", "Signed in "),
        ("delete", "Washington"),
        ("insert", "Moscow"),
        ("equal", "."),
    ]


def test_identical_versions_have_nothing_to_say(drafted):
    drafted.save(text(), note="Saved again")
    result = compare_versions(drafted, 1, 2)
    assert result.is_identical and result.summary == []
    assert {d.status for d in result.articles} == {"unchanged"}


def test_both_versions_are_described(drafted, world):
    drafted.save(text(final="Signed in Moscow."), by="moscow", origin="counterpart", note="Their proposal")
    result = compare_versions(drafted, 1, 2)
    first, second = result.from_version, result.to_version
    assert (first.number, first.author, first.origin) == (1, "Pat Manager", "ours")
    assert (second.number, second.author_email, second.origin, second.note) == (
        2,
        "moscow@agreements.test",
        "counterpart",
        "Their proposal",
    )
    assert len(first.sha256) == 64 and first.sha256 != second.sha256
    assert first.created_at <= second.created_at
    assert result.reference == drafted.reference and result.languages == ["en", "ru"]


def test_later_against_earlier_reads_the_other_way_round(drafted):
    changed = text()
    changed["articles"].append(article(6, "Duration", "Срок действия", "Five years."))
    drafted.save(changed)
    assert compare_versions(drafted, 2, 1).summary == ["Art. 6 removed"]


def test_an_unknown_version_is_not_found(drafted):
    with pytest.raises(NotFound, match="No version 9"):
        compare_versions(drafted, 1, 9)


@pytest.mark.parametrize(
    ("raw_from", "raw_to", "fields"),
    [
        (None, "2", {"from"}),
        ("1", "", {"to"}),
        ("one", "2", {"from"}),
        ("0", "-1", {"from", "to"}),
        ("1.5", "2", {"from"}),
    ],
)
def test_the_versions_asked_for_must_be_version_numbers(raw_from, raw_to, fields):
    with pytest.raises(InvalidInput) as caught:
        version_numbers(raw_from, raw_to)
    assert set(caught.value.errors) == fields


def test_version_numbers_are_read_from_text():
    assert version_numbers(" 3", "12") == (3, 12)

"""The words a document writes itself in each language: "For" on the signature blocks, dates in the
language's words, and the testimonium's blanks filled with the place and date of signature."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.documents import phrases
from agreements.documents.phrases import date_in, fill_blanks, for_side
from agreements.documents.snapshot import SignatureBlock
from agreements.workflows.parties import US_GOVERNMENT


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "For the Government of the United States of America:"),
        ("it", "Per il Governo degli Stati Uniti d’America:"),
        ("es", "Por el Gobierno de los Estados Unidos de América:"),
        ("fr", "Pour le Gouvernement des États-Unis d’Amérique:"),
        ("ru", "За Правительство Соединенных Штатов Америки:"),
        ("ar", "عن حكومة الولايات المتحدة الأمريكية:"),
        ("de", "Für die Regierung der Vereinigten Staaten von Amerika:"),
        ("pt", "Pelo Governo dos Estados Unidos da América:"),
    ],
)
def test_each_language_heads_the_block_for_its_government(lang, heading):
    assert for_side(US_GOVERNMENT[lang], lang) == heading


def test_an_unknown_language_falls_back_on_english_for():
    assert for_side("Tullverket", "sv") == "For Tullverket:"
    assert for_side("a Receita Federal", "pt-BR") == "Pela Receita Federal:"


def test_dates_in_the_words_of_each_language():
    day = dt.date(2026, 11, 11)
    assert date_in(day, "en") == "11 November 2026"
    assert date_in(day, "it") == "11 novembre 2026"
    assert date_in(day, "es") == "11 de noviembre de 2026"
    assert date_in(day, "pt-BR") == "11 de novembro de 2026"
    assert date_in(day, "qq") == "11 November 2026"  # a language the calendar data lacks
    assert date_in(None, "it") == ""


def _sig(party, day, place):
    return SignatureBlock(party, "", "Someone", "Director", day, place)


def test_one_day_and_place_when_both_signed_together():
    same = (_sig("us", dt.date(2026, 11, 11), "Rome"), _sig("counterpart", dt.date(2026, 11, 11), "Rome"))
    assert phrases.testimonium(same, ["en", "it"]) == {
        "en": {"place": "Rome", "date": "11 November 2026"},
        "it": {"place": "Rome", "date": "11 novembre 2026"},
    }


def test_each_side_s_when_they_signed_apart_ours_first():
    apart = (_sig("counterpart", dt.date(2026, 3, 5), "Rome"), _sig("us", dt.date(2026, 3, 2), "Washington"))
    assert phrases.testimonium(apart, ["en"]) == {
        "en": {"place": "Washington / Rome", "date": "2 March 2026 / 5 March 2026"}
    }


def test_nobody_signed_nothing_to_fill():
    assert phrases.testimonium((_sig("us", None, ""), _sig("counterpart", None, "")), ["en"]) == {}


def test_the_first_blank_takes_the_place_and_the_second_the_date():
    values = {"place": "Rome", "date": "11 November 2026"}
    assert fill_blanks("DONE at ________, on ________, in duplicate.", values) == (
        "DONE at Rome, on 11 November 2026, in duplicate."
    )
    # Short runs are not blanks; a third blank stays; nothing to fill leaves the text as it is.
    assert fill_blanks("a __ b ____ c _____ d ______", values) == "a __ b Rome c 11 November 2026 d ______"
    assert fill_blanks("DONE at ________.", {}) == "DONE at ________."
    assert fill_blanks("DONE at ________, on ________.", {"place": "", "date": "1 May 2026"}) == (
        "DONE at ________, on 1 May 2026."
    )

"""Every script an agreement may be written in comes out as real glyphs: right to left where it should,
with the Noto font embedded, and the exact characters back out of pdftotext (never an empty box)."""

from __future__ import annotations

import logging

import pytest

from agreements.documents import render

from .support import bbox_words, fonts, page_texts, snapshot, squeeze, text

# (code, name, direction, sentence, words of the local name, font family pdffonts must list)
SCRIPTS = {
    "ru": ("Russian", "ltr", "Стороны сотрудничают в таможенных делах", "Федеральная таможенная служба", "Noto-Serif"),
    "ar": ("Arabic", "rtl", "يتعاون الطرفان في شؤون الجمارك", "مصلحة الجمارك العامة", "Noto-Naskh-Arabic"),
    "fa": ("Persian", "rtl", "طرفین در زمینه گمرک همکاری خواهند کرد", "گمرک جمهوری اسلامی", "Noto-Naskh-Arabic"),
    "he": ("Hebrew", "rtl", "הצדדים ישתפו פעולה בענייני מכס", "רשות המסים בישראל", "Noto-Serif-Hebrew"),
    "zh": ("Chinese", "ltr", "双方在海关事务方面进行合作", "中华人民共和国海关总署", "Noto-Serif-CJK-SC"),
    "ja": ("Japanese", "ltr", "両当事者は税関事項について協力する", "日本国財務省関税局", "Noto-Serif-CJK-JP"),
    "ko": ("Korean", "ltr", "양측은 세관 문제에 관하여 협력한다", "대한민국 관세청", "Noto-Serif-CJK-KR"),
}
ENGLISH = "The Participants cooperate in customs matters"


def _bilingual(code: str):
    name, direction, sentence, local, _font = SCRIPTS[code]
    return snapshot(
        (("en", "English", "ltr"), (code, name, direction)),
        texts={
            "en": {"preamble": "Preamble: " + ENGLISH, "heading": "Cooperation {n}", "body": ENGLISH + " ({n})."},
            code: {"preamble": sentence, "heading": sentence, "body": sentence, "final": sentence},
        },
        articles=2,
        counterpart_local=local,
    )


@pytest.fixture(scope="module")
def rendered():
    """Each bilingual sample rendered once, with the renderer's warnings (a missing glyph logs one)."""
    out = {}
    for code in SCRIPTS:
        records: list[str] = []
        handler = logging.Handler()
        handler.emit = lambda record, records=records: records.append(record.getMessage())
        logger = logging.getLogger("weasyprint")
        logger.addHandler(handler)
        try:
            out[code] = (render.render(_bilingual(code)), records)
        finally:
            logger.removeHandler(handler)
    return out


def _no_missing_glyph(pdf: bytes, warnings: list[str]) -> None:
    """No .notdef was drawn: WeasyPrint gives a font a custom encoding exactly when it draws one, and logs it."""
    assert not [w for w in warnings if ".notdef" in w], warnings
    for font in fonts(pdf):
        assert font["encoding"] == "Identity-H", f"{font['name']} draws missing glyphs"
        assert font["emb"] == "yes" and font["uni"] == "yes", font
    assert "\ufffd" not in text(pdf)


@pytest.mark.parametrize("code", list(SCRIPTS))
def test_script_comes_out_as_its_own_characters_in_an_embedded_noto_font(code, rendered):
    pdf, warnings = rendered[code]
    _name, _direction, sentence, local, family = SCRIPTS[code]
    embedded = [font["name"].split("+", 1)[-1] for font in fonts(pdf)]
    assert family in embedded, embedded
    _no_missing_glyph(pdf, warnings)
    extracted = text(pdf)
    # The exact characters, word by word in reading order, as often as the text has them:
    # preamble, two headings, two bodies and the final clauses.
    # (Columns wrap lines wherever they fall, so whitespace is set aside.)
    assert squeeze(extracted).count(squeeze(sentence)) == 6, extracted[:2000]
    assert local in extracted
    assert squeeze(ENGLISH + " (2).") in squeeze(extracted)


@pytest.mark.parametrize("code", ["ar", "fa", "he"])
def test_right_to_left_text_runs_from_the_right(code, rendered):
    pdf, _ = rendered[code]
    sentence = SCRIPTS[code][2]
    first, last = sentence.split()[0], sentence.split()[-1]
    # pdftotext -bbox gives words as drawn, left to right; a right-to-left word reads reversed.
    drawn = [(page, word[::-1], x_min, y, x_max) for page, word, x_min, y, x_max in bbox_words(pdf) if page >= 2]
    lines: dict[tuple[int, float], dict[str, tuple[float, float]]] = {}
    for page, word, x_min, y, x_max in drawn:
        lines.setdefault((page, round(y)), {})[word] = (x_min, x_max)
    sentence_lines = [line for line in lines.values() if first in line and last in line]
    assert len(sentence_lines) >= 4, "the sentence should stand on a line of its own in several places"
    ends = set()
    for line in sentence_lines:
        # The first word of the sentence is the rightmost one…
        assert line[first][0] > line[last][0]
        ends.add(round(max(x_max for _x, x_max in line.values())))
    # …and every such line ends at the same right edge, in the right half of the page (the column).
    assert len(ends) == 1 and ends.pop() > 595.28 / 2 + 150, ends
    # The English stays in the left column, left to right, beside it.
    english = [w for w in drawn if w[1] == "Participants"[::-1]]
    assert english and all(x_min < 300 for _p, _w, x_min, _y, _x in english)


@pytest.mark.parametrize(
    ("code", "label"),
    [("ar", "المادة"), ("fa", "ماده"), ("he", "סעיף"), ("zh", "第1条"), ("ja", "第1条"), ("ko", "제1조")],
)
def test_article_numbers_are_written_in_the_language_own_words(code, label, rendered):
    pdf, _ = rendered[code]
    sentence = SCRIPTS[code][2]
    extracted = text(pdf)
    if SCRIPTS[code][1] == "rtl":
        # The heading line of each article: its label, its number and the heading's words, right to left.
        headings = [line for line in extracted.splitlines() if label in line]
        assert len(headings) == 2, headings
        for number, line in enumerate(headings, start=1):
            assert str(number) in line and squeeze(sentence) in squeeze(line), line
    else:
        assert label + squeeze(sentence) in squeeze(extracted)
    # "Article" appears once per article: in the English column only.
    assert squeeze(extracted).count("Article") == 2


def test_missing_glyph_would_be_caught():
    """The check above fails on a character no installed font has (U+0378 is unassigned)."""
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        pdf = render.render(snapshot((("en", "English", "ltr"),), texts={"en": {"body": "Box \u0378 here"}}))
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    with pytest.raises(AssertionError):
        _no_missing_glyph(pdf, [])
    assert any(".notdef" in message for message in records)


def test_three_languages_follow_one_another():
    pdf = render.render(
        snapshot(
            (("en", "English", "ltr"), ("es", "Spanish", "ltr"), ("it", "Italian", "ltr")),
            texts={
                "en": {"heading": "Scope {n}", "body": "The Participants cooperate ({n})."},
                "es": {"heading": "Ámbito {n}", "body": "Los Participantes cooperan ({n})."},
                "it": {"heading": "Ambito {n}", "body": "I Partecipanti cooperano ({n})."},
            },
            articles=2,
        )
    )
    pages = [squeeze(page) for page in page_texts(pdf)]
    first = {
        lang: next(i for i, page in enumerate(pages) if marker in page)
        for lang, marker in (("en", "Scope1"), ("es", "Ámbito1"), ("it", "Ambito1"))
    }
    # English, then Spanish, then Italian, each language starting on a page of its own.
    assert first["en"] < first["es"] < first["it"]
    assert "Ámbito" not in pages[first["en"]] and "Scope" not in pages[first["es"]]
    assert "Ambito" not in pages[first["es"]] and "Ámbito" not in pages[first["it"]]
    assert pages[first["es"]].startswith("Spanish") and "Artículo1Ámbito1" in pages[first["es"]]
    assert pages[first["it"]].startswith("Italian") and "Articolo1Ambito1" in pages[first["it"]]
    for n in (1, 2):
        for body in (
            f"TheParticipantscooperate({n}).",
            f"LosParticipantescooperan({n}).",
            f"IPartecipanticooperano({n}).",
        ):
            assert sum(page.count(body) for page in pages) == 1, body


def test_every_language_numbers_its_articles_in_its_own_words():
    labels = {
        "en": "Article",
        "de": "Artikel",
        "es": "Artículo",
        "fr": "Article",
        "it": "Articolo",
        "nl": "Artikel",
        "pl": "Artykuł",
        "pt": "Artigo",
        "ru": "Статья",
        "tr": "Madde",
        "uk": "Стаття",
    }
    pdf = render.render(
        snapshot(
            tuple((code, code.upper(), "ltr") for code in labels),
            texts={code: {"heading": f"Heading-{code}"} for code in labels},
            articles=1,
        )
    )
    flat = squeeze(text(pdf))
    for code, label in labels.items():
        assert f"{label}1Heading-{code}" in flat, code

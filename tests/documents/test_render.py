"""A rendered agreement, read back: every article in every language, the title page, the signature
blocks, the footer on every page, PDF/A-3 metadata, the draft marking, and the same bytes twice."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from agreements.documents import render
from agreements.documents.fetcher import AssetsOnly

from .support import bbox_words, info, page_count, page_texts, snapshot, squeeze, text, words, xmp

ARTICLES = 6
EN = {
    "preamble": "The Participants, desiring to strengthen cooperation in customs matters, have reached the "
    "following understanding:",
    "heading": "Scope number {n}",
    "body": "Paragraph of article {n}: the Participants exchange information on shipments and carriers. " * 14
    + "\n\nA second paragraph of article {n} closes it.",
    "final": "Done at Washington in duplicate, in the English and Russian languages, both texts being "
    "equally authentic.",
}
RU = {
    "preamble": "Участники, стремясь укрепить сотрудничество в таможенных делах, достигли следующего понимания:",
    "heading": "Сфера номер {n}",
    "body": "Пункт статьи {n}: участники обмениваются сведениями о грузах и перевозчиках. " * 14
    + "\n\nВторой абзац статьи {n} завершает её.",
    "final": "Совершено в Вашингтоне в двух экземплярах, каждый на английском и русском языках, оба текста "
    "имеют одинаковую силу.",
}
COUNTERPART_LOCAL = "Федеральная таможенная служба"


def _snapshot(*, is_draft: bool):
    return snapshot(
        texts={"en": EN, "ru": RU},
        articles=ARTICLES,
        is_draft=is_draft,
        counterpart_local=COUNTERPART_LOCAL,
    )


@pytest.fixture(scope="module")
def signed_pdf() -> bytes:
    """The signed layout of a six-article English/Russian agreement (several pages)."""
    return render.render(_snapshot(is_draft=False))


@pytest.fixture(scope="module")
def draft_pdf() -> bytes:
    """The same text as a draft."""
    return render.render(_snapshot(is_draft=True))


def test_every_article_in_every_language_with_preamble_and_final_clauses(signed_pdf):
    flat = squeeze(text(signed_pdf))
    for lang, words_ in (("en", EN), ("ru", RU)):
        assert squeeze(words_["preamble"]) in flat, lang
        assert squeeze(words_["final"]) in flat, lang
        for n in range(1, ARTICLES + 1):
            assert squeeze(words_["heading"].format(n=n)) in flat, (lang, n)
            # Every sentence of the body, not just its first words: nothing is cut off at a page break.
            for sentence in words_["body"].format(n=n).split("\n\n"):
                first = sentence.split(". ")[0]
                assert squeeze(first) in flat, (lang, n)
            assert flat.count(squeeze(words_["body"].format(n=n).split("\n\n")[1])) == 1, (lang, n)
        # The article numbers are written in each language's own words.
    for n in range(1, ARTICLES + 1):
        assert f"Article{n}{squeeze(EN['heading'].format(n=n))}" in flat
        assert f"Статья{n}{squeeze(RU['heading'].format(n=n))}" in flat


def test_two_languages_stand_side_by_side(signed_pdf):
    lines = text(signed_pdf, mode="-layout").splitlines()
    # In parallel columns the English and Russian of the same article share lines of the page.
    both = [line for line in lines if "Scope number 2" in line and "Сфера номер 2" in line]
    assert both, "article 2's English and Russian headings are not side by side"
    assert lines.index(both[0]) < next(i for i, line in enumerate(lines) if "Scope number 3" in line)


def test_title_page_names_both_parties_and_the_text(signed_pdf):
    first = words(page_texts(signed_pdf)[0])
    for expected in (
        "Memorandum of Understanding",
        "Memorandum on customs cooperation",
        "between U.S. Immigration and Customs Enforcement and Federal Customs Service",
        COUNTERPART_LOCAL,
        "Reference MOU-2026-0007",
        "Languages English, Russian",
        "version 4 of 2 March 2026",
        "Signed 27 March 2026",
    ):
        assert expected in first, expected
    # The title page carries no article: the text starts on the next page.
    assert "Scope number 1" not in first
    # Its lines are centred on the page (the type, "between", both parties), not set flush left.
    centre = 595.28 / 2
    title_words = [(w, x_min, x_max) for page, w, x_min, _y, x_max in bbox_words(signed_pdf) if page == 1]
    for word in ("Memorandum", "between", "and", "Федеральная"):
        x_min, x_max = next((x_min, x_max) for w, x_min, x_max in title_words if w == word)
        assert x_min > 100, word  # the left margin is at 57 pt: a flush-left line would start there
    between = next((x_min + x_max) / 2 for w, x_min, x_max in title_words if w == "between")
    assert between == pytest.approx(centre, abs=3)


def test_signature_blocks_show_names_titles_dates_and_places(signed_pdf):
    last = words(page_texts(signed_pdf)[-1])
    for expected in (
        # A non-binding instrument is signed for the agencies (the Participants), in each language.
        "For U.S. Immigration and Customs Enforcement:",
        "/s/ John Morton",
        "John Morton",
        "Director",
        "ICE",  # the signatory's organisation, under the title
        "26 March 2026, Washington",
        "26 марта 2026 г., Washington",
        "For Federal Customs Service:",
        f"За {COUNTERPART_LOCAL}:",
        "/s/ Elena Leonenko",
        "Deputy Head",
        "27 March 2026, Moscow",
        "27 марта 2026 г., Moscow",
    ):
        assert expected in last, expected
    assert "Government" not in last


@pytest.mark.parametrize("kind", ["signed", "draft"])
def test_footer_on_every_page_with_reference_page_of_pages_and_text_hash(kind, signed_pdf, draft_pdf):
    pdf = signed_pdf if kind == "signed" else draft_pdf
    pages = page_texts(pdf)
    total = page_count(pdf)
    assert total >= 4, "the sample should run over several pages"
    assert len(pages) == total == int(info(pdf)["Pages"])
    digest = _snapshot(is_draft=False).text_sha256
    for number, page in enumerate(pages, start=1):
        flat = words(page)
        assert f"MOU-2026-0007 · Page {number} of {total}" in flat, number
        assert f"SHA-256 of the text: {digest}" in flat, number


def test_pdf_a3_with_title_author_subject_and_keywords(signed_pdf):
    packet = xmp(signed_pdf)
    assert re.search(r"pdfaid:part(?:>|=\")3", packet), packet[:400]
    assert re.search(r"pdfaid:conformance(?:>|=\")B", packet), packet[:400]
    meta = info(signed_pdf)
    assert meta["Title"] == "MOU-2026-0007: Memorandum on customs cooperation"
    assert meta["Author"] == "U.S. Immigration and Customs Enforcement"
    assert (
        "Memorandum of Understanding between U.S. Immigration and Customs Enforcement and Federal Customs Service"
        in meta["Subject"]
    )
    assert "signed text, version 4" in meta["Subject"]
    assert meta["Keywords"].split(", ") == [
        "MOU-2026-0007",
        "Memorandum of Understanding",
        "RU",
        "Federal Customs Service",
        "signed",
    ]
    # What the verify page reads back from a file someone hands in (WeasyPrint writes the names in lower case).
    document_info = PdfReader(BytesIO(signed_pdf)).metadata
    assert document_info["/agreementreference"] == "MOU-2026-0007"
    assert document_info["/agreementversion"] == "4"
    assert document_info["/documentkind"] == "signed"
    assert "DRAFT" not in text(signed_pdf)


def test_draft_is_marked_on_every_page_and_carries_no_seal(draft_pdf):
    pages = page_texts(draft_pdf)
    for number, page in enumerate(pages, start=1):
        assert "DRAFT · version 4 of 2 March 2026 · not for signature" in words(page), number
    meta = info(draft_pdf)
    assert meta["Title"].endswith("(DRAFT, version 4)")
    assert "draft of version 4, not signed" in meta["Subject"]
    assert meta["Keywords"].endswith(", draft")
    assert PdfReader(BytesIO(draft_pdf)).metadata["/documentkind"] == "draft"
    # Not sealed: no signature at all, and no "/s/" mark of a signature having been made.
    assert PdfFileReader(BytesIO(draft_pdf), strict=False).embedded_signatures == []
    assert "/AcroForm" not in PdfReader(BytesIO(draft_pdf)).trailer["/Root"]
    assert "/s/" not in text(draft_pdf)


def test_the_same_snapshot_renders_to_the_same_bytes(signed_pdf):
    again = render.render(_snapshot(is_draft=False))
    assert again == signed_pdf
    # …and a different snapshot does not (the comparison can fail).
    assert render.render(snapshot(texts={"en": EN, "ru": RU}, articles=1)) != signed_pdf


def test_rendering_asks_the_fetcher_for_nothing_foreign():
    fetcher = AssetsOnly()
    render.render(_snapshot(is_draft=True), fetcher=fetcher)
    assert fetcher.refused == []
    assert all(url.startswith("https://assets.agreements.invalid/pdf/") for url in fetcher.served)

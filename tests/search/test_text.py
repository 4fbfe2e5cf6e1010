"""How a query is read and how an excerpt is cut: the same on both databases, whatever is typed."""

from __future__ import annotations

import pytest

from agreements.search.text import forms_in, parse, snippet, terms, too_long


def alternatives(q):
    return [[(p.words, p.excluded) for p in alt] for alt in parse(q).alternatives]


@pytest.mark.parametrize(
    ("q", "read"),
    [
        ("bank records", [[(("bank",), False), (("records",), False)]]),
        ('"bank records"', [[(("bank", "records"), False)]]),
        ('"bank records', [[(("bank", "records"), False)]]),  # a quote left open closes at the end
        ("fraud or smuggling", [[(("fraud",), False)], [(("smuggling",), False)]]),
        ("fraud -customs", [[(("fraud",), False), (("customs",), True)]]),
        ("fraud - customs", [[(("fraud",), False), (("customs",), True)]]),
        ('fraud -"bulk cash"', [[(("fraud",), False), (("bulk", "cash"), True)]]),
        ("MOU-2010-0001", [[(("mou", "2010", "0001"), False)]]),
        ("NEAR(a b)", [[(("near",), False), (("a",), False), (("b",), False)]]),
        ("e-mail", [[(("e", "mail"), False)]]),
        ("or fraud or", [[(("fraud",), False)]]),
        ("-customs", []),
        ("*** ((( )))", []),
        ("\u200finformation\u200e", [[(("information",), False)]]),
        ("Информацию", [[(("информацию",), False)]]),
    ],
)
def test_a_query_reads_as_a_web_search_box_reads_it(q, read):
    assert alternatives(q) == read


def test_what_is_too_long_says_so():
    assert too_long("x" * 500) is None
    assert "shorten it to at most 500" in too_long("x" * 501)
    assert "more than 32 words" in too_long(" ".join("w" for _ in range(33)))


def test_the_index_holds_stems_without_stop_words():
    assert terms("en", "The sharing of information") == "share inform"
    assert terms("ru", "обмен информацией и сведениями") == "обм информац сведен"
    assert terms("ja", "情報 の 共有") == "情報 の 共有"  # no stemmer: the words as written


def test_forms_are_those_of_the_texts_language():
    query = parse("banks")
    assert forms_in(query, "en") == {"banks", "bank"}
    assert "ban" not in forms_in(query, "en")


def test_the_excerpt_shows_the_words_found_in_context():
    text = " ".join(f"w{n}" for n in range(100)) + " bank records " + " ".join(f"v{n}" for n in range(100))
    cut = snippet(text, "en", parse("bank records"))
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "<mark>bank</mark> <mark>records</mark>" in cut
    assert len(str(cut).split()) < 40


def test_the_excerpt_is_escaped_and_keeps_the_closing_punctuation():
    cut = snippet('Say "<b>bank</b>" & go.', "en", parse("bank"))
    assert str(cut) == "Say &#34;&lt;b&gt;<mark>bank</mark>&lt;/b&gt;&#34; &amp; go."


def test_stop_words_are_not_marked():
    cut = snippet("The bank and the records.", "en", parse("the bank"))
    assert str(cut) == "The <mark>bank</mark> and the records."


def test_no_text_can_make_a_mark_of_the_sqlite_index():
    """The SQLite index marks each stem with its stemmer in private-use characters; what a text or a
    query holds of those is taken out before anything is indexed or asked."""
    from agreements.search.sqlite import MARKS, marked
    from agreements.search.text import clean

    forged = MARKS["russian"] + "bank " + "\ue123records"
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in clean(forged))
    assert marked("en", clean(forged)).split() == [MARKS["english"] + "bank", MARKS["english"] + "record"]
    assert len(set(MARKS.values())) == len(MARKS)  # one mark a stemmer

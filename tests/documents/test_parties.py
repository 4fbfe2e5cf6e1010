"""Who the document says the agreement is between, and where it was signed: the Governments of a binding
agreement (the Parties) and the agencies of a non-binding instrument (the Participants), named in every
language of the text; signature blocks in every language, their lines level; the testimonium's place and
date filled from the signature records on the signed document only."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from conftest import simple_text
from services.lifecycle import bring_to, designate_signatories, take

from agreements.db import db
from agreements.documents import render
from agreements.documents.snapshot import SignatureBlock
from agreements.services import documents, parties, versions

from .support import bbox_words, info, page_texts, snapshot, squeeze, text, words

US = "the Government of the United States of America"
ITALY = "the Government of the Italian Republic"
US_IT = "il Governo degli Stati Uniti d’America"
ITALY_IT = "il Governo della Repubblica Italiana"
TITLE_IT = "Accordo di mutua assistenza amministrativa in materia doganale"
TESTIMONIUM = {
    "en": "DONE at ________, on ________, in duplicate, in the English and Italian languages, both texts being "
    "equally authentic.",
    "it": "Fatto a ________, il ________, in due esemplari, nelle lingue inglese e italiana, entrambi i testi "
    "facenti ugualmente fede.",
}


def _customs_agreement(make_agreement, world):
    """A customs mutual assistance agreement with Italy, in English and Italian, its testimonium in blanks."""
    agreement = make_agreement(
        type="cmaa",
        country="IT",
        title="Agreement on mutual administrative assistance in customs matters",
        counterpart="Customs and Monopolies Agency",
        languages=["en", "it"],
        party_names={"counterpart": {"it": ITALY_IT}},
        title_translations={"it": TITLE_IT},
        with_text=False,
    )
    text_ = simple_text(("en", "it"))
    text_["final_clauses"] = dict(TESTIMONIUM)
    versions.save_version(world["pm"], agreement, text_)
    db.session.commit()
    return agreement


def _signed_pdf(agreement) -> bytes:
    """The bytes of the agreement's signed document, as stored at signature."""
    return documents.signed_document(agreement).content


def test_a_binding_agreement_is_between_the_governments_in_both_languages(world, make_agreement):
    agreement = bring_to(world, _customs_agreement(make_agreement, world), "signed")
    pdf = _signed_pdf(agreement)
    flat = squeeze(text(pdf))
    for name in (US, ITALY, US_IT, ITALY_IT, TITLE_IT):
        assert squeeze(name) in flat, name
    title_page = words(page_texts(pdf)[0])
    assert f"{TITLE_IT} between {US} and {ITALY}" in title_page
    assert "Executing authorities: U.S. Immigration and Customs Enforcement Customs and Monopolies Agency" in title_page
    # Each block headed in its column's language, for the Government in that language.
    for heading in (f"For {US}:", f"For {ITALY}:", f"Per {US_IT}:", f"Per {ITALY_IT}:"):
        assert squeeze(heading) in flat, heading
    assert "For ICE" not in flat and "ForU.S.Immigration" not in flat


def test_the_metadata_names_the_governments(world, make_agreement):
    agreement = bring_to(world, _customs_agreement(make_agreement, world), "signed")
    meta = info(_signed_pdf(agreement))
    number = agreement.current_version_number
    assert meta["Subject"] == (
        f"Customs Mutual Assistance Agreement between {US} and {ITALY}; signed text, version {number}"
    )
    assert ITALY in meta["Keywords"].split(", ")


def test_the_signed_text_has_the_place_and_date_of_signature_in_each_language(world, make_agreement):
    agreement = bring_to(world, _customs_agreement(make_agreement, world), "signed")
    pdf = _signed_pdf(agreement)
    flat = words(text(pdf))
    assert "DONE at Washington, on 26 March 2026, in duplicate" in flat
    assert "Fatto a Washington, il 26 marzo 2026, in due esemplari" in flat
    assert "____" not in flat
    # The text itself keeps its blanks, and its hash is the one cleared: filling them changed no text.
    row = documents.signed_document(agreement)
    assert agreement.current_version.final_clauses == TESTIMONIUM
    assert row.text_sha256 == agreement.cleared_hash == agreement.current_version.sha256
    assert json.loads(row.snapshot)["testimonium"]["it"] == {"place": "Washington", "date": "26 marzo 2026"}


def test_a_draft_keeps_the_blanks(world, make_agreement):
    agreement = bring_to(world, _customs_agreement(make_agreement, world), "signed")
    draft = documents.draft_pdf(world["pm"], agreement).content
    flat = squeeze(text(draft))
    assert squeeze(TESTIMONIUM["en"]) in flat and squeeze(TESTIMONIUM["it"]) in flat
    assert "Washington,on26March2026" not in flat


def test_signatures_on_different_days_in_different_places_give_both(world, make_agreement):
    agreement = bring_to(world, _customs_agreement(make_agreement, world), "awaiting_signature")
    designate_signatories(world, agreement, signed=True)
    parties.set_signatory(
        world["pm"],
        agreement,
        "counterpart",
        {"name": "Elena Leonenko", "title": "Director", "signed_on": "2026-03-30", "place": "Rome"},
    )
    db.session.commit()
    take(world, agreement, "sign", prepared=True)
    flat = words(text(_signed_pdf(agreement)))
    assert "DONE at Washington / Rome, on 26 March 2026 / 30 March 2026, in duplicate" in flat
    assert "Fatto a Washington / Rome, il 26 marzo 2026 / 30 marzo 2026, in due esemplari" in flat


def test_a_non_binding_instrument_is_between_the_agencies(world, make_agreement):
    local = "Следственный комитет Российской Федерации"
    agreement = bring_to(world, make_agreement(party_names={"counterpart": {"ru": local}}), "in_force")
    pdf = _signed_pdf(agreement)
    flat = words(text(pdf))
    assert "Government" not in flat and "Правительство" not in flat
    assert (
        "between U.S. Immigration and Customs Enforcement and Investigative Committee of the Russian Federation"
        in words(page_texts(pdf)[0])
    )
    assert squeeze("For Investigative Committee of the Russian Federation:") in squeeze(flat)
    assert squeeze(f"За {local}:") in squeeze(flat)
    assert "Executing authorities" not in flat
    assert info(pdf)["Subject"].startswith(
        "Memorandum of Understanding between U.S. Immigration and Customs Enforcement and Investigative Committee "
        "of the Russian Federation"
    )


def _marks(pdf: bytes) -> dict[tuple[int, float], list[float]]:
    """The "/s/" marks, by (page, height on the page): the x of each."""
    rows = defaultdict(list)
    for page, word, x_min, y_min, _x_max in bbox_words(pdf):
        if word == "/s/":
            rows[(page, round(y_min, 1))].append(x_min)
    return rows


LONG_IT = (
    "il Governo degli Stati Uniti d’America, rappresentato dal Dipartimento della Sicurezza Interna e dai suoi uffici"
)


def _binding(languages, **overrides):
    """A signed binding snapshot in ``languages``, our Government's Italian name long enough to wrap."""
    codes = [code for code, _name, _dir in languages]
    return snapshot(
        languages,
        is_binding=True,
        type_name="Customs Mutual Assistance Agreement",
        parties={
            "us": {"en": US, "it": LONG_IT, "es": "el Gobierno de los Estados Unidos de América"},
            "counterpart": {"en": ITALY, "it": ITALY_IT, "es": "el Gobierno de la República Italiana"},
        },
        titles={"en": "Agreement", "it": TITLE_IT, "es": "Acuerdo"},
        signatures=(
            SignatureBlock("us", "ICE", "John Morton", "Director", dt.date(2026, 3, 26), "Washington"),
            SignatureBlock("counterpart", "", "Elena Leonenko", "Director", dt.date(2026, 3, 26), "Washington"),
        ),
        articles=1,
        **{"final_clauses": {code: "Done." for code in codes}, **overrides},
    )


def test_side_by_side_the_lines_stay_level_when_one_heading_wraps_longer():
    pdf = render.render(_binding((("en", "English", "ltr"), ("it", "Italian", "ltr"))))
    assert squeeze(f"Per {LONG_IT}:") in squeeze(text(pdf))
    rows = _marks(pdf)
    # Two rows of marks (one per side), each with the English and the Italian column's mark on it.
    assert sorted(len(xs) for xs in rows.values()) == [2, 2], rows
    for xs in rows.values():
        assert min(xs) < 300 < max(xs)  # one in each column


def test_three_languages_each_have_both_blocks_with_level_lines():
    languages = (("en", "English", "ltr"), ("es", "Spanish", "ltr"), ("it", "Italian", "ltr"))
    pdf = render.render(_binding(languages))
    pages = [squeeze(page) for page in page_texts(pdf)]
    for heading in (f"For {US}:", f"For {ITALY}:", "Por el Gobierno de la República Italiana:", f"Per {LONG_IT}:"):
        assert any(squeeze(heading) in page for page in pages), heading
    rows = _marks(pdf)
    # One row per language, each with both sides' marks on the same line.
    assert sorted(len(xs) for xs in rows.values()) == [2, 2, 2], rows


def test_the_blocks_are_rows_of_one_table():
    html = render.to_html(_binding((("en", "English", "ltr"), ("it", "Italian", "ltr"))))
    assert html.count('<tr class="part-line">') == 2  # one per side
    assert html.count('<tr class="part-for">') == 2
    row = html.split('<tr class="part-for">')[1].split("</tr>")[0]
    assert 'lang="en"' in row and 'lang="it"' in row
    # The signatory's organisation, in small type under the title, for the side that gave one.
    assert '<tr class="part-organisation">' in html and ">ICE</td>" in html


def test_the_testimonium_values_are_escaped():
    pdf_html = render.to_html(
        _binding(
            (("en", "English", "ltr"),),
            final_clauses={"en": "DONE at ____, on ____."},
            testimonium={"en": {"place": "<b>Rome</b>", "date": "1 May 2026"}},
        )
    )
    assert "DONE at &lt;b&gt;Rome&lt;/b&gt;, on 1 May 2026." in pdf_html

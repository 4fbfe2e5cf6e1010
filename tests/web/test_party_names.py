"""The agreement page names the two sides in every language of the text: the Parties (the Governments)
of a binding agreement, the Participants (the agencies) of a non-binding instrument."""

from __future__ import annotations

from webtools import signed_in, visible_text


def test_a_binding_agreement_shows_the_parties_in_each_language(app, world, make_agreement):
    agreement = make_agreement(
        type="cmaa",
        country="IT",
        counterpart="Customs and Monopolies Agency",
        languages=["en", "it"],
        party_names={"counterpart": {"it": "il Governo della Repubblica Italiana"}},
    )
    page = visible_text(signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}"))
    assert (
        "The Parties The Government of the United States of America (English) "
        "Il Governo degli Stati Uniti d’America (Italian) "
        "The Government of the Italian Republic (English) Il Governo della Repubblica Italiana (Italian)"
    ) in page
    assert "The Participants" not in page


def test_a_non_binding_instrument_shows_the_participants(app, world, make_agreement):
    local = "Следственный комитет Российской Федерации"
    agreement = make_agreement(party_names={"counterpart": {"ru": local}})
    page = visible_text(signed_in(app, world["moscow"]).get(f"/agreements/{agreement.id}"))
    assert "The Participants U.S. Immigration and Customs Enforcement (English)" in page
    # Nobody gave our agency's name in Russian: the page says so (the documents use the English one).
    assert "not named yet (Russian)" in page
    assert f"Investigative Committee of the Russian Federation (English) {local} (Russian)" in page
    assert "The Parties" not in page

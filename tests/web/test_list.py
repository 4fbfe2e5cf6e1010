"""The agreements list: what each person sees, the filters, the pages, and what it says when empty."""

from __future__ import annotations

import re

from webtools import (
    fire,
    signed_in,
    visible_text,
)

from agreements.db import db
from agreements.services import agreements


def _references(response) -> list[str]:
    """The references listed on the page, in order."""
    return re.findall(r'class="reference">([A-Z]+-\d{4}-\d{4})<', response.get_data(as_text=True))


def test_each_row_shows_the_facts_a_reader_scans_for(app, world, make_agreement):
    agreement = make_agreement(title="MOU on child exploitation cases")
    client = signed_in(app, world["la"])
    page = visible_text(client.get("/agreements"))
    for expected in (
        agreement.reference,
        "MOU on child exploitation cases",
        "MOU",
        "Investigative Committee of the Russian Federation",
        "RU",
        "Drafting",
        "UTC",
    ):
        assert expected in page
    assert "1 agreement" in page


def test_an_attache_sees_only_the_countries_of_the_office(app, world, make_agreement):
    russian = make_agreement(country="RU")
    mexican = make_agreement(country="MX", counterpart="Fiscalía General de la República", languages=["en", "es"])
    moscow = _references(signed_in(app, world["moscow"]).get("/"))
    mexico = _references(signed_in(app, world["mexico"]).get("/"))
    manager = _references(signed_in(app, world["pm"]).get("/agreements"))
    assert moscow == [russian.reference]
    assert mexico == [mexican.reference]
    assert sorted(manager) == sorted([russian.reference, mexican.reference])


def test_filters_by_state_type_and_country(app, world, make_agreement):
    drafted = make_agreement(type="mou")
    submitted = make_agreement(type="mou")
    fire(world["pm"], submitted, "submit_for_review")
    binding = make_agreement(
        type="cmaa", country="MX", counterpart="Agencia Nacional de Aduanas", languages=["en", "es"]
    )
    client = signed_in(app, world["pm"])

    assert _references(client.get("/?state=legal_review")) == [submitted.reference]
    assert _references(client.get("/?type=cmaa")) == [binding.reference]
    assert sorted(_references(client.get("/?country=ru"))) == sorted([drafted.reference, submitted.reference])
    assert _references(client.get("/?state=drafting&type=mou&country=RU")) == [drafted.reference]
    page = client.get("/?state=legal_review").get_data(as_text=True)
    assert 'value="legal_review" checked' in page


def test_a_filter_that_matches_nothing_says_how_to_clear_it(app, world, make_agreement):
    make_agreement()
    response = signed_in(app, world["pm"]).get("/?state=terminated")
    page = visible_text(response)
    assert "No agreements match these filters" in page
    assert "Clear the filters" in page


def test_an_empty_list_says_what_to_do(app, world):
    assert "Open the first agreement" in visible_text(signed_in(app, world["pm"]).get("/agreements"))
    legal = visible_text(signed_in(app, world["la"]).get("/agreements"))
    assert "No agreements are open to you yet" in legal
    assert "Open the first agreement" not in legal


def test_a_wrong_filter_is_named_not_a_crash(app, world):
    response = signed_in(app, world["pm"]).get("/?state=lost&country=Atlantis")
    assert response.status_code == 422
    page = visible_text(response)
    assert "Unknown state 'lost'" in page
    assert 'No country is called "Atlantis"' in page


def test_pages_of_the_list_with_links_keeping_the_filters(app, world):
    app.config["PAGE_SIZE"] = 2
    made = [
        agreements.create_agreement(
            world["pm"], {"type": "loi", "title": f"Letter {n}", "counterpart": "Policía Nacional", "country": "CO"}
        )
        for n in range(5)
    ]
    db.session.commit()
    client = signed_in(app, world["pm"])
    first = client.get("/agreements?type=loi")
    assert "Showing 1–2 of 5 agreements" in visible_text(first)
    assert _references(first) == [made[4].reference, made[3].reference]
    html = first.get_data(as_text=True)
    assert 'href="/agreements?page=2&amp;type=loi"' in html
    assert 'rel="next"' in html
    last = client.get("/agreements?type=loi&page=3")
    assert _references(last) == [made[0].reference]
    assert 'rel="prev"' in last.get_data(as_text=True)
    beyond = client.get("/agreements?type=loi&page=9")
    assert "past the end of the list" in visible_text(beyond)
    assert _references(client.get("/agreements?type=loi&page=abc")) == [made[4].reference, made[3].reference]

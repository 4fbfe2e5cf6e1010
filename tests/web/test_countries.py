"""A country's page and the attaché's home page: what is in force with a country comes first, and an
attaché sees nothing of the countries their office does not cover, not even that a page exists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from services.lifecycle import bring_to
from webtools import signed_in, visible_text

from agreements.db import db
from agreements.models import Contact


def add_contact(agreement, name: str, phone: str, party: str = "counterpart") -> None:
    """One point of contact, as the contacts form keeps it."""
    db.session.add(
        Contact(
            agreement_id=agreement.id,
            party=party,
            position=0,
            name=name,
            title="Liaison officer",
            phone=phone,
            email="",
            office="",
            languages=["en"],
            confirmed_on=dt.date(2026, 11, 3),
        )
    )
    db.session.commit()


@pytest.fixture
def russia(world, make_agreement):
    """Agreements with Russia in every kind of state, opened in an order that is not the page's."""
    made = {
        "ended": bring_to(world, make_agreement(title="Withdrawn memorandum"), "withdrawn"),
        "draft": make_agreement(title="Draft memorandum"),
        "in_force": bring_to(world, make_agreement(title="Memorandum in force", areas=["cyber_crime"]), "in_force"),
        "awaiting": bring_to(world, make_agreement(title="Memorandum awaiting signature"), "awaiting_signature"),
    }
    add_contact(made["in_force"], "Elena Leonenko", "+7 (495) 986-12-34")
    return made


@pytest.fixture
def mexico(world, make_agreement):
    """A memorandum with Mexico in force: no business of the Moscow office."""
    agreement = make_agreement(country="MX", counterpart="Fiscalía General de la República", title="Mexican memo")
    bring_to(world, agreement, "in_force")
    add_contact(agreement, "Rosa Fiscal", "+52 55 5346 0000")
    return agreement


# --- the address ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("asked", ["russia", "ru", "Russia", "Russian Federation", "RUSSIA"])
def test_a_country_by_name_or_lower_case_code_is_sent_on_to_its_code(app, world, asked):
    response = signed_in(app, world["moscow"]).get(f"/countries/{asked}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/countries/RU"


@pytest.mark.parametrize("asked", ["narnia", "ZZ", "zz", "R", "RUS1", "x" * 300])
def test_no_such_country_is_not_found(app, world, asked):
    assert signed_in(app, world["pm"]).get(f"/countries/{asked}").status_code == 404


@pytest.mark.parametrize("asked", ["MX", "mexico", "mx", "México"])
def test_a_country_the_office_does_not_cover_is_not_found_exactly_like_no_country(app, world, mexico, asked):
    browser = signed_in(app, world["moscow"])
    response = browser.get(f"/countries/{asked}")
    assert response.status_code == 404  # not even sent on to /countries/MX first
    assert visible_text(response) == visible_text(browser.get("/countries/narnia"))
    assert "Mexican memo" not in response.get_data(as_text=True)
    assert signed_in(app, world["mexico"]).get("/countries/MX").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(app, world):
    response = app.test_client().get("/countries/RU")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


# --- what it lists ----------------------------------------------------------------------------------------
def test_in_force_first_then_signed_or_awaiting_then_drafts_then_ended(app, world, russia, mexico):
    response = signed_in(app, world["moscow"]).get("/countries/RU")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Agreements with Russian Federation" in text
    titles = ["Memorandum in force", "Memorandum awaiting signature", "Draft memorandum", "Withdrawn memorandum"]
    assert sorted(titles, key=text.index) == titles
    groups = [
        "In force or in effect (1)",
        "Signed or awaiting signature (1)",
        "Drafts and negotiations (1)",
        "Ended (1)",
    ]
    assert sorted(groups, key=text.index) == groups
    assert "Mexican memo" not in text and "Rosa Fiscal" not in text


def test_each_agreement_shows_its_facts_and_contacts_and_leads_to_its_terms(app, world, russia):
    agreement = russia["in_force"]
    html = signed_in(app, world["moscow"]).get("/countries/RU").get_data(as_text=True)
    card = html[html.index(agreement.reference) : html.index("Memorandum awaiting signature")]
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert f'href="/agreements/{agreement.id}/terms">Memorandum in force</a>' in card
    # A memorandum is non-binding: it came into effect and is in effect, never "in force".
    assert "MOU" in text and "In effect" in text and "In force" not in text
    assert "Investigative Committee of the Russian Federation" in text
    assert f"Came into effect {agreement.in_force_on.day} {agreement.in_force_on:%B %Y}" in text
    assert "Expires No expiry" in text
    assert "Cyber crime" in text
    assert "Elena Leonenko" in text and 'href="tel:+74959861234"' in card
    for other in ("awaiting", "draft", "ended"):
        assert f'href="/agreements/{russia[other].id}/terms"' in html


def test_program_managers_see_any_country_and_an_empty_one_says_so(app, world, russia, mexico):
    browser = signed_in(app, world["pm"])
    assert "Mexican memo" in visible_text(browser.get("/countries/MX"))
    assert "Memorandum in force" not in visible_text(browser.get("/countries/MX"))
    empty = browser.get("/countries/FR")
    assert empty.status_code == 200
    assert "No agreements with France are open to you." in visible_text(empty)


def test_markup_in_a_title_is_shown_as_text(app, world, make_agreement):
    make_agreement(title="<script>alert(1)</script> memo")
    response = signed_in(app, world["moscow"]).get("/countries/RU")
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert "<script>alert(1)</script> memo" in visible_text(response)


# --- the attaché's home page ------------------------------------------------------------------------------
def test_the_attache_home_page_leads_with_what_is_in_force_for_their_country(app, world, russia, mexico):
    response = signed_in(app, world["moscow"]).get("/")
    html, text = response.get_data(as_text=True), visible_text(response)
    assert response.status_code == 200
    block = html[html.index("In force or in effect for Russian Federation") : html.index("All agreements open to you")]
    assert f'href="/agreements/{russia["in_force"].id}/terms">Memorandum in force</a>' in block
    assert 'href="/countries/RU"' in block
    assert "Elena Leonenko" in block and 'href="tel:+74959861234"' in block
    for other in ("awaiting", "draft", "ended"):
        assert russia[other].title not in block
    # Before the full list, which still lists everything open to the attaché.
    assert html.index("In force or in effect for Russian Federation") < html.index('class="filters"')
    assert text.index("Memorandum in force") < text.index("Draft memorandum")
    # Nothing of Mexico anywhere.
    assert "Mexican memo" not in text and "Mexico" not in text and "Rosa Fiscal" not in text


def test_an_attache_with_nothing_in_force_is_told_so(app, world, make_agreement):
    make_agreement(title="Draft memorandum")
    text = visible_text(signed_in(app, world["moscow"]).get("/"))
    assert "In force or in effect for Russian Federation" in text
    assert "No agreement with Russian Federation is in force or in effect." in text
    assert "Every agreement with Russian Federation" in text


@pytest.mark.parametrize("who", ["pm", "la"])
def test_program_managers_and_legal_advisors_see_the_list_as_before(app, world, russia, mexico, who):
    text = visible_text(signed_in(app, world[who]).get("/agreements"))  # "/" is their queue or dashboard
    assert "In force or in effect for" not in text and "All agreements open to you" not in text
    assert "Mexican memo" in text and "Memorandum in force" in text


def test_a_filtered_list_is_not_preceded_by_what_is_in_force(app, world, russia):
    text = visible_text(signed_in(app, world["moscow"]).get("/?state=drafting"))
    assert "In force or in effect for" not in text

"""A country is asked for by name or by code alike: opening, changing and listing agreements."""

from __future__ import annotations

import pytest

from agreements.db import db
from agreements.errors import InvalidInput, PermissionDenied
from agreements.services.agreements import create_agreement, list_agreements, update_facts, validate_facts

ATLANTIS = 'No country is called "Atlantis"; give its name or its two-letter code, e.g. Russia or RU.'


def _facts(country) -> dict:
    return {"type": "mou", "title": "A memorandum", "counterpart": "Investigative Committee", "country": country}


@pytest.mark.parametrize(
    ("given", "code"),
    [("Russia", "RU"), ("RU", "RU"), ("ru", "RU"), ("russia", "RU"), ("Russian Federation", "RU"), ("México", "MX")],
)
def test_the_facts_take_a_country_by_name_or_code(given, code):
    assert validate_facts(_facts(given), creating=True)["country"] == code


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("Atlantis", ATLANTIS),
        ("", "Give the country: its name or its two-letter code, e.g. Russia or RU."),
        (None, "Give the country: its name or its two-letter code, e.g. Russia or RU."),
        ("XX", 'Unknown country code "XX"; give the country\'s name or its two-letter code, e.g. Russia or RU.'),
        ("zz", 'Unknown country code "ZZ"; give the country\'s name or its two-letter code, e.g. Russia or RU.'),
    ],
)
def test_an_unknown_country_is_named_in_the_message(given, message):
    with pytest.raises(InvalidInput) as raised:
        validate_facts(_facts(given), creating=True)
    assert raised.value.errors["country"] == message


def test_an_agreement_opened_for_russia_by_name_is_stored_as_ru(world):
    agreement = create_agreement(world["moscow"], _facts("Russia"))
    db.session.commit()
    assert agreement.country == "RU" and agreement.office.code == "MOW"


def test_an_attache_cannot_open_one_for_another_country_by_its_name_either(world):
    with pytest.raises(PermissionDenied) as raised:
        create_agreement(world["moscow"], _facts("Mexico"))
    assert "MX" in raised.value.detail


def test_the_facts_change_to_a_country_given_by_name(world, make_agreement):
    agreement = make_agreement(country="RU")
    update_facts(world["pm"], agreement, {"country": "Mexico"})
    db.session.commit()
    assert agreement.country == "MX"


@pytest.mark.parametrize("given", ["Russia", "RU", "ru", "russia", " Russian Federation "])
def test_the_list_filters_by_name_or_code(world, make_agreement, given):
    russian = make_agreement(country="RU")
    make_agreement(country="MX", counterpart="Fiscalía General de la República", languages=["en", "es"])
    page = list_agreements(world["pm"], country=given)
    assert [a.reference for a in page.items] == [russian.reference]


def test_the_list_names_an_unknown_country(world):
    with pytest.raises(InvalidInput) as raised:
        list_agreements(world["pm"], country="Atlantis")
    assert raised.value.errors == {"country": ATLANTIS}

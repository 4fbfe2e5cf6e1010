"""Model texts: each type's standard articles, binding or non-binding wording, saved as version 1."""

from __future__ import annotations

import pytest

from agreements.db import db
from agreements.errors import Conflict, PermissionDenied
from agreements.services import lint, versions
from agreements.services.model_texts import NOTE, model_text, start_from_model

MEMORANDUM_HEADINGS = [
    "Participants",
    "Purpose",
    "Areas of cooperation",
    "Forms of cooperation",
    "Points of contact",
    "Use and confidentiality of information",
    "Costs",
    "Relationship to domestic law",
    "Settlement of differences",
    "Coming into effect",
    "Duration",
    "Amendment",
    "Discontinuation",
    "Languages",
]
CMAA_HEADINGS = [
    "Definitions",
    "Scope of assistance",
    "Information exchange",
    "Special assistance",
    "Confidentiality",
    "Exceptions",
    "Costs",
    "Designated officials",
    "Entry into force and termination",
]


def _words(text: dict) -> str:
    """Everything the English text says, in one string."""
    parts = [text["preamble"]["en"], text["final_clauses"]["en"]]
    parts += [a["heading"]["en"] + " " + a["body"]["en"] for a in text["articles"]]
    return " ".join(parts)


@pytest.mark.parametrize("type_key", ["mou", "moc"])
def test_a_memorandum_has_the_standard_articles_in_non_binding_wording(make_agreement, type_key):
    agreement = make_agreement(type=type_key, with_text=False, areas=["child_exploitation", "cyber_crime"])
    text = model_text(agreement)
    assert [a["heading"]["en"] for a in text["articles"]] == MEMORANDUM_HEADINGS
    assert [a["number"] for a in text["articles"]] == [str(n) for n in range(1, 15)]
    words = _words(text)
    assert "and Investigative Committee of the Russian Federation, hereinafter" in words
    assert "of the Russian Federation of the Russian Federation" not in words
    assert "child exploitation; cyber crime" in words
    assert "in the English and Russian languages, both texts being equally valid" in words
    assert "will come into effect" in words and "subject to the availability of appropriated funds" in words
    for binding in ("shall", "Parties", "enter into force", "equally authentic"):
        assert binding not in words


def test_a_customs_mutual_assistance_agreement_speaks_as_a_binding_agreement(make_agreement):
    agreement = make_agreement(type="cmaa", country="MX", languages=["en", "es"], with_text=False)
    text = model_text(agreement)
    assert [a["heading"]["en"] for a in text["articles"]] == CMAA_HEADINGS
    words = _words(text)
    assert 'hereinafter referred to as "the Parties"' in words
    assert "shall enter into force" in words
    assert "in the English and Spanish languages, both texts being equally authentic" in words
    assert "Government of the United Mexican States" in words
    assert "and, for the United Mexican States, Investigative Committee" in words
    assert "Participant" not in words


def test_a_letter_of_intent_is_short_and_non_binding(make_agreement):
    agreement = make_agreement(type="loi", with_text=False, languages=["en"])
    text = model_text(agreement)
    assert [a["heading"]["en"] for a in text["articles"]] == [
        "Purpose",
        "Intent",
        "Points of contact",
        "Nature of this Letter",
    ]
    assert "in the English language, both texts being equally valid" in text["final_clauses"]["en"]
    assert "[areas of cooperation]" in text["articles"][0]["body"]["en"]


@pytest.mark.parametrize("type_key", ["mou", "moc", "loi"])
def test_the_non_binding_models_pass_their_own_wording_check(make_agreement, type_key):
    agreement = make_agreement(type=type_key, with_text=False, title="Memorandum on cooperation")
    version = start_from_model(agreement.created_by, agreement)
    assert lint.lint_text(agreement, version) == []


def test_starting_from_the_model_saves_version_one_in_english_only(world, make_agreement):
    agreement = make_agreement(with_text=False)
    version = start_from_model(world["moscow"], agreement)
    db.session.commit()
    assert version.number == 1 and agreement.current_version_number == 1
    assert version.note == NOTE
    assert version.author.email == "moscow@agreements.test"
    assert all(set(a["body"]) == {"en"} for a in version.articles)
    assert version.sha256 == versions.text_hash(version.preamble, version.articles, version.final_clauses)


def test_the_model_is_offered_only_for_a_first_version(world, make_agreement):
    agreement = make_agreement()
    with pytest.raises(Conflict, match="already has a text"):
        start_from_model(world["pm"], agreement)
    assert agreement.current_version_number == 1


def test_only_drafters_start_a_text(world, make_agreement):
    agreement = make_agreement(with_text=False)
    with pytest.raises(PermissionDenied):
        start_from_model(world["la"], agreement)

"""Characters typed text may not hold, and codes that must be real: each refusal names the field as its form
labels it, in the one place the pages, the API and the command line all go through."""

from __future__ import annotations

import pytest
from conftest import simple_text

from agreements.db import db
from agreements.errors import InvalidInput
from agreements.models import Agreement, NegotiationRound, ReviewComment, Signatory, User
from agreements.services import agreements, comments, contacts, parties, rounds, transitions, users
from agreements.services.characters import BIDI_CONTROLS, name_problem, text_problem, without_refused
from agreements.services.taxonomy import LANGUAGES, RTL_LANGUAGES, country_problem, is_country, is_language

GOOD = {"type": "mou", "title": "Memorandum on customs fraud", "counterpart": "Agency", "country": "RU"}
ARABIC_TITLE = "مذكرة تفاهم بشأن التعاون في مجال إنفاذ القانون"


def _refusal(call) -> InvalidInput:
    """The InvalidInput the call raises (never a database error), with nothing left in the session."""
    with pytest.raises(InvalidInput) as raised:
        call()
    db.session.rollback()
    return raised.value


# --- the characters ----------------------------------------------------------------------------------
def test_a_nul_is_refused_in_any_text_and_named_by_its_label():
    assert text_problem("Title", "a\x00b") == (
        "Title contains a NUL character (U+0000), which no text may hold: remove it."
    )
    assert text_problem("Title", "a\u202eb") is None  # free text may hold a direction control
    assert text_problem("Title", None) is None


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_embedding_override_and_isolate_control_is_refused_in_a_name(control):
    problem = name_problem("Full name", f"Rita {control}Rossi")
    assert problem.startswith(f"Full name contains the invisible direction control U+{ord(control):04X} (")


@pytest.mark.parametrize(
    "text",
    [ARABIC_TITLE, "הסכם שיתוף פעולה", "Agreement \u200f(ملحق)\u200e", "Servicio de Administración Tributaria"],
)
def test_arabic_hebrew_and_the_direction_marks_are_names(text):
    assert name_problem("Title", text) is None


def test_what_is_shown_again_loses_only_the_characters_refused():
    assert without_refused("Rita\x00 \u202eRossi") == "Rita \u202eRossi"
    assert without_refused("Rita\x00 \u202eRossi", is_name=True) == "Rita Rossi"
    assert without_refused({"ar": "\u2067عنوان\u2069\x00"}, is_name=True) == {"ar": "عنوان"}
    assert without_refused(["ru\x00", 3, None]) == ["ru", 3, None]


# --- the codes -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "es", "ru", "zh", "ar", "fr", "it", "ja", "zh-Hant", "sr-Latn", "fil"])
def test_real_languages_are_languages(code):
    assert is_language(code)


@pytest.mark.parametrize("code", ["xx", "qq", "xx-Latn", "EN", "e$", "english", "", None, "en\n"])
def test_made_up_languages_are_not(code):
    assert not is_language(code)


def test_every_language_the_forms_offer_and_the_pages_write_right_to_left_is_real():
    assert all(is_language(code) for code in [*LANGUAGES, *RTL_LANGUAGES])


def test_a_country_is_an_iso_3166_code():
    assert is_country("RU") and is_country("MX") and is_country("AE")
    assert country_problem("ZZ") == 'Unknown country code "ZZ"; give ISO 3166 two-letter codes such as RU or MX.'
    assert not is_country("ru") and not is_country("Italy")


@pytest.mark.parametrize(
    ("languages", "words"),
    [
        (["xx", "qq"], ['Unknown language code "xx"', 'unknown language code "qq"', "ISO 639"]),
        (["en", "xx-Latn"], ['Unknown language code "xx-Latn"']),
        (["en", "e$"], ["'e$' is not a language code"]),
    ],
)
def test_an_agreement_s_languages_name_the_entry_that_is_wrong(world, languages, words):
    error = _refusal(lambda: agreements.create_agreement(world["pm"], {**GOOD, "languages": languages}))
    for word in words:
        assert word in error.errors["languages"]


def test_a_tag_is_checked_by_its_primary_subtag(world):
    agreement = agreements.create_agreement(world["pm"], {**GOOD, "country": "CN", "languages": ["en", "zh-Hant"]})
    assert agreement.languages == ["en", "zh-Hant"]


def test_an_unknown_country_code_is_named_as_a_code(world):
    error = _refusal(lambda: agreements.create_agreement(world["pm"], {**GOOD, "country": "ZZ"}))
    assert error.errors["country"].startswith('Unknown country code "ZZ"')


def test_an_office_covers_real_countries_only(world):
    error = _refusal(lambda: users.create_office("ZZZ", "Nowhere", ["RU", "ZZ"]))
    assert error.errors["covers"].startswith('Unknown country code "ZZ"')


def test_a_contact_s_languages_are_real_ones(world, make_agreement):
    agreement = make_agreement()
    error = _refusal(lambda: contacts.set_contacts(world["pm"], agreement, "us", [{"name": "A", "languages": ["xx"]}]))
    assert 'Unknown language code "xx"' in error.detail


# --- every service a form reaches, on either database ------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Memorandum\x00", "Title contains a NUL character"),
        ("title", "Memorandum \u202eon fraud", "Title contains the invisible direction control U+202E"),
        ("counterpart", "Agency\x00", "Counterpart agency contains a NUL character"),
        ("counterpart", "\u2066Agency\u2069", "Counterpart agency contains the invisible direction control U+2066"),
        ("counterpart_local", "Агентство\x00", "Counterpart agency in its own language contains a NUL"),
        ("counterpart_local", "Агентство\u202b", "Counterpart agency in its own language contains the invisible"),
        ("counterpart_acronym", "AG\u202d", "The counterpart's acronym contains the invisible direction control"),
        ("country", "R\x00U", "Country contains a NUL character"),
        ("languages", ["en", "ru\x00"], "Languages contains a NUL character"),
        ("areas", ["training\x00"], "Areas of cooperation contains a NUL character"),
        ("office", "MOW\x00", "Responsible attaché office contains a NUL character"),
        ("type", "mou\x00", "Type contains a NUL character"),
        ("title_translations", {"ru": "Меморандум\x00"}, "Title in Russian contains a NUL character"),
        ("title_translations", {"ru": "\u202eМеморандум"}, "Title in Russian contains the invisible direction"),
        ("party_names", {"counterpart": {"ru": "Сторона\x00"}}, "The counterpart in Russian contains a NUL"),
        ("party_names", {"us": {"en": "\u202eUS"}}, "Our side in English contains the invisible direction"),
    ],
)
def test_opening_an_agreement_refuses_the_characters_a_field_may_not_hold(world, field, value, message):
    fields = {**GOOD, "languages": ["en", "ru"], field: value}
    error = _refusal(lambda: agreements.create_agreement(world["pm"], fields))
    assert error.errors[field].startswith(message), error.errors
    assert "\x00" not in error.detail
    assert db.session.scalar(db.select(db.func.count()).select_from(Agreement)) == 0


def test_changing_the_facts_refuses_them_too_and_keeps_an_arabic_title(world, make_agreement):
    agreement = make_agreement(country="AE", languages=["en", "ar"])
    error = _refusal(lambda: agreements.update_facts(world["pm"], agreement, {"title": "MOU\x00"}))
    assert error.errors == {"title": "Title contains a NUL character (U+0000), which no text may hold: remove it."}
    agreements.update_facts(world["pm"], agreement, {"title_translations": {"ar": ARABIC_TITLE}})
    db.session.commit()
    assert db.session.get(Agreement, agreement.id).title_translations == {"ar": ARABIC_TITLE}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Rita\x00 Rossi"}, "name", "Full name contains a NUL character"),
        ({"name": "Rita \u202eissoR"}, "name", "Full name contains the invisible direction control U+202E"),
        ({"email": "rita\x00@agreements.test"}, "email", "Email contains a NUL character"),
        ({"office_code": "MOW\x00"}, "office", "Office contains a NUL character"),
        ({"password": "correct horse\x00"}, "password", "Password contains a NUL character"),
    ],
)
def test_a_new_user_s_texts_are_refused_before_anything_is_looked_up(world, fields, field, message):
    given = {"email": "rita@agreements.test", "role": "attache", "office_code": "MOW", "name": "Rita Rossi", **fields}
    error = _refusal(lambda: users.create_user(**given))
    assert error.errors[field].startswith(message)
    assert db.session.scalar(db.select(User).where(User.email == "rita@agreements.test")) is None


def test_signing_in_with_a_nul_in_the_email_is_a_wrong_email(world):
    assert users.authenticate("pm@agreements.test\x00", "correct horse battery") is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Elena\x00"}, "name", "Name contains a NUL character"),
        ({"name": "Elena \u2067Leonenko"}, "name", "Name contains the invisible direction control U+2067"),
        ({"title": "Deputy \u202eHead"}, "title", "Title contains the invisible direction control"),
        ({"organisation": "Committee\x00"}, "organisation", "Organisation contains a NUL"),
        ({"place": "Washington\x00"}, "place", "Place of signature contains a NUL"),
        ({"signed_on": "2010-03-26\x00"}, "signed_on", "Signed on contains a NUL"),
    ],
)
def test_a_signatory_s_texts_are_refused(world, make_agreement, fields, field, message):
    agreement = make_agreement()
    given = {"name": "Elena Leonenko", "title": "Deputy Head", **fields}
    error = _refusal(lambda: parties.set_signatory(world["pm"], agreement, "counterpart", given))
    assert error.errors[field].startswith(message)
    assert db.session.scalar(db.select(db.func.count()).select_from(Signatory)) == 0


def test_a_signatory_s_place_may_hold_a_direction_control(world, make_agreement):
    agreement = make_agreement()
    given = {"name": "Elena Leonenko", "title": "Deputy Head", "place": "Abu Dhabi \u2067أبوظبي\u2069"}
    assert parties.set_signatory(world["pm"], agreement, "counterpart", given).place.startswith("Abu Dhabi")


def test_an_authority_s_texts_are_refused(world, make_agreement):
    agreement = make_agreement(type="cmaa")
    given = {
        "kind": "negotiate",
        "reference": "C175-2026-12\x00",
        "granted_by": "A. Official",
        "granted_by_title": "Assistant Secretary",
        "granted_on": "2026-01-05",
    }
    error = _refusal(lambda: parties.record_authority(world["pm"], agreement, given))
    assert error.errors["reference"].startswith("Reference contains a NUL character")


@pytest.mark.parametrize(
    ("field", "label"),
    [("summary", "Summary"), ("participants", "Participants"), ("place", "Place"), ("held_on", "Held on")],
)
def test_a_round_s_texts_are_refused(world, make_agreement, field, label):
    agreement = make_agreement()
    for trigger, who in (("submit_for_review", "pm"), ("clear_for_negotiation", "la")):
        transitions.fire_transition(world[who], agreement.id, trigger)
    db.session.commit()
    given = {"held_on": "2026-10-14", "format": "in_person", "place": "Moscow", "summary": "Agreed on article 1."}
    given[field] = given.get(field, "") + "\x00"
    error = _refusal(lambda: rounds.record_round(world["moscow"], agreement, given))
    assert error.errors[field].startswith(f"{label} contains a NUL character")
    assert db.session.scalar(db.select(db.func.count()).select_from(NegotiationRound)) == 0


def test_a_comment_and_an_answer_refuse_a_nul(world, make_agreement):
    agreement = make_agreement()
    transitions.fire_transition(world["pm"], agreement.id, "submit_for_review")
    db.session.commit()
    error = _refusal(lambda: comments.add_comment(world["la"], agreement, 1, "1", "Name the\x00 authority."))
    assert error.errors["body"].startswith("Your comment contains a NUL character")
    asked = comments.add_comment(world["la"], agreement, 1, "1", "Name the authority.")
    db.session.commit()
    error = _refusal(lambda: comments.add_comment(world["pm"], agreement, 1, "1", "Done\x00", parent_id=asked.id))
    assert error.errors["body"].startswith("Your answer contains a NUL character")
    assert db.session.scalar(db.select(db.func.count()).select_from(ReviewComment)) == 1


def test_a_step_s_comment_and_facts_refuse_a_nul(world, make_agreement):
    agreement = make_agreement()
    fire = transitions.fire_transition
    error = _refusal(lambda: fire(world["pm"], agreement.id, "submit_for_review", comment="Ready\x00"))
    assert error.errors["comment"].startswith("Comment contains a NUL character")
    error = _refusal(lambda: fire(world["pm"], agreement.id, "submit_for_review", data={"our_note_reference": "N\x00"}))
    assert error.errors["data.our_note_reference"].startswith("Our note reference contains a NUL character")
    assert db.session.get(Agreement, agreement.id).state == "drafting"


def test_the_text_of_an_agreement_is_untouched_by_the_name_rules(world, make_agreement):
    """Direction controls stay allowed in the text itself (quoted Arabic, a mixed-direction clause)."""
    agreement = make_agreement(country="AE", languages=["en", "ar"], with_text=False)
    text = simple_text(("en", "ar"))
    text["articles"][0]["body"]["ar"] = "\u2067" + ARABIC_TITLE + "\u2069 (MOU-2026-0001)"
    from agreements.services import versions

    assert versions.save_version(world["pm"], agreement, text).number == 1


# --- the other notes and references of the agreement page ---------------------------------------------------
def test_a_determination_s_reasons_and_reference_refuse_a_nul(world, make_agreement):
    from agreements.services import determination

    agreement = make_agreement()
    transitions.fire_transition(world["pm"], agreement.id, "submit_for_review")
    db.session.commit()
    criteria = {"intent": True, "significance": True, "specificity": True, "two_parties": True, "form": True}
    for key, label in (("note", "“Reasons”"), ("state_reference", "State Department reference")):
        basis = {"criteria": criteria, "note": "Obligations.", "state_reference": "L/T 2026-114", key: "L/T\x00"}
        fields = {"is_binding": True, "is_reportable": True, "basis": basis}
        error = _refusal(lambda fields=fields: determination.determine(world["la"], agreement, fields))
        assert error.errors[key].startswith(f"{label} contains a NUL character")


def test_a_conformity_note_refuses_a_nul(world, make_agreement):
    from agreements.services import conformity

    agreement = make_agreement()
    error = _refusal(lambda: conformity.record_conformity(world["la"], agreement, "Compared\x00 by L."))
    assert error.errors["note"].startswith("Note contains a NUL character")


def test_a_contact_refuses_a_nul(world, make_agreement):
    agreement = make_agreement()
    people = [{"name": "Pavel\x00 Orlov"}]
    error = _refusal(lambda: contacts.set_contacts(world["pm"], agreement, "counterpart", people))
    assert "contains a NUL character" in error.detail

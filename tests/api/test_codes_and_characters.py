"""Through the API as on the pages: real language and country codes only, and no direction control in a title
or a name, each refusal naming the entry or the field the way the services word it for every front end."""

from __future__ import annotations

import pytest

from .support import assert_problem

GOOD = {"type": "mou", "title": "A memorandum", "counterpart": "Agency", "country": "RU", "languages": ["en", "ru"]}
ARABIC_TITLE = "مذكرة تفاهم بشأن التعاون في مجال إنفاذ القانون"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({**GOOD, "languages": ["xx", "qq"]}, "languages", ['Unknown language code "xx"', '"qq"', "ISO 639"]),
        ({**GOOD, "languages": ["en", "ru", "xx-Cyrl"]}, "languages", ['Unknown language code "xx-Cyrl"']),
        ({**GOOD, "country": "ZZ"}, "country", ['Unknown country code "ZZ"']),
        ({**GOOD, "title": "A \u202emudnaromem"}, "title", ["Title contains the invisible direction control U+202E"]),
        ({**GOOD, "counterpart": "\u2068Agency"}, "counterpart", ["Counterpart agency contains the invisible"]),
        (
            {**GOOD, "title_translations": {"ru": "\u202bМеморандум"}},
            "title_translations",
            ["Title in Russian contains the invisible direction control U+202B"],
        ),
    ],
)
def test_opening_with_a_made_up_code_or_a_direction_control_is_422(api, body, field, words):
    problem = assert_problem(api("pm").post("/agreements", json=body), 422, *words)
    for word in words:
        assert word in problem["errors"][field]


def test_real_codes_and_an_arabic_title_are_accepted(api):
    body = {**GOOD, "country": "AE", "languages": ["en", "ar"], "title_translations": {"ar": ARABIC_TITLE}}
    created = api("pm").post("/agreements", json=body)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["title_translations"] == {"ar": ARABIC_TITLE}
    tagged = api("pm").post("/agreements", json={**GOOD, "country": "TW", "languages": ["en", "zh-Hant"]})
    assert tagged.status_code == 201, tagged.get_json()


def test_a_nul_anywhere_in_a_body_is_still_400_in_the_same_words(api):
    assert_problem(api("pm").post("/agreements", json={**GOOD, "title": "A\u0000"}), 400, "NUL character (U+0000)")


def test_a_signatory_s_name_refuses_a_direction_control(api, make_agreement):
    agreement = make_agreement()
    body = {"name": "Elena \u2066Leonenko", "title": "Deputy Head"}
    problem = assert_problem(api("pm").put(f"/agreements/{agreement.id}/signatories/counterpart", json=body), 422)
    assert problem["errors"]["name"].startswith("Name contains the invisible direction control U+2066")


def test_a_contact_s_languages_are_real_ones(api, make_agreement):
    agreement = make_agreement()
    url = f"/agreements/{agreement.id}/contacts/us"
    assert_problem(api("pm").put(url, json=[{"name": "A", "languages": ["xx"]}]), 422, 'Unknown language code "xx"')


def test_a_nul_in_a_list_filter_is_422_naming_it(api):
    problem = assert_problem(api("pm").get("/agreements?q=MOU%00"), 422, "Reference, title or counterpart")
    assert problem["errors"]["q"].startswith("Reference, title or counterpart contains a NUL character")

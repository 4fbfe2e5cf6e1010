"""The wording check: binding expressions in non-binding instruments, with place, language and suggestion."""

from __future__ import annotations

from agreements.db import db
from agreements.services import versions
from agreements.services.lint import lint_text


def _save(world, agreement, articles, **parts):
    version = versions.save_version(world["pm"], agreement, {"articles": articles, **parts})
    db.session.commit()
    return version


def _article(number, en, ru=None, heading="Heading"):
    body = {"en": en}
    if ru:
        body["ru"] = ru
    return {"number": str(number), "heading": {"en": heading}, "body": body}


def _found(findings):
    return [(f.place, f.language, f.found, f.suggestion) for f in findings]


def test_binding_wording_is_found_with_its_article_and_suggestion(world, make_agreement):
    agreement = make_agreement(with_text=False, title="Agreement on cooperation in criminal matters")
    version = _save(
        world,
        agreement,
        [
            _article(1, "The Participants will cooperate."),
            _article(2, "Each Party shall designate a contact. The Parties shall consult."),
            _article(7, "This Memorandum will enter into force on signature."),
        ],
        final_clauses={"en": "Done in duplicate, both texts being equally authentic."},
    )
    assert _found(lint_text(agreement, version)) == [
        ("Title", "en", "Agreement", "Memorandum of Understanding"),
        ("Art. 2", "en", "shall", "will"),
        ("Art. 2", "en", "Parties", "Participants"),
        ("Art. 2", "en", "Party", "Participant"),
        ("Art. 7", "en", "enter into force", "come into effect"),
        ("Final clauses", "en", "equally authentic", "equally valid"),
    ]
    shall = lint_text(agreement, version)[1]
    assert shall.article == "2" and shall.count == 2


def test_lower_case_party_and_the_word_agreement_in_a_sentence_are_not_defined_terms(world, make_agreement):
    agreement = make_agreement(with_text=False, languages=["en"], title="Memorandum of Understanding")
    version = _save(
        world,
        agreement,
        [_article(1, "A third party may learn of the agreement reached; marshalling resources is fine.")],
    )
    assert lint_text(agreement, version) == []


def test_the_other_languages_are_checked_too(world, make_agreement):
    agreement = make_agreement(with_text=False)
    version = _save(
        world,
        agreement,
        [_article(3, "The Participants will consult.", "Стороны проводят консультации.")],
        preamble={"ru": "Стороны договорились о нижеследующем:"},
    )
    assert _found(lint_text(agreement, version)) == [
        ("Preamble", "ru", "Стороны", "Участники"),
        ("Art. 3", "ru", "Стороны", "Участники"),
    ]


def test_binding_agreements_have_no_findings(world, make_agreement):
    agreement = make_agreement(type="cmaa", with_text=False, title="Agreement on customs mutual assistance")
    version = _save(world, agreement, [_article(1, "The Parties shall assist each other.")])
    assert agreement.is_binding
    assert lint_text(agreement, version) == []


def test_without_a_text_only_the_title_is_checked(make_agreement):
    agreement = make_agreement(with_text=False, title="Cooperation Agreement")
    assert _found(lint_text(agreement, None)) == [("Title", "en", "Agreement", "Memorandum of Understanding")]


def test_the_suggestion_names_the_instrument_it_is(world, make_agreement):
    agreement = make_agreement(type="loi", with_text=False, title="Agreement of intent", languages=["en"])
    version = _save(world, agreement, [_article(1, "This Agreement will come into effect on signature.")])
    assert _found(lint_text(agreement, version)) == [
        ("Title", "en", "Agreement", "Letter of Intent"),
        ("Art. 1", "en", "This Agreement", "this Letter"),
    ]

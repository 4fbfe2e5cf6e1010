"""The wording check: binding expressions in non-binding instruments, with place, language and suggestion."""

from __future__ import annotations

import pytest

from agreements.db import db
from agreements.errors import Conflict, GuardFailed, InvalidInput, PermissionDenied
from agreements.services import model_texts, versions
from agreements.services.audit import list_events, verify_trails
from agreements.services.lint import RULES, acknowledge_finding, lint_text, open_findings
from agreements.services.transitions import fire_transition

from .lifecycle import TODAY, bring_to, designate_signatories, take


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
        ("Preamble", "ru", "договорились о нижеследующем", "пришли к следующему пониманию"),
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


# --- the State Department's guidance on non-binding documents, in six languages -------------------------------
def _lint_one(make_agreement, world, lang, body, **parts):
    """The findings of a one-article text in ``lang`` (an MOU in that language and English)."""
    languages = ["en"] if lang == "en" else ["en", lang]
    agreement = make_agreement(with_text=False, languages=languages, title="Memorandum of Understanding")
    article = {"number": "1", "heading": {"en": "Heading"}, "body": {lang: body}}
    return lint_text(agreement, _save(world, agreement, [article], **parts))


# The six phrases the check used to miss (0 findings), each as it stands in a text.
MISSED = [
    ("The Participants undertake to exchange information.", "undertake", "undertake", "intend to"),
    ("The obligations of each Participant are set out below.", "obligations", "obligations", "responsibilities"),
    ("Each Participant commits to sharing its records.", "commit", "commits to", "intend to"),
    ("Have agreed as follows:", "agreed_as_follows", "Have agreed as follows", "have decided as follows"),
    ("IN WITNESS WHEREOF, the undersigned have signed.", "in_witness_whereof", "IN WITNESS WHEREOF", None),
    (
        "The undersigned, being duly authorized by their respective Governments, have signed.",
        "duly_authorized",
        "duly authorized by their respective Governments",
        "on behalf of the Participants",
    ),
]


@pytest.mark.parametrize(("sentence", "rule", "found", "instead"), MISSED, ids=[m[1] for m in MISSED])
def test_the_phrases_once_missed_are_found_with_the_wording_to_use(
    world, make_agreement, sentence, rule, found, instead
):
    (finding,) = _lint_one(make_agreement, world, "en", sentence)
    assert (finding.rule, finding.place, finding.language, finding.found) == (rule, "Art. 1", "en", found)
    assert finding.suggestion == (instead or "Signed at [place], on [date]")


# Each language's rules: a binding sentence and what the check names in it, with the wording to use instead.
LANGUAGES = {
    "es": (
        "Las Partes se comprometen a cumplir sus obligaciones. El presente Acuerdo entrará en vigor en la fecha de "
        "su firma. EN FE DE LO CUAL firman; el presente tratado es vinculante.",
        [
            ("Partes", "Participantes"),
            ("se comprometen", "tienen la intención de"),
            ("obligaciones", "responsabilidades"),
            ("entrará en vigor", "surtirá efecto"),
            ("EN FE DE LO CUAL", "Firmado en [lugar], el [fecha]"),
            ("presente tratado", "el presente Memorando"),
            ("vinculante", "no jurídicamente vinculante"),
            ("presente Acuerdo", "el presente Memorando"),
        ],
    ),
    "fr": (
        "Les Parties s'engagent à respecter leurs obligations. Le présent Accord entrera en vigueur à la date de sa "
        "signature. EN FOI DE QUOI, les soussignés, dûment autorisés, ont signé ce traité.",
        [
            ("Parties", "Participants"),
            ("s'engagent", "ont l'intention de"),
            ("obligations", "responsabilités"),
            ("entrera en vigueur", "prendra effet"),
            ("EN FOI DE QUOI", "Signé à [lieu], le [date]"),
            ("dûment autorisés", "au nom des Participants"),
            ("ce traité", "le présent Mémorandum"),
            ("présent Accord", "le présent Mémorandum"),
        ],
    ),
    "it": (
        "Le Parti si impegnano a rispettare gli obblighi. Il presente Accordo entrerà in vigore alla data della "
        "firma. IN FEDE DI CHE, i sottoscritti hanno firmato questo trattato.",
        [
            ("Parti", "Partecipanti"),
            ("si impegnano", "intendono"),
            ("obblighi", "responsabilità"),
            ("entrerà in vigore", "avrà effetto"),
            ("IN FEDE DI CHE", "Firmato a [luogo], il [data]"),
            ("questo trattato", "il presente Memorandum"),
            ("presente Accordo", "il presente Memorandum"),
        ],
    ),
    "ru": (
        "Стороны обязуются выполнять свои обязательства. Настоящее Соглашение вступает в силу с даты подписания. "
        "В УДОСТОВЕРЕНИЕ ЧЕГО нижеподписавшиеся подписали настоящий договор.",
        [
            ("Стороны", "Участники"),
            ("обязуются", "намерены"),
            ("обязательства", "функции"),
            ("вступает в силу", "начинает применяться"),
            ("В УДОСТОВЕРЕНИЕ ЧЕГО", "Подписано в [место] [дата]"),
            ("настоящий договор", "настоящий Меморандум"),
            ("Настоящее Соглашение", "настоящий Меморандум"),
        ],
    ),
    "ar": (
        "تتعهد الأطراف بالوفاء بالتزاماتها. يدخل حيز النفاذ في تاريخ التوقيع. وإثباتا لذلك وقع الطرفان هذه المعاهدة.",
        [
            ("الطرفان", "المشاركان"),
            ("تتعهد", "يعتزم"),
            ("بالتزاماتها", "المسؤوليات"),
            ("يدخل حيز النفاذ", "يسري مفعوله"),
            ("وإثباتا لذلك", "وقع في [المكان] بتاريخ [التاريخ]"),
            ("هذه المعاهدة", "هذه المذكرة"),
        ],
    ),
}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_each_language_has_its_rules_with_the_wording_to_use_in_that_language(world, make_agreement, lang):
    sentence, expected = LANGUAGES[lang]
    findings = _lint_one(make_agreement, world, lang, sentence)
    assert {f.language for f in findings} == {lang} and {f.place for f in findings} == {"Art. 1"}
    assert sorted((f.found, f.suggestion) for f in findings) == sorted(expected)


# The issue's examples, one each, as a drafter would write them.
EXAMPLES = [
    ("es", "Los Participantes han convenido lo siguiente:", "agreed_as_follows"),
    ("es", "Cooperación entre las Partes.", "parties"),
    ("fr", "Les Participants sont convenus de ce qui suit :", "agreed_as_follows"),
    ("fr", "Coopération entre les Parties.", "parties"),
    ("it", "I Partecipanti hanno convenuto quanto segue:", "agreed_as_follows"),
    ("it", "Cooperazione tra le Parti.", "parties"),
    ("ru", "Участники договорились о нижеследующем:", "agreed_as_follows"),
    ("ru", "Настоящий документ является международным договором.", "treaty"),
    ("ar", "التزامات المشاركين", "obligations"),
    ("ar", "يتعاون الطرفان", "parties"),
    ("ar", "اتفقا على ما يلي:", "agreed_as_follows"),
    ("ar", "اتفق الطرفان على ما يلي:", "agreed_as_follows"),
    ("ar", "وقع المشاركان هذه المعاهدة.", "treaty"),
    ("en", "This Memorandum is a treaty.", "treaty"),
    ("en", "This Memorandum is legally binding.", "binding"),
    ("en", "The rights and obligations of the Participants.", "rights_and_obligations"),
]


@pytest.mark.parametrize(("lang", "body", "rule"), EXAMPLES)
def test_the_issues_examples_are_found(world, make_agreement, lang, body, rule):
    assert rule in {f.rule for f in _lint_one(make_agreement, world, lang, body)}


@pytest.mark.parametrize(
    ("lang", "body"),
    [
        ("en", "The Participants will cooperate. Each Participant will designate a point of contact."),
        ("es", "Los Participantes cooperarán. Cada Participante designará un punto de contacto."),
        ("fr", "Les Participants coopéreront. Chaque Participant désignera un point de contact."),
        ("it", "I Partecipanti coopereranno. Ciascun Partecipante designerà un punto di contatto."),
        ("ru", "Участники сотрудничают. Каждый Участник назначает контактное подразделение."),
        ("ar", "يتعاون المشاركان. ويعين كل مشارك جهة اتصال."),
    ],
)
def test_participants_are_not_parties(world, make_agreement, lang, body):
    assert _lint_one(make_agreement, world, lang, body) == []


@pytest.mark.parametrize(
    ("lang", "body"),
    [
        (
            "en",
            "This Memorandum is not legally binding and does not create rights or obligations under international law.",
        ),
        ("en", "This Letter of Intent is not legally binding, creates no rights or obligations."),
        ("en", "Nothing in this Memorandum affects the obligations of the Participants under the 1999 Treaty."),
        ("es", "El presente Memorando no es jurídicamente vinculante y no crea derechos ni obligaciones."),
        ("fr", "Le présent Protocole n'est pas juridiquement contraignant et ne crée pas d'obligations."),
        ("it", "Il presente Memorandum non è giuridicamente vincolante e non crea diritti né obblighi."),
        ("ru", "Настоящий Меморандум не является юридически обязывающим и не создаёт прав и обязательств."),
        ("ar", "هذه المذكرة غير ملزمة قانونا ولا تنشئ أي حقوق أو التزامات."),
    ],
)
def test_a_clause_that_says_the_text_is_not_binding_is_not_a_finding(world, make_agreement, lang, body):
    assert _lint_one(make_agreement, world, lang, body) == []


@pytest.mark.parametrize(
    ("lang", "body"),
    [
        (
            "en",
            "Crimes committed by means of computer networks; the Investigative Committee; a person who commits fraud.",
        ),
        (
            "en",
            "Mindful of the Treaty between the United States and the Russian Federation on Mutual Legal Assistance.",
        ),
        ("es", "Los datos tratados por el Participante; el asunto tratado en la reunión."),
        ("it", "I dati trattati dal Partecipante."),
        ("ru", "Участники договорились о сотрудничестве; с другой стороны, Договор 1999 года."),
        ("ar", "في إطار الالتزام بالتشريعات الوطنية والمعاهد التدريبية."),
    ],
)
def test_words_that_only_look_binding_are_not_findings(world, make_agreement, lang, body):
    assert _lint_one(make_agreement, world, lang, body) == []


def test_russian_and_arabic_inflections_and_prefixes_are_found(world, make_agreement):
    russian = _lint_one(make_agreement, world, "ru", "Сторонами; обязательствами Сторон; вступила в силу.")
    assert [(f.rule, f.found, f.count) for f in russian] == [
        ("parties", "Сторонами", 2),
        ("obligations", "обязательствами", 1),
        ("enter_into_force", "вступила в силу", 1),
    ]
    # With و, ب, ل and the article attached, and with short vowels written.
    arabic = _lint_one(make_agreement, world, "ar", "والتزامات للطرفين؛ بالالتزامات؛ وَإِثْبَاتاً لِذَلِكَ")
    assert [(f.rule, f.found, f.count) for f in arabic] == [
        ("parties", "للطرفين", 1),
        ("obligations", "والتزامات", 2),
        ("in_witness_whereof", "وَإِثْبَاتاً لِذَلِكَ", 1),
    ]


def test_a_longer_expression_is_reported_once_not_with_its_parts(world, make_agreement):
    findings = _lint_one(make_agreement, world, "en", "The rights and obligations of the Participants.")
    assert [(f.rule, f.found) for f in findings] == [("rights_and_obligations", "rights and obligations")]


def test_a_treaty_in_the_title_is_found_too(make_agreement):
    agreement = make_agreement(with_text=False, title="Treaty on police cooperation")
    assert _found(lint_text(agreement, None)) == [("Title", "en", "Treaty", "Memorandum of Understanding")]


def test_every_language_table_covers_the_guidance():
    core = {
        "parties",
        "undertake",
        "obligations",
        "rights_and_obligations",
        "enter_into_force",
        "agreed_as_follows",
        "in_witness_whereof",
        "duly_authorized",
        "equally_authentic",
        "treaty",
        "binding",
        "agreement_in_text",
    }
    assert set(RULES) == {"en", "es", "fr", "it", "ru", "ar"}
    for lang, table in RULES.items():
        assert core <= {rule.key for rule in table}, lang
        assert all(rule.instead for rule in table), lang


@pytest.mark.parametrize("kind", ["mou", "moc", "loi"])
def test_the_model_texts_read_as_non_binding(world, make_agreement, kind):
    agreement = make_agreement(type=kind, with_text=False, title=f"{kind.upper()} on law-enforcement cooperation")
    version = model_texts.start_from_model(world["pm"], agreement)
    db.session.commit()
    assert lint_text(agreement, version) == []


# --- a legal advisor's acknowledgement, and the guard of clear_for_signature ------------------------------------
def _mou_in_final_review(world, make_agreement, body="Each Participant shall designate a point of contact."):
    """An MOU in English, its text agreed with binding wording in Art. 1, signatories designated."""
    agreement = make_agreement(with_text=False, languages=["en"])
    _save(world, agreement, [_article(1, body), _article(2, "The Participants will consult.")])
    bring_to(world, agreement, "final_review")
    designate_signatories(world, agreement)
    db.session.commit()
    return agreement


def _fire(user, agreement, trigger):
    moved = fire_transition(user, agreement.id, trigger, today=TODAY)
    db.session.commit()
    return moved


def _refused(user, agreement, trigger):
    with pytest.raises(GuardFailed) as info:
        fire_transition(user, agreement.id, trigger, today=TODAY)
    db.session.rollback()
    return info.value.reasons


def test_clearance_for_signature_waits_for_the_findings_and_passes_once_acknowledged(world, make_agreement):
    mou = _mou_in_final_review(world, make_agreement)
    assert _refused(world["la"], mou, "clear_for_signature") == [
        "The wording check has 1 unacknowledged finding (Art. 1 (en): “shall”): revise the text or have a legal "
        "advisor acknowledge them."
    ]
    (finding,) = open_findings(mou)
    assert finding.key == "shall|Art. 1|en|shall"
    acknowledgement = acknowledge_finding(world["la"], mou, finding.key, "The counterpart's standard wording.")
    db.session.commit()
    assert (acknowledgement.version_number, acknowledgement.acknowledged_by) == (
        mou.current_version_number,
        world["la"],
    )
    assert open_findings(mou) == []
    assert _fire(world["la"], mou, "clear_for_signature").to_state == "awaiting_signature"


def test_a_revised_text_needs_no_acknowledgement(world, make_agreement):
    mou = _mou_in_final_review(world, make_agreement)
    take(world, mou, "reopen_negotiation")
    _save(world, mou, [_article(1, "Each Participant will designate a point of contact.")])
    take(world, mou, "agree_text")
    assert _fire(world["la"], mou, "clear_for_signature").to_state == "awaiting_signature"


def test_an_acknowledgement_counts_for_its_version_only(world, make_agreement):
    mou = make_agreement(with_text=False, languages=["en"])
    _save(world, mou, [_article(1, "Each Participant shall designate a point of contact.")])
    bring_to(world, mou, "negotiation")
    acknowledge_finding(world["la"], mou, "shall|Art. 1|en|shall", "Agreed with the counterpart.")
    db.session.commit()
    assert open_findings(mou) == []
    # A new version, the same words: the legal advisor has not seen this text yet.
    _save(world, mou, [_article(1, "Each Participant shall designate a point of contact and a deputy.")])
    assert [f.key for f in open_findings(mou)] == ["shall|Art. 1|en|shall"]
    take(world, mou, "agree_text")
    designate_signatories(world, mou)
    db.session.commit()
    (reason,) = _refused(world["la"], mou, "clear_for_signature")
    assert reason.startswith("The wording check has 1 unacknowledged finding (Art. 1 (en): “shall”)")
    acknowledge_finding(world["la2"], mou, "shall|Art. 1|en|shall", "Seen again on version 2: still agreed.")
    db.session.commit()
    assert [a.version_number for a in mou.lint_acknowledgements] == [1, 2]
    assert _fire(world["la"], mou, "clear_for_signature").to_state == "awaiting_signature"


def test_an_acknowledgement_is_an_event_of_the_trail(world, make_agreement):
    mou = _mou_in_final_review(world, make_agreement)
    acknowledge_finding(world["la"], mou, "shall|Art. 1|en|shall", "  The counterpart insists.  ")
    db.session.commit()
    event = list_events(mou)[-1]
    assert (event.trigger, event.from_state, event.to_state) == ("acknowledge_wording", "final_review", "final_review")
    assert (event.actor, event.comment, event.version_number) == (world["la"].email, "The counterpart insists.", 1)
    assert event.data == {
        "finding": "shall|Art. 1|en|shall",
        "rule": "shall",
        "place": "Art. 1",
        "language": "en",
        "words": "shall",
        "instead": "will",
    }
    assert verify_trails()[2] == []


@pytest.mark.parametrize("who", ["pm", "moscow", "admin"])
def test_only_a_legal_advisor_acknowledges(world, make_agreement, who):
    mou = _mou_in_final_review(world, make_agreement)
    with pytest.raises(PermissionDenied, match="legal advisors"):
        acknowledge_finding(world[who], mou, "shall|Art. 1|en|shall", "Fine.")
    db.session.rollback()
    assert mou.lint_acknowledgements == [] and list_events(mou)[-1].trigger == "agree_text"


def test_an_acknowledgement_needs_a_reason_and_a_finding_of_the_current_text(world, make_agreement):
    mou = _mou_in_final_review(world, make_agreement)
    with pytest.raises(InvalidInput) as info:
        acknowledge_finding(world["la"], mou, "shall|Art. 1|en|shall", "   ")
    assert set(info.value.errors) == {"reason"}
    with pytest.raises(InvalidInput) as info:
        acknowledge_finding(world["la"], mou, "shall|Art. 2|en|shall", "Fine.")
    assert set(info.value.errors) == {"finding"} and "version 1" in info.value.detail
    db.session.rollback()
    acknowledge_finding(world["la"], mou, "shall|Art. 1|en|shall", "Fine.")
    db.session.commit()
    with pytest.raises(Conflict, match="already acknowledged for version 1, by Lee Advisor"):
        acknowledge_finding(world["la2"], mou, "shall|Art. 1|en|shall", "Also fine.")
    db.session.rollback()


def test_binding_agreements_and_cleared_texts_take_no_acknowledgement(world, make_agreement):
    cmaa = make_agreement(type="cmaa", with_text=False, languages=["en"], title="Agreement on customs matters")
    _save(world, cmaa, [_article(1, "The Parties shall assist each other.")])
    with pytest.raises(Conflict, match="binding agreement has no wording check"):
        acknowledge_finding(world["la"], cmaa, "shall|Art. 1|en|shall", "Fine.")
    db.session.rollback()
    mou = _mou_in_final_review(world, make_agreement)
    acknowledge_finding(world["la"], mou, "shall|Art. 1|en|shall", "Fine.")
    db.session.commit()
    _fire(world["la"], mou, "clear_for_signature")
    with pytest.raises(Conflict, match="until the text is cleared for signature"):
        acknowledge_finding(world["la"], mou, "shall|Art. 1|en|shall", "Again.")
    db.session.rollback()


def test_a_letter_of_intent_waits_for_its_findings_too(world, make_agreement):
    loi = make_agreement(type="loi", with_text=False, languages=["en"], title="Letter of Intent")
    _save(world, loi, [_article(1, "The Participants undertake to cooperate.")])
    bring_to(world, loi, "legal_review")
    designate_signatories(world, loi)
    db.session.commit()
    (reason,) = _refused(world["la"], loi, "clear_for_signature")
    assert "1 unacknowledged finding (Art. 1 (en): “undertake”)" in reason
    acknowledge_finding(world["la"], loi, "undertake|Art. 1|en|undertake", "Quoted from the counterpart's law.")
    db.session.commit()
    assert _fire(world["la"], loi, "clear_for_signature").to_state == "awaiting_signature"


def test_the_binding_track_has_no_wording_guard():
    from agreements.workflows import TRACKS, WORKFLOWS

    for key in ("mou", "moc", "loi"):
        step = WORKFLOWS[key].step("clear_for_signature", "legal_review" if key == "loi" else "final_review")
        assert "wording_checked" in [g.name for g in step.guards], key
    binding = [w for w in TRACKS.values() if w.is_binding]
    assert binding and all("wording_checked" not in [g.name for s in w.steps for g in s.guards] for w in binding)

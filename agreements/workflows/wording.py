"""The wording check of non-binding instruments: binding expressions, one table per language, and the checker.

A non-binding instrument speaks of Participants who *will* act, of a text that *comes into effect*, and
ends "Signed at …, both texts being equally valid"; "shall", "Parties", "undertake", "obligations",
"enter into force", "agreed as follows", "IN WITNESS WHEREOF", "duly authorized by their respective
Governments", "treaty" and "equally authentic" are the vocabulary of an agreement binding under
international law (U.S. Department of State, Office of the Legal Adviser, Treaty Affairs: *Guidance on
Non-Binding Documents*; 22 CFR 181.2(a)(1), the intent to be bound). A finding never stops a save; the
non-binding tables' ``clear_for_signature`` waits until every finding on the current text is revised
away or acknowledged by a legal advisor, with a reason (``guards.wording_checked``).

Pure: the tables, the checker and the acknowledgement bookkeeping read plain values (an agreement's
type, title, languages and determination; a text's preamble, articles and final clauses) and import
nothing of the database, the services or Flask, so that a guard and the pages apply the same rules.

How a table reads, for the lawyer reviewing it. Each rule: its name, the binding forms, the non-binding
wording to use instead, and whether a clause that denies it is fine.

- A form is a word or a phrase, found as whole words wherever it stands in the text.
- A word written with a capital is a defined term, found only capitalised ("Parties", not "third
  parties"; "Стороны", not "с другой стороны"); other words are found in any case ("IN WITNESS WHEREOF").
- ``*`` ends a word that may take any ending: "обязательств*" is обязательства, обязательств,
  обязательствами …
- ``…`` between two words: up to three words may stand there ("اتفق … على ما يلي" is also
  "اتفق الطرفان على ما يلي").
- In Arabic a word is also found with the attached و ف ب ك ل and the article ال ("التزامات*" is also
  والتزامات, الالتزامات, بالتزاماتهما), with or without hamza on its alif and short vowels.
- ``unless_denied``: no finding in a clause that denies it within a few words before
  ("is not legally binding", "does not create rights or obligations", "no constituye un tratado"): that
  is how a non-binding text says what it is.
- Where a longer form of one rule contains a shorter one of another ("rights and obligations",
  "obligations"), only the longer is reported.
- ``{itself}`` in the wording to use is what the instrument calls itself in that language ("this
  Memorandum", "настоящий Меморандум"); ``{title}`` its name ("Memorandum of Understanding").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Rule:
    """One binding expression: its name, its forms, the non-binding wording to use instead."""

    key: str
    forms: tuple[str, ...]
    instead: str
    unless_denied: bool = False  # no finding in a clause that denies it


# --- the tables: one per language ----------------------------------------------------------------------
EN = (
    Rule("shall", ("shall",), "will"),
    Rule("parties", ("Parties", "Contracting Parties"), "Participants"),
    Rule("party", ("Party", "Contracting Party"), "Participant"),
    Rule(
        "undertake", ("undertake", "undertakes", "undertaken", "undertaking", "undertakings", "undertook"), "intend to"
    ),
    # "committed" alone is also the crime committed: the binding sense is the commitment to something.
    Rule(
        "commit",
        ("commit to", "commits to", "committed to", "commit themselves", "commits itself", "commit itself"),
        "intend to",
    ),
    Rule(
        "obligations",
        ("obligation", "obligations", "obligate", "obligates", "obligated"),
        "responsibilities",
        unless_denied=True,
    ),
    Rule(
        "rights_and_obligations",
        ("rights and obligations", "rights or obligations", "rights and duties"),
        "roles and responsibilities",
        unless_denied=True,
    ),
    Rule(
        "enter_into_force",
        ("enter into force", "enters into force", "entered into force", "entering into force", "entry into force"),
        "come into effect",
    ),
    Rule(
        "agreed_as_follows",
        ("have agreed as follows", "agreed as follows", "agree as follows"),
        "have decided as follows",
    ),
    Rule("in_witness_whereof", ("in witness whereof",), "Signed at [place], on [date]"),
    Rule(
        "duly_authorized",
        (
            "duly authorized by their respective governments",
            "duly authorised by their respective governments",
            "duly authorized",
            "duly authorised",
            "duly empowered",
        ),
        "on behalf of the Participants",
    ),
    Rule("equally_authentic", ("equally authentic",), "equally valid"),
    # The instrument called a treaty; a treaty it mentions (the 1999 Treaty on Mutual Legal Assistance) is fine.
    Rule(
        "treaty",
        ("this treaty", "the present treaty", "is a treaty", "constitutes a treaty"),
        "{itself}",
        unless_denied=True,
    ),
    Rule(
        "binding",
        ("binding", "legally bound", "bind themselves", "binds itself"),
        "not legally binding",
        unless_denied=True,
    ),
    Rule("agreement_in_text", ("this Agreement", "the present Agreement"), "{itself}"),
)

ES = (
    Rule("parties", ("Partes", "Partes Contratantes"), "Participantes"),
    Rule("party", ("Parte", "Parte Contratante"), "Participante"),
    Rule(
        "undertake",
        ("se compromet*", "comprometerse", "se obligan", "se obliga", "obligarse"),
        "tienen la intención de",
    ),
    Rule("obligations", ("obligación", "obligaciones"), "responsabilidades", unless_denied=True),
    Rule(
        "rights_and_obligations",
        ("derechos y obligaciones", "derechos u obligaciones", "derechos ni obligaciones"),
        "funciones y responsabilidades",
        unless_denied=True,
    ),
    Rule("enter_into_force", ("entr* en vigor",), "surtirá efecto"),
    Rule(
        "agreed_as_follows",
        (
            "han convenido lo siguiente",
            "han convenido en lo siguiente",
            "han acordado lo siguiente",
            "acuerdan lo siguiente",
            "convienen en lo siguiente",
            "convienen lo siguiente",
        ),
        "han decidido lo siguiente",
    ),
    Rule("in_witness_whereof", ("en fe de lo cual",), "Firmado en [lugar], el [fecha]"),
    Rule(
        "duly_authorized",
        ("debidamente autorizad* por sus respectivos gobiernos", "debidamente autorizad*", "debidamente facultad*"),
        "en nombre de los Participantes",
    ),
    Rule("equally_authentic", ("igualmente auténtic*", "igualmente fehacientes"), "igualmente válidos"),
    Rule(
        "treaty",
        ("presente tratado", "este tratado", "es un tratado", "constituye un tratado"),
        "{itself}",
        unless_denied=True,
    ),
    Rule("binding", ("vinculante*", "jurídicamente obligatori*"), "no jurídicamente vinculante", unless_denied=True),
    Rule("agreement_in_text", ("presente Acuerdo", "este Acuerdo"), "{itself}"),
)

FR = (
    Rule("parties", ("Parties", "Parties contractantes"), "Participants"),
    Rule("party", ("Partie", "Partie contractante"), "Participant"),
    Rule("undertake", ("s'engag*",), "ont l'intention de"),
    Rule("obligations", ("obligation", "obligations"), "responsabilités", unless_denied=True),
    Rule(
        "rights_and_obligations",
        ("droits et obligations", "droits ou obligations", "droits ni obligations"),
        "rôles et responsabilités",
        unless_denied=True,
    ),
    Rule("enter_into_force", ("entr* en vigueur",), "prendra effet"),
    Rule(
        "agreed_as_follows",
        ("sont convenu* de ce qui suit", "sont convenu* des dispositions suivantes", "conviennent de ce qui suit"),
        "ont décidé de ce qui suit",
    ),
    Rule("in_witness_whereof", ("en foi de quoi",), "Signé à [lieu], le [date]"),
    Rule(
        "duly_authorized",
        ("dûment autorisé* par leurs gouvernements respectifs", "dûment autorisé*", "dûment habilité*"),
        "au nom des Participants",
    ),
    Rule(
        "equally_authentic",
        ("faisant également foi", "font également foi", "également authentiques"),
        "également valables",
    ),
    Rule(
        "treaty",
        ("présent traité", "ce traité", "est un traité", "constitue un traité"),
        "{itself}",
        unless_denied=True,
    ),
    Rule(
        "binding",
        ("contraignant*", "force obligatoire", "juridiquement obligatoire*"),
        "non juridiquement contraignant",
        unless_denied=True,
    ),
    Rule("agreement_in_text", ("présent Accord", "cet Accord"), "{itself}"),
)

IT = (
    Rule("parties", ("Parti", "Parti contraenti"), "Partecipanti"),
    Rule("party", ("Parte", "Parte contraente"), "Partecipante"),
    Rule("undertake", ("si impegn*", "impegnarsi", "si obblig*"), "intendono"),
    Rule("obligations", ("obbligo", "obblighi", "obbligazione", "obbligazioni"), "responsabilità", unless_denied=True),
    Rule(
        "rights_and_obligations",
        ("diritti e obblighi", "diritti o obblighi", "diritti né obblighi"),
        "ruoli e responsabilità",
        unless_denied=True,
    ),
    Rule("enter_into_force", ("entr* in vigore",), "avrà effetto"),
    Rule(
        "agreed_as_follows",
        (
            "hanno convenuto quanto segue",
            "convengono quanto segue",
            "hanno concordato quanto segue",
            "concordano quanto segue",
        ),
        "hanno deciso quanto segue",
    ),
    Rule("in_witness_whereof", ("in fede di che", "in fede di ciò", "in fede del che"), "Firmato a [luogo], il [data]"),
    Rule(
        "duly_authorized",
        ("debitamente autorizzat* dai rispettivi governi", "debitamente autorizzat*"),
        "a nome dei Partecipanti",
    ),
    Rule(
        "equally_authentic",
        (
            "facenti ugualmente fede",
            "fanno ugualmente fede",
            "facenti egualmente fede",
            "ugualmente autentic*",
            "egualmente autentic*",
        ),
        "ugualmente validi",
    ),
    Rule(
        "treaty",
        ("presente trattato", "questo trattato", "è un trattato", "costituisce un trattato"),
        "{itself}",
        unless_denied=True,
    ),
    Rule("binding", ("vincolant*", "giuridicamente obbligatori*"), "non giuridicamente vincolante", unless_denied=True),
    Rule("agreement_in_text", ("presente Accordo", "questo Accordo"), "{itself}"),
)

RU = (
    Rule(
        "parties",
        ("Стороны", "Сторон", "Сторонам", "Сторонами", "Сторонах", "Договаривающиеся Стороны"),
        "Участники",
    ),
    Rule("party", ("Сторона", "Стороне", "Сторону", "Стороной"), "Участник"),
    Rule("undertake", ("обязу*", "обязал*"), "намерены"),
    Rule("obligations", ("обязательств*",), "функции", unless_denied=True),
    Rule(
        "rights_and_obligations",
        ("прав* и обязательств*", "прав* или обязательств*", "прав* и обязанност*"),
        "роли и функции",
        unless_denied=True,
    ),
    Rule("enter_into_force", ("вступ* в силу",), "начинает применяться"),
    Rule(
        "agreed_as_follows",
        (
            "договорились о нижеследующем",
            "договорились о следующем",
            "согласились о нижеследующем",
            "согласились о следующем",
        ),
        "пришли к следующему пониманию",
    ),
    Rule("in_witness_whereof", ("в удостоверение чего", "в подтверждение чего"), "Подписано в [место] [дата]"),
    Rule(
        "duly_authorized",
        (
            "должным образом уполномоченн* на то своими правительствами",
            "должным образом уполномоченн*",
            "надлежащим образом уполномоченн*",
        ),
        "от имени Участников",
    ),
    Rule("equally_authentic", ("имеют одинаковую силу", "аутентичн*"), "являются равно действительными"),
    Rule(
        "treaty",
        ("настоящ* договор*", "является договором", "является международным договором"),
        "{itself}",
        unless_denied=True,
    ),
    Rule(
        "binding",
        ("обязывающ*", "обязательн* сил*", "юридически обязательн*"),
        "не имеющий обязательной юридической силы",
        unless_denied=True,
    ),
    Rule("agreement_in_text", ("настоящ* Соглашени*",), "{itself}"),
)

AR = (
    Rule("parties", ("الطرفان", "الطرفين", "الطرفان المتعاقدان", "الطرفين المتعاقدين"), "المشاركان"),
    Rule("party", ("كل طرف", "الطرف الآخر", "الطرف المتعاقد*"), "المشارك"),
    Rule("undertake", ("يتعهد*", "تتعهد*", "تعهد*"), "يعتزم"),
    Rule("commit", ("يلتزم*", "تلتزم*"), "يعتزم"),
    # The plural only: the singular التزام is also the respect of the law (الالتزام بالقانون).
    Rule("obligations", ("التزامات*",), "المسؤوليات", unless_denied=True),
    Rule(
        "rights_and_obligations", ("حقوق* التزامات*", "حقوق* أو التزامات*"), "الأدوار والمسؤوليات", unless_denied=True
    ),
    Rule("enter_into_force", ("يدخل حيز النفاذ", "دخول حيز النفاذ", "حيز النفاذ", "حيز التنفيذ"), "يسري مفعوله"),
    Rule("agreed_as_follows", ("اتفق* … على ما يلي", "اتفاق على ما يلي"), "قرر المشاركان ما يلي"),
    Rule("in_witness_whereof", ("إثباتا لذلك", "إثباتا لما تقدم"), "وقع في [المكان] بتاريخ [التاريخ]"),
    Rule(
        "duly_authorized",
        ("مفوض* حسب الأصول", "مخول* حسب الأصول", "مفوض* قانونا", "مخول* قانونا"),
        "نيابة عن المشاركين",
    ),
    Rule("equally_authentic", ("متساوي* في الحجية", "حجية متساوية"), "متساوية في الصلاحية"),
    Rule("treaty", ("هذه المعاهدة", "تعد معاهدة", "تشكل معاهدة"), "{itself}", unless_denied=True),
    Rule("binding", ("ملزم*",), "غير ملزم قانونا", unless_denied=True),
    Rule("agreement_in_text", ("هذا الاتفاق", "هذه الاتفاقية"), "{itself}"),
)

RULES = {"en": EN, "es": ES, "fr": FR, "it": IT, "ru": RU, "ar": AR}

# The title, in English: a non-binding instrument is not called a treaty or an agreement.
TITLE = (
    Rule("agreement_in_title", ("Agreement",), "{title}"),
    Rule("treaty_in_title", ("Treaty",), "{title}"),
)

# Words that deny what follows them in the same clause ("not legally binding", "sin carácter vinculante").
NEGATIONS = {
    "en": {"not", "no", "non", "nor", "neither", "without", "nothing", "none", "never", "cannot"}
    | {"isn't", "doesn't", "don't", "aren't", "won't"},
    "es": {"no", "ni", "sin", "nada", "ningún", "ninguna", "ninguno", "nunca"},
    "fr": {"ne", "n'", "pas", "ni", "sans", "non", "aucun", "aucune", "rien", "jamais"},
    "it": {"non", "né", "senza", "nessun", "nessuna", "nessuno", "nulla", "niente", "mai"},
    "ru": {"не", "ни", "без", "нет", "никаких", "никакие", "ничто", "ничего"},
    "ar": {"لا", "لن", "ليس", "ليست", "غير", "لم", "دون", "بدون", "عدم"},
}
NEGATION_REACH = 8  # words before the expression, within its clause

# What a non-binding instrument is called (its title) and calls itself in its text, in each language.
TITLES = {"mou": "Memorandum of Understanding", "moc": "Memorandum of Cooperation", "loi": "Letter of Intent"}
_MEMORANDUM = {
    "en": "this Memorandum",
    "es": "el presente Memorando",
    "fr": "le présent Mémorandum",
    "it": "il presente Memorandum",
    "ru": "настоящий Меморандум",
    "ar": "هذه المذكرة",
}
ITSELF = {
    "mou": _MEMORANDUM,
    "moc": _MEMORANDUM,
    "loi": {
        "en": "this Letter",
        "es": "la presente Carta",
        "fr": "la présente Lettre",
        "it": "la presente Lettera",
        "ru": "настоящее Письмо",
        "ar": "هذه الرسالة",
    },
}


@dataclass(frozen=True)
class Finding:
    """One binding expression found: where (title, preamble, article, final clauses), language, words."""

    rule: str
    where: str
    article: str | None
    language: str
    found: str
    suggestion: str
    count: int = 1

    @property
    def place(self) -> str:
        """Where a reader finds it, e.g. "Art. 7" or "Final clauses"."""
        return f"Art. {self.article}" if self.where == "article" else self.where.replace("_", " ").capitalize()

    @property
    def key(self) -> str:
        """What an acknowledgement names: rule, place, language and words, e.g. "shall|Art. 2|en|shall"."""
        return "|".join((self.rule, self.place, self.language, self.found))[:300]


def applies(agreement: Any) -> bool:
    """The check is for non-binding instruments only."""
    return not agreement.is_binding


def check_wording(agreement: Any, version: Any) -> list[Finding]:
    """Every binding expression in the title and in each part of ``version``, in order; [] for binding texts.

    ``agreement`` has ``type``, ``title``, ``languages`` and ``is_binding``; ``version`` (or None) has
    ``preamble`` and ``final_clauses`` ({language: text}) and ``articles``.
    """
    if not applies(agreement):
        return []
    findings = _scan(
        TITLE, agreement.title or "", "title", None, "en", {"title": TITLES.get(agreement.type, "Memorandum")}
    )
    if version is None:
        return findings
    itself = ITSELF.get(agreement.type, _MEMORANDUM)
    for lang in agreement.languages:
        base = lang.split("-")[0].lower()
        rules, names = RULES.get(base, ()), {"itself": itself.get(base, itself["en"])}
        findings += _scan(rules, (version.preamble or {}).get(lang) or "", "preamble", None, lang, names)
        for article in version.articles or ():
            heading = (article.get("heading") or {}).get(lang) or ""
            body = (article.get("body") or {}).get(lang) or ""
            findings += _scan(rules, heading + "\n" + body, "article", str(article.get("number")), lang, names)
        findings += _scan(rules, (version.final_clauses or {}).get(lang) or "", "final_clauses", None, lang, names)
    return findings


def acknowledged_keys(acknowledgements: Iterable[Any], version_number: int | None) -> set[str]:
    """The findings acknowledged for that version of the text (an acknowledgement names one version)."""
    return {a.finding for a in acknowledgements if version_number is not None and a.version_number == version_number}


def unacknowledged(
    findings: list[Finding], acknowledgements: Iterable[Any], version_number: int | None
) -> list[Finding]:
    """The findings no legal advisor acknowledged for that version."""
    done = acknowledged_keys(acknowledgements, version_number)
    return [f for f in findings if f.key not in done]


# --- the checker -----------------------------------------------------------------------------------------
_MARKS = "\u064b-\u065f\u0670\u0640"  # Arabic short vowels, tanwin, shadda, sukun, dagger alif, tatweel
_M = f"[{_MARKS}]*"
# Attached و ف, then ب ك ل, then the article ال (ل with the article is written لل).
_AR_PREFIX = f"(?:[وف]{_M})?(?:[بكل]{_M}ا{_M}ل{_M}|ل{_M}ل{_M}|[بكل]{_M}|ا{_M}ل{_M})?"
_AR_LETTERS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ى": "[ىي]", "ي": "[يى]", "ة": "[ةه]"}
_CLAUSE_END = re.compile(r"[.;:!?\n؛؟]")
_TOKEN = re.compile(r"\w+(?:['’]\w*)?|['’]")
_GAP = r"(?:\s+\S+){0,3}?"


def _letter(char: str, lang: str) -> str:
    if char in "'’":
        return "['’]"
    if lang == "ar":
        return _AR_LETTERS.get(char, re.escape(char)) + _M
    if lang == "ru" and char in "еЕ":
        return "[её]" if char == "е" else "[ЕЁ]"
    return re.escape(char)


def _word(word: str, lang: str) -> str:
    """One word of a form: its letters, any ending after ``*``, Arabic prefixes; a capital makes it exact."""
    stem, open_ended = (word[:-1], True) if word.endswith("*") else (word, False)
    body = "".join(_letter(c, lang) for c in stem)
    if lang == "ar" and stem.startswith("ال"):  # ل with the article: للطرفين
        body = f"(?:{_AR_PREFIX}{body}|(?:[وف]{_M})?ل{_M}ل{_M}{''.join(_letter(c, lang) for c in stem[2:])})"
    elif lang == "ar":
        body = _AR_PREFIX + body
    if open_ended:
        body += f"[\\w{_MARKS}]*" if lang == "ar" else r"\w*"
    if stem[:1].isupper():
        body = f"(?-i:{body})"  # a defined term: capitalised as written
    return body


@cache
def _pattern(forms: tuple[str, ...], lang: str) -> re.Pattern:
    """All the forms of a rule, longest first, as whole words."""
    alternatives = []
    for form in sorted(forms, key=len, reverse=True):
        pieces: list[str] = []
        for word in form.split():
            pieces.append(_GAP if word in ("…", "...") else (r"\s+" if pieces else "") + _word(word, lang))
        alternatives.append("".join(pieces))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _negated(text: str, start: int, lang: str) -> bool:
    """Whether a word denying it stands shortly before ``start``, in the same clause."""
    before = text[:start]
    ends = list(_CLAUSE_END.finditer(before))
    clause = before[ends[-1].end() :] if ends else before
    words = _TOKEN.findall(clause)[-NEGATION_REACH:]
    denials = NEGATIONS.get(lang, set())
    for word in words:
        word = word.casefold()
        if lang == "ar":
            word = re.sub(f"[{_MARKS}]", "", word)
            word = word[1:] if len(word) > 2 and word[0] in "وف" else word
        if word in denials or (lang == "fr" and word[:2] in ("n'", "n’")):
            return True
    return False


def _inside_longer(match: re.Match, rule: Rule, hits: list[tuple[Rule, re.Match]]) -> bool:
    """Whether another rule found longer words around these ("rights and obligations" around "obligations")."""
    return any(
        other is not rule and around.start() <= match.start() and match.end() <= around.end() and around[0] != match[0]
        for other, around in hits
    )


def _scan(rules, text: str, where: str, article: str | None, lang: str, names: dict[str, str]) -> list[Finding]:
    """One finding per rule and place, in table order, with the first words found and how many times."""
    if not text.strip():
        return []
    base = lang.split("-")[0].lower()
    hits = [(rule, m) for rule in rules for m in _pattern(rule.forms, base).finditer(text)]
    findings = []
    for rule in rules:
        kept = [
            m
            for r, m in hits
            if r is rule
            and not _inside_longer(m, rule, hits)
            and not (rule.unless_denied and _negated(text, m.start(), base))
        ]
        if kept:
            suggestion = rule.instead.format_map(names) if "{" in rule.instead else rule.instead
            findings.append(
                Finding(rule.key, where, article, lang, " ".join(kept[0][0].split()), suggestion, len(kept))
            )
    return findings

"""Fixed vocabularies: areas of cooperation (SPEC §4), languages and countries the forms offer, and the checks that
a language (ISO 639) or a country (ISO 3166-1) code is a real one."""

from __future__ import annotations

import re
from functools import cache

AREAS: dict[str, str] = {
    "alien_smuggling": "Alien smuggling and human trafficking",
    "contraband_smuggling": "Contraband smuggling",
    "money_laundering": "Money laundering and bulk cash smuggling",
    "controlled_technology": "Export of controlled technology",
    "arms_wmd": "Arms and military equipment, WMD technology",
    "trade_fraud": "Trade fraud and intellectual property",
    "cultural_property": "Cultural property and stolen art",
    "child_exploitation": "Child exploitation",
    "prime_bank_fraud": "Prime bank fraud",
    "document_benefit_fraud": "Document and benefit fraud",
    "repatriations": "Repatriations",
    "fugitives_extradition": "Fugitives and extradition",
    "human_rights": "Human rights violations",
    "document_counterfeiting": "Document counterfeiting",
    "airport_interdiction": "Interdiction at foreign airports",
    "cyber_crime": "Cyber crime",
    "customs_assistance": "Customs mutual assistance",
    "information_sharing": "Information sharing",
    "training": "Training and capacity building",
}

LANGUAGES: dict[str, str] = {
    "en": "English",
    "ar": "Arabic",
    "de": "German",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
LANGUAGE_HINT = "give ISO 639 codes such as ru, en or zh-Hant"
COUNTRY_HINT = "give ISO 3166 two-letter codes such as RU or MX"


def language_problem(code: object, given: object = None) -> str | None:
    """Why ``code`` is not a BCP 47 tag of a real language (its primary subtag an ISO 639 code), naming the entry
    as ``given`` (what was typed, when it differs), without the hint; None when it is one."""
    shown = str(code if given is None else given)[:40]
    if not isinstance(code, str) or not _BCP47.fullmatch(code):
        return f"{shown!r} is not a language code"
    if code.split("-")[0] not in _languages():
        return f'Unknown language code "{shown}"'
    return None


def languages_problem(codes: list, given: list | None = None) -> str | None:
    """'Unknown language code "xx"; unknown language code "qq": give ISO 639 codes …', or None when all are right."""
    wrong = [p for code, typed in zip(codes, given or codes, strict=True) if (p := language_problem(code, typed))]
    if not wrong:
        return None
    return "; ".join([wrong[0], *(p[:1].lower() + p[1:] for p in wrong[1:])]) + f": {LANGUAGE_HINT}."


def is_language(code: object) -> bool:
    """Whether ``code`` is a BCP 47 tag whose primary subtag is an ISO 639 language ("ru", "zh-Hant")."""
    return language_problem(code) is None


def country_problem(code: object) -> str | None:
    """Why ``code`` is not the ISO 3166-1 alpha-2 code of a country, naming it; None when it is one."""
    if not isinstance(code, str) or not _COUNTRY.fullmatch(code):
        return f"{str(code)[:40]!r} is not a two-letter country code; {COUNTRY_HINT}."
    if code not in _countries():
        return f'Unknown country code "{code}"; {COUNTRY_HINT}.'
    return None


def is_country(code: object) -> bool:
    """Whether ``code`` is the ISO 3166-1 alpha-2 code of a country ("RU"; not "ZZ")."""
    return country_problem(code) is None


def language_name(code: str) -> str:
    """A language's English name, or its code."""
    return LANGUAGES.get(code.split("-")[0], code)


# Names people use that ISO 3166 words otherwise (pycountry knows the official and common names).
_COUNTRY_ALIASES = {
    "russia": "RU",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "usa": "US",
    "america": "US",
    "turkey": "TR",
    "holland": "NL",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "burma": "MM",
    "macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "vatican": "VA",
    "holy see": "VA",
    "north korea": "KP",
    "south korea": "KR",
    "korea": "KR",
    "palestine": "PS",
    "uae": "AE",
    "emirates": "AE",
}


def country_code(value: object) -> str | None:
    """The ISO 3166 alpha-2 code of a country given by code or by name ("RU", "ru", "Russia",
    "Russian Federation", "México"), or None when no country is called that."""
    if not isinstance(value, str):
        return None
    wanted = " ".join(value.split())
    if not wanted or len(wanted) > 100:
        return None
    alias = _COUNTRY_ALIASES.get(wanted.casefold())
    if alias:
        return alias
    if len(wanted) == 2 and wanted.isascii() and wanted.isalpha():
        return wanted.upper() if wanted.upper() in _countries() else None
    import pycountry

    try:
        return pycountry.countries.lookup(wanted).alpha_2
    except LookupError:
        pass
    folded = _fold(wanted)
    for country in pycountry.countries:
        names = (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""))
        if any(name and _fold(name) == folded for name in names):
            return country.alpha_2
    return None


def unknown_country(given: str) -> str:
    """Why no country is ``given`` (by name or by code): an unknown code named as a code, else as a name."""
    if len(given) == 2 and given.isascii() and given.isalpha():
        code = given.upper()
        return f'Unknown country code "{code}"; give the country\'s name or its two-letter code, e.g. Russia or RU.'
    return f'No country is called "{given[:60]}"; give its name or its two-letter code, e.g. Russia or RU.'


def _fold(text: str) -> str:
    """Lower case without accents: "México" and "mexico" compare equal."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _languages() -> frozenset[str]:
    """The ISO 639 codes a primary language subtag may be: two letters (639-1), else three (639-2/T, 639-3)."""
    import pycountry

    return frozenset(
        code
        for language in pycountry.languages
        for code in (getattr(language, "alpha_2", None), language.alpha_3)
        if code
    )

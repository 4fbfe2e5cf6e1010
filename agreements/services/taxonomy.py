"""Fixed vocabularies: areas of cooperation (SPEC §4), languages and countries the forms offer."""

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


def is_language(code: str) -> bool:
    """Whether ``code`` looks like a BCP 47 language tag."""
    return isinstance(code, str) and bool(_BCP47.match(code))


def is_country(code: str) -> bool:
    """Whether ``code`` looks like an ISO 3166 alpha-2 code."""
    return isinstance(code, str) and bool(_COUNTRY.match(code))


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


def _fold(text: str) -> str:
    """Lower case without accents: "México" and "mexico" compare equal."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)

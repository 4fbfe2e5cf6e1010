"""Who the Parties are, by name, in every language of the text.

A binding agreement is concluded between the two Governments ("the Government of the United States of
America" and "the Government of the Italian Republic"); the agencies are their executing authorities.
A non-binding instrument is signed between the agencies themselves, the Participants (State Department,
Guidance on Non-Binding Documents). What the agreement records (``Agreement.party_names``) wins;
what it does not is filled with the names the product knows, and what nobody knows stays empty for the
program manager to type (the guard ``parties_named`` asks for it before clearance).
"""

from __future__ import annotations

import pycountry

PARTIES = ("us", "counterpart")

# The Government of the United States of America, as treaty texts write it in the languages the
# office signs in (the forms used in the U.S. Treaties and Other International Acts Series).
US_GOVERNMENT = {
    "en": "the Government of the United States of America",
    "es": "el Gobierno de los Estados Unidos de América",
    "fr": "le Gouvernement des États-Unis d’Amérique",
    "it": "il Governo degli Stati Uniti d’America",
    "pt": "o Governo dos Estados Unidos da América",
    "de": "die Regierung der Vereinigten Staaten von Amerika",
    "ru": "Правительство Соединенных Штатов Америки",
    "ar": "حكومة الولايات المتحدة الأمريكية",
    "uk": "Уряд Сполучених Штатів Америки",
    "nl": "de Regering van de Verenigde Staten van Amerika",
}
US_AGENCY_IN = {
    "es": "Servicio de Inmigración y Control de Aduanas de los Estados Unidos",
    "fr": "Service de l’immigration et des douanes des États-Unis",
    "it": "Servizio per l’immigrazione e le dogane degli Stati Uniti",
}

# Official names that read with "the": the Italian Republic, the Russian Federation, the United Kingdom…
_WITH_ARTICLE = (
    "Republic",
    "Kingdom",
    "Federation",
    "States",
    "Union",
    "Emirates",
    "Commonwealth",
    "Islands",
    "Principality",
    "Sultanate",
    "Grand Duchy",
    "State of",
    "Confederation",
)


def country_official_name(code: str) -> str:
    """IT → the Italian Republic; JP → Japan (the ISO 3166 official name, with "the" where English puts it)."""
    country = pycountry.countries.get(alpha_2=code or "")
    if country is None:
        return code or ""
    name = getattr(country, "official_name", None) or getattr(country, "common_name", None) or country.name
    if any(word in name for word in _WITH_ARTICLE) and not name.startswith("the "):
        name = "the " + name
    return name


def counterpart_government(code: str) -> str:
    """IT → the Government of the Italian Republic."""
    return f"the Government of {country_official_name(code)}" if code else ""


def known_names(agreement, our_agency: str) -> dict[str, dict[str, str]]:
    """The names the product knows for each side, per language (before anything recorded)."""
    languages = list(agreement.languages or ["en"])
    if agreement.is_binding:
        us = {lang: US_GOVERNMENT[lang] for lang in languages if lang in US_GOVERNMENT}
        them = {"en": counterpart_government(agreement.country)}
    else:
        us = {"en": our_agency, **{lang: US_AGENCY_IN[lang] for lang in languages if lang in US_AGENCY_IN}}
        counterpart = agreement.counterpart_agency
        them = {"en": counterpart.name if counterpart else ""}
        local = counterpart.name_local if counterpart else ""
        for lang in languages[1:]:
            them[lang] = local or them["en"]
    return {"us": us, "counterpart": them}


def names_of(agreement, our_agency: str) -> dict[str, dict[str, str]]:
    """Each side's name in each language of the text: as recorded, else as known, else empty."""
    known = known_names(agreement, our_agency)
    recorded = agreement.party_names or {}
    out: dict[str, dict[str, str]] = {}
    for party in PARTIES:
        mine = recorded.get(party) or {}
        out[party] = {
            lang: (mine.get(lang) or known[party].get(lang) or "").strip() for lang in agreement.languages or ["en"]
        }
    return out


def missing_names(agreement, our_agency: str) -> list[tuple[str, str]]:
    """(party, language) of every name nobody has given yet."""
    names = names_of(agreement, our_agency)
    return [(party, lang) for party in PARTIES for lang, name in names[party].items() if not name]


def capitalised(name: str) -> str:
    """the Government of … → The Government of … (at the start of a line)."""
    return name[:1].upper() + name[1:]

"""The few words a document writes itself in each language of the text: "For" before a side's name on
its signature block, "Date" and "Place" under a draft's blank lines, dates in the language's own words,
and the place and date of signature written into the testimonium's blanks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

# "For the Government of …:" as treaty texts head a signature block, by language (base code).
FOR = {
    "en": "For",
    "es": "Por",
    "fr": "Pour",
    "it": "Per",
    "pt": "Por",
    "de": "Für",
    "nl": "Voor",
    "ru": "За",
    "uk": "За",
    "ar": "عن",
}
# Portuguese contracts "por" with the article that starts the name: "Pelo Governo", "Pela Agência".
_CONTRACTED = {"pt": {"o": "Pelo", "a": "Pela", "os": "Pelos", "as": "Pelas"}}
DATE_PLACE = {
    "en": ("Date", "Place"),
    "es": ("Fecha", "Lugar"),
    "fr": ("Date", "Lieu"),
    "it": ("Data", "Luogo"),
    "pt": ("Data", "Local"),
    "de": ("Datum", "Ort"),
    "nl": ("Datum", "Plaats"),
    "ru": ("Дата", "Место"),
    "uk": ("Дата", "Місце"),
    "ar": ("التاريخ", "المكان"),
}
# A blank for the place or date of signature in the final clauses: four underscores or more.
BLANK = re.compile(r"_{4,}")


def base(lang: str) -> str:
    """pt-BR → pt."""
    return (lang or "en").split("-")[0].lower()


def for_side(name: str, lang: str) -> str:
    """The heading of a signature block: "Per il Governo degli Stati Uniti d’America:" (English "For" if unknown)."""
    code = base(lang)
    first, _, rest = name.partition(" ")
    contracted = _CONTRACTED.get(code, {}).get(first.lower())
    if contracted and rest:
        return f"{contracted} {rest}:"
    return f"{FOR.get(code, FOR['en'])} {name}:"


def date_place_labels(lang: str) -> tuple[str, str]:
    """("Data", "Luogo"): the words under a draft's blanks (English if unknown)."""
    return DATE_PLACE.get(base(lang), DATE_PLACE["en"])


def english_date(day: dt.date | dt.datetime | None) -> str:
    """26 March 2010: the form the rest of the document uses."""
    return "" if day is None else f"{day.day} {day:%B %Y}"


def date_in(day: dt.date | dt.datetime | None, lang: str) -> str:
    """The date in the words of ``lang`` ("11 novembre 2026"); the English form for a language not known."""
    if day is None:
        return ""
    if base(lang) == "en":
        return english_date(day)
    for code in (lang, base(lang)):
        try:
            return format_date(day, format="long", locale=Locale.parse(code, sep="-"))
        except (UnknownLocaleError, ValueError):
            continue
    return english_date(day)


def _once_each(values: Iterable) -> list:
    """The values present, each once, in order."""
    seen: list = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def testimonium(signatures: Iterable, languages: Iterable[str]) -> dict[str, dict[str, str]]:
    """{lang: {"place": …, "date": …}} from the signature records, to fill the testimonium's blanks.

    Both signed on one day in one place: that day and place. Otherwise each side's, ours first:
    "Washington / Rome", "2 March 2026 / 5 March 2026". Empty when nobody has signed.
    """
    signatures = sorted(signatures, key=lambda s: s.party != "us")
    places = _once_each(s.place.strip() for s in signatures if s.place)
    days = _once_each(s.signed_on for s in signatures)
    if not places and not days:
        return {}
    return {
        lang: {"place": " / ".join(places), "date": " / ".join(date_in(day, lang) for day in days)}
        for lang in languages
    }


def fill_blanks(text: str, values: dict[str, str] | None) -> str:
    """The final clauses with the first blank filled by the place and the second by the date (plain text)."""
    if not text or not values:
        return text or ""
    fills = iter((values.get("place", ""), values.get("date", "")))

    def fill(match: re.Match) -> str:
        return next(fills, "") or match.group(0)

    return BLANK.sub(fill, text, count=2)

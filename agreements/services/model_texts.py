"""Starting a text from its type's model text: the standard articles, saved as version 1."""

from __future__ import annotations

import pycountry

from .. import model_texts
from ..errors import Conflict, InvalidInput
from ..models import Agreement, TextVersion, User
from . import versions
from .taxonomy import AREAS, language_name

NOTE = "Started from the model text"


def has_model(agreement: Agreement) -> bool:
    """Whether the agreement's type ships a model text."""
    return model_texts.has_model(agreement.type)


def model_text(agreement: Agreement) -> dict:
    """The model text of the agreement's type, with its counterpart, country, areas and languages filled in."""
    if not model_texts.has_model(agreement.type):
        raise InvalidInput(f"There is no model text for the type {agreement.type!r}.")
    return model_texts.fill(agreement.type, _facts(agreement))


def start_from_model(user: User, agreement: Agreement) -> TextVersion:
    """Save the model text as version 1; refused once the agreement has a text."""
    if agreement.current_version_number:
        raise Conflict(
            f"{agreement.reference} already has a text (version {agreement.current_version_number}); "
            "the model text is offered only for a first version.",
            current_version=agreement.current_version_number,
        )
    return versions.save_version(user, agreement, {**model_text(agreement), "note": NOTE, "base_version": 0})


def _facts(agreement: Agreement) -> dict[str, str]:
    """The values the model's placeholders take."""
    country = pycountry.countries.get(alpha_2=agreement.country)
    country_name = (getattr(country, "official_name", None) or country.name) if country else agreement.country
    areas = [AREAS[a][0].lower() + AREAS[a][1:] if a in AREAS else a for a in agreement.areas]
    langs = [language_name(code) for code in agreement.languages]
    them = agreement.counterpart or "[the counterpart agency]"
    country_name = ("the " + country_name) if country_name.split()[0] in _ARTICLED else country_name
    named = country_name.removeprefix("the ") in them or (country and country.name in them)
    return {
        "them": them,
        "counterpart": them if named else f"{them} of {country_name}",
        "country": country_name,
        "areas": "; ".join(areas) if areas else "[areas of cooperation]",
        "languages": _and(langs) + (" languages" if len(langs) > 1 else " language"),
    }


_ARTICLED = {"Republic", "Kingdom", "Russian", "United", "Federal", "Islamic", "State", "Democratic", "Principality"}


def _and(words: list[str]) -> str:
    """English, Russian → "English and Russian"; three or more with commas."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

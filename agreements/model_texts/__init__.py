"""Model texts: the standard articles each agreement type starts from, in English, one module per type."""

from __future__ import annotations

from . import cmaa, loi, moc, mou

US = "U.S. Immigration and Customs Enforcement of the Department of Homeland Security of the United States of America"
SHORT_NAMES = {"mou": "Memorandum", "moc": "Memorandum", "loi": "Letter of Intent", "cmaa": "Agreement"}
# Each model is {"preamble": str, "articles": [(heading, body)], "final_clauses": str}. Its texts may
# name {us}, {them}, {counterpart} (the agency with its country), {country}, {areas}, {languages}
# and {short}, filled from the agreement's facts.
MODELS = {"mou": mou.MODEL, "moc": moc.MODEL, "loi": loi.MODEL, "cmaa": cmaa.MODEL}


def has_model(type_key: str) -> bool:
    """Whether the type ships a model text."""
    return type_key in MODELS


def fill(type_key: str, facts: dict[str, str]) -> dict:
    """The model text of a type with the agreement's facts filled in: a text in the shape of SPEC §4 (English)."""
    model = MODELS[type_key]
    values = {"us": US, "short": SHORT_NAMES[type_key], **facts}

    def put(template: str) -> str:
        return template.strip().format_map(values)

    return {
        "preamble": {"en": put(model["preamble"])},
        "articles": [
            {"number": str(n), "heading": {"en": heading}, "body": {"en": put(body)}}
            for n, (heading, body) in enumerate(model["articles"], start=1)
        ],
        "final_clauses": {"en": put(model["final_clauses"])},
    }

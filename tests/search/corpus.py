"""A small world of texts to search: agreements in force with Russia and Mexico, a draft, an ended one."""

from __future__ import annotations

import datetime as dt

from services.lifecycle import TODAY, bring_to, take

from agreements.db import db
from agreements.services import versions

RUSSIAN_TEXT = {
    "preamble": {
        "en": "The Participants, desiring to strengthen cooperation against crime,",
        "ru": "Участники, желая укрепить сотрудничество в борьбе с преступностью,",
    },
    "articles": [
        {
            "number": "1",
            "heading": {"en": "Scope", "ru": "Сфера применения"},
            "body": {
                "en": "This Memorandum covers child exploitation, human trafficking and cyber crime.",
                "ru": "Настоящий Меморандум охватывает эксплуатацию детей, торговлю людьми и киберпреступность.",
            },
        },
        {
            "number": "2",
            "heading": {"en": "Exchange of information", "ru": "Обмен информацией"},
            "body": {
                "en": "The Participants intend to share bank records, informing each other promptly "
                "through the Attaché Office in Moscow.",
                "ru": "Участники намерены обмениваться сведениями о банковских счетах и информации о "
                "переводах через Атташат в Москве.",
            },
        },
        {
            "number": "3",
            "heading": {"en": "Points of contact", "ru": "Контактные лица"},
            "body": {
                "en": "Each Participant designates a point of contact for requests under this Memorandum.",
                "ru": "Каждый Участник назначает контактное лицо для запросов по настоящему Меморандуму.",
            },
        },
    ],
    "final_clauses": {
        "en": "Signed in duplicate, in the English and Russian languages, both texts being equally valid.",
        "ru": "Подписано в двух экземплярах на английском и русском языках, оба текста имеют равную силу.",
    },
}

MEXICAN_TEXT = {
    "preamble": {
        "en": "The Participants, recognising the value of customs cooperation,",
        "es": "Los Participantes, reconociendo el valor de la cooperación aduanera,",
    },
    "articles": [
        {
            "number": "1",
            "heading": {"en": "Bulk cash smuggling", "es": "Contrabando de efectivo"},
            "body": {
                "en": "The Participants intend to share information on bulk cash smuggling across the border.",
                "es": "Los Participantes intercambiarán información sobre el contrabando de efectivo.",
            },
        },
    ],
    "final_clauses": {
        "en": "Signed in duplicate, in English and Spanish.",
        "es": "Firmado en dos ejemplares, en inglés y español.",
    },
}


def open_with_text(make_agreement, world, text, **fields):
    """An agreement with ``text`` as its current version (still in drafting)."""
    agreement = make_agreement(with_text=False, **fields)
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    return agreement


def corpus(world, make_agreement) -> dict:
    """In force: an MOU with Russia and one with Mexico; a draft with Russia; an MOU with Russia that expired."""
    russia = open_with_text(
        make_agreement,
        world,
        RUSSIAN_TEXT,
        title="MOU on cooperation against child exploitation and trafficking",
        areas=["child_exploitation", "information_sharing"],
    )
    bring_to(world, russia, "in_force")
    mexico = open_with_text(
        make_agreement,
        world,
        MEXICAN_TEXT,
        country="MX",
        counterpart="Servicio de Administración Tributaria",
        languages=["en", "es"],
        title="MOU on bulk cash smuggling",
        areas=["money_laundering"],
    )
    bring_to(world, mexico, "in_force")
    draft = open_with_text(
        make_agreement,
        world,
        {"articles": [{"number": "1", "heading": {"en": "Zanzibarite"}, "body": {"en": "A draft about zanzibarite."}}]},
        title="Draft MOU on mineral fraud",
        languages=["en"],
    )
    ended = open_with_text(
        make_agreement,
        world,
        {"articles": [{"number": "1", "heading": {"en": "Falconry"}, "body": {"en": "Falconry permits and records."}}]},
        title="MOU on falconry",
        languages=["en"],
    )
    bring_to(world, ended, "in_force")  # signed 26 March 2026, in force that day
    take(world, ended, "expire")  # expired on 1 October 2026
    return {"russia": russia, "mexico": mexico, "draft": draft, "ended": ended, "today": TODAY}


BEFORE_EXPIRY = dt.date(2026, 6, 30)

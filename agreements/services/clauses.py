"""The agreement's own clauses kept as facts: its title in every language, the names of the Parties,
its rule of entry into force, its expiry and its renewal. Editable with the other facts, until the
text is cleared for signature; each refusal names the field and the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

from ..workflows.guards import EARLIEST, long_date, parse_date
from ..workflows.parties import PARTIES, capitalised, known_names, names_of
from .characters import name_problem
from .lengths import too_long
from .numbers import whole_number
from .taxonomy import language_name

# How a binding agreement enters into force (its final clauses say which).
ENTRY_RULES = {
    "signature": "on signature",
    "date": "on a stated date",
    "later_note": "on the date of the later of the two diplomatic notes",
    "days_after_later_note": "a number of days after the later of the two diplomatic notes",
}
FIELDS = (
    "title_translations",
    "party_names",
    "entry_rule",
    "entry_rule_on",
    "entry_rule_days",
    "expires_on",
    "renewal_years",
    "renewal_notice_days",
)
_LABELS = {
    "entry_rule_on": "The stated date of entry into force",
    "expires_on": "The expiry date",
}


# How the facts form labels one language's field of the title, and of each party's name.
_PARTY_LABELS = {"us": "Our side", "counterpart": "The counterpart"}


def _names(value: Any, limit: int, label: str) -> tuple[dict[str, str] | None, str | None]:
    """({lang: text}, None), each text trimmed; (None, why) when not that shape, or a text is over ``limit`` or holds
    a character no title or name may (``characters.name_problem``).

    ``label`` is the field's label with ``{language}`` for the language's name: "Title in {language}".
    """
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None, None
    for lang, text in value.items():
        if problem := name_problem(label.format(language="another language"), lang):
            return None, problem
        named = label.format(language=language_name(lang))
        if problem := name_problem(named, text) or too_long(named, text.strip(), limit):
            return None, problem
    return {k: v.strip() for k, v in value.items() if v.strip()}, None


def _whole(value: Any, low: int, high: int) -> int | None | bool:
    """An integer in [low, high], None for empty, False when not one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        value = whole_number(value, low, high)
    if not isinstance(value, int) or not low <= value <= high:
        return False
    return value


def _day(fields: dict, name: str, errors: dict) -> dt.date | None:
    value = fields.get(name)
    if value in (None, ""):
        return None
    day = parse_date(value)
    if day is None:
        errors[name] = f"{_LABELS[name]} must be a date (YYYY-MM-DD)."
    elif day < EARLIEST:
        errors[name] = f"{_LABELS[name]} ({long_date(day)}) is before 1945: check the year."
    return day


def validate(fields: dict[str, Any], errors: dict[str, str], out: dict[str, Any]) -> None:
    """Check the clause facts present in ``fields``; put the clean values in ``out``, problems in ``errors``."""
    if "title_translations" in fields:
        titles, problem = _names(fields["title_translations"] or {}, 500, "Title in {language}")
        if titles is None:
            errors["title_translations"] = problem or (
                'Give the title in each other language as {"language code": "title"}, each up to 500 characters.'
            )
        else:
            out["title_translations"] = titles
    if "party_names" in fields:
        given = fields["party_names"] or {}
        clean: dict[str, dict[str, str]] = {}
        if not isinstance(given, dict) or set(given) - set(PARTIES):
            errors["party_names"] = 'Give the names of the Parties as {"us": {…}, "counterpart": {…}}.'
        else:
            for party, names in given.items():
                checked, problem = _names(names or {}, 300, f"{_PARTY_LABELS[party]} in {{language}}")
                if checked is None:
                    errors["party_names"] = problem or (
                        f'Give {party}\'s names as {{"language code": "name"}}, each up to 300 characters.'
                    )
                    break
                clean[party] = checked
            out["party_names"] = clean
    if "entry_rule" in fields:
        rule = fields["entry_rule"] or "signature"
        if rule not in ENTRY_RULES:
            errors["entry_rule"] = f"Choose how it enters into force: one of {', '.join(ENTRY_RULES)}."
        out["entry_rule"] = rule
    if "entry_rule_on" in fields:
        out["entry_rule_on"] = _day(fields, "entry_rule_on", errors)
    if "entry_rule_days" in fields:
        days = _whole(fields["entry_rule_days"], 1, 3650)
        if days is False:
            errors["entry_rule_days"] = "The days after the later note must be a whole number from 1 to 3650."
        else:
            out["entry_rule_days"] = days
    if "expires_on" in fields:
        out["expires_on"] = _day(fields, "expires_on", errors)
    for name, label, high in (
        ("renewal_years", "The years of each renewal", 50),
        ("renewal_notice_days", "The days of notice before expiry", 3650),
    ):
        if name in fields:
            number = _whole(fields[name], 1 if name == "renewal_years" else 0, high)
            if number is False:
                errors[name] = f"{label} must be a whole number from {1 if name == 'renewal_years' else 0} to {high}."
            else:
                out[name] = number


def check(agreement, facts: dict[str, Any], errors: dict[str, str]) -> None:
    """Check the clause facts against the agreement they will belong to (its languages, its track)."""
    languages = facts.get("languages", agreement.languages) or ["en"]
    titles = facts.get("title_translations", agreement.title_translations or {})
    stray = sorted(set(titles) - set(languages[1:]))
    if stray:
        errors["title_translations"] = (
            f"The title is given in {', '.join(stray)}, which is not a language of the text besides English "
            "(the English title is the title)."
        )
    for names in facts.get("party_names", {}).values():
        stray = sorted(set(names) - set(languages))
        if stray:
            errors["party_names"] = f"A name is given in {', '.join(stray)}, which is not a language of the text."
    rule = facts.get("entry_rule", agreement.entry_rule or "signature")
    rule_on = facts.get("entry_rule_on", agreement.entry_rule_on)
    days = facts.get("entry_rule_days", agreement.entry_rule_days)
    if not {"entry_rule", "entry_rule_on", "entry_rule_days", "expires_on", "renewal_years", "renewal_notice_days"} & (
        facts.keys()
    ):
        return
    if rule != "signature" and not agreement.is_binding:
        errors["entry_rule"] = (
            "A non-binding instrument comes into effect on signature: a rule of entry into force is for a "
            "binding agreement (the legal advisor's determination)."
        )
    if rule == "date" and rule_on is None:
        errors["entry_rule_on"] = "Give the date on which it enters into force (the stated date)."
    if rule == "days_after_later_note" and days is None:
        errors["entry_rule_days"] = "Give how many days after the later note it enters into force."
    expires_on = facts.get("expires_on", agreement.expires_on)
    years = facts.get("renewal_years", agreement.renewal_years)
    notice_days = facts.get("renewal_notice_days", agreement.renewal_notice_days)
    if years and expires_on is None:
        errors["renewal_years"] = "Automatic renewal renews from an expiry date: give the expiry date first."
    if notice_days is not None and not years:
        errors["renewal_notice_days"] = "Days of notice before expiry go with an automatic renewal: give its years."
    if rule == "date" and rule_on and expires_on and expires_on <= rule_on:
        errors["expires_on"] = (
            f"The expiry date ({long_date(expires_on)}) must come after entry into force ({long_date(rule_on)})."
        )


def apply(agreement, facts: dict[str, Any]) -> None:
    """Write the clause facts given onto the agreement."""
    for name in FIELDS:
        if name in facts:
            setattr(agreement, name, facts[name])
    if "entry_rule" in facts:
        # A rule's own detail means nothing under another rule.
        if agreement.entry_rule != "date":
            agreement.entry_rule_on = None
        if agreement.entry_rule != "days_after_later_note":
            agreement.entry_rule_days = None


def terms_in_words(agreement) -> dict[str, str]:
    """Its entry into force and its expiry and renewal, as sentences for its page ("" for no expiry)."""
    renewal = renewal_text(agreement)
    return {
        "entry": capitalised(rule_text(agreement)) + ".",
        "renewal": capitalised(renewal) + "." if renewal else "",
    }


def rule_text(agreement) -> str:
    """How this agreement enters into force (comes into effect), in words."""
    if not agreement.is_binding:
        return "comes into effect on signature"
    rule = agreement.entry_rule or "signature"
    if rule == "date" and agreement.entry_rule_on:
        return f"enters into force on {long_date(agreement.entry_rule_on)}"
    if rule == "days_after_later_note" and agreement.entry_rule_days:
        return f"enters into force {agreement.entry_rule_days} days after the later of the two diplomatic notes"
    return "enters into force " + ENTRY_RULES[rule]


def renewal_text(agreement) -> str:
    """Its expiry and renewal, in words; empty when it has no expiry."""
    if agreement.expires_on is None:
        return ""
    text = f"expires on {long_date(agreement.expires_on)}"
    if agreement.renewal_years:
        text += (
            f", renewed automatically for {agreement.renewal_years} year{'s' if agreement.renewal_years > 1 else ''}"
        )
        if agreement.renewal_notice_days is not None:
            text += f" unless notice is given {agreement.renewal_notice_days} days before"
    return text


def our_agency() -> str:
    """The agency the office belongs to, as configured (AGENCY_NAME)."""
    return current_app.config.get("AGENCY_NAME", "")


def known_parties(agreement) -> dict[str, dict[str, str]]:
    """The names the product knows for each side, per language (what an empty field falls back on)."""
    return known_names(agreement, our_agency())


def parties(agreement) -> dict[str, dict[str, str]]:
    """Each side's name in each language, as the documents print it (recorded, else known, else empty)."""
    return names_of(agreement, our_agency())

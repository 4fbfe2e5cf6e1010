"""Points of contact of each party of an agreement: listing them, and replacing one party's list."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..auth import policy
from ..db import utcnow
from ..errors import InvalidInput, PermissionDenied
from ..models import Agreement, Contact, User
from ..workflows.guards import parse_date
from .audit import record_event
from .characters import text_problem
from .lengths import too_long
from .parties import PARTIES
from .taxonomy import LANGUAGES, languages_problem

MAX_CONTACTS = 20
MAX_LANGUAGES = 10
FIELDS = ("name", "title", "office", "email", "phone", "languages", "confirmed_on")
# What a client may send back as it read it (GET, change, PUT): the party must match, the time is ignored.
READ_ONLY = ("party", "updated_at")
PARTY_NAMES = {"counterpart": "the counterpart", "us": "our side"}
LIMITS = {"name": 200, "title": 300, "office": 300, "email": 254, "phone": 64}
LABELS = {  # as the contacts form labels them
    "name": "Name",
    "title": "Title",
    "office": "Office",
    "email": "E-mail",
    "phone": "Phone",
}

# Conservative on purpose: whatever passes is safe as it stands in a mailto: link.
_EMAIL = re.compile(r"^[^\s@<>()\[\]\\,;:\"'?&#%/]+@[^\s@<>()\[\]\\,;:\"'?&#%/.]+(\.[^\s@<>()\[\]\\,;:\"'?&#%/.]+)+$")
_PHONE = re.compile(r"^(?P<number>\+?[0-9 ().\-]+?)\s*(?:(?:ext\.?|extension|x|#)\s*(?P<ext>[0-9]{1,8}))?$", re.I)
_LANGUAGE_CODES = {name.casefold(): code for code, name in LANGUAGES.items()}


def list_contacts(agreement: Agreement) -> dict[str, list[Contact]]:
    """Each party's points of contact in list order: the counterpart's first (whom attachés call), then ours."""
    listed: dict[str, list[Contact]] = {"counterpart": [], "us": []}
    for contact in sorted(agreement.contacts, key=lambda c: (c.party, c.position, c.id or 0)):
        listed.setdefault(contact.party, []).append(contact)
    return listed


def set_contacts(
    user: User, agreement: Agreement, party: str, items: Any, *, today: dt.date | None = None
) -> list[Contact]:
    """Replace a party's points of contact (0–20 people), in any state; the trail records who changed them."""
    if not policy.can_edit_contacts(user, agreement):
        raise PermissionDenied(
            "Only program managers, and attachés of the office responsible for the agreement, "
            "change its points of contact."
        )
    if party not in PARTIES:
        raise InvalidInput(
            f"The party is 'us' or 'counterpart', not {str(party)[:40]!r}.", {"party": "Choose us or counterpart."}
        )
    people = validate_contacts(items, party, today=today)
    listed = _replace(user, agreement, party, people)
    if listed is not None:
        record_event(
            agreement,
            "update_contacts",
            agreement.state,
            user,
            comment="",
            data={"party": party, "contacts": [c.name for c in listed]},
        )
    return list_contacts(agreement)[party]


def _replace(user: User, agreement: Agreement, party: str, people: list[dict[str, Any]]) -> list[Contact] | None:
    """Change the party's rows to ``people`` (a person kept by name keeps their row); None when nothing changed."""
    old = list_contacts(agreement)[party]
    unused = list(old)
    changed = len(old) != len(people)
    listed = []
    for position, person in enumerate(people):
        row = next((c for c in unused if c.name.casefold() == person["name"].casefold()), None)
        if row is None:
            row = Contact(party=party, name=person["name"])
            agreement.contacts.append(row)
        else:
            unused.remove(row)
        values = {**person, "position": position}
        if row.id is None or any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_by = user
            changed = True
        listed.append(row)
    for row in unused:
        agreement.contacts.remove(row)  # delete-orphan: the row goes with the flush
    agreement.contacts.sort(key=lambda c: (c.party, c.position))  # as the relationship loads them
    return listed if changed else None


def validate_contacts(items: Any, party: str, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Check a list of people; raise InvalidInput naming each problem by ``contacts[n].field`` (n from 1)."""
    if not isinstance(items, list):  # nothing sent is not "nobody": an empty list says that
        raise InvalidInput(
            "Send the points of contact as a list of people, each with a name.",
            {"contacts": "Give a list of people."},
        )
    if len(items) > MAX_CONTACTS:
        raise InvalidInput(
            f"At most {MAX_CONTACTS} points of contact per party; {len(items)} were sent.",
            {"contacts": f"At most {MAX_CONTACTS} people."},
        )
    errors: dict[str, str] = {}
    people = [_person(item, n, party, errors, today or latest_today()) for n, item in enumerate(items, start=1)]
    if errors:
        raise InvalidInput("Some points of contact are not right. " + " ".join(_sentences(errors)), errors)
    return people


def latest_today() -> dt.date:
    """Today where the day is furthest on (UTC+14): an attaché's "today" is never refused as the future."""
    return (utcnow() + dt.timedelta(hours=14)).date()


def _sentences(errors: dict[str, str]) -> list[str]:
    """'Person 2: give an e-mail address …' for the detail that names every problem."""
    out = []
    for key, message in errors.items():
        match = re.match(r"contacts\[(\d+)\]", key)
        out.append(f"Person {match.group(1)}: {message}" if match else message)
    return out


def _person(item: Any, n: int, party: str, errors: dict[str, str], today: dt.date) -> dict[str, Any]:
    """One person's fields, cleaned; problems go to ``errors`` under ``contacts[n].field``."""
    where = f"contacts[{n}]"
    if not isinstance(item, dict):
        errors[where] = "Give each person as an object with a name, and optionally title, office, e-mail and phone."
        return {}
    for key in item:
        if key not in FIELDS and key not in READ_ONLY:
            errors[f"{where}.{key}"] = f"Unknown field {str(key)[:40]!r}; the fields are {', '.join(FIELDS)}."
    if item.get("party") not in (None, party):
        errors[f"{where}.party"] = f"This person is listed for {PARTY_NAMES.get(item['party'], 'another party')}."

    def problem(field: str, message: str) -> None:
        errors[f"{where}.{field}"] = message

    person = {field: _text(item.get(field), field, problem) for field in LIMITS}
    if not person["name"] and f"{where}.name" not in errors:
        problem("name", "Give the person's name.")
    if person["email"] and not _EMAIL.match(person["email"]):
        problem("email", "Give an e-mail address such as name@agency.gov, or leave it empty.")
    if person["phone"] and f"{where}.phone" not in errors and tel_uri(person["phone"]) is None:
        problem(
            "phone",
            "Give the number with digits, spaces and + - ( ) . only, and any extension after it, "
            "e.g. +7 495 555-01-23 ext. 12.",
        )
    person["languages"] = _languages(item.get("languages"), problem)
    person["confirmed_on"] = _confirmed_on(item.get("confirmed_on"), today, problem)
    return person


def _text(value: Any, field: str, problem) -> str:
    """A text field, trimmed; '' when absent."""
    if value is None:
        return ""
    if not isinstance(value, str):
        problem(field, f"{LABELS[field]} must be text.")
        return ""
    value = " ".join(value.split())
    if message := too_long(LABELS[field], value, LIMITS[field]) or text_problem(LABELS[field], value):
        problem(field, message)
    return value


def _languages(value: Any, problem) -> list[str]:
    """BCP 47 codes (names such as "Russian" are taken too), each once, in the order given."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = re.split(r"[,;]", value)
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        problem("languages", 'Give the languages as codes, e.g. ["ru", "en"].')
        return []
    codes: list[str] = []
    for raw in (x.strip() for x in value):
        if not raw:
            continue
        code = _LANGUAGE_CODES.get(raw.casefold()) or raw[:1].lower() + raw[1:]
        head, _, rest = code.partition("-")
        code = head.lower() + (f"-{rest}" if rest else "")
        if wrong := languages_problem([code], [raw]):
            problem("languages", wrong)
            return []
        if code not in codes:
            codes.append(code)
    if len(codes) > MAX_LANGUAGES:
        problem("languages", f"At most {MAX_LANGUAGES} languages.")
    return codes


def _confirmed_on(value: Any, today: dt.date, problem) -> dt.date | None:
    """The day someone last checked that the details are right: a date, not in the future, or none."""
    if value in (None, ""):
        return None
    day = parse_date(value)
    if day is None:
        problem("confirmed_on", "Give the date the details were confirmed as YYYY-MM-DD, e.g. 2026-11-03.")
    elif day > today:
        problem("confirmed_on", "The date the details were confirmed cannot be in the future.")
        return None
    return day


def tel_uri(phone: str) -> str | None:
    """The number as a tel: URI for tap-to-call ("+7 495 555-01-23 ext. 12" → "tel:+74955550123;ext=12"); None
    when it is not a phone number."""
    match = _PHONE.match(phone.strip()) if isinstance(phone, str) else None
    if match is None:
        return None
    number = match.group("number")
    digits = re.sub(r"\D", "", number)
    if not 3 <= len(digits) <= 20:
        return None
    ext = match.group("ext")
    return f"tel:{'+' if number.startswith('+') else ''}{digits}" + (f";ext={ext}" if ext else "")

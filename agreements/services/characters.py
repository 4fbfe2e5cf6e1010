"""Characters typed text may not hold: one sentence for each, naming the field as its form labels it.

NUL (U+0000) is in no text: PostgreSQL cannot store it, and nobody means to type it. Titles and names
also refuse the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which
reorder what a reader sees ("Trojan Source" spoofing); Arabic and Hebrew need none of them, and the
marks (U+200E, U+200F, U+061C), which only place a neutral character, stay allowed.
"""

from __future__ import annotations

import unicodedata
from typing import Any

NUL = "\x00"
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_problem(label: str, text: Any) -> str | None:
    """'Title contains a NUL character (U+0000) …', or None when ``text`` (any text, or none) may be stored."""
    if isinstance(text, str) and NUL in text:
        return f"{label} contains a NUL character (U+0000), which no text may hold: remove it."
    return None


def name_problem(label: str, text: Any) -> str | None:
    """As ``text_problem``, and for a title or a name also a direction control; None when it may be kept."""
    if problem := text_problem(label, text):
        return problem
    control = next((ch for ch in text if ch in BIDI_CONTROLS), None) if isinstance(text, str) else None
    if control is None:
        return None
    return (
        f"{label} contains the invisible direction control U+{ord(control):04X} "
        f"({unicodedata.name(control).lower()}), which can make it read other than it is: remove it. "
        "Arabic or Hebrew text needs no such control."
    )


def first_problem(label: str, value: Any, *, is_name: bool = False) -> str | None:
    """The first refusal for any text within ``value`` (a text, or lists and dicts of them, keys too)."""
    check = name_problem if is_name else text_problem
    for text in _texts(value):
        if problem := check(label, text):
            return problem
    return None


def check_fields(
    fields: dict[str, Any], labels: dict[str, str], errors: dict[str, str], names: frozenset[str] = frozenset()
) -> None:
    """Put in ``errors`` (before any other message for that field) the refusal of each field of ``fields`` holding
    a character it may not: NUL in any, a direction control in those named in ``names``."""
    for name, value in fields.items():
        label = labels.get(name) or name.replace("_", " ").capitalize()
        if problem := first_problem(label, value, is_name=name in names):
            errors[name] = problem


def without_refused(value: Any, *, is_name: bool = False) -> Any:
    """``value`` (a text, or lists and dicts of them) less the characters refused, to show again what was typed."""
    if isinstance(value, str):
        refused = BIDI_CONTROLS | {NUL} if is_name else {NUL}
        return "".join(ch for ch in value if ch not in refused) if refused & set(value) else value
    if isinstance(value, dict):
        return {without_refused(k): without_refused(v, is_name=is_name) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(without_refused(v, is_name=is_name) for v in value)
    return value


def _texts(value: Any):
    """Every text within ``value``: itself, or the keys and values of its lists and dicts."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts(item)

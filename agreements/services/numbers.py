"""Whole numbers as people type them (a page, a version in the address): ASCII digits only, read one way
everywhere, so that "+1", "1.0", "1_0", " ١" or "²" are refused the same on every page and endpoint."""

from __future__ import annotations

from typing import Any


def whole_number(raw: Any, low: int, high: int) -> int | None:
    """``raw`` (text, spaces around it ignored) as a whole number from ``low`` to ``high``; None when it is
    anything else. Digits are counted before they are read: a number of any length is refused unconverted."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(high)):
        return None
    number = int(digits)
    return number if low <= number <= high else None

"""How long typed text may be: one sentence for a value over its limit, naming the field as its form labels it.

The pages keep no ``maxlength`` on the fields these check: a browser cuts a pasted text short without a
word, so the server says how long it is and keeps everything typed for the person to shorten.
"""

from __future__ import annotations


def too_long(label: str, text: str, limit: int) -> str | None:
    """'Title is 312 characters; the limit is 300.', or None when ``text`` fits within ``limit``."""
    if len(text) <= limit:
        return None
    return f"{label} is {len(text):,} characters; the limit is {limit:,}."

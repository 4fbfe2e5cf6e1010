"""The terms of an agreement as attachés read them: contacts, key facts, contents and articles."""

from __future__ import annotations

import re

from ..models.search import ARTICLE, FINAL_CLAUSES, PREAMBLE

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def article_anchor(kind: str, number: str = "") -> str:
    """The id of a passage on the terms page: ``preamble``, ``final-clauses`` or ``article-7bis``;
    empty for the agreement itself (the top of the page)."""
    if kind == PREAMBLE:
        return "preamble"
    if kind == FINAL_CLAUSES:
        return "final-clauses"
    if kind == ARTICLE:
        return "article-" + (_UNSAFE.sub("-", number).strip("-") or "x")
    return ""

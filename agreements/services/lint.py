"""Binding wording in a non-binding instrument: findings that name the place and suggest the wording.

Advice only: a finding never stops a save or a step. Non-binding texts speak of Participants who
*will* act and of a text that *comes into effect*; "shall", "Parties", "enter into force" and
"equally authentic" are the vocabulary of a treaty, and a legal advisor will ask for them to go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Agreement, TextVersion


@dataclass(frozen=True)
class Rule:
    """One binding expression, how to find it, and the non-binding wording to use instead."""

    key: str
    pattern: re.Pattern
    suggestion: str


@dataclass(frozen=True)
class Finding:
    """One binding expression found: where (title, preamble, article, final clauses), language, words."""

    rule: str
    where: str
    article: str | None
    language: str
    found: str
    suggestion: str
    count: int = 1

    @property
    def place(self) -> str:
        """Where a reader finds it, e.g. "Art. 7" or "Final clauses"."""
        return f"Art. {self.article}" if self.where == "article" else self.where.replace("_", " ").capitalize()


# English rules; Parties/Party/Agreement are flagged only capitalised, as defined terms.
RULES = {
    "en": (
        Rule("shall", re.compile(r"\bshall\b", re.I), "will"),
        Rule("parties", re.compile(r"\b(?:Contracting )?Parties\b"), "Participants"),
        Rule("party", re.compile(r"\b(?:Contracting )?Party\b"), "Participant"),
        Rule(
            "enter_into_force",
            re.compile(r"\b(?:enter(?:s|ed)?|entry|entering) into force\b", re.I),
            "come into effect",
        ),
        Rule("equally_authentic", re.compile(r"\bequally authentic\b", re.I), "equally valid"),
        Rule("agreement_in_text", re.compile(r"\b(?:[Tt]his|[Tt]he present) Agreement\b"), "{itself}"),
    ),
    "ru": (
        Rule("parties", re.compile(r"\bСторон(?:а|ы|ам|ами|ах|е|у|ой)?\b"), "Участники"),
        Rule("enter_into_force", re.compile(r"вступ\w* в силу", re.I), "начинает применяться"),
        Rule("equally_authentic", re.compile(r"имеют одинаковую силу", re.I), "являются равно действительными"),
    ),
    "es": (
        Rule("parties", re.compile(r"\bPartes?\b"), "Participantes"),
        Rule("enter_into_force", re.compile(r"entrar[áa]? en vigor", re.I), "surtirá efecto"),
        Rule("equally_authentic", re.compile(r"igualmente auténticos", re.I), "igualmente válidos"),
    ),
}
AGREEMENT = re.compile(r"\bAgreement\b")
# What a non-binding instrument calls itself, in its title and in its text.
SELF_NAMES = {
    "mou": ("Memorandum of Understanding", "this Memorandum"),
    "moc": ("Memorandum of Cooperation", "this Memorandum"),
    "loi": ("Letter of Intent", "this Letter"),
}


def applies(agreement: Agreement) -> bool:
    """The panel is for non-binding instruments only."""
    return not agreement.is_binding


def lint_text(agreement: Agreement, version: TextVersion | None) -> list[Finding]:
    """Every binding expression in the title and in each part of the text, in order; [] for binding ones."""
    if not applies(agreement):
        return []
    title, itself = SELF_NAMES.get(agreement.type, ("Memorandum", "this Memorandum"))
    findings = _scan(Rule("agreement_in_title", AGREEMENT, title), agreement.title or "", "title", None, "en")
    if version is None:
        return findings
    for lang in agreement.languages:
        rules = RULES.get(lang.split("-")[0], ())
        findings += _scan_all(rules, version.preamble.get(lang, ""), "preamble", None, lang, itself)
        for article in version.articles:
            text = article.get("heading", {}).get(lang, "") + "\n" + article.get("body", {}).get(lang, "")
            findings += _scan_all(rules, text, "article", article["number"], lang, itself)
        findings += _scan_all(rules, version.final_clauses.get(lang, ""), "final_clauses", None, lang, itself)
    return findings


def _scan_all(rules, text: str, where: str, article: str | None, lang: str, itself: str) -> list[Finding]:
    return [f for rule in rules for f in _scan(rule, text, where, article, lang, itself)]


def _scan(rule: Rule, text: str, where: str, article: str | None, lang: str, itself: str = "") -> list[Finding]:
    """One finding per rule and place, with the words as written and how many times they occur."""
    hits = rule.pattern.findall(text)
    if not hits:
        return []
    suggestion = rule.suggestion.replace("{itself}", itself)
    return [Finding(rule.key, where, article, lang, hits[0], suggestion, len(hits))]

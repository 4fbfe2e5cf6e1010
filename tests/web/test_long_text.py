"""A text longer than its field allows: no field cuts it short silently; the page says which field, how long
it is and the limit, and keeps everything typed for the person to shorten."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from webtools import fire, post_form, signed_in, visible_text

import agreements

TEMPLATES = Path(agreements.__file__).resolve().parent / "templates"
# Inputs that keep a ``maxlength``: the country filters, where no country's name comes near it.
KEPT_MAXLENGTH = {("index.html", "country"), ("search.html", "search-country")}


def _typed(html: str, length: int) -> bool:
    """Whether the page shows again, whole, the ``length`` x's typed (in an input or a textarea)."""
    return any(len(run) == length for run in re.findall(r'(?:value="|>)(x+)(?:"|</textarea>)', html))


def _in_review(world, make_agreement):
    agreement = make_agreement()
    fire(world["pm"], agreement, "submit_for_review")
    return agreement


def _negotiating(world, make_agreement):
    agreement = _in_review(world, make_agreement)
    fire(world["la"], agreement, "clear_for_negotiation")
    return agreement


def _facts(agreement, **typed) -> dict:
    """The facts form of an agreement as the page fills it, with ``typed`` over it."""
    return {
        "title": agreement.title,
        "counterpart": agreement.counterpart,
        "counterpart_local": "",
        "country": agreement.country,
        "languages": agreement.languages[1:],
        "other_languages": "",
        "office": "",
        **typed,
    }


def _text(agreement, **typed) -> dict:
    """The text editor, in English, with one article and ``typed`` over it."""
    return {
        "langs": "en",
        "base_version": str(agreement.current_version_number),
        "article_count": "1",
        "articles-0-number": "1",
        "articles-0-original": "1",
        "articles-0-heading-en": "Purpose",
        "articles-0-body-en": "The purpose of this Memorandum is cooperation.",
        "note": "",
        "origin": "ours",
        **typed,
    }


NEW = {"type": "mou", "counterpart": "Investigative Committee", "country": "RU", "languages": ["ru"]}
ROUND = {"held_on": "2026-10-14", "format": "video", "place": "", "participants": "", "version": ""}
CONTACT = {"rows": "1", "contact-0-name": "Pavel Primerov", "action": "save"}
SIGNATORY = {"title": "Director"}
COMMENT = {"version": "1", "article": "2"}


def _none(_agreement) -> dict:
    return {}


# The form: who sends it, in which state of the agreement (None: no agreement), where (under the agreement's
# address), the rest of the form, the field typed into, its label and its limit.
CASES = {
    "new-title": ("pm", None, "/agreements/new", lambda a: NEW, "title", "Title", 500),
    "counterpart": ("pm", "drafting", "edit", _facts, "counterpart", "Counterpart agency", 300),
    "counterpart-local": (
        "pm",
        "drafting",
        "edit",
        _facts,
        "counterpart_local",
        "Counterpart agency in its own language",
        300,
    ),
    "title-in-russian": ("pm", "drafting", "edit", _facts, "title_ru", "Title in Russian", 500),
    "party-in-russian": ("pm", "drafting", "edit", _facts, "party_counterpart_ru", "The counterpart in Russian", 300),
    "version-note": ("pm", "drafting", "text", _text, "note", "Note on this version", 2000),
    "article-number": ("pm", "drafting", "text", _text, "articles-0-number", "Article no.", 16),
    "step-comment": ("pm", "drafting", "transitions", lambda a: {"trigger": "withdraw"}, "comment", "Comment", 5000),
    "signatory-name": ("pm", "drafting", "signatories/us", lambda a: SIGNATORY, "name", "Name", 200),
    "review-comment": ("la", "legal_review", "comments", lambda a: COMMENT, "body", "Comment", 5000),
    "determination": ("la", "legal_review", "determination", lambda a: {"is_binding": "no"}, "note", "“Reasons”", 5000),
    "conformity-note": ("la", "drafting", "conformity", _none, "note", "Note", 2000),
    "round-summary": ("moscow", "negotiation", "rounds/new", lambda a: ROUND, "summary", "Summary", 10000),
    "contact-title": ("moscow", "drafting", "contacts/counterpart", lambda a: CONTACT, "contact-0-title", "Title", 300),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_text_over_the_limit_is_refused_by_how_much_and_kept_as_typed(app, world, make_agreement, case):
    who, state, where, form, field, label, limit = case
    agreement = None
    if state == "drafting":
        agreement = make_agreement()
    elif state == "legal_review":
        agreement = _in_review(world, make_agreement)
    elif state == "negotiation":
        agreement = _negotiating(world, make_agreement)
    url = where if agreement is None else f"/agreements/{agreement.id}/{where}"
    typed = "x" * (limit + 112)
    response = post_form(signed_in(app, world[who]), url, {**form(agreement), field: typed})
    assert response.status_code == 422, visible_text(response)[:400]
    assert f"{label} is {limit + 112:,} characters; the limit is {limit:,}." in visible_text(response)
    assert _typed(response.get_data(as_text=True), limit + 112)


@pytest.mark.parametrize(
    ("url", "label", "limit"),
    [
        ("/agreements?q={}", "“Reference, title or counterpart”", 200),
        ("/search?q=cooperation&counterpart={}", "Counterpart", 300),
    ],
    ids=["list", "search"],
)
def test_a_search_over_the_limit_says_by_how_much_and_keeps_the_words(app, world, url, label, limit):
    typed = "x" * (limit + 1)
    response = signed_in(app, world["pm"]).get(url.format(typed))
    assert f"{label} is {limit + 1:,} characters; the limit is {limit:,}." in visible_text(response)
    assert _typed(response.get_data(as_text=True), limit + 1)


def test_no_text_field_cuts_what_is_typed_short():
    """The server checks every length; a ``maxlength`` would cut a pasted text without a word."""
    found = set()
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", path.read_text(encoding="utf-8")):
            if re.search(r'\smaxlength="\d', tag):  # a macro's own ``maxlength="{{ … }}"`` is no field
                found.add((path.name, re.search(r'\sid="([^"]+)"', tag).group(1)))
        calls = re.findall(r"\{\{\s*\w+\((?:(?!\}\}).)*\bmaxlength=\d+", path.read_text(encoding="utf-8"), re.S)
        assert not calls, f"{path.name} passes a maxlength to a macro: {unescape(calls[0])[:80]}"
    assert found == KEPT_MAXLENGTH

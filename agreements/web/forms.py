"""Turning submitted forms into the plain values the services take, and back into forms to re-show."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from ..errors import InvalidInput
from ..services import agreements, parties
from ..services.characters import without_refused

MAX_ROWS = 500  # the most articles a text may have (services.versions.MAX_ARTICLES)
# The fields whose direction controls are refused as well as their NUL characters (services.characters).
FACT_NAMES = agreements.NAMES | {"title_translations", "party_names"}
SIGNATORY_NAMES = parties.SIGNATORY_NAMES
USER_NAMES = frozenset({"name"})


def as_typed(values: dict[str, Any], names: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A refused form's values to show again: as typed, less the characters refused (a NUL in any field, which a page
    cannot show, and a direction control in the titles and names ``names``, which nobody could find to remove)."""
    return {name: without_refused(value, is_name=name in names) for name, value in values.items()}


# --- facts of an agreement -------------------------------------------------------------------------
def split_codes(value: str) -> list[str]:
    """'uk, be' → ['uk', 'be']."""
    return [x.strip() for x in value.replace(";", ",").split(",") if x.strip()]


def facts_from_form(form: MultiDict, *, creating: bool) -> dict[str, Any]:
    """The facts as typed, in the shape the form re-shows them."""
    values = {
        "title": form.get("title", ""),
        "counterpart": form.get("counterpart", ""),
        "counterpart_local": form.get("counterpart_local", ""),
        "country": form.get("country", "").strip().upper(),
        "languages": [x for x in form.getlist("languages") if x],
        "other_languages": form.get("other_languages", ""),
        "areas": form.getlist("areas"),
        "office": form.get("office", ""),
    }
    if creating:
        values["type"] = form.get("type", "")
    else:
        values.update(clauses_from_form(form))
    return values


CLAUSE_INPUTS = ("entry_rule", "entry_rule_on", "entry_rule_days", "expires_on", "renewal_years", "renewal_notice_days")


def clauses_from_form(form: MultiDict) -> dict[str, Any]:
    """The clause facts the edit form shows (titles and names per language, entry into force, expiry), as typed."""
    values: dict[str, Any] = {
        "title_translations": {k[len("title_") :]: v for k, v in form.items() if k.startswith("title_")},
        "party_names": {
            party: {k[len(f"party_{party}_") :]: v for k, v in form.items() if k.startswith(f"party_{party}_")}
            for party in ("us", "counterpart")
        },
    }
    values.update({name: form[name].strip() for name in CLAUSE_INPUTS if name in form})
    return values


def facts_for_service(values: dict[str, Any]) -> dict[str, Any]:
    """The facts as the services take them: English first, then the other languages ticked or typed."""
    languages = ["en"] + [x for x in values["languages"] if x != "en"] + split_codes(values["other_languages"])
    fields = {
        "title": values["title"],
        "counterpart": values["counterpart"],
        "counterpart_local": values["counterpart_local"],
        "country": values["country"],
        "languages": languages,
        "areas": values["areas"],
    }
    if "type" in values:
        fields["type"] = values["type"]
    if values["office"]:
        fields["office"] = values["office"]
    for name in ("title_translations", "party_names", *CLAUSE_INPUTS):
        if name in values:
            fields[name] = values[name]
    return fields


def facts_from_agreement(agreement, offered_languages) -> dict[str, Any]:
    """The form's values for an existing agreement."""
    others = agreement.languages[1:]
    return {
        "title": agreement.title,
        "counterpart": agreement.counterpart or "",
        "counterpart_local": agreement.counterpart_agency.name_local if agreement.counterpart_agency else "",
        "country": agreement.country,
        "languages": [x for x in others if x in offered_languages],
        "other_languages": ", ".join(x for x in others if x not in offered_languages),
        "areas": agreement.areas,
        "office": agreement.office.code if agreement.office else "",
        "title_translations": dict(agreement.title_translations or {}),
        "party_names": {party: dict((agreement.party_names or {}).get(party) or {}) for party in ("us", "counterpart")},
        "entry_rule": agreement.entry_rule or "signature",
        "entry_rule_on": agreement.entry_rule_on.isoformat() if agreement.entry_rule_on else "",
        "entry_rule_days": "" if agreement.entry_rule_days is None else str(agreement.entry_rule_days),
        "expires_on": agreement.expires_on.isoformat() if agreement.expires_on else "",
        "renewal_years": "" if agreement.renewal_years is None else str(agreement.renewal_years),
        "renewal_notice_days": "" if agreement.renewal_notice_days is None else str(agreement.renewal_notice_days),
    }


# --- the text editor ---------------------------------------------------------------------------------
@dataclass
class Row:
    """One article row of the editor; ``original`` is the number it had in the version edited."""

    number: str = ""
    heading: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)
    original: str = ""
    remove: bool = False

    @property
    def is_blank(self) -> bool:
        """A new row nobody typed into."""
        typed = [*self.heading.values(), *self.body.values(), self.number]
        return not (self.original or any(value.strip() for value in typed))


@dataclass
class TextForm:
    """The editor's content in the languages shown (every language of the agreement, or one)."""

    langs: list[str]
    preamble: dict[str, str] = field(default_factory=dict)
    final_clauses: dict[str, str] = field(default_factory=dict)
    note: str = ""
    origin: str = "ours"
    base_version: str = ""
    rows: list[Row] = field(default_factory=list)


def text_from_version(version, langs: list[str]) -> TextForm:
    """The editor filled from a saved version (or empty)."""
    text = TextForm(langs=langs, base_version=str(version.number) if version else "0")
    if version is not None:
        text.preamble = {lang: version.preamble.get(lang, "") for lang in langs}
        text.final_clauses = {lang: version.final_clauses.get(lang, "") for lang in langs}
        text.rows = [
            Row(
                number=a["number"],
                heading={lang: a.get("heading", {}).get(lang, "") for lang in langs},
                body={lang: a.get("body", {}).get(lang, "") for lang in langs},
                original=a["number"],
            )
            for a in version.articles
        ]
    return text


def text_from_form(form: MultiDict, langs: list[str]) -> TextForm:
    """The editor as submitted, rows in order."""
    try:
        count = min(int(form.get("article_count", "0")), MAX_ROWS + 1)
    except ValueError:
        count = 0
    rows = [
        Row(
            number=form.get(f"articles-{i}-number", ""),
            heading={lang: form.get(f"articles-{i}-heading-{lang}", "") for lang in langs},
            body={lang: form.get(f"articles-{i}-body-{lang}", "") for lang in langs},
            original=form.get(f"articles-{i}-original", ""),
            remove=bool(form.get(f"articles-{i}-remove")),
        )
        for i in range(max(count, 0))
    ]
    return TextForm(
        langs=langs,
        preamble={lang: form.get(f"preamble-{lang}", "") for lang in langs},
        final_clauses={lang: form.get(f"final_clauses-{lang}", "") for lang in langs},
        note=form.get("note", ""),
        origin=form.get("origin", "ours"),
        base_version=form.get("base_version", ""),
        rows=rows,
    )


def text_as_typed(text: TextForm) -> TextForm:
    """A refused text to show again in the editor: as typed, less any NUL character (which a page cannot show)."""
    rows = [
        replace(
            row,
            number=without_refused(row.number),
            heading=without_refused(row.heading),
            body=without_refused(row.body),
        )
        for row in text.rows
    ]
    return replace(
        text,
        preamble=without_refused(text.preamble),
        final_clauses=without_refused(text.final_clauses),
        note=without_refused(text.note),
        rows=rows,
    )


def rearrange(text: TextForm, action: str) -> bool:
    """Apply an editor button that changes the rows, not the saved text: add, move up/down, renumber.

    Returns False when ``action`` is not one of them (it is a save).
    """
    rows = text.rows
    if action == "add":
        rows.append(Row())
        return True
    if action == "renumber":
        kept = [row for row in rows if not (row.remove or row.is_blank)]
        for n, row in enumerate(kept, start=1):
            row.number = str(n)
        return True
    verb, _, index = action.partition("-")
    if verb in ("up", "down") and index.isdigit():
        i = int(index)
        j = i - 1 if verb == "up" else i + 1
        if 0 <= i < len(rows) and 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
        return True
    return False


def _merge(kept: dict[str, str], typed: dict[str, str]) -> dict[str, str]:
    """The languages not shown as they were, and the languages shown as typed."""
    out = {k: v for k, v in kept.items() if k not in typed}
    out.update({k: v for k, v in typed.items() if v.strip()})
    return out


def text_for_service(text: TextForm, base) -> tuple[dict[str, Any], list[int]]:
    """The payload for ``save_version``, and for each article sent the editor row it came from.

    Languages the editor did not show are carried over from the version edited (``base``), article
    by article through the number each row had there, so saving the Russian alone never loses the
    English.
    """
    try:
        base_version = int(text.base_version)
    except ValueError:
        raise InvalidInput("The form lost track of the version you edited; reload the page.") from None
    before = {a["number"]: a for a in base.articles} if base is not None else {}
    articles, rows = [], []
    for index, row in enumerate(text.rows):
        if row.remove or row.is_blank:
            continue
        previous = before.get(row.original, {})
        article = {
            "heading": _merge(previous.get("heading", {}), row.heading),
            "body": _merge(previous.get("body", {}), row.body),
        }
        if row.number.strip():
            article["number"] = row.number.strip()
        articles.append(article)
        rows.append(index)
    payload = {
        "preamble": _merge(base.preamble if base else {}, text.preamble),
        "articles": articles,
        "final_clauses": _merge(base.final_clauses if base else {}, text.final_clauses),
        "note": text.note,
        "origin": text.origin,
        "base_version": base_version,
    }
    return payload, rows


def row_errors(errors: dict[str, str], rows: list[int]) -> dict[int, str]:
    """The service's ``articles[i]…`` messages, keyed by the editor row they belong to."""
    out: dict[int, str] = {}
    for key, message in errors.items():
        if not key.startswith("articles["):
            continue
        try:
            position = int(key[len("articles[") : key.index("]")])
        except ValueError:
            continue
        if 0 < position <= len(rows):
            row = rows[position - 1]
            out[row] = f"{out[row]} {message}" if row in out else message
    return out


# --- transitions and parties -----------------------------------------------------------------------
def transition_from_form(form: MultiDict) -> dict[str, Any]:
    """Trigger, comment, expected lock version and the step's facts (inputs named ``data.<name>``)."""
    expected = form.get("expected_lock_version", "").strip()
    try:
        expected_lock_version = int(expected) if expected else None
    except ValueError:
        raise InvalidInput(
            "The form lost track of the agreement's version; reload the page.",
            {"expected_lock_version": "Not a number."},
        ) from None
    data = {k[len("data.") :]: v.strip() for k, v in form.items() if k.startswith("data.") and v.strip()}
    return {
        "trigger": form.get("trigger", ""),
        "comment": form.get("comment", ""),
        "data": data,
        "expected_lock_version": expected_lock_version,
    }


def fields_from_form(form: MultiDict, names: tuple[str, ...]) -> dict[str, str]:
    """The named fields as typed."""
    return {name: form.get(name, "") for name in names}

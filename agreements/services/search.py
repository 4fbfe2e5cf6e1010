"""Finding terms: the search behind the search page, the API and the header's search box.

Hits are passages (an article, the preamble, the final clauses, or the agreement itself when its
reference, title or counterpart matches), one per passage whatever the language it matched in,
best first, each with a short excerpt in which the words found are marked. By default only what is
in force today is searched; ``in_force_on`` asks what was in force on another day, ``state=any``
searches every state, drafts included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import ColumnElement, exists, or_, select

from .. import search as index
from ..auth import policy
from ..db import db
from ..errors import InvalidInput
from ..models import Agreement, AgreementArea, Counterpart, User
from ..models.search import AGREEMENT
from ..search import text
from ..workflows import STATES, WORKFLOWS
from .agreements import in_force_on
from .lengths import too_long
from .numbers import whole_number
from .taxonomy import AREAS, country_code
from .terms import article_anchor

PER_PAGE = 20
CAP = 1000  # the count is exact up to this many passages, "1,000+" beyond
CANDIDATES = 2 * CAP + 1  # rows read at most: a passage may match in each of its two languages
MAX_PAGE = CAP // PER_PAGE
ANY_STATE = "any"
FILTERS = ("country", "counterpart", "type", "area", "in_force_on", "state")


@dataclass
class Hit:
    """One passage found."""

    agreement_id: int
    reference: str
    title: str
    state: str
    kind: str
    article: str | None
    heading: Markup  # the article's heading, escaped, the words found in <mark>
    heading_text: str  # the same as plain text
    snippet: Markup
    language: str
    rank: float
    anchor: str
    is_binding: bool = True  # the words of its state: in force, or (non-binding) in effect


@dataclass
class Results:
    """One page of hits, the count (exact up to ``CAP``; ``capped`` beyond it) and what was asked."""

    items: list[Hit]
    total: int
    capped: bool
    page: int
    per_page: int
    query: str
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def total_label(self) -> str:
        """The count as people read it: "37", or "1,000+" when there are more than can be counted."""
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def validate(params: dict[str, Any]) -> dict[str, Any]:
    """Check what was asked; raise InvalidInput naming each problem in the user's words."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    raw = params.get("q")
    q = raw if isinstance(raw, str) else ""
    problem = text.too_long(q)
    if problem:
        errors["q"] = problem
    elif not q.strip():
        errors["q"] = "Type a word to look for, e.g. information or “bank records”."
    else:
        out["query"] = text.parse(q)
        if out["query"].is_empty:
            errors["q"] = (
                "There is no word to look for in this search: type at least one word that is not excluded with “-”."
            )
    country = _text(params.get("country"))
    out["country"] = None
    if country:
        code = country_code(country)
        if code is None:
            errors["country"] = (
                f"No country is called “{country[:60]}”; give its name or its two-letter code, e.g. Russia or RU."
            )
        out["country"] = code
    counterpart = _text(params.get("counterpart"))
    if problem := too_long("Counterpart", counterpart, 300):
        errors["counterpart"] = problem
    out["counterpart"] = counterpart
    kind = _text(params.get("type")).lower()
    if kind and kind not in WORKFLOWS:
        errors["type"] = f"Unknown type “{kind[:20]}”; choose one of {', '.join(k.upper() for k in WORKFLOWS)}."
    out["type"] = kind
    area = _text(params.get("area"))
    if area and area not in AREAS:
        errors["area"] = f"Unknown area of cooperation “{area[:60]}”."
    out["area"] = area
    day = _text(params.get("in_force_on"))
    out["in_force_on"] = None
    if day:
        try:
            out["in_force_on"] = dt.date.fromisoformat(day)
        except ValueError:
            errors["in_force_on"] = f"“{day[:20]}” is not a date; give it as YYYY-MM-DD, e.g. 2015-06-30."
    state = _text(params.get("state")).lower()
    if state and state != ANY_STATE and state not in STATES:
        errors["state"] = f"Unknown state “{state[:30]}”; use “any” to search every state."
    out["state"] = state
    page = params.get("page", 1)
    if isinstance(page, str):
        page = whole_number(page, 1, MAX_PAGE)
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        errors["page"] = f"The page is a whole number from 1 to {MAX_PAGE}."
    out["page"] = page
    if errors:
        raise InvalidInput("The search cannot run: " + " ".join(errors.values()), errors)
    return out


def _where(asked: dict[str, Any], today: dt.date) -> list[ColumnElement[bool]]:
    """The filters on the agreements. Who may see what is asked of the index itself (``_countries``)."""
    where = []
    if asked["in_force_on"] is not None:
        where.append(in_force_on(asked["in_force_on"]))
    elif not asked["state"]:
        where.append(in_force_on(today))
    if asked["state"] and asked["state"] != ANY_STATE:
        where.append(Agreement.state == asked["state"])
    if asked["country"]:
        where.append(Agreement.country == asked["country"])
    if asked["type"]:
        where.append(Agreement.type == asked["type"])
    if asked["area"]:
        where.append(exists().where(AgreementArea.agreement_id == Agreement.id, AgreementArea.area == asked["area"]))
    if asked["counterpart"]:
        like = "%" + asked["counterpart"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        named = select(Counterpart.id).where(
            or_(
                Counterpart.name.ilike(like, escape="\\"),
                Counterpart.name_local.ilike(like, escape="\\"),
                Counterpart.acronym.ilike(like, escape="\\"),
            )
        )
        where.append(Agreement.counterpart_id.in_(named))
    return where


def _countries(user: User, asked: dict[str, Any]) -> list[str] | None:
    """The countries the index is asked for: an attaché's (never more), or the one filtered on."""
    if policy.sees_all(user):
        return [asked["country"]] if asked["country"] else None
    covered = [c for c in policy.covered_countries(user) if len(c) == 2 and c.isalpha()]
    if asked["country"]:
        return [asked["country"]] if asked["country"] in covered else []
    return covered


def search(user: User, params: dict[str, Any], *, today: dt.date | None = None) -> Results:
    """One page of the passages this person may see that match the query and filters, best first."""
    asked = validate(params)
    query = asked["query"]
    page = asked["page"]
    found = index.find(
        query,
        _where(asked, today or dt.date.today()),
        _countries(user, asked),
        CANDIDATES,
        offset=(page - 1) * PER_PAGE,
        count=PER_PAGE,
    )
    capped = found.read >= CANDIDATES or found.passages > CAP
    filters = {k: asked[k] for k in FILTERS if asked.get(k)}
    total = min(found.passages, CAP)
    return Results(_hits(user, found.page, query), total, capped, page, PER_PAGE, query.text, filters)


def _hits(user: User, chosen: list[index.Candidate], query: text.Query) -> list[Hit]:
    if not chosen:
        return []
    # Read with the visibility rule again: the index's countries already keep to it.
    agreements = {
        row.id: row
        for row in db.session.execute(
            select(Agreement.id, Agreement.reference, Agreement.title, Agreement.state, Agreement.is_binding).where(
                Agreement.id.in_({c.agreement_id for c in chosen}), policy.visible_clause(user)
            )
        )
    }
    hits = []
    for entry in chosen:
        agreement = agreements.get(entry.agreement_id)
        if agreement is None:
            continue
        if entry.kind == AGREEMENT:  # the agreement itself: its reference, title and counterpart
            heading, excerpt = Markup(""), text.snippet(entry.heading, entry.language, query, size=40)
        else:
            heading = text.snippet(entry.heading, entry.language, query, size=40) if entry.heading else Markup("")
            excerpt = text.snippet(entry.body, entry.language, query) if entry.body else heading
        hits.append(
            Hit(
                agreement_id=entry.agreement_id,
                reference=agreement.reference,
                title=agreement.title,
                state=agreement.state,
                kind=entry.kind,
                article=entry.article or None,
                heading=heading,
                heading_text="" if entry.kind == AGREEMENT else entry.heading,
                snippet=excerpt,
                language=entry.language,
                rank=round(entry.rank, 6),
                anchor=article_anchor(entry.kind, entry.article),
                is_binding=agreement.is_binding,
            )
        )
    return hits


def reindex(progress=None) -> tuple[int, int, int]:
    """Rebuild the whole index from the agreements' current texts (``agreements search reindex``)."""
    return index.rebuild(progress)

"""Full-text search over the agreements' texts: one interface, a backend per database.

The index holds the current text of every agreement, a row per passage (the agreement itself: its
reference, title and counterpart; the preamble; each article; the final clauses) and language. It is
written in the transaction that changes what it holds (a saved version, changed facts), so it is
never stale and a rolled-back save leaves nothing in it. What is filtered on (state, dates, type,
areas, who may see it) is read from the agreement's own row at search time, so a transition never
has to touch the index. PostgreSQL matches with each row's text-search configuration, SQLite with
FTS5 over Snowball stems: the same words find the same passages on both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select

from ..db import db
from ..models import Agreement, Counterpart, SearchEntry, SearchLanguage, TextVersion
from ..models.search import AGREEMENT, ARTICLE, FINAL_CLAUSES, PREAMBLE
from . import text
from .text import Query

MAX_PASSAGE_CHARS = 200_000  # what of one passage is indexed (the text itself is kept whole)


@dataclass(frozen=True)
class Entry:
    """One passage to index, in one language."""

    kind: str
    position: int
    article: str
    language: str
    heading: str
    body: str


@dataclass(frozen=True)
class Candidate:
    """A passage that matches, with its rank (higher is better) on this database's scale, and its
    text as indexed."""

    entry_id: int
    agreement_id: int
    position: int
    rank: float
    kind: str = ""
    article: str = ""
    language: str = ""
    heading: str = ""
    body: str = ""


@dataclass(frozen=True)
class Found:
    """One page of the passages found, best first, and how many there are: ``passages`` distinct
    passages among the ``read`` matching rows read (a passage matches once in each language)."""

    page: list[Candidate]
    passages: int
    read: int


def _backend():
    if db.engine.dialect.name == "postgresql":
        from . import postgresql as backend
    else:
        from . import sqlite as backend
    return backend


# --- writing ------------------------------------------------------------------------------------------
def entries_for(
    agreement: Agreement, version: TextVersion | None, counterpart: Counterpart | None = None
) -> list[Entry]:
    """The passages of an agreement's current text, and the agreement itself, in each language."""
    counterpart = counterpart if counterpart is not None else agreement.counterpart_agency
    languages = list(agreement.languages or ["en"])
    names = [agreement.reference, agreement.title]
    if counterpart is not None:
        names += [counterpart.name, counterpart.acronym]
    local = counterpart.name_local if counterpart is not None else ""
    if local and len(languages) == 1:
        names.append(local)  # in the text's one language: one passage names the agreement
    entries = [Entry(AGREEMENT, 0, "", languages[0], " · ".join(n for n in names if n), "")]
    if local and len(languages) > 1:
        entries.append(Entry(AGREEMENT, 0, "", languages[1], local, ""))
    if version is None:
        return entries
    position = 1
    for lang in languages:
        if (version.preamble or {}).get(lang):
            entries.append(Entry(PREAMBLE, position, "", lang, "", version.preamble[lang]))
    for article in version.articles or []:
        position += 1
        for lang in languages:
            heading = (article.get("heading") or {}).get(lang, "")
            body = (article.get("body") or {}).get(lang, "")
            if heading or body:
                entries.append(Entry(ARTICLE, position, str(article["number"]), lang, heading, body))
    position += 1
    for lang in languages:
        if (version.final_clauses or {}).get(lang):
            entries.append(Entry(FINAL_CLAUSES, position, "", lang, "", version.final_clauses[lang]))
    return entries


def _rows(agreement_id: int, country: str, entries: Iterable[Entry]) -> list[dict[str, Any]]:
    return [
        {
            "agreement_id": agreement_id,
            "country": country,
            "kind": e.kind,
            "position": e.position,
            "article": e.article,
            "language": e.language,
            "heading": heading,
            "body": body,
            "digest": digest(heading, body),
        }
        for e in entries
        for heading, body in [(text.clean(e.heading)[:MAX_PASSAGE_CHARS], text.clean(e.body)[:MAX_PASSAGE_CHARS])]
    ]


def index(agreement: Agreement, version: TextVersion | None = None) -> int:
    """Put the agreement's current text (``version``) in the index in place of what it held; in the
    caller's transaction. Returns how many passages it holds now.

    Only what changed is written: a passage whose words are as indexed stays (moved, if articles
    were inserted before it), and the others are replaced, so a save that rewords three articles
    indexes three articles.
    """
    db.session.flush()
    rows = _rows(agreement.id, agreement.country, entries_for(agreement, version))
    conn = db.session.connection()
    fresh, stale, moved = _changes(_held(conn, agreement.id), rows)
    if fresh or stale or moved:
        _backend().write(conn, agreement.id, fresh, stale, moved)
    return len(rows)


def _held(conn, agreement_id: int):
    """The agreement's passages as indexed, each with the digest of its words (not the words)."""
    e = SearchEntry.__table__.c
    return conn.execute(
        select(e.id, e.kind, e.article, e.language, e.position, e.country, e.digest).where(
            e.agreement_id == agreement_id
        )
    ).all()


def _changes(held: Iterable[Any], rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[int], list[dict]]:
    """What to write for an agreement that holds ``held`` to hold ``rows``: the rows to add, the ids of
    the passages to remove, and the passages kept that moved (``entry_id``, ``new_position``)."""
    by_key = {(h.kind, h.article, h.language): h for h in held}
    fresh, stale, moved = [], [], []
    for row in rows:
        old = by_key.pop((row["kind"], row["article"], row["language"]), None)
        if old is not None and (old.digest, old.country) == (row["digest"], row["country"]):
            if old.position != row["position"]:
                moved.append({"entry_id": old.id, "new_position": row["position"]})
        else:
            stale += [old.id] if old is not None else []
            fresh.append(row)
    stale += [old.id for old in by_key.values()]
    return fresh, stale, moved


def digest(heading: str, body: str) -> str:
    """What tells a passage's words apart from another's: the MD5 of heading and body, kept with the
    passage, so that a save need not read the texts back to know which it rewords."""
    return hashlib.md5(f"{heading}\x1f{body}".encode()).hexdigest()


def rebuild(progress: Callable[[int, int, int], None] | None = None, batch: int = 200) -> tuple[int, int, int]:
    """Index every agreement anew from its current text, in the caller's transaction.

    ``progress(done, total, passages)`` is called after each batch. Returns how many agreements,
    passages and, among them, articles (one per article and language) it indexed.
    """
    backend = _backend()
    conn = db.session.connection()
    backend.clear(conn)
    ids = list(db.session.scalars(select(Agreement.id).order_by(Agreement.id)))
    passages = articles = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        agreements = db.session.scalars(select(Agreement).where(Agreement.id.in_(chunk)).order_by(Agreement.id))
        versions = {
            v.agreement_id: v
            for v in db.session.scalars(
                select(TextVersion)
                .join(Agreement, Agreement.id == TextVersion.agreement_id)
                .where(Agreement.id.in_(chunk), TextVersion.number == Agreement.current_version_number)
            )
        }
        rows = []
        for agreement in agreements:
            rows += _rows(agreement.id, agreement.country, entries_for(agreement, versions.get(agreement.id)))
        backend.insert(conn, rows)
        passages += len(rows)
        articles += sum(row["kind"] == ARTICLE for row in rows)
        db.session.expunge_all()  # a rebuild of every agreement keeps only one batch in memory
        if progress:
            progress(min(start + batch, len(ids)), len(ids), passages)
    backend.tidy(conn)
    return len(ids), passages, articles


# --- reading ------------------------------------------------------------------------------------------
def find(
    query: Query,
    where: list[ColumnElement[bool]],
    countries: list[str] | None,
    limit: int,
    *,
    offset: int = 0,
    count: int = 20,
) -> Found:
    """The ``count`` best passages from ``offset`` on among the first ``limit`` matching rows of
    agreements meeting ``where`` (clauses on Agreement); ``countries``, when given, narrows the match
    inside the index to those countries.

    One statement: the backend's matching rows (ranked, at most ``limit``), the best row of each
    passage (the language it matched best in), the page of them in rank order, and the counts; only
    the page's rows come back, with their text.
    """
    if query.is_empty or countries == []:
        return Found([], 0, 0)
    conn = db.session.connection()
    matching = _backend().candidates(conn, query, where, countries, limit)
    if matching is None:
        return Found([], 0, 0)
    found = matching.subquery("matching")
    best = select(
        found,
        func.row_number()
        .over(partition_by=(found.c.agreement_id, found.c.position), order_by=(found.c.rank.desc(), found.c.entry_id))
        .label("nth"),
        func.count().over().label("read"),
    ).subquery("best")
    page = (
        select(
            best.c.entry_id,
            best.c.agreement_id,
            best.c.position,
            best.c.rank,
            best.c.read,
            func.count().over().label("passages"),
        )
        .where(best.c.nth == 1)
        .order_by(best.c.rank.desc(), best.c.agreement_id, best.c.position)
        .limit(count)
        .offset(offset)
        .subquery("page")
    )
    e = SearchEntry.__table__
    # Joined on the agreement too, so that PostgreSQL reads the one partition holding each passage.
    holding = (e.c.id == page.c.entry_id) & (e.c.agreement_id == page.c.agreement_id)
    statement = (
        select(page, e.c.kind, e.c.article, e.c.language, e.c.heading, e.c.body)
        .join(e, holding)
        .order_by(page.c.rank.desc(), page.c.agreement_id, page.c.position)
    )
    rows = conn.execute(statement).all()
    if not rows:
        if offset == 0:
            return Found([], 0, 0)
        first = find(query, where, countries, limit, count=1)  # a page past the end: how many there are
        return Found([], first.passages, first.read)
    hits = [
        Candidate(
            r.entry_id, r.agreement_id, r.position, float(r.rank), r.kind, r.article, r.language, r.heading, r.body
        )
        for r in rows
    ]
    return Found(hits, rows[0].passages, rows[0].read)


def count() -> int:
    """How many passages the index holds."""
    return db.session.scalar(select(func.count()).select_from(SearchEntry)) or 0


def languages_indexed(conn) -> list[str]:
    """The stemmers (configurations) some indexed passage is written for."""
    return list(conn.execute(select(SearchLanguage.name).order_by(SearchLanguage.name)).scalars())

"""The SQLite backend: FTS5 over the Snowball stems of each passage, in the passage's language.

``search_fts`` (made by the migrations) holds, for each row of ``search_entries`` (same rowid), the
stems of its heading and body and, in column ``scope``, two marks: its country (``ctryru``) and its
language's stemmer (``langrussian``). A query is asked of each language's rows in the form that
language's stemmer gives it, as PostgreSQL matches each row in its own configuration; an attaché's
search asks for their countries together with the words, so other countries' passages are never
read. Every word is quoted: what a user types is never FTS5 syntax.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy import ColumnElement, Connection, column, delete, func, literal_column, select, table
from sqlalchemy import insert as sa_insert
from sqlalchemy import text as sql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models import Agreement, SearchEntry, SearchLanguage
from . import Candidate, digest, languages_indexed
from .text import ALGORITHMS, SIMPLE, Part, Query, algorithm, content_words, stem_all, terms

_ENTRIES = SearchEntry.__table__
_Held = namedtuple("_Held", "id kind article language position country digest")
_FTS = table("search_fts", column("rowid"), column("scope"), column("heading"), column("body"))
_RANK = literal_column("bm25(search_fts, 0.0, 4.0, 1.0)")  # a heading's words weigh four times the body's


def clear(conn: Connection) -> None:
    """Empty the index."""
    conn.execute(sql("DELETE FROM search_fts"))
    conn.execute(delete(_ENTRIES))
    conn.execute(delete(SearchLanguage.__table__))


def held(conn: Connection, agreement_id: int):
    """The agreement's passages as indexed, each with the digest of its words."""
    e = _ENTRIES.c
    rows = conn.execute(
        select(e.id, e.kind, e.article, e.language, e.position, e.country, e.heading, e.body).where(
            e.agreement_id == agreement_id
        )
    )
    return [_Held(*r[:6], digest(r.heading, r.body)) for r in rows]


def remove_entries(conn: Connection, entry_ids: list[int]) -> None:
    """Take these passages out of the index."""
    conn.execute(delete(_FTS).where(_FTS.c.rowid.in_(entry_ids)))
    conn.execute(delete(_ENTRIES).where(_ENTRIES.c.id.in_(entry_ids)))


def remove(conn: Connection, agreement_ids: list[int]) -> None:
    """Take these agreements' passages out of the index."""
    ids = select(_ENTRIES.c.id).where(_ENTRIES.c.agreement_id.in_(agreement_ids)).scalar_subquery()
    conn.execute(delete(_FTS).where(_FTS.c.rowid.in_(ids)))
    conn.execute(delete(_ENTRIES).where(_ENTRIES.c.agreement_id.in_(agreement_ids)))


def insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add passages: the rows, and their stems in the FTS5 table under the same rowid."""
    if not rows:
        return
    # This transaction holds SQLite's one write lock (it wrote before), so the new rows' ids follow
    # the largest one there is, in the order given.
    last = conn.execute(select(func.max(_ENTRIES.c.id))).scalar() or 0
    conn.execute(sa_insert(_ENTRIES), rows)
    ids = conn.execute(select(_ENTRIES.c.id).where(_ENTRIES.c.id > last).order_by(_ENTRIES.c.id)).scalars().all()
    if len(ids) != len(rows):
        raise RuntimeError("search index: another writer added passages in this transaction")
    conn.execute(
        sa_insert(_FTS),
        [
            {
                "rowid": entry_id,
                "scope": f"{_country(row['country'])} {_language(algorithm(row['language']))}",
                "heading": terms(row["language"], row["heading"]),
                "body": terms(row["language"], row["body"]),
            }
            for entry_id, row in zip(ids, rows, strict=True)
        ],
    )
    used = sorted({algorithm(row["language"]) for row in rows})
    conn.execute(sqlite_insert(SearchLanguage.__table__).values([{"name": n} for n in used]).on_conflict_do_nothing())


def _quoted(words: tuple[str, ...]) -> str:
    # Stems are letters, digits and marks only, so they never hold a double quote.
    return '"' + " ".join(words) + '"'


def _part(part: Part, name: str) -> str | None:
    kept = content_words(name, part.words)  # the index holds no stop words, in phrases neither
    return _quoted(tuple(stem_all(name, kept))) if kept else None


def expression(query: Query, name: str) -> str | None:
    """The query as FTS5 reads it, each word stemmed by the named algorithm and its stop words left
    out (as ``websearch_to_tsquery`` reads it in that configuration); None when nothing is left."""
    alternatives = []
    for alternative in query.alternatives:
        wanted = [e for p in alternative if not p.excluded and (e := _part(p, name))]
        unwanted = [e for p in alternative if p.excluded and (e := _part(p, name))]
        if not wanted:
            continue
        clause = " AND ".join(wanted)
        if unwanted:
            clause = f"({clause}) NOT ({' OR '.join(unwanted)})"
        alternatives.append(f"({clause})")
    return " OR ".join(alternatives) or None


def _country(code: str) -> str:
    return "ctry" + code.lower()


def _language(name: str) -> str:
    return "lang" + name


def match(
    query: Query, countries: list[str] | None, indexed: list[str] | tuple[str, ...] = (*ALGORITHMS, SIMPLE)
) -> str | None:
    """The whole MATCH: the rows of each language indexed asked in that language's form of the query
    (the languages whose forms are alike asked together), and the countries in scope when given."""
    languages: dict[str, list[str]] = {}
    for name in indexed:
        form = expression(query, name)
        if form:
            languages.setdefault(form, []).append(name)
    if not languages:
        return None
    found = " OR ".join(
        f"(scope : ({' OR '.join(_quoted((_language(n),)) for n in names)}) AND {{heading body}} : ({form}))"
        for form, names in languages.items()
    )
    if countries is not None:
        found = f"({found}) AND scope : ({' OR '.join(_quoted((_country(c),)) for c in countries)})"
    return found


def find(
    conn: Connection, query: Query, where: list[ColumnElement[bool]], countries: list[str] | None, limit: int
) -> list[Candidate]:
    """Matching passages of agreements meeting ``where``, at most ``limit``, ranked by BM25."""
    asked = match(query, countries, languages_indexed(conn))
    if asked is None:
        return []
    statement = (
        select(_ENTRIES.c.id, _ENTRIES.c.agreement_id, _ENTRIES.c.position, _RANK)
        .select_from(_FTS)
        .join(_ENTRIES, _ENTRIES.c.id == _FTS.c.rowid)
        .join(Agreement.__table__, Agreement.__table__.c.id == _ENTRIES.c.agreement_id)
        .where(sql("search_fts MATCH :match").bindparams(match=asked), *where)
        .limit(limit)
    )
    return [Candidate(r[0], r[1], r[2], -r[3]) for r in conn.execute(statement)]

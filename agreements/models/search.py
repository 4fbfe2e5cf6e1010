"""The search index's rows: one per article (and preamble, final clauses, the agreement itself) and language.

The rows hold the text as written; what makes them searchable belongs to the backend of each
database (``agreements.search``): a weighted ``tsvector`` column with a GIN index on PostgreSQL, an
FTS5 table of stemmed terms on SQLite. Neither is declared here, since neither is plain SQL.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db

AGREEMENT = "agreement"  # the agreement itself: reference, title, counterpart
PREAMBLE = "preamble"
ARTICLE = "article"
FINAL_CLAUSES = "final_clauses"


class SearchEntry(db.Model):
    """One searchable passage of the current text of an agreement, in one language."""

    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    # The agreement's country, kept beside the text so that an attaché's search is narrowed inside the
    # index itself, before any row is read (their answer never depends on other countries' texts).
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)  # order in the text: 0 the agreement, 1 the preamble, …
    article: Mapped[str] = mapped_column(String(16), default="")
    language: Mapped[str] = mapped_column(String(35))
    heading: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # The MD5 of heading and body (``agreements.search.digest``): a save compares it, not the text, to
    # know which passages it rewords.
    digest: Mapped[str] = mapped_column(String(32))


class SearchLanguage(db.Model):
    """A stemmer (and PostgreSQL text-search configuration) that some indexed passage is written for:
    a query is read only in these, so it costs what the languages of the texts cost, not every
    language there is. Written with the passages, in their transaction; never removed."""

    __tablename__ = "search_languages"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)

"""Keeping the search index in step: every change of what it holds is indexed in the same transaction."""

from __future__ import annotations

from sqlalchemy import select

from .. import search
from ..db import db
from ..models import Agreement, TextVersion


def index_agreement(agreement: Agreement, version: TextVersion | None = None) -> None:
    """Index the agreement's current text anew (``version``, or the current one) after its facts or
    text changed; a rolled-back change leaves no trace in the index."""
    search.index(agreement, version if version is not None else agreement.current_version)


def index_counterpart(counterpart_id: int, but: int | None = None) -> None:
    """Index anew every agreement with this counterpart (its names changed), but ``but``."""
    for agreement in db.session.scalars(
        select(Agreement).where(Agreement.counterpart_id == counterpart_id, Agreement.id != (but or 0))
    ):
        index_agreement(agreement)

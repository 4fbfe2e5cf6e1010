"""API views of legal review comments (SPEC §8): comment or answer on a version, resolve, list."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from ..errors import InvalidInput
from ..models import ReviewComment
from ..services import agreements, comments
from . import bp
from .auth import current_user
from .body import json_object, query_int
from .edge import writes

COMMENT_FIELDS = frozenset({"article", "body", "parent_id"})
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


def comment_json(comment: ReviewComment) -> dict[str, Any]:
    """One comment: where it is, who wrote it, and whether (and by whom) it is resolved."""
    resolver = comments.resolver(comment)
    return {
        "id": comment.id,
        "version": comments.version_number(comment),
        "article": comment.article,
        "body": comment.body,
        "parent_id": comment.parent_id,
        "author": comment.author.email if comment.author else None,
        "author_name": comment.author.display_name if comment.author else None,
        "created_at": comment.created_at.isoformat(),
        "is_resolved": comment.resolved_at is not None,
        "resolved_at": comment.resolved_at.isoformat() if comment.resolved_at else None,
        "resolved_by": resolver.email if resolver else None,
    }


def _comment_url(body, agreement_id: int, **_) -> str:
    """Where a new comment is listed."""
    return url_for("api.list_comments", agreement_id=agreement_id, _anchor=f"comment-{body['id']}")


def _open_only() -> bool:
    """The ``open`` query parameter as a boolean (absent: every comment)."""
    raw = request.args.get("open", "").strip().lower()
    if raw not in TRUE + FALSE:
        raise InvalidInput(f"open must be true or false, not {raw[:20]!r}.", {"open": "true or false."})
    return raw in TRUE


@bp.post("/agreements/<int:agreement_id>/versions/<int:number>/comments")
@writes(location=_comment_url)
def add_comment(agreement_id: int, number: int):
    """Comment on an article of a version, or answer a comment with ``parent_id``."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    body = json_object(COMMENT_FIELDS)
    comment = comments.add_comment(
        user, agreement, number, body.get("article"), body.get("body"), parent_id=body.get("parent_id")
    )
    return comment_json(comment), 201


@bp.post("/agreements/<int:agreement_id>/comments/<int:comment_id>/resolve")
@writes()
def resolve_comment(agreement_id: int, comment_id: int):
    """Resolve a comment and its answers."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return comment_json(comments.resolve_comment(user, agreement, comment_id)), 200


@bp.get("/agreements/<int:agreement_id>/comments")
def list_comments(agreement_id: int):
    """The comments of an agreement, oldest first; ``open=true`` for the unresolved only, ``version=n`` for one."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    version = query_int("version", 0, 1, 2**31 - 1) or None
    found = comments.list_comments(agreement, version=version, open_only=_open_only())
    return {"items": [comment_json(c) for c in found], "total": len(found)}

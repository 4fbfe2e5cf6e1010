"""API views of legal review comments (SPEC §8): comment or answer on a version, resolve, list."""

from __future__ import annotations

from flask import url_for

from ..services import agreements, comments
from . import bp
from .auth import current_user
from .contract import LOCATION, REPLAYED, Answer, operation
from .edge import writes
from .models.base import dump
from .models.comments import Comment, CommentInput, CommentList, CommentsQuery


def _comment_url(answer, agreement_id: int, **_) -> str:
    """Where a new comment is listed (the view's ``body=`` model comes along in ``_``)."""
    return url_for("api.list_comments", agreement_id=agreement_id, _anchor=f"comment-{answer['id']}")


@bp.post("/agreements/<int:agreement_id>/versions/<int:number>/comments")
@writes(location=_comment_url)
@operation(
    summary="Comment on an article of a version (legal advisors), or answer a comment",
    operation_id="addComment",
    tags=["review"],
    body=CommentInput,
    answers={201: Answer("The comment.", Comment, headers={**LOCATION, **REPLAYED})},
    problems=(403, 404, 409),
    idempotent=True,
)
def add_comment(agreement_id: int, number: int, body: CommentInput):
    """Comment on an article of a version, or answer a comment with ``parent_id``."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    comment = comments.add_comment(user, agreement, number, body.article, body.body, parent_id=body.parent_id)
    return dump(Comment.of(comment)), 201


@bp.post("/agreements/<int:agreement_id>/comments/<int:comment_id>/resolve")
@writes()
@operation(
    summary="Resolve a comment and its answers (legal advisors)",
    operation_id="resolveComment",
    tags=["review"],
    answers={200: Answer("The resolved comment.", Comment, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def resolve_comment(agreement_id: int, comment_id: int):
    """Resolve a comment and its answers."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(Comment.of(comments.resolve_comment(user, agreement, comment_id))), 200


@bp.get("/agreements/<int:agreement_id>/comments")
@operation(
    summary="Review comments and answers, oldest first",
    operation_id="listComments",
    tags=["review"],
    query=CommentsQuery,
    answers={200: Answer("The comments.", CommentList)},
    problems=(404,),
)
def list_comments(agreement_id: int, query: CommentsQuery):
    """The comments of an agreement, oldest first; ``open=true`` for the unresolved only, ``version=n`` for one."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    found = comments.list_comments(agreement, version=query.version, open_only=query.open)
    return dump(CommentList(items=[Comment.of(c) for c in found], total=len(found)))

"""The models of legal review comments: a comment (or an answer) as sent, the list's query, a comment as shown."""

from __future__ import annotations

from pydantic import Field

from ...models import ReviewComment
from ...services import comments
from .base import Body, Moment, Out, Query, QueryBool, whole

# Lengths are the service's to check (its messages name the field): documented here, not validated.
BODY_LENGTH = {"minLength": 1, "maxLength": comments.MAX_BODY}


class CommentInput(Body):
    """The article and the comment; parent_id to answer one."""

    article: str | int | None = Field(
        None,
        description="An article number of the version, or preamble or final_clauses; an answer takes its "
        "comment's article.",
    )
    body: str = Field(json_schema_extra=BODY_LENGTH)
    parent_id: int | None = Field(None, description="The comment this answers.")


class CommentsQuery(Query):
    """Which comments: the open ones only, of one version."""

    open: QueryBool = Field(False, description="Only unresolved.")
    version: whole(1, 2**31 - 1) = None  # type: ignore[valid-type]


class Comment(Out):
    """One comment: where it is, who wrote it, and whether (and by whom) it is resolved."""

    id: int
    version: int
    article: str
    body: str
    parent_id: int | None
    author: str | None
    author_name: str | None
    created_at: Moment
    is_resolved: bool
    resolved_at: Moment | None
    resolved_by: str | None

    @classmethod
    def of(cls, comment: ReviewComment) -> Comment:
        """The comment as the API shows it."""
        resolver = comments.resolver(comment)
        return cls(
            id=comment.id,
            version=comments.version_number(comment),
            article=comment.article,
            body=comment.body,
            parent_id=comment.parent_id,
            author=comment.author.email if comment.author else None,
            author_name=comment.author.display_name if comment.author else None,
            created_at=comment.created_at,
            is_resolved=comment.resolved_at is not None,
            resolved_at=comment.resolved_at,
            resolved_by=resolver.email if resolver else None,
        )


class CommentList(Out):
    """The comments of an agreement, oldest first."""

    items: list[Comment]
    total: int

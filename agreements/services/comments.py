"""Legal review: comments on an article of a version, their answers, resolving them, and the review queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..auth import policy
from ..db import db, utcnow
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..models import Agreement, ReviewComment, TextVersion, User
from ..workflows.spec import BEFORE_SIGNATURE
from ..workflows.words import state_phrase
from .characters import text_problem
from .lengths import too_long
from .versions import get_version

MAX_BODY = 5000
SECTIONS = ("preamble", "final_clauses")  # the parts of a text outside the articles a comment may be on
REVIEWERS = frozenset({"legal_advisor"})
ANSWERERS = frozenset({"legal_advisor", "program_manager", "attache"})
# What awaits the legal office, per type: (state, …); clearance only where the type has it.
QUEUE_STATES = ("legal_review", "clearance", "final_review")


@dataclass
class Thread:
    """A comment and its answers, oldest first."""

    comment: ReviewComment
    answers: list[ReviewComment] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        """Whether the thread still waits to be resolved."""
        return self.comment.resolved_at is None


@dataclass
class Waiting:
    """An agreement awaiting the legal office: since when, for how many days, with how many open comments."""

    agreement: Agreement
    since: dt.datetime
    days_waiting: int
    open_comments: int


def may_comment(user: User, agreement: Agreement) -> bool:
    """Legal advisors open comments on a text until it is signed."""
    return user.role in REVIEWERS and agreement.state in BEFORE_SIGNATURE and policy.can_view(user, agreement)


def may_answer(user: User, agreement: Agreement) -> bool:
    """Legal advisors, program managers and attachés who see the agreement answer comments until signature."""
    return user.role in ANSWERERS and agreement.state in BEFORE_SIGNATURE and policy.can_view(user, agreement)


def may_resolve(user: User, agreement: Agreement) -> bool:
    """Legal advisors resolve comments until signature."""
    return may_comment(user, agreement)


def _body(body: Any, label: str = "Your comment") -> str:
    """The comment's text, trimmed; InvalidInput when empty, too long or holding a NUL (named as ``label``)."""
    if not isinstance(body, str) or not body.strip():
        raise InvalidInput("Write the comment first.", {"body": "Write the comment."})
    text = body.replace("\r\n", "\n").strip()
    if problem := too_long("Comment", text, MAX_BODY):
        raise InvalidInput(problem, {"body": problem})
    if problem := text_problem(label, text):
        raise InvalidInput(problem, {"body": problem})
    return text


def _article(version: TextVersion, article: Any) -> str:
    """The article (or section) a comment is on, checked against the version's text."""
    anchor = str(article).strip() if isinstance(article, (str, int)) and not isinstance(article, bool) else ""
    numbers = [a["number"] for a in version.articles]
    if anchor in SECTIONS or anchor in numbers:
        return anchor
    choices = ", ".join([*numbers, *SECTIONS])
    raise InvalidInput(
        f"Version {version.number} has no article {anchor or '(none given)'!r}; comment on one of {choices}.",
        {"article": "Choose an article of this version, or preamble or final_clauses."},
    )


def get_comment(agreement: Agreement, comment_id: Any) -> ReviewComment:
    """One comment of this agreement; NotFound otherwise."""
    if isinstance(comment_id, bool) or not isinstance(comment_id, int) or not 0 < comment_id < 2**31:
        raise NotFound(f"No comment {comment_id} on {agreement.reference}.")
    comment = db.session.get(ReviewComment, comment_id)
    if comment is None or comment.agreement_id != agreement.id:
        raise NotFound(f"No comment {comment_id} on {agreement.reference}.")
    return comment


def _thread_root(comment: ReviewComment) -> ReviewComment:
    """The comment that opened the thread (answers hang directly from it)."""
    return db.session.get(ReviewComment, comment.parent_id) if comment.parent_id else comment


def add_comment(
    user: User, agreement: Agreement, version_number: Any, article: Any, body: Any, parent_id: Any = None
) -> ReviewComment:
    """Comment on an article of a version (legal advisors), or answer a comment (with ``parent_id``)."""
    if parent_id is None:
        if not may_comment(user, agreement):
            raise _refusal(user, agreement, "comment on the text")
    elif not may_answer(user, agreement):
        raise _refusal(user, agreement, "answer review comments")
    version = get_version(agreement, version_number)
    text = _body(body, "Your comment" if parent_id is None else "Your answer")
    if parent_id is None:
        anchor, parent = _article(version, article), None
    else:
        try:
            parent = _thread_root(get_comment(agreement, parent_id))
        except NotFound:
            raise InvalidInput(
                f"No comment {parent_id} on {agreement.reference} to answer.", {"parent_id": "No such comment."}
            ) from None
        if parent.resolved_at is not None:
            raise Conflict("That comment is resolved; open a new comment instead of answering it.")
        if parent.version_id != version.id:
            raise InvalidInput(
                f"Comment {parent.id} is on another version; answer it on its own version.",
                {"parent_id": "The comment is on another version."},
            )
        anchor = parent.article
    comment = ReviewComment(version_id=version.id, article=anchor, body=text, parent_id=parent and parent.id)
    comment.author = user
    # Through the collection, so the workflow's guards see it within this same transaction.
    agreement.comments.append(comment)
    db.session.flush()
    return comment


def _refusal(user: User, agreement: Agreement, what: str) -> Exception:
    """Why this person may not comment: their role, or the agreement is past signature."""
    if agreement.state not in BEFORE_SIGNATURE:
        state = state_phrase(agreement.state, agreement.is_binding)
        return Conflict(f"The text of an agreement {state} is settled: comments are closed.")
    if what == "comment on the text":
        return PermissionDenied("Only legal advisors comment on the text; others may answer their comments.")
    return PermissionDenied(f"Your role may not {what}.")


def resolve_comment(user: User, agreement: Agreement, comment_id: Any) -> ReviewComment:
    """Resolve a comment's thread (legal advisors): the comment and its answers."""
    if not may_resolve(user, agreement):
        if agreement.state not in BEFORE_SIGNATURE:
            raise _refusal(user, agreement, "resolve comments")
        raise PermissionDenied("Only legal advisors resolve review comments.")
    root = _thread_root(get_comment(agreement, comment_id))
    if root.resolved_at is not None:
        raise Conflict(f"Comment {root.id} is already resolved.")
    now = utcnow()
    for item in [root, *_answers(root)]:
        item.resolved_at, item.resolved_by_id = now, user.id
    db.session.flush()
    return root


def _answers(root: ReviewComment) -> list[ReviewComment]:
    """The answers to a comment, oldest first."""
    return list(
        db.session.scalars(select(ReviewComment).where(ReviewComment.parent_id == root.id).order_by(ReviewComment.id))
    )


def list_comments(agreement: Agreement, version: int | None = None, open_only: bool = False) -> list[ReviewComment]:
    """The comments of an agreement (answers included), oldest first; of one version, or only open ones."""
    query = select(ReviewComment).where(ReviewComment.agreement_id == agreement.id)
    if version is not None:
        query = query.where(ReviewComment.version_id == get_version(agreement, version).id)
    if open_only:
        query = query.where(ReviewComment.resolved_at.is_(None))
    return list(db.session.scalars(query.order_by(ReviewComment.id)))


def threads(comments: list[ReviewComment]) -> list[Thread]:
    """Comments grouped into threads, in the order they were opened."""
    roots = {c.id: Thread(c) for c in comments if c.parent_id is None}
    for comment in comments:
        if comment.parent_id in roots:
            roots[comment.parent_id].answers.append(comment)
    return list(roots.values())


def version_number(comment: ReviewComment) -> int:
    """The number of the version a comment is on."""
    return db.session.get(TextVersion, comment.version_id).number


def resolver(comment: ReviewComment) -> User | None:
    """Who resolved the comment, if anyone."""
    return db.session.get(User, comment.resolved_by_id) if comment.resolved_by_id else None


def article_threads(agreement: Agreement, article: str) -> list[Thread]:
    """The threads shown beside an article of the current text: its own, and open ones from earlier versions."""
    current = agreement.current_version
    if current is None:
        return []
    found = [c for c in agreement.comments if c.article == article]
    shown = threads(found)
    return [t for t in shown if t.comment.version_id == current.id or t.is_open]


def review_queue(user: User, today: dt.date | None = None) -> list[Waiting]:
    """What awaits the legal office, oldest waiting first, with days waiting and open comments.

    Waiting since the agreement entered its state (``state_since``: a step that changed nothing of it, such as
    new contacts, does not restart the count), the same days in state as the list and the dashboard show."""
    open_count = (
        select(func.count(ReviewComment.id))
        .where(
            ReviewComment.agreement_id == Agreement.id,
            ReviewComment.parent_id.is_(None),
            ReviewComment.resolved_at.is_(None),
        )
        .correlate(Agreement)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Agreement, open_count)
        .where(Agreement.state.in_(QUEUE_STATES), policy.visible_clause(user))
        .order_by(Agreement.state_since, Agreement.id)
    ).all()
    today = today or utcnow().date()
    return [
        Waiting(a, a.state_since, max(0, (today - a.state_since.astimezone(dt.UTC).date()).days), count or 0)
        for a, count in rows
    ]

"""Legal review pages: comments beside each article of the agreement page, and the review queue."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput
from ..services import agreements, comments, listing
from ..services.characters import without_refused
from . import bp
from .listing import csv_response
from .views import _agreement_page

ANCHOR_NAMES = {"preamble": "the preamble", "final_clauses": "the final clauses"}


@bp.app_template_global()
def comment_threads(agreement, anchor: str) -> list[dict]:
    """The threads shown beside one article (or the preamble, or the final clauses) of the current text."""
    return [
        {
            "thread": thread,
            "version": comments.version_number(thread.comment),
            "resolver": comments.resolver(thread.comment),
        }
        for thread in comments.article_threads(agreement, anchor)
    ]


@bp.app_template_global()
def comment_rights(agreement) -> dict[str, bool]:
    """What the signed-in person may do with review comments on this agreement."""
    return {
        "comment": comments.may_comment(current_user, agreement),
        "answer": comments.may_answer(current_user, agreement),
        "resolve": comments.may_resolve(current_user, agreement),
    }


@bp.app_template_global()
def comment_form() -> dict:
    """The comment form refused on this request (what was typed, where, and why), if any."""
    return g.get("comment_form", {})


@bp.app_template_filter("anchor_name")
def anchor_name(anchor: str) -> str:
    """'Article 3', 'the preamble', 'the final clauses'."""
    return ANCHOR_NAMES.get(anchor, f"Article {anchor}")


def _number(name: str) -> int | None:
    """A whole number from the form, None when absent or not a number."""
    raw = request.form.get(name, "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@bp.route("/agreements/<int:agreement_id>/comments", methods=["POST"])
@login_required
def add_comment(agreement_id: int):
    """Comment on an article of a version, or answer a comment."""
    item = agreements.get_agreement(current_user, agreement_id)
    parent_id = _number("parent_id")
    article, body = request.form.get("article", ""), request.form.get("body", "")
    try:
        comment = comments.add_comment(current_user, item, _number("version"), article, body, parent_id=parent_id)
        db.session.commit()
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        g.comment_form = {
            "article": article,
            "parent_id": parent_id,
            "body": without_refused(body),
            "error": error.detail,
        }
        return _agreement_page(agreements.get_agreement(current_user, agreement_id), 422)
    flash("Answer added." if parent_id else "Comment added.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor=f"comment-{comment.id}"), 303)


@bp.route("/agreements/<int:agreement_id>/comments/<int:comment_id>/resolve", methods=["POST"])
@login_required
def resolve_comment(agreement_id: int, comment_id: int):
    """Resolve a comment and its answers."""
    item = agreements.get_agreement(current_user, agreement_id)
    try:
        comment = comments.resolve_comment(current_user, item, comment_id)
        db.session.commit()
    except Conflict as error:
        db.session.rollback()
        flash(error.detail, "info")
        return redirect(url_for("web.agreement", agreement_id=agreement_id, _anchor="text"), 303)
    flash(f"Comment on {anchor_name(comment.article)} resolved.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor=f"comment-{comment.id}"), 303)


@bp.route("/review")
@login_required
def review_queue():
    """What awaits the legal office (of the countries an attaché's office covers), oldest waiting first."""
    return render_template(
        "review_queue.html",
        waiting=comments.review_queue(current_user, today=listing.today()),
        is_scoped=not policy.sees_all(current_user),
    )


@bp.route("/review.csv")
@login_required
def export_review_queue():
    """The review queue as the page shows it, as a CSV download."""
    lines = listing.queue_csv(comments.review_queue(current_user, today=listing.today()))
    return csv_response(lines, f"review-queue-{listing.today().isoformat()}.csv")

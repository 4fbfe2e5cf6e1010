"""Moving agreements through their workflows: the one place where an agreement's state changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from sqlalchemy import select

from ..auth import policy
from ..db import db, utcnow
from ..errors import Conflict, GuardFailed, InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from ..models import Agreement, User
from ..workflows import SYSTEM, TRACKS, Context, Step, fire, preview, roles_phrase, track_for
from ..workflows.words import refused_sentence, state_phrase, step_label
from .agreements import MAX_ID
from .audit import record_event
from .characters import check_fields, without_refused
from .facts import expire_held, lock_agreement, orm_agreement
from .lengths import too_long
from .notifications import queue_transition_mail

MAX_COMMENT = 5000


@dataclass
class Fired:
    """What firing a step did. ``agreement`` is the ORM Agreement as the transaction now sees it,
    loaded (one SELECT) only when a caller asks for it."""

    agreement_id: int
    trigger: str
    from_state: str
    to_state: str
    lock_version: int

    @cached_property
    def agreement(self) -> Agreement:
        """The agreement as it is after the step (the session's own instance, if it holds one)."""
        return orm_agreement(self.agreement_id)


@dataclass
class Available:
    """A step this person may take from the agreement's current state, and why it would fail now."""

    step: Step
    reasons: list[str]

    @property
    def allowed(self) -> bool:
        """True when nothing but the person's own input stands in the way."""
        return not self.reasons


def available_transitions(user: User | None, agreement: Agreement, today: dt.date | None = None) -> list[Available]:
    """The steps from the current state that this person's role is named for, with guard reasons."""
    role = user.role if user else SYSTEM
    ctx = Context(agreement, today=today or dt.date.today(), actor=user)
    return [
        Available(step, preview(ctx, step))
        for step in track_for(agreement.type, agreement.is_binding).steps_from(agreement.state)
        if policy.may_fire(role, step)
    ]


def _validate(trigger: Any, comment: Any, data: Any, expected: Any) -> None:
    errors = {}
    if not isinstance(trigger, str) or not trigger:
        errors["trigger"] = "Name the transition to fire (trigger)."
    if comment is not None and not isinstance(comment, str):
        errors["comment"] = "comment must be text."
    elif comment and (problem := too_long("Comment", comment, MAX_COMMENT)):
        errors["comment"] = problem
    if data is not None and not isinstance(data, dict):
        errors["data"] = "data must be an object."
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
        errors["expected_lock_version"] = "expected_lock_version must be a whole number."
    # The step's facts (dates, references) go into the trail as typed: no NUL in them either.
    facts = data if isinstance(data, dict) else {}
    check_fields(
        {"comment": comment, **{f"data.{k}": v for k, v in facts.items()}},
        {"comment": "Comment", **{f"data.{k}": without_refused(str(k)).replace("_", " ").capitalize() for k in facts}},
        errors,
    )
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)


def fire_transition(
    user: User | None,
    agreement_id: int,
    trigger: str,
    *,
    comment: str | None = "",
    data: dict[str, Any] | None = None,
    expected_lock_version: int | None = None,
    today: dt.date | None = None,
) -> Fired:
    """Policy, lock, engine, audit row, in the caller's transaction (STYLE habit 3).

    The row is read and written with plain SQL (see ``services.facts``): one SELECT … FOR UPDATE
    of what the step reads (with the text, if it reads it), a SELECT for each related collection it
    reads, then one UPDATE checked against the lock version and one INSERT of the event (a single
    statement on PostgreSQL). What it returns says what the step did; its ``agreement`` loads when
    the caller first asks for it, and an Agreement the session already holds is expired, so that it
    reloads in the new state.

    ``user`` None is the system (the daily job). Raises NotFound, InvalidInput, TransitionNotAllowed,
    PermissionDenied, Conflict or GuardFailed; on any error the caller rolls back and nothing remains.
    """
    _validate(trigger, comment, data, expected_lock_version)
    comment = (comment or "").strip()
    data = data or {}
    if not isinstance(agreement_id, int) or not 0 < agreement_id <= MAX_ID:
        raise NotFound(f"No agreement {agreement_id}.")
    # The row, FOR UPDATE, with what the step reads (which step it is depends on the state read here;
    # the trigger names the candidates). NotFound if this person may not see it.
    row = lock_agreement(user, agreement_id, _reads_of(trigger))
    workflow = track_for(row.type, row.is_binding)
    if trigger not in workflow.triggers:
        raise InvalidInput(
            f"{trigger!r} is not a transition of a {workflow.name}; "
            f"its transitions are {', '.join(workflow.triggers)}.",
            {"trigger": "Unknown trigger."},
        )
    step = workflow.step(trigger, row.state)
    if step is None:
        raise TransitionNotAllowed(
            refused_sentence(trigger, row.state, row.is_binding),
            current_state=row.state,
            lock_version=row.lock_version,
        )
    if not policy.may_fire(user.role if user else SYSTEM, step):
        raise PermissionDenied(f"Only {roles_phrase(step.roles)} may {step_label(step, row.is_binding).lower()}.")
    if expected_lock_version is not None and expected_lock_version != row.lock_version:
        raise Conflict(
            f"The agreement changed since you loaded it (version {expected_lock_version}, now "
            f"{row.lock_version}): it is now {state_phrase(row.state, row.is_binding)}.",
            current_state=row.state,
            lock_version=row.lock_version,
        )
    from_state = row.state
    row.load(step.reads)  # the comments, signatories or authorities, if the step reads them
    ctx = Context(row, comment=comment, data=data, today=today or dt.date.today(), actor=user)
    outcome = fire(ctx, trigger)
    if not outcome.moved:
        label = step_label(step, row.is_binding)
        raise GuardFailed(f"{label} is not possible yet: " + " ".join(outcome.reasons), outcome.reasons)
    recorded = {k: data[k] for k in (*step.needs, *step.optional) if k != "comment" and k in data}
    if row.state != from_state:
        row.state_since = utcnow()  # aging counts the days from here
    record_event(row, trigger, from_state, user, comment, recorded)  # one UPDATE of the row, one INSERT
    expire_held(agreement_id)  # the session's Agreement, if it holds one, reloads in the new state
    fired = Fired(agreement_id, trigger, from_state, row.state, row.lock_version)
    queue_transition_mail(row)  # the note to whoever acts next: one INSERT; it leaves after the commit
    # Follow-ups of the step (e.g. rendering and sealing the signed document) run in this
    # transaction after the event is written, and take the ORM Agreement.
    for name in step.then:
        follow_up(name)(user, fired.agreement)
    return fired


def follow_up(name: str):
    """The service function a step's ``then`` names (e.g. rendering and sealing the signed document)."""
    from . import documents

    return {"issue_signed_document": documents.issue_signed_document}[name]


@cache
def _reads_of(trigger: str) -> frozenset[str]:
    """What the steps of this name, in any workflow, read of the agreement."""
    return frozenset(
        name for wf in TRACKS.values() for step in wf.steps if step.trigger == trigger for name in step.reads
    )


def current_state(agreement_id: int) -> tuple[str, int] | None:
    """State and lock version as committed now (for answering a lost race), or None."""
    row = db.session.execute(
        select(Agreement.state, Agreement.lock_version).where(Agreement.id == agreement_id)
    ).first()
    return (row[0], row[1]) if row else None


def current_state_phrase(agreement_id: int) -> str | None:
    """The state as committed now, as a person reads it after "is now" ("in effect"), or None."""
    row = db.session.execute(select(Agreement.state, Agreement.is_binding).where(Agreement.id == agreement_id)).first()
    return state_phrase(row[0], row[1]) if row else None

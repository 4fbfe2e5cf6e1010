"""Mail to people: a note to whoever must act next after a transition, and each person's daily digest.

Both are queued in the outbox (``services.mail``) in the caller's transaction and leave after its
commit. A transition's note costs the transition one INSERT: it is addressed and written after the
commit, from the event as recorded (``address_notes``, which the sender calls before it sends).

Who must act next is what the workflow names: the roles of the steps that move the agreement on
from its new state (forward, not back to an earlier state nor to an end such as a withdrawal), in a
state where it waits for people (one with an aging threshold); attachés only for the countries their
office covers; never the person who took the step. Each person can turn either mail off.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import aliased, load_only, selectinload

from ..auth import policy
from ..db import db, utcnow
from ..models import Agreement, Event, OfficeCountry, OutboxMail, User
from ..workflows import FINAL_STATES, ROLE_NAMES, next_roles, next_steps
from ..workflows.guards import long_date
from ..workflows.words import state_phrase, step_label
from . import mail
from .deadlines import AGENCY, countdown, deadlines_for

DIGEST_DAYS = 30  # the digest lists the deadlines of the next 30 days
DIGEST_ITEMS = 25  # at most this many lines per section; the rest are counted, and the pages list them all
# Whose deadlines the digest lists: the drafting side, which records what was sent to the State Department.
DEADLINE_ROLES = frozenset({"program_manager", "attache"})
# How a mail names who must act ("waiting for the legal office").
WAITING_FOR = {
    "legal_advisor": "the legal office",
    "program_manager": "the program managers",
    "attache": "the attaché office",
}


def waiting_for(roles: tuple[str, ...]) -> str:
    """ "the legal office", "the program managers or the attaché office"."""
    return " or ".join(WAITING_FOR.get(role, ROLE_NAMES.get(role, (role, role))[1]) for role in roles)


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def _render(name: str, **context) -> str:
    """A mail template (autoescaped when .html), without a request's context processors."""
    return current_app.jinja_env.get_template(f"mail/{name}").render(**context)


# --- after a transition -------------------------------------------------------------------------------
def queue_transition_mail(row) -> int | None:
    """Queue the note to whoever acts next on the agreement ``row`` as the transition left it, when the
    workflow names anyone: one INSERT, nothing read. Who they are and the words are worked out after
    the commit (``address_notes``), off the transition's path."""
    if not next_roles(row.type, bool(row.is_binding), row.state):
        return None
    return mail.enqueue_note(f"event:{row.id}:{row.event_count}")


def address_notes(mail_ids=None, now: dt.datetime | None = None) -> int:
    """Address and write the notes transitions queued (all, or those among ``mail_ids``): the people
    the workflow names for the next steps from the state the event left the agreement in, who want
    the note (attachés only for their office's countries, never the person who took the step), and
    the text and HTML, from the event as recorded. A note with nobody to tell is closed as it is.
    Flushes; how many were addressed."""
    query = select(OutboxMail.id, OutboxMail.key).where(mail.unaddressed())
    if mail_ids is not None:
        query = query.where(OutboxMail.id.in_(sorted(mail_ids)))
    notes = db.session.execute(query).all()
    for mail_id, key in notes:
        _, agreement_id, seq = key.split(":")
        fields = _transition_note(int(agreement_id), int(seq))
        if not fields["recipients"]:
            fields["sent_at"] = now or utcnow()  # nobody to tell: nothing will be sent
        mail.address(mail_id, fields)
    return len(notes)


def _transition_note(agreement_id: int, seq: int) -> dict:
    """Recipients, subject, text and HTML of the note on event ``seq`` of the agreement."""
    actor = aliased(User)
    event = db.session.execute(
        select(
            Event.trigger,
            Event.to_state,
            Event.comment,
            Event.actor_id,
            Agreement.reference,
            Agreement.title,
            Agreement.type,
            Agreement.is_binding,
            actor.name,
            actor.email,
            actor.role,
        )
        .join(Agreement, Agreement.id == Event.agreement_id)
        .outerjoin(actor, actor.id == Event.actor_id)
        .where(Event.agreement_id == agreement_id, Event.seq == seq)
    ).first()
    if event is None:
        return {"recipients": [], "subject": f"Event {seq} of agreement {agreement_id}: not recorded", "text": ""}
    roles = next_roles(event.type, bool(event.is_binding), event.to_state)
    covering = select(OfficeCountry.office_id).where(OfficeCountry.country == Agreement.country)
    query = (
        select(User.email)
        .join(Agreement, Agreement.id == agreement_id)
        .where(
            User.role.in_(roles),
            User.is_enabled,
            User.mail_on_transition,
            or_(User.role != "attache", User.office_id.in_(covering.scalar_subquery())),
        )
        .order_by(User.email)
    )
    if event.actor_id is not None:
        query = query.where(User.id != event.actor_id)
    people = db.session.scalars(query).all()
    where = state_phrase(event.to_state, event.is_binding)
    subject = f"{event.reference} is {where}: waiting for {waiting_for(roles)}"
    if not people:
        return {"recipients": [], "subject": subject, "text": ""}
    by = f"{event.name or event.email} ({ROLE_NAMES[event.role][0]})" if event.actor_id else "the system"
    context = {
        "reference": event.reference,
        "title": event.title,
        "step": step_label(event.trigger, event.is_binding),
        "by": by,
        "where": where,
        "waiting_for": waiting_for(roles),
        "next_steps": [
            step_label(s, event.is_binding) for s in next_steps(event.type, bool(event.is_binding), event.to_state)
        ],
        "comment": event.comment,
        "link": _link(f"/agreements/{agreement_id}"),
        "settings": _link("/account/mail"),
    }
    return {
        "recipients": list(people),
        "subject": subject,
        "text": _render("transition.txt", **context),
        "html": _render("transition.html", **context),
    }


# --- the daily digest --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overdue:
    """An agreement that stayed in its state longer than the threshold."""

    agreement_id: int
    reference: str
    title: str
    country: str
    where: str  # "in legal review"
    days: int
    allowed: int
    roles: tuple[str, ...]
    link: str


@dataclass(frozen=True)
class Due:
    """One of our open deadlines within the digest's horizon (or already past)."""

    reference: str
    title: str
    country: str
    label: str
    due_on: dt.date
    when: str  # "in 12 days", "was due 3 days ago"
    link: str


def queue_digests(today: dt.date) -> int:
    """Queue today's digest for each person who wants one and has something in it; how many were queued.

    A person's digest lists the overdue agreements they may see and must act on (their role is named
    for the next step), and, for the drafting side, our open deadlines of the next 30 days (and those
    already past) on agreements they may see. The data is read once for everyone (one query for the
    overdue, one for the deadlines' agreements), then sorted by scope: all agreements, or an office's
    countries. Once a day: the key is the person and the day, and people already served today are
    skipped before anything is rendered.
    """
    done = {
        key.split(":")[1]
        for key in db.session.scalars(
            select(OutboxMail.key).where(OutboxMail.key.like(f"digest:%:{today.isoformat()}"))
        )
    }
    people = [
        person
        for person in db.session.execute(
            select(User.id, User.email, User.role, User.office_id).where(User.is_enabled, User.mail_digest)
        )
        if str(person.id) not in done
    ]
    if not people:
        return 0
    overdue, due = _overdue(today), _deadlines(today)
    covers: dict[int, set[str]] = defaultdict(set)
    for office_id, country in db.session.execute(select(OfficeCountry.office_id, OfficeCountry.country)):
        covers[office_id].add(country)
    rendered: dict[tuple, tuple[str, str, str] | None] = {}
    mails = []
    for person in people:
        if person.role in policy.SEES_ALL:
            group, countries = (None, person.role), None
        elif person.role == "attache" and person.office_id is not None:
            group, countries = (person.office_id, person.role), covers[person.office_id]
        else:
            continue  # sees nothing
        if group not in rendered:
            rendered[group] = _digest(today, person.role, countries, overdue, due)
        if rendered[group] is not None:
            subject, text, html = rendered[group]
            key = f"digest:{person.id}:{today.isoformat()}"
            mails.append({"key": key, "recipients": [person.email], "subject": subject, "text": text, "html": html})
    return len(mail.enqueue_many(mails))


def _digest(today, role, countries, overdue: list[Overdue], due: list[Due]) -> tuple[str, str, str] | None:
    """Subject, text and HTML of the digest for one role over ``countries`` (None: every country),
    or None when there is nothing to report."""

    def visible(item) -> bool:
        return countries is None or item.country in countries

    mine = [item for item in overdue if role in item.roles and visible(item)]
    deadlines = [item for item in due if visible(item)] if role in DEADLINE_ROLES else []
    if not mine and not deadlines:
        return None
    parts = []
    if mine:
        parts.append(f"{len(mine)} overdue")
    if deadlines:
        parts.append(f"{len(deadlines)} deadline{'s' if len(deadlines) != 1 else ''}")
    context = {
        "today": long_date(today),
        "overdue": mine[:DIGEST_ITEMS],
        "overdue_more": max(len(mine) - DIGEST_ITEMS, 0),
        "deadlines": deadlines[:DIGEST_ITEMS],
        "deadlines_more": max(len(deadlines) - DIGEST_ITEMS, 0),
        "horizon": DIGEST_DAYS,
        "home": _link("/"),
        "settings": _link("/account/mail"),
    }
    subject = f"Agreements on {long_date(today)}: {' and '.join(parts)}"
    return subject, _render("digest.txt", **context), _render("digest.html", **context)


def _overdue(today: dt.date) -> list[Overdue]:
    """Every agreement past its state's threshold as of ``today``, longest waiting first (one query)."""
    thresholds = current_app.config["AGING_DAYS"]
    midnight = dt.datetime.combine(today, dt.time(), dt.UTC)
    late = or_(
        false(),
        *(
            and_(Agreement.state == state, Agreement.state_since < midnight - dt.timedelta(days=days))
            for state, days in thresholds.items()
        ),
    )
    rows = db.session.execute(
        select(
            Agreement.id,
            Agreement.reference,
            Agreement.title,
            Agreement.type,
            Agreement.is_binding,
            Agreement.state,
            Agreement.state_since,
            Agreement.country,
        )
        .where(late)
        .order_by(Agreement.state_since, Agreement.id)
    ).all()
    out = []
    for row in rows:
        roles = next_roles(row.type, bool(row.is_binding), row.state)
        if roles:
            out.append(
                Overdue(
                    row.id,
                    row.reference,
                    row.title,
                    row.country,
                    state_phrase(row.state, row.is_binding),
                    (today - row.state_since.date()).days,
                    thresholds[row.state],
                    roles,
                    _link(f"/agreements/{row.id}"),
                )
            )
    return out


def _deadlines(today: dt.date) -> list[Due]:
    """Our open deadlines due by ``today`` + 30 days (past ones too), soonest first.

    Read for the agreements that have deadlines (signed, and transmitted to the State Department)
    and are still open; each agreement's deadlines come from ``deadlines_for``.
    """
    horizon = today + dt.timedelta(days=DIGEST_DAYS)
    agreements = db.session.scalars(
        select(Agreement)
        .options(
            load_only(
                Agreement.id,
                Agreement.reference,
                Agreement.title,
                Agreement.country,
                Agreement.is_binding,
                Agreement.is_reportable,
                Agreement.signed_on,
                Agreement.in_force_on,
                Agreement.published_on,
                Agreement.publication_citation,
                Agreement.state,
            ),
            selectinload(Agreement.transmittals),
        )
        .where(
            Agreement.signed_on.is_not(None),
            or_(Agreement.is_binding, Agreement.is_reportable),
            Agreement.state.not_in(FINAL_STATES),
        )
    )
    out = []
    for agreement in agreements:
        for deadline in deadlines_for(agreement, today):
            if deadline.responsible == AGENCY and deadline.done_on is None and deadline.due_on is not None:
                if deadline.due_on <= horizon:
                    out.append(
                        Due(
                            agreement.reference,
                            agreement.title,
                            agreement.country,
                            deadline.label,
                            deadline.due_on,
                            countdown((deadline.due_on - today).days),
                            _link(f"/agreements/{agreement.id}"),
                        )
                    )
    return sorted(out, key=lambda item: (item.due_on, item.reference))

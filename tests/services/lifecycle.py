"""Walking agreements through their workflows in tests: how each step is taken successfully, by whom."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agreements.db import db
from agreements.services import authorities, parties
from agreements.services.transitions import fire_transition
from agreements.workflows import track_for

# Every date of a walk is fixed, so that "date reached" never depends on the day the suite runs.
SIGNED_ON = dt.date(2026, 3, 26)
IN_FORCE_ON = dt.date(2026, 4, 15)
NOTICE_ON = dt.date(2026, 6, 1)
EFFECTIVE_ON = dt.date(2026, 9, 1)
EXPIRES_ON = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 12, 1)

USUAL = "usual"  # take a step as the person the recipe names
# Who grants the State Department's authorities in the walks (fictional, at the level 11 FAM 724.3 asks).
GRANTED_BY = "Jordan Example"
GRANTED_BY_TITLE = "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs"

# The world fixture's user for each role; ``None`` is the system (the daily job).
ACTOR_FOR_ROLE = {
    "legal_advisor": "la",
    "program_manager": "pm",
    "attache": "moscow",
    "admin": "admin",
    "system": None,
}


def designate_signatories(world, agreement, *, signed: bool = False) -> None:
    """Name both parties' signatories, as the program manager does before clearance (and after signing)."""
    when = {"signed_on": SIGNED_ON.isoformat(), "place": "Washington"} if signed else {}
    parties.set_signatory(
        world["pm"],
        agreement,
        "us",
        {"name": "John Morton", "title": "Director", "organisation": "ICE", **when},
    )
    parties.set_signatory(
        world["pm"],
        agreement,
        "counterpart",
        {"name": "Elena Leonenko", "title": "Deputy Chairman", "organisation": "Investigative Committee", **when},
    )


def confirm_authorities(world, agreement) -> None:
    """The legal advisor confirms every authority the program manager recorded and nobody confirmed yet."""
    for authority in agreement.authorities:
        if authority.confirmed_at is None:
            authorities.confirm_authority(world["la"], agreement, authority.id)


def record_conclude_authority(world, agreement, *, confirm: bool = True) -> None:
    """The State Department's authority to conclude, bound to the current text, recorded by the program manager;
    then (``confirm``) the legal advisor confirms it, and any other authority still unconfirmed."""
    parties.record_authority(
        world["pm"],
        agreement,
        {
            "kind": "conclude",
            "reference": "C175-2026-041",
            "granted_by": GRANTED_BY,
            "granted_by_title": GRANTED_BY_TITLE,
            "granted_on": "2026-03-01",
        },
    )
    if confirm:
        confirm_authorities(world, agreement)


def _before_clearance(world, agreement) -> None:
    designate_signatories(world, agreement)
    if agreement.is_binding:
        record_conclude_authority(world, agreement)
    record_languages_conform(world, agreement)


def record_languages_conform(world, agreement) -> None:
    """The legal advisor records that the language versions of the current text conform (if not yet)."""
    from agreements.services.conformity import record_conformity
    from agreements.workflows.conformity import conformity_problem

    if conformity_problem(agreement):
        record_conformity(world["la"], agreement, "Both texts read against each other.")


def _before_signing(world, agreement) -> None:
    designate_signatories(world, agreement, signed=True)


def _before_expiry(world, agreement) -> None:
    agreement.expires_on = EXPIRES_ON


def _before_renewal(world, agreement) -> None:
    agreement.expires_on = EXPIRES_ON
    agreement.renewal_years = 2


def _before_entry(world, agreement) -> None:
    # Article 8 of a customs agreement: in force on the date of the later of the two notes.
    agreement.entry_rule = "later_note"


@dataclass(frozen=True)
class Recipe:
    """How a step is taken successfully: who usually takes it, with what comment and facts, after what."""

    actor: str | None
    comment: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    prepare: Callable[[Any, Any], None] | None = None


RECIPES: dict[str, Recipe] = {
    "submit_for_review": Recipe("pm"),
    "return_for_revision": Recipe("la", comment="Article 2 needs the data-protection clause."),
    "clear_for_negotiation": Recipe("la"),
    "request_authority": Recipe("la", data={"legal_authority": "19 U.S.C. 1628; 6 U.S.C. 203"}),
    "grant_negotiation_authority": Recipe(
        "pm",
        data={
            "reference": "C175-2026-017",
            "granted_by": GRANTED_BY,
            "granted_by_title": GRANTED_BY_TITLE,
            "granted_on": "2026-02-01",
        },
    ),
    "agree_text": Recipe("pm"),
    "reopen_negotiation": Recipe("la", comment="The counterpart proposes a new Article 3."),
    "clear_for_signature": Recipe("la", prepare=_before_clearance),
    "sign": Recipe("pm", prepare=_before_signing),
    "enter_into_force": Recipe(
        "pm",
        data={
            "in_force_on": IN_FORCE_ON.isoformat(),
            "our_note_on": "2026-04-02",
            "our_note_reference": "Note No. 117",
            "their_note_on": IN_FORCE_ON.isoformat(),
            "their_note_reference": "Nota n. 4521",
        },
        prepare=_before_entry,
    ),
    "expire": Recipe(None, comment="Date reached.", prepare=_before_expiry),
    "renew": Recipe(None, comment="Date reached.", prepare=_before_renewal),
    "give_notice": Recipe(
        "pm",
        comment="The counterpart asked to end the memorandum.",
        data={"notice_on": NOTICE_ON.isoformat(), "effective_on": EFFECTIVE_ON.isoformat()},
    ),
    "terminate": Recipe("pm", comment="Termination took effect."),
    "withdraw": Recipe("pm", comment="The counterpart no longer wishes to proceed."),
    "abandon": Recipe("pm", comment="The counterpart's parliament declined to approve it."),
}


def path_to(kind: str, state: str, is_binding: bool | None = None, start: str | None = None) -> list[tuple[str, str]]:
    """The shortest walk of (trigger, source) pairs from ``start`` (the initial state) to ``state``, on
    the track of the type (or of its determination, ``is_binding``)."""
    workflow = track_for(kind, is_binding)
    start = start or workflow.initial
    seen = {start: []}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == state:
            return seen[here]
        for step in workflow.steps_from(here):
            if step.dest not in seen:
                seen[step.dest] = [*seen[here], (step.trigger, here)]
                queue.append(step.dest)
    raise AssertionError(f"{state} cannot be reached in a {kind}")


def prepare(world, agreement, trigger: str) -> None:
    """Do what must be done before ``trigger`` can pass its guards, and commit it."""
    recipe = RECIPES[trigger]
    if recipe.prepare:
        recipe.prepare(world, agreement)
        db.session.commit()


def take(world, agreement, trigger: str, *, actor: str | None = USUAL, prepared: bool = False):
    """Take one step with its recipe (as ``actor``: a world key, or None for the system) and commit."""
    recipe = RECIPES[trigger]
    if not prepared:
        prepare(world, agreement, trigger)
    who = recipe.actor if actor == USUAL else actor
    moved = fire_transition(
        world[who] if who else None,
        agreement.id,
        trigger,
        comment=recipe.comment,
        data=dict(recipe.data),
        today=TODAY,
    )
    db.session.commit()
    return moved


def bring_to(world, agreement, state: str):
    """Walk an agreement from where it is to ``state`` the way its users would, on its track."""
    for trigger, _source in path_to(agreement.type, state, agreement.is_binding, agreement.state):
        take(world, agreement, trigger)
    assert agreement.state == state
    return agreement

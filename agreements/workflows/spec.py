"""The vocabulary of workflows: states, roles, guards, steps and whole workflows as plain data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .guards import Context

STATES = (
    "drafting",
    "legal_review",
    "clearance",
    "negotiation",
    "final_review",
    "awaiting_signature",
    "signed",
    "in_force",
    "termination_pending",
    "terminated",
    "expired",
    "withdrawn",
)
FINAL_STATES = frozenset({"terminated", "expired", "withdrawn"})
# In force an agreement rests: nobody must move it on (giving notice is a choice; expiry and renewal are the
# system's), so it waits for no one and is never overdue there.
RESTING_STATES = frozenset({"in_force"})
EDITABLE_STATES = frozenset({"drafting", "negotiation"})
BEFORE_SIGNATURE = (
    "drafting",
    "legal_review",
    "clearance",
    "negotiation",
    "final_review",
    "awaiting_signature",
)

# What guards and effects may read of an agreement, each declaring it (``reads``): its facts (the
# counterpart is its agency's name) and its related rows. A step's row is read with exactly what its
# guards and effects declare, beside its type, state and lock version, which every step has.
FACTS = (
    "title",
    "counterpart",
    "country",
    "languages",
    "is_binding",
    "cleared_hash",
    "signed_on",
    "in_force_on",
    "expires_on",
    "notice_on",
    "termination_effective_on",
    "terminated_on",
    "title_translations",
    "party_names",
    "entry_rule",
    "entry_rule_on",
    "entry_rule_days",
    "renewal_years",
    "renewal_notice_days",
)
RELATED = (
    "current_version",
    "comments",
    "signatories",
    "authorities",
    "text_certifications",
    "lint_acknowledgements",
    "language_conformities",
)
READABLE = FACTS + RELATED

ROLES = ("legal_advisor", "program_manager", "attache", "admin")
SYSTEM = "system"  # the daily job; no person holds this role
ROLE_NAMES = {
    "legal_advisor": ("legal advisor", "legal advisors"),
    "program_manager": ("program manager", "program managers"),
    "attache": ("attaché", "attachés"),
    "admin": ("administrator", "administrators"),
    SYSTEM: ("the system", "the system"),
}


def roles_phrase(roles: tuple[str, ...]) -> str:
    """ "program managers and attachés" for a tuple of role keys."""
    names = [ROLE_NAMES.get(r, (r, r))[1] for r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Guard:
    """A named check on an agreement before a step; returns a reason the user reads, or None.

    ``needs`` names what the person firing the step must supply (``comment`` or a ``data`` field):
    such guards cannot pass before the request is made, so pages ask for the input instead of
    greying the button out. ``reads`` names what it looks at of the agreement (see ``READABLE``):
    firing a step loads only what its guards and effects read.
    """

    name: str
    check: Callable[[Context], str | None]
    needs: tuple[str, ...] = ()
    # Inputs the person may give (e.g. the diplomatic notes of an entry into force by notification).
    optional: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.reads) - set(READABLE)
        if unknown:
            raise ValueError(f"guard {self.name} reads {sorted(unknown)}; a guard may read {READABLE}")

    def __call__(self, ctx: Context) -> str | None:
        return self.check(ctx)


@dataclass(frozen=True)
class Step:
    """One row of a transition table: trigger, sources, destination, who may fire it, guards."""

    trigger: str
    source: tuple[str, ...]
    dest: str
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    effects: tuple[Callable[[Context], None], ...] = ()
    # Named follow-ups the service layer runs after the state changed, in the same transaction
    # (e.g. "issue_signed_document"): work with I/O that pure effects must not do.
    then: tuple[str, ...] = ()
    label: str = ""

    @property
    def title(self) -> str:
        """Human label for buttons and tables."""
        return self.label or self.trigger.replace("_", " ").capitalize()

    @cached_property
    def needs(self) -> tuple[str, ...]:
        """Inputs the step asks for, in table order, without repeats."""
        return tuple(dict.fromkeys(item for guard in self.guards for item in guard.needs))

    @cached_property
    def optional(self) -> tuple[str, ...]:
        """Inputs the step accepts but does not require, in table order."""
        needs = self.needs
        return tuple(dict.fromkeys(i for guard in self.guards for i in guard.optional if i not in needs))

    @cached_property
    def reads(self) -> frozenset[str]:
        """What the step's guards and effects read of the agreement."""
        return frozenset(name for part in (*self.guards, *self.effects) for name in getattr(part, "reads", ()))


def reads(*names: str):
    """Declare what an effect reads (or appends to) of the agreement, as guards do."""
    unknown = set(names) - set(READABLE)
    if unknown:
        raise ValueError(f"an effect reads {sorted(unknown)}; an effect may read {READABLE}")

    def mark(effect):
        effect.reads = names
        return effect

    return mark


@dataclass(frozen=True)
class Workflow:
    """A whole transition table for one agreement type."""

    key: str
    name: str
    is_binding: bool
    steps: tuple[Step, ...]
    initial: str = "drafting"
    description: str = ""
    states: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.states:
            used = {self.initial}
            for step in self.steps:
                used.update(step.source)
                used.add(step.dest)
            object.__setattr__(self, "states", tuple(s for s in STATES if s in used))

    def steps_from(self, state: str) -> list[Step]:
        """The steps whose source includes ``state``, in table order."""
        return [s for s in self.steps if state in s.source]

    def step(self, trigger: str, state: str) -> Step | None:
        """The step fired by ``trigger`` from ``state``, if the table has one."""
        for s in self.steps:
            if s.trigger == trigger and state in s.source:
                return s
        return None

    @cached_property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger of the table, in order of first appearance."""
        return tuple(dict.fromkeys(s.trigger for s in self.steps))

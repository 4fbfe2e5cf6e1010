"""What the agreement page shows about a workflow: inputs a step asks for, confirmations, the diagram."""

from __future__ import annotations

from dataclasses import dataclass

from ..workflows import FINAL_STATES, Step, mermaid, roles_phrase, track_for
from ..workflows.spec import BEFORE_SIGNATURE
from ..workflows.words import step_label, words

# Labels of the facts a step asks for (the ``needs`` of its guards); dates end in ``_on``.
NEED_LABELS = {
    "legal_authority": "Legal authority relied on",
    "reference": "Authority reference",
    "granted_by": "Granted by",
    "granted_by_title": "Title of the granting official",
    "granted_on": "Granted on",
    "notice_on": "Notice given on",
    "our_note_reference": "Our diplomatic note (reference)",
    "our_note_on": "Our note dated",
    "their_note_reference": "Their diplomatic note (reference)",
    "their_note_on": "Their note dated",
}


@dataclass(frozen=True)
class Field:
    """One input of a transition form."""

    name: str
    label: str
    kind: str  # "date" or "text"
    required: bool = True


def data_fields(step: Step, is_binding: bool = True) -> list[Field]:
    """The inputs a step asks for besides the comment, required ones first, in table order."""
    w = words(is_binding)
    # The dates named as the agreement's kind names them: entry into force, or coming into effect.
    labels = {
        **NEED_LABELS,
        "in_force_on": w["date_of_entry_into_force"],
        "effective_on": w["termination_takes_effect_on"],
    }
    return [
        Field(
            name,
            labels.get(name, name.replace("_", " ").capitalize()),
            "date" if name.endswith("_on") else "text",
            required=name in step.needs,
        )
        for name in (*step.needs, *step.optional)
        if name != "comment"
    ]


def needs_comment(step: Step) -> bool:
    """Whether the step cannot be taken without a comment saying why."""
    return "comment" in step.needs


def needs_confirmation(step: Step) -> bool:
    """Steps with no way back (signature, entry into force, notice, any ending) ask for a confirmation."""
    return step.dest in FINAL_STATES or step.dest not in BEFORE_SIGNATURE


@dataclass(frozen=True)
class Exit:
    """A step leaving a state, as the diagram lists it."""

    title: str
    dest: str
    who: str


@dataclass(frozen=True)
class Node:
    """One state of the diagram."""

    state: str
    is_current: bool
    is_final: bool
    was_visited: bool
    exits: list[Exit]


def diagram(agreement_type: str, current: str, visited: set[str], is_binding: bool | None = None) -> list[Node]:
    """The states of the track the agreement follows, in order, each with the steps leaving it, the
    current one marked."""
    workflow = track_for(agreement_type, is_binding)
    return [
        Node(
            state=state,
            is_current=state == current,
            is_final=state in FINAL_STATES,
            was_visited=state in visited,
            exits=[
                Exit(step_label(s, workflow.is_binding), s.dest, roles_phrase(s.roles))
                for s in workflow.steps_from(state)
            ],
        )
        for state in workflow.states
    ]


def mermaid_source(agreement_type: str, is_binding: bool | None = None) -> str:
    """The Mermaid state diagram of the track followed (the same as ``agreements workflows diagram``)."""
    return mermaid(agreement_type, is_binding)

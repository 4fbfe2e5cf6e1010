"""The words people read for an agreement's states, steps and dates, binding or not.

A binding agreement has Parties; it enters into force, is in force and is terminated. A non-binding
instrument has Participants; it comes into effect, is in effect and is discontinued (U.S. Department
of State, Treaty Affairs: *Guidance on Non-Binding Documents*; 22 CFR 181.2(a)(1)). Only the words
differ: the states (``in_force``, ``termination_pending``, ``terminated``) and the triggers
(``enter_into_force``, ``give_notice``, ``terminate``) are the same for both.

Every function takes ``is_binding``: True or False for one agreement, None for a mixed set (a list's
filter, a heading over both kinds), whose words are true of both.

Pure: plain strings, no database, no Flask; the pages, the services and the guards share them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# The same keys in each: a template reads ``words(agreement.is_binding).in_force_since``.
_BINDING = {
    "in_force": "In force",
    "in_force_since": "In force since",
    "in_force_on": "In force on",
    "not_in_force": "Not in force",
    "entered": "Entered into force",
    "entered_on": "Entered into force on",
    "entry_into_force": "entry into force",
    "date_of_entry_into_force": "Date of entry into force",
    "notice_of_termination": "Notice of termination",
    "termination": "termination",
    "termination_takes_effect_on": "Termination takes effect on",
    "terminated": "terminated",
    "terminated_on": "Terminated on",
    "parties": "Parties",
}
_NON_BINDING = {
    "in_force": "In effect",
    "in_force_since": "In effect since",
    "in_force_on": "In effect on",
    "not_in_force": "Not in effect",
    "entered": "Came into effect",
    "entered_on": "Came into effect on",
    "entry_into_force": "coming into effect",
    "date_of_entry_into_force": "Date of coming into effect",
    "notice_of_termination": "Notice of discontinuation",
    "termination": "discontinuation",
    "termination_takes_effect_on": "Discontinuation takes effect on",
    "terminated": "discontinued",
    "terminated_on": "Discontinued on",
    "parties": "Participants",
}
_EITHER = {
    "in_force": "In force or in effect",
    "in_force_since": "In force or in effect since",
    "in_force_on": "In force or in effect on",
    "not_in_force": "Neither in force nor in effect",
    "entered": "Entered into force or came into effect",
    "entered_on": "Entered into force or came into effect on",
    "entry_into_force": "entry into force or coming into effect",
    "date_of_entry_into_force": "Date of entry into force or coming into effect",
    "notice_of_termination": "Notice of termination or discontinuation",
    "termination": "termination or discontinuation",
    "termination_takes_effect_on": "Termination or discontinuation takes effect on",
    "terminated": "terminated or discontinued",
    "terminated_on": "Terminated or discontinued on",
    "parties": "Parties or Participants",
}
BINDING_WORDS: Mapping[str, str] = MappingProxyType(_BINDING)
NON_BINDING_WORDS: Mapping[str, str] = MappingProxyType(_NON_BINDING)
EITHER_WORDS: Mapping[str, str] = MappingProxyType(_EITHER)

# States whose name differs; any other state reads the same for both ("Legal review", "Expired").
_NON_BINDING_STATES = {
    "in_force": "In effect",
    "termination_pending": "Discontinuation pending",
    "terminated": "Discontinued",
}
_EITHER_STATES = {
    "in_force": "In force or in effect",
    "termination_pending": "Termination or discontinuation pending",
    "terminated": "Terminated or discontinued",
}
# Steps whose label differs for a non-binding instrument (the binding track has its own steps besides).
_NON_BINDING_STEPS = {
    "give_notice": "Give notice of discontinuation",
    "terminate": "Discontinue",
}


def words(is_binding: bool | None = True) -> Mapping[str, str]:
    """The phrases of a binding agreement, of a non-binding instrument, or (None) true of both."""
    if is_binding is None:
        return EITHER_WORDS
    return BINDING_WORDS if is_binding else NON_BINDING_WORDS


def state_name(state: str | None, is_binding: bool | None = True) -> str:
    """legal_review → Legal review; in_force → In force, In effect, or (None) In force or in effect."""
    state = state or ""
    if is_binding is None:
        named = _EITHER_STATES.get(state)
    else:
        named = None if is_binding else _NON_BINDING_STATES.get(state)
    return named or state.replace("_", " ").capitalize()


# States that read as what the agreement is, not where it is: "is now signed", "is now awaiting signature".
_AS_IT_IS = frozenset({"signed", "expired", "withdrawn", "terminated", "awaiting_signature"})


def state_phrase(state: str | None, is_binding: bool | None = True) -> str:
    """The state after "is now": "in legal review", "in force", "in effect", "signed", "awaiting signature",
    "pending termination" (never "in in force" nor "in signed")."""
    name = state_name(state, is_binding).lower()
    if state == "termination_pending":
        return "pending " + name.removesuffix(" pending")
    if state in _AS_IT_IS or name.startswith("in "):
        return name
    return f"in {name}"


def step_label(step, is_binding: bool | None = True) -> str:
    """A step's label for its button and the timeline; ``step`` is a Step or a trigger.

    give_notice → Give notice, or Give notice of discontinuation for a non-binding instrument.
    """
    trigger = step if isinstance(step, str) else step.trigger
    if is_binding is not None and not is_binding and trigger in _NON_BINDING_STEPS:
        return _NON_BINDING_STEPS[trigger]
    return trigger.replace("_", " ").capitalize() if isinstance(step, str) else step.title


# Steps that leave the agreement where it was, and what they did to it ("is renewed: it stays in effect").
_DONE_IN_PLACE = {"renew": "renewed"}


def moved_sentence(reference: str, trigger: str, from_state: str, to_state: str, is_binding: bool = True) -> str:
    """What the page says once a step is taken: "MOU-2026-001 is now in legal review."; after a step that leaves
    it where it was, what the step did: "MOU-2026-001 is renewed: it stays in effect." """
    where = state_phrase(to_state, is_binding)
    if to_state != from_state:
        return f"{reference} is now {where}."
    done = _DONE_IN_PLACE.get(trigger)
    if done is None:
        return f"{step_label(trigger, is_binding)} done: {reference} stays {where}."
    return f"{reference} is {done}: it stays {where}."


def refused_sentence(trigger: str, state: str, is_binding: bool | None = True) -> str:
    """Why a step cannot be taken from the agreement's state: "Sign cannot be taken now: the agreement is in
    drafting." """
    return f"{step_label(trigger, is_binding)} cannot be taken now: the agreement is {state_phrase(state, is_binding)}."

"""What the pages say of a step, taken or refused, for every step of every table, binding and non-binding:
each sentence reads right ("is now in force", never "is now in in force" nor "it is in in_force")."""

from __future__ import annotations

import re

import pytest

from agreements.workflows import TRACKS
from agreements.workflows.words import moved_sentence, refused_sentence, state_name

REFERENCE = "MOU-2026-001"
# Every step of every table, from each state it leaves: (table, binding?, trigger, from, to).
TAKEN = [
    (key, binding, step.trigger, source, step.dest)
    for (key, binding), workflow in sorted(TRACKS.items())
    for step in workflow.steps
    for source in step.source
]
# Every trigger of every table, from each state of that table it cannot be taken from.
REFUSED = sorted(
    {
        (key, binding, trigger, state)
        for (key, binding), workflow in TRACKS.items()
        for trigger in workflow.triggers
        for state in workflow.states
        if workflow.step(trigger, state) is None
    }
)
# The other track's words: a binding agreement is never "in effect", a non-binding instrument never "in force".
FOREIGN = {
    True: re.compile(r"effect|discontinu|participant", re.I),
    False: re.compile(r"force|terminat|part(y|ies)", re.I),
}


def _slips(sentence: str, is_binding: bool) -> list[str]:
    """What reads wrong in a sentence the page shows."""
    slips = []
    if doubled := re.search(r"\b(\w+) \1\b", sentence, re.I):
        slips.append(f"doubled {doubled.group(1)!r}")
    if before := re.search(r"\b(?:is|now) in (in|on|at|into|under|pending|awaiting|\w+ed)\b", sentence):
        slips.append(f"“in” before {before.group(1)!r}")
    if re.search(r"[a-z]_[a-z]", sentence):
        slips.append("a state or a trigger by its key")
    if foreign := FOREIGN[is_binding].search(sentence):
        slips.append(f"the other track's word {foreign.group(0)!r}")
    if not sentence.endswith(".") or sentence.endswith("..") or "  " in sentence or not sentence[0].isupper():
        slips.append("not one sentence")
    return slips


@pytest.mark.parametrize(("key", "binding", "trigger", "source", "dest"), TAKEN)
def test_the_message_of_every_step_taken_reads_right(key, binding, trigger, source, dest):
    sentence = moved_sentence(REFERENCE, trigger, source, dest, binding)
    assert _slips(sentence, binding) == [], sentence
    assert sentence.startswith(REFERENCE)
    assert state_name(dest, binding).lower().removesuffix(" pending") in sentence.lower()
    if dest == source:  # nothing moved: the message says what the step did, not that it is "now" where it was
        assert "is now" not in sentence and "stays" in sentence


@pytest.mark.parametrize(("key", "binding", "trigger", "state"), REFUSED)
def test_the_message_of_every_step_refused_names_the_state_in_words(key, binding, trigger, state):
    sentence = refused_sentence(trigger, state, binding)
    assert _slips(sentence, binding) == [], sentence
    assert state_name(state, binding).lower().removesuffix(" pending") in sentence.lower()


def test_the_messages_read_as_people_say_them():
    assert moved_sentence(REFERENCE, "submit_for_review", "drafting", "legal_review") == (
        "MOU-2026-001 is now in legal review."
    )
    assert moved_sentence(REFERENCE, "enter_into_force", "signed", "in_force") == "MOU-2026-001 is now in force."
    assert (
        moved_sentence(REFERENCE, "sign", "awaiting_signature", "in_force", False) == "MOU-2026-001 is now in effect."
    )
    assert moved_sentence(REFERENCE, "give_notice", "in_force", "termination_pending", False) == (
        "MOU-2026-001 is now pending discontinuation."
    )
    assert moved_sentence(REFERENCE, "renew", "in_force", "in_force", False) == (
        "MOU-2026-001 is renewed: it stays in effect."
    )
    assert refused_sentence("sign", "drafting") == "Sign cannot be taken now: the agreement is in drafting."
    assert refused_sentence("terminate", "in_force", False) == (
        "Discontinue cannot be taken now: the agreement is in effect."
    )

"""Who acts next — one rule, read off the workflow tables, for the dashboard's aging list, the mail after each
step and the digest: the roles of the steps leading on (or back, where none leads on); never a withdrawal, never
the system; nobody once the agreement is in force or ended."""

from __future__ import annotations

import pytest

from agreements.workflows import STATES, TRACKS, next_roles, next_steps


@pytest.mark.parametrize(
    "kind, is_binding, state, roles",
    [
        ("mou", False, "drafting", ("program_manager", "attache")),
        ("mou", False, "legal_review", ("legal_advisor",)),  # clears or returns it; withdrawing is no next step
        ("mou", False, "negotiation", ("program_manager", "attache")),
        ("mou", False, "final_review", ("legal_advisor",)),  # not back to negotiation
        ("mou", False, "awaiting_signature", ("program_manager",)),  # signs; reopening goes back
        ("mou", True, "clearance", ("program_manager",)),
        ("cmaa", True, "signed", ("program_manager",)),  # records the entry into force
        ("mou", False, "in_force", ()),  # in effect: nobody must act (notice is a choice; renewal the system's)
        ("cmaa", True, "in_force", ()),
        ("mou", False, "termination_pending", ("program_manager",)),  # records the discontinuation when it comes
        ("mou", False, "expired", ()),
        ("mou", False, "withdrawn", ()),
        ("loi", False, "legal_review", ("legal_advisor",)),
    ],
)
def test_who_acts_next_is_whom_the_workflow_names_for_the_steps_onward(kind, is_binding, state, roles):
    assert next_roles(kind, is_binding, state) == roles


@pytest.mark.parametrize("track", sorted(TRACKS), ids=lambda t: f"{t[0]}-{'binding' if t[1] else 'non-binding'}")
def test_every_state_before_force_waits_for_someone(track):
    """An agreement not yet in force always waits for a person: none is stuck with nobody to move it."""
    kind, is_binding = track
    states = {s for step in TRACKS[track].steps for s in step.source}
    for state in states:
        if STATES.index(state) < STATES.index("in_force"):
            assert next_roles(kind, is_binding, state), state
            assert all(step.dest != "withdrawn" for step in next_steps(kind, is_binding, state))

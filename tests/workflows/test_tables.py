"""Every workflow table is sound, matches SPEC §3, and is run by one machine built exactly from it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from agreements.workflows import (
    EDITABLE_STATES,
    FINAL_STATES,
    ROLES,
    STATES,
    SYSTEM,
    WORKFLOWS,
    machine_for,
    workflow_for,
)

KEYS = sorted(WORKFLOWS)
LA, PM, AT = "legal_advisor", "program_manager", "attache"
BEFORE_SIGNATURE = ("drafting", "legal_review", "clearance", "negotiation", "final_review", "awaiting_signature")

# SPEC §3, written out by hand: (trigger, from, to, who) for each type.
NON_BINDING = {
    ("submit_for_review", ("drafting",), "legal_review", (PM, AT)),
    ("return_for_revision", ("legal_review",), "drafting", (LA,)),
    ("clear_for_negotiation", ("legal_review",), "negotiation", (LA,)),
    ("agree_text", ("negotiation",), "final_review", (PM, AT)),
    ("reopen_negotiation", ("final_review", "awaiting_signature"), "negotiation", (LA, PM)),
    ("clear_for_signature", ("final_review",), "awaiting_signature", (LA,)),
    ("sign", ("awaiting_signature",), "in_force", (PM,)),
    ("expire", ("in_force",), "expired", (SYSTEM,)),
    ("renew", ("in_force",), "in_force", (SYSTEM,)),
    ("give_notice", ("in_force",), "termination_pending", (PM,)),
    ("terminate", ("termination_pending",), "terminated", (PM, SYSTEM)),
    ("withdraw", ("drafting", "legal_review", "negotiation", "final_review", "awaiting_signature"), "withdrawn", (PM,)),
}
LETTER_OF_INTENT = {
    ("submit_for_review", ("drafting",), "legal_review", (PM, AT)),
    ("return_for_revision", ("legal_review",), "drafting", (LA,)),
    ("clear_for_signature", ("legal_review",), "awaiting_signature", (LA,)),
    ("sign", ("awaiting_signature",), "in_force", (PM,)),
    ("expire", ("in_force",), "expired", (SYSTEM,)),
    ("renew", ("in_force",), "in_force", (SYSTEM,)),
    ("give_notice", ("in_force",), "termination_pending", (PM,)),
    ("terminate", ("termination_pending",), "terminated", (PM, SYSTEM)),
    ("withdraw", ("drafting", "legal_review", "awaiting_signature"), "withdrawn", (PM,)),
}
CUSTOMS = {
    ("submit_for_review", ("drafting",), "legal_review", (PM, AT)),
    ("return_for_revision", ("legal_review",), "drafting", (LA,)),
    ("request_authority", ("legal_review",), "clearance", (LA,)),
    ("grant_negotiation_authority", ("clearance",), "negotiation", (PM,)),
    ("agree_text", ("negotiation",), "final_review", (PM, AT)),
    ("reopen_negotiation", ("final_review", "awaiting_signature"), "negotiation", (LA, PM)),
    ("clear_for_signature", ("final_review",), "awaiting_signature", (LA,)),
    ("sign", ("awaiting_signature",), "signed", (PM,)),
    ("enter_into_force", ("signed",), "in_force", (PM,)),
    ("expire", ("in_force",), "expired", (SYSTEM,)),
    ("renew", ("in_force",), "in_force", (SYSTEM,)),
    ("give_notice", ("in_force",), "termination_pending", (PM,)),
    ("terminate", ("termination_pending",), "terminated", (PM, SYSTEM)),
    ("withdraw", BEFORE_SIGNATURE, "withdrawn", (PM,)),
    ("abandon", ("signed",), "withdrawn", (PM,)),
}
SPEC = {"mou": NON_BINDING, "moc": NON_BINDING, "loi": LETTER_OF_INTENT, "cmaa": CUSTOMS}

# Verbs a trigger may start with; a new trigger must be an imperative a reviewer adds here on purpose.
VERBS = {
    "abandon",
    "agree",
    "clear",
    "enter",
    "expire",
    "give",
    "grant",
    "renew",
    "reopen",
    "request",
    "return",
    "sign",
    "submit",
    "terminate",
    "withdraw",
}


def _reachable(key: str) -> set[str]:
    wf = workflow_for(key)
    seen, todo = {wf.initial}, [wf.initial]
    while todo:
        for step in wf.steps_from(todo.pop()):
            if step.dest not in seen:
                seen.add(step.dest)
                todo.append(step.dest)
    return seen


def test_every_type_of_the_spec_has_a_workflow():
    assert set(WORKFLOWS) == {"mou", "moc", "loi", "cmaa"}
    assert [k for k, wf in WORKFLOWS.items() if wf.is_binding] == ["cmaa"]


@pytest.mark.parametrize("key", KEYS)
def test_table_is_the_spec(key):
    rows = {(s.trigger, tuple(sorted(s.source)), s.dest, tuple(sorted(s.roles))) for s in workflow_for(key).steps}
    expected = {(t, tuple(sorted(src)), dest, tuple(sorted(who))) for t, src, dest, who in SPEC[key]}
    assert rows == expected


@pytest.mark.parametrize("key", KEYS)
def test_every_state_is_reachable_from_the_initial_state(key):
    wf = workflow_for(key)
    assert wf.initial == "drafting"
    assert _reachable(key) == set(wf.states)


@pytest.mark.parametrize("key", KEYS)
def test_final_states_have_no_exits(key):
    wf = workflow_for(key)
    assert FINAL_STATES == {"terminated", "expired", "withdrawn"}
    assert FINAL_STATES <= set(wf.states)
    exits = {(s.trigger, src) for s in wf.steps for src in s.source if src in FINAL_STATES}
    assert exits == set()


@pytest.mark.parametrize("key", KEYS)
def test_every_state_but_the_final_ones_has_a_way_out(key):
    wf = workflow_for(key)
    stuck = [s for s in wf.states if s not in FINAL_STATES and not wf.steps_from(s)]
    assert stuck == []


@pytest.mark.parametrize("key", KEYS)
def test_every_step_names_known_roles(key):
    for step in workflow_for(key).steps:
        assert step.roles, f"{step.trigger} names nobody"
        assert set(step.roles) <= set(ROLES) | {SYSTEM}, step.trigger
        assert "admin" not in step.roles, f"administrators manage users, they do not {step.trigger}"


@pytest.mark.parametrize("key", KEYS)
def test_no_trigger_leaves_a_state_twice(key):
    pairs = Counter((src, s.trigger) for s in workflow_for(key).steps for src in s.source)
    assert [pair for pair, n in pairs.items() if n > 1] == []


@pytest.mark.parametrize("key", KEYS)
def test_every_state_is_in_the_common_vocabulary(key):
    wf = workflow_for(key)
    assert set(wf.states) <= set(STATES)
    for step in wf.steps:
        assert set(step.source) | {step.dest} <= set(STATES)


@pytest.mark.parametrize("key", KEYS)
def test_triggers_are_imperative_verb_phrases(key):
    for trigger in workflow_for(key).triggers:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", trigger), trigger
        verb = trigger.split("_")[0]
        assert verb in VERBS, f"{trigger} does not start with an imperative verb"
        assert not verb.endswith(("ed", "ing")), trigger


def test_text_is_editable_only_while_drafting_and_negotiating():
    assert EDITABLE_STATES == {"drafting", "negotiation"}


def test_customs_agreement_passes_clearance_and_signature_before_force():
    wf = workflow_for("cmaa")
    assert {"clearance", "signed"} <= set(wf.states)
    assert wf.step("request_authority", "legal_review").dest == "clearance"
    assert wf.step("sign", "awaiting_signature").dest == "signed"
    assert wf.step("enter_into_force", "signed").dest == "in_force"
    assert wf.step("clear_for_negotiation", "legal_review") is None


def test_letter_of_intent_has_no_negotiation():
    wf = workflow_for("loi")
    assert "negotiation" not in wf.states
    assert "final_review" not in wf.states
    assert not {"clear_for_negotiation", "agree_text", "reopen_negotiation"} & set(wf.triggers)
    assert wf.step("clear_for_signature", "legal_review").dest == "awaiting_signature"


@pytest.mark.parametrize("key", ["mou", "moc", "loi"])
def test_non_binding_types_have_no_clearance_and_take_effect_on_signature(key):
    wf = workflow_for(key)
    assert not wf.is_binding
    assert "clearance" not in wf.states and "signed" not in wf.states
    assert wf.step("sign", "awaiting_signature").dest == "in_force"


@pytest.mark.parametrize("key", KEYS)
def test_the_machine_has_exactly_the_table_s_transitions(key):
    machine = machine_for(key)
    built = {
        (trigger, source, t.dest)
        for trigger, event in machine.events.items()
        for source, transitions in event.transitions.items()
        for t in transitions
    }
    table = {(s.trigger, src, s.dest) for s in workflow_for(key).steps for src in s.source}
    assert built == table
    assert set(machine.states) == set(workflow_for(key).states)
    assert machine.auto_transitions is False
    assert not [name for name in machine.events if name.startswith("to_")]
    assert machine.initial == "drafting"


@pytest.mark.parametrize("key", KEYS)
def test_final_states_are_marked_final_in_the_machine(key):
    machine = machine_for(key)
    assert {name for name, state in machine.states.items() if state.final} == FINAL_STATES


@pytest.mark.parametrize("key", KEYS)
def test_machines_are_built_once(key):
    assert machine_for(key) is machine_for(key)
    assert machine_for(key).models == []


def test_each_type_has_its_own_machine():
    machines = [machine_for(k) for k in KEYS]
    assert len({id(m) for m in machines}) == len(KEYS)

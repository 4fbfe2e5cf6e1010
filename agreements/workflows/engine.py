"""The engine: one ``transitions`` machine per workflow, built once and shared by every agreement row."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from transitions import Machine

from . import cmaa, loi, moc, mou
from .guards import Context
from .spec import FINAL_STATES, Step, Workflow

WORKFLOWS: dict[str, Workflow] = {w.key: w for w in (mou.WORKFLOW, moc.WORKFLOW, loi.WORKFLOW, cmaa.WORKFLOW)}


class UnknownType(KeyError):
    """No workflow has this key."""


def workflow_for(key: str) -> Workflow:
    """The workflow of an agreement type."""
    try:
        return WORKFLOWS[key]
    except KeyError:
        raise UnknownType(key) from None


@dataclass
class _Row:
    """Adapter the machine fires on: its ``state`` reads and writes the agreement row's column."""

    ctx: Context
    reasons: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.ctx.agreement.state

    @state.setter
    def state(self, value: str) -> None:
        self.ctx.agreement.state = value


def _check_guards(step: Step):
    def condition(event) -> bool:
        row: _Row = event.model
        row.reasons = [r for r in (guard(row.ctx) for guard in step.guards) if r]
        return not row.reasons

    return condition


def _apply_effects(step: Step):
    def after(event) -> None:
        for effect in step.effects:
            effect(event.model.ctx)

    return after


@cache
def machine_for(key: str) -> Machine:
    """The one machine of a workflow; rows are never machines (STYLE habit 2)."""
    wf = workflow_for(key)
    machine = Machine(
        model=None,
        states=[{"name": s, "final": s in FINAL_STATES} for s in wf.states],
        initial=wf.initial,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
    )
    for step in wf.steps:
        machine.add_transition(
            step.trigger,
            list(step.source),
            step.dest,
            conditions=[_check_guards(step)],
            after=[_apply_effects(step)],
        )
    return machine


@dataclass
class Outcome:
    """What firing a step did: whether it moved, and the reasons if a guard held it back."""

    moved: bool
    reasons: list[str]


def fire(ctx: Context, trigger: str) -> Outcome:
    """Fire ``trigger`` on the agreement in ``ctx`` through its workflow's machine.

    The caller has checked that the step exists from the current state and that the person may
    fire it; this runs the guards, changes the state and applies the step's effects.
    """
    machine = machine_for(ctx.agreement.type)
    row = _Row(ctx)
    moved = machine.events[trigger].trigger(row)
    return Outcome(bool(moved), row.reasons)


def preview(ctx: Context, step: Step) -> list[str]:
    """Reasons the step's guards would give now, leaving out those that wait for the person's input."""
    return [r for r in (g(ctx) for g in step.guards if not g.needs) if r]


def mermaid(key: str) -> str:
    """A Mermaid state diagram of a workflow."""
    wf = workflow_for(key)
    lines = ["stateDiagram-v2", f"    [*] --> {wf.initial}"]
    for step in wf.steps:
        for source in step.source:
            lines.append(f"    {source} --> {step.dest}: {step.trigger}")
    for state in wf.states:
        if state in FINAL_STATES:
            lines.append(f"    {state} --> [*]")
    return "\n".join(lines) + "\n"

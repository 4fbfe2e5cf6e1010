"""The engine: one ``transitions`` machine per workflow, built once and shared by every agreement row."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from transitions import Machine

from . import binding, cmaa, loi, moc, mou
from .guards import Context
from .spec import FINAL_STATES, RESTING_STATES, ROLES, STATES, SYSTEM, Step, Workflow

# Each type's own table: what an agreement of that type follows as its type's determination has it.
WORKFLOWS: dict[str, Workflow] = {w.key: w for w in (mou.WORKFLOW, moc.WORKFLOW, loi.WORKFLOW, cmaa.WORKFLOW)}


def _binding_track(workflow: Workflow) -> Workflow:
    """A non-binding type ruled binding follows the binding track, under its own type's name."""
    return replace(
        workflow,
        is_binding=True,
        steps=binding.STEPS,
        states=(),
        description=f"{workflow.name} determined binding: the binding track, under the State Department's "
        "authority to negotiate and to conclude; enters into force after signature.",
    )


# (type, binding?) → the table followed. A type binding by nature (CMAA) has no non-binding track.
TRACKS: dict[tuple[str, bool], Workflow] = {
    **{(w.key, w.is_binding): w for w in WORKFLOWS.values()},
    **{(w.key, True): _binding_track(w) for w in WORKFLOWS.values() if not w.is_binding},
}


class UnknownType(KeyError):
    """No workflow has this key."""


def workflow_for(key: str) -> Workflow:
    """The workflow of an agreement type, as its type's default determination has it."""
    try:
        return WORKFLOWS[key]
    except KeyError:
        raise UnknownType(key) from None


def track_for(key: str, is_binding: bool | None = None) -> Workflow:
    """The table an agreement of type ``key`` follows under its determination (binding or not)."""
    default = workflow_for(key)
    wanted = default.is_binding if is_binding is None else bool(is_binding)
    try:
        return TRACKS[(key, wanted)]
    except KeyError:
        raise UnknownType(f"{key} ({'binding' if wanted else 'non-binding'})") from None


@cache
def next_steps(key: str, is_binding: bool, state: str) -> tuple[Step, ...]:
    """The steps someone must take to move an agreement on from ``state``: those leading on (later in STATES),
    or where none does, those leading back (returned for revision, negotiation reopened). Withdrawal (a way out,
    not a next step) and the steps only the system takes are none; an agreement resting in force or ended waits
    for nobody. The one rule of "who acts next" for the dashboard, the aging list and the mail."""
    if state in FINAL_STATES or state in RESTING_STATES:
        return ()
    try:
        steps = [
            s for s in track_for(key, is_binding).steps_from(state) if s.dest != "withdrawn" and s.roles != (SYSTEM,)
        ]
    except UnknownType:
        return ()
    here = STATES.index(state)
    return tuple([s for s in steps if STATES.index(s.dest) > here] or steps)


def next_roles(key: str, is_binding: bool, state: str) -> tuple[str, ...]:
    """Who must act next: the roles next_steps names (never the system), in role order."""
    named = {role for step in next_steps(key, is_binding, state) for role in step.roles if role != SYSTEM}
    return tuple(role for role in ROLES if role in named)


def can_be_ruled(key: str, is_binding: bool) -> bool:
    """Whether an agreement of this type may be determined binding (or not): a CMAA is always binding."""
    return (key, bool(is_binding)) in TRACKS


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
def machine_for(key: str, is_binding: bool | None = None) -> Machine:
    """The one machine of each track; rows are never machines (STYLE habit 2)."""
    wf = track_for(key, is_binding)
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
    machine = machine_for(ctx.agreement.type, ctx.agreement.is_binding)
    row = _Row(ctx)
    moved = machine.events[trigger].trigger(row)
    return Outcome(bool(moved), row.reasons)


def preview(ctx: Context, step: Step) -> list[str]:
    """Reasons the step's guards would give now, leaving out those that wait for the person's input."""
    return [r for r in (g(ctx) for g in step.guards if not g.needs) if r]


def mermaid(key: str, is_binding: bool | None = None) -> str:
    """A Mermaid state diagram of a track."""
    wf = track_for(key, is_binding)
    lines = ["stateDiagram-v2", f"    [*] --> {wf.initial}"]
    for step in wf.steps:
        for source in step.source:
            lines.append(f"    {source} --> {step.dest}: {step.trigger}")
    for state in wf.states:
        if state in FINAL_STATES:
            lines.append(f"    {state} --> [*]")
    return "\n".join(lines) + "\n"

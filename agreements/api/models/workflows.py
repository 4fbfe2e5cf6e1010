"""The workflows as data (agreement types, their states and transitions), a transition asked for, the audit
trail, and what a problem type means."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, WithJsonSchema

from ...models import Event as EventRow
from ...workflows import FINAL_STATES, WORKFLOWS, Workflow
from .base import DATE, Body, Moment, Out, _tidy

TRIGGERS = sorted({t for w in WORKFLOWS.values() for t in w.triggers})


def _on(step: str) -> dict[str, Any]:
    """A date ``data`` carries for a trigger."""
    return {**DATE, "description": step}


def _text(step: str, **more: Any) -> dict[str, Any]:
    """A text ``data`` carries for a trigger."""
    return {"type": "string", **more, "description": step}


DATA = {
    "type": "object",
    "description": "Facts the trigger records (see each type's `needs`).",
    "properties": {
        "legal_authority": _text("request_authority"),
        "reference": _text("grant_negotiation_authority"),
        "granted_by": _text("grant_negotiation_authority"),
        "granted_by_title": _text("grant_negotiation_authority: the granting official's title", maxLength=200),
        "granted_on": _on("grant_negotiation_authority"),
        "in_force_on": _on("enter_into_force"),
        "our_note_on": _on("enter_into_force by notification: our note"),
        "our_note_reference": _text("enter_into_force: our note"),
        "their_note_on": _on("enter_into_force by notification: their note"),
        "their_note_reference": _text("enter_into_force: their note"),
        "notice_on": _on("give_notice"),
        "effective_on": _on("give_notice"),
    },
}


class TransitionRequest(Body):
    """The trigger, and the comment and data it needs (the services check the data's fields)."""

    trigger: Annotated[str, WithJsonSchema({"type": "string", "enum": TRIGGERS})]
    comment: Annotated[str, WithJsonSchema({"type": "string", "maxLength": 5000})] = None
    expected_lock_version: int = Field(
        None, description="The lock_version you loaded; 409 if the agreement changed since."
    )
    data: Annotated[dict[str, Any], WithJsonSchema(DATA)] = None


class Step(Out):
    """One row of a type's transition table."""

    model_config = ConfigDict(json_schema_extra=_tidy, serialize_by_alias=True)

    trigger: str
    title: str
    from_: list[str] = Field(alias="from")
    to: str
    roles: list[str]
    needs: list[str]
    guards: list[str]


class AgreementType(Out):
    """An agreement type: its states and its transition table."""

    key: str
    name: str
    is_binding: bool
    description: str
    initial: str
    states: list[str]
    final_states: list[str]
    transitions: list[Step]

    @classmethod
    def of(cls, workflow: Workflow) -> AgreementType:
        """The type, from its workflow."""
        return cls(
            key=workflow.key,
            name=workflow.name,
            is_binding=workflow.is_binding,
            description=workflow.description,
            initial=workflow.initial,
            states=list(workflow.states),
            final_states=[s for s in workflow.states if s in FINAL_STATES],
            transitions=[
                Step(
                    trigger=step.trigger,
                    title=step.title,
                    to=step.dest,
                    roles=list(step.roles),
                    needs=list(step.needs),
                    guards=[guard.name for guard in step.guards],
                    **{"from": list(step.source)},
                )
                for step in workflow.steps
            ],
        )


class AgreementTypeList(Out):
    """Every agreement type."""

    items: list[AgreementType]


class Event(Out):
    """One row of the audit trail."""

    model_config = ConfigDict(json_schema_extra=_tidy, serialize_by_alias=True)

    seq: int
    trigger: str
    from_: str | None = Field(alias="from")
    to: str
    actor: str = Field(description="Email of the person, or `system`.")
    at: Moment
    comment: str
    version: int | None
    data: dict[str, Any]
    hash: Annotated[str, WithJsonSchema({"type": "string", "pattern": "^[0-9a-f]{64}$"})]
    prev_hash: str | None

    @classmethod
    def of(cls, event: EventRow) -> Event:
        """The row of the trail as answered."""
        return cls(
            seq=event.seq,
            trigger=event.trigger,
            to=event.to_state,
            actor=event.actor,
            at=event.created_at,
            comment=event.comment,
            version=event.version_number,
            data=event.data or {},
            hash=event.hash,
            prev_hash=event.prev_hash,
            **{"from": event.from_state},
        )


class EventList(Out):
    """The trail, oldest first."""

    items: list[Event]


class ProblemType(Out):
    """What a problem ``type`` means."""

    type: str
    title: str
    status: int
    description: str

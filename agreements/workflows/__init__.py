"""Agreement workflows: one declarative transition table per type, run by one machine each."""

from .engine import (
    TRACKS,
    WORKFLOWS,
    UnknownType,
    can_be_ruled,
    fire,
    machine_for,
    mermaid,
    next_roles,
    next_steps,
    preview,
    track_for,
    workflow_for,
)
from .guards import Context
from .spec import EDITABLE_STATES, FINAL_STATES, ROLE_NAMES, ROLES, STATES, SYSTEM, Step, Workflow, roles_phrase

__all__ = [
    "EDITABLE_STATES",
    "FINAL_STATES",
    "ROLE_NAMES",
    "ROLES",
    "STATES",
    "TRACKS",
    "SYSTEM",
    "WORKFLOWS",
    "Context",
    "Step",
    "UnknownType",
    "Workflow",
    "can_be_ruled",
    "fire",
    "machine_for",
    "mermaid",
    "next_roles",
    "next_steps",
    "preview",
    "roles_phrase",
    "track_for",
    "workflow_for",
]

"""Agreement workflows: one declarative transition table per type, run by one machine each."""

from .engine import WORKFLOWS, UnknownType, fire, machine_for, mermaid, preview, workflow_for
from .guards import Context
from .spec import EDITABLE_STATES, FINAL_STATES, ROLE_NAMES, ROLES, STATES, SYSTEM, Step, Workflow, roles_phrase

__all__ = [
    "EDITABLE_STATES",
    "FINAL_STATES",
    "ROLE_NAMES",
    "ROLES",
    "STATES",
    "SYSTEM",
    "WORKFLOWS",
    "Context",
    "Step",
    "UnknownType",
    "Workflow",
    "fire",
    "machine_for",
    "mermaid",
    "preview",
    "roles_phrase",
    "workflow_for",
]

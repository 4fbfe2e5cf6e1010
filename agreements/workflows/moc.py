"""Memorandum of Cooperation: non-binding, with a negotiation stage; the same table as the MOU."""

from .mou import STEPS
from .spec import Workflow

WORKFLOW = Workflow(
    key="moc",
    name="Memorandum of Cooperation",
    is_binding=False,
    steps=STEPS,
    description="Non-binding; drafted, reviewed by the legal office, negotiated, cleared and signed.",
)

"""Customs Mutual Assistance Agreement: binding always, so it follows the binding track (``binding.py``)."""

from .binding import STEPS
from .spec import Workflow

WORKFLOW = Workflow(
    key="cmaa",
    name="Customs Mutual Assistance Agreement",
    is_binding=True,
    steps=STEPS,
    description=(
        "Binding: needs the State Department's authority to negotiate and to conclude; "
        "enters into force after signature."
    ),
)

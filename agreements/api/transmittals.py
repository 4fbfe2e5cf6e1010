"""API views of the transmittals to the State Department's treaty office (22 CFR 181.7) and of the
publication of the text (181.9)."""

from __future__ import annotations

from ..services import agreements, transmittals
from ..services.deadlines import deadlines_for
from . import bp
from .auth import current_user
from .contract import REPLAYED, Answer, operation
from .edge import writes
from .models.base import dump
from .models.transmittals import Publication, PublicationInput, Transmittal, TransmittalInput, TransmittalList
from .schemas import deadline_json


@bp.get("/agreements/<int:agreement_id>/transmittals")
@operation(
    summary="What was sent to the State Department's treaty office, and where the 15 days stand",
    operation_id="listTransmittals",
    tags=["documents"],
    answers={200: Answer("The transmittals.", TransmittalList)},
    problems=(404,),
)
def list_transmittals(agreement_id: int):
    """What was sent to the treaty office, in the order sent, and where the 15 days stand."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    deadline = next((d for d in deadlines_for(agreement) if d.key == "transmittal"), None)
    listed = TransmittalList(
        items=[Transmittal.of(t) for t in transmittals.list_transmittals(agreement)],
        deadline=deadline_json(deadline) if deadline else None,
        nothing_to_transmit=transmittals.nothing_to_transmit(agreement),
    )
    return dump(listed)


@bp.post("/agreements/<int:agreement_id>/transmittals")
@writes()
@operation(
    summary="Record a transmittal to the treaty office (program managers)",
    operation_id="recordTransmittal",
    tags=["documents"],
    description="The concluded text goes to L/T within 15 days of signature, in every language "
    "signed (22 CFR 181.7(a)(1)); for a binding agreement, the notice of its entry into force "
    "follows. 409 before signature, or for a non-binding instrument that is not reportable (nothing "
    "is transmitted). Each transmittal is an event of the trail.",
    body=TransmittalInput,
    answers={201: Answer("The transmittal recorded.", Transmittal, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def record_transmittal(agreement_id: int, body: TransmittalInput):
    """Record what was sent to the treaty office (program managers)."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    sent = transmittals.record_transmittal(user, agreement, body.given())
    return dump(Transmittal.of(sent)), 201


@bp.post("/agreements/<int:agreement_id>/publication")
@writes()
@operation(
    summary="Record the State Department's publication of the text (program managers)",
    operation_id="recordPublication",
    tags=["documents"],
    description="Publication is the State Department's duty (22 CFR 181.9): this records it once "
    "known. 409 before entry into force, or for a non-binding instrument that is not reportable.",
    body=PublicationInput,
    answers={200: Answer("The publication as recorded.", Publication, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def record_publication(agreement_id: int, body: PublicationInput):
    """Record the State Department's publication of the text (program managers)."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    transmittals.record_publication(user, agreement, body.given())
    return dump(Publication.of(agreement)), 200

"""API views of negotiation rounds: the rounds of an agreement, and recording one (with the counterpart's proposal)."""

from __future__ import annotations

from ..services import agreements, rounds
from . import bp
from .auth import current_user
from .contract import REPLAYED, Answer, operation
from .edge import writes
from .models.base import dump
from .models.rounds import Round, RoundInput, RoundList


@bp.get("/agreements/<int:agreement_id>/rounds")
@operation(
    summary="Negotiation rounds, newest first",
    operation_id="listRounds",
    tags=["text"],
    answers={200: Answer("The rounds.", RoundList)},
    problems=(404,),
)
def list_rounds(agreement_id: int):
    """The negotiation rounds of an agreement, newest first."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return dump(RoundList(items=[Round.of(r) for r in rounds.list_rounds(agreement)]))


@bp.post("/agreements/<int:agreement_id>/rounds")
@writes()
@operation(
    summary="Record a negotiation round, optionally with the counterpart's proposal as a new version",
    operation_id="recordRound",
    tags=["text"],
    body=RoundInput,
    answers={201: Answer("The round recorded.", Round, headers=REPLAYED)},
    problems=(403, 404, 409),
    idempotent=True,
)
def record_round(agreement_id: int, body: RoundInput):
    """Record a round; a ``proposal`` is saved as a new version marked as the counterpart's."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return dump(Round.of(rounds.record_round(user, agreement, body.given()))), 201

"""Customs Mutual Assistance Agreement: binding, under State Department authority (Circular 175)."""

from . import effects as fx
from . import guards as g
from .spec import BEFORE_SIGNATURE, SYSTEM, Step, Workflow

LA, PM, AT = "legal_advisor", "program_manager", "attache"

STEPS = (
    Step("submit_for_review", ("drafting",), "legal_review", (PM, AT), (g.basic_facts, g.has_article)),
    Step("return_for_revision", ("legal_review",), "drafting", (LA,), (g.comment_given,)),
    Step(
        "request_authority",
        ("legal_review",),
        "clearance",
        (LA,),
        (g.no_open_comments, g.legal_authority_named),
    ),
    Step(
        "grant_negotiation_authority",
        ("clearance",),
        "negotiation",
        (PM,),
        (g.negotiation_authority,),
        (fx.record_negotiation_authority,),
    ),
    Step("agree_text", ("negotiation",), "final_review", (PM, AT), (g.complete_in_every_language,)),
    Step(
        "reopen_negotiation",
        ("final_review", "awaiting_signature"),
        "negotiation",
        (LA, PM),
        (g.comment_given,),
        (fx.forget_cleared_text,),
    ),
    Step(
        "clear_for_signature",
        ("final_review",),
        "awaiting_signature",
        (LA,),
        (g.no_open_comments, g.signatories_designated, g.authority_to_conclude),
        (fx.remember_cleared_text,),
    ),
    Step(
        "sign",
        ("awaiting_signature",),
        "signed",
        (PM,),
        (g.signatures_recorded, g.text_is_cleared_text),
        (fx.record_signing,),
        ("issue_signed_document",),
    ),
    Step(
        "enter_into_force",
        ("signed",),
        "in_force",
        (PM,),
        (g.entry_into_force,),
        (fx.record_entry_into_force,),
    ),
    Step("expire", ("in_force",), "expired", (SYSTEM,), (g.expiry_reached,)),
    Step("give_notice", ("in_force",), "termination_pending", (PM,), (g.notice,), (fx.record_notice,)),
    Step(
        "terminate",
        ("termination_pending",),
        "terminated",
        (PM, SYSTEM),
        (g.termination_effective,),
        (fx.record_termination,),
    ),
    Step("withdraw", BEFORE_SIGNATURE, "withdrawn", (PM,), (g.comment_given,)),
)

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

"""Memorandum of Understanding: non-binding, with a negotiation stage (SPEC §3)."""

from . import effects as fx
from . import guards as g
from .spec import BEFORE_SIGNATURE, SYSTEM, Step, Workflow

LA, PM, AT = "legal_advisor", "program_manager", "attache"

STEPS = (
    Step("submit_for_review", ("drafting",), "legal_review", (PM, AT), (g.basic_facts, g.has_article)),
    Step("return_for_revision", ("legal_review",), "drafting", (LA,), (g.comment_given,)),
    Step("clear_for_negotiation", ("legal_review",), "negotiation", (LA,), (g.no_open_comments,)),
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
        (g.no_open_comments, g.languages_conform, g.signatories_designated, g.wording_checked),
        (fx.remember_cleared_text,),
    ),
    Step(
        "sign",
        ("awaiting_signature",),
        "in_force",
        (PM,),
        (g.signatures_recorded, g.signature_dates, g.expiry_after_signature, g.text_is_cleared_text),
        (fx.record_signing, fx.come_into_effect_on_signature),
        ("issue_signed_document",),
    ),
    Step("expire", ("in_force",), "expired", (SYSTEM,), (g.expiry_reached,)),
    # Automatic renewal: at its expiry date, unless notice was given, it runs for another term.
    Step("renew", ("in_force",), "in_force", (SYSTEM,), (g.renewal_due,), (fx.record_renewal,)),
    Step("give_notice", ("in_force",), "termination_pending", (PM,), (g.notice,), (fx.record_notice,)),
    Step(
        "terminate",
        ("termination_pending",),
        "terminated",
        (PM, SYSTEM),
        (g.termination_effective,),
        (fx.record_termination,),
    ),
    Step("withdraw", tuple(s for s in BEFORE_SIGNATURE if s != "clearance"), "withdrawn", (PM,), (g.comment_given,)),
)

WORKFLOW = Workflow(
    key="mou",
    name="Memorandum of Understanding",
    is_binding=False,
    steps=STEPS,
    description="Non-binding; drafted, reviewed by the legal office, negotiated, cleared and signed.",
)

"""The binding track: an international agreement under the State Department's authority (Circular 175).

A Customs Mutual Assistance Agreement follows it always; any other type follows it once the legal
advisor has determined its text binding (22 CFR 181.2, 181.3). Which table an agreement follows is
derived from its type and its determination (``engine.track_for``), never copied onto the row.
"""

from . import effects as fx
from . import guards as g
from .spec import BEFORE_SIGNATURE, SYSTEM, Step

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
        (
            g.no_open_comments,
            g.parties_named,
            g.languages_conform,
            g.signatories_designated,
            g.negotiation_authority_confirmed,
            g.authority_to_conclude,
        ),
        (fx.remember_cleared_text,),
    ),
    Step(
        "sign",
        ("awaiting_signature",),
        "signed",
        (PM,),
        (g.signatures_recorded, g.signature_dates, g.signed_under_authority, g.text_is_cleared_text),
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
    Step("withdraw", BEFORE_SIGNATURE, "withdrawn", (PM,), (g.comment_given,)),
    # Signed, but it will never enter into force (a Party's domestic procedures failed): closed, with the reason.
    Step("abandon", ("signed",), "withdrawn", (PM,), (g.comment_given,)),
)

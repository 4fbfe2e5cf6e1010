"""Effects: the facts a step records on the agreement once its guards passed (no I/O, no session)."""

from __future__ import annotations

from .guards import Context, parse_date
from .spec import reads


@reads("current_version")
def remember_cleared_text(ctx: Context) -> None:
    """Bind the clearance to the exact text: ``sign`` later checks the text did not change."""
    version = ctx.agreement.current_version
    ctx.agreement.cleared_hash = version.sha256 if version else None


def forget_cleared_text(ctx: Context) -> None:
    """Reopening negotiation voids the clearance."""
    ctx.agreement.cleared_hash = None


@reads("signatories")
def record_signing(ctx: Context) -> None:
    """The signing date is the later of the two parties' dates (the day the instrument was complete)."""
    dates = [s.signed_on for s in ctx.agreement.signatories if s.signed_on]
    ctx.agreement.signed_on = max(dates) if dates else ctx.today


@reads("signed_on")
def come_into_effect_on_signature(ctx: Context) -> None:
    """A non-binding instrument comes into effect when signed."""
    ctx.agreement.in_force_on = ctx.agreement.signed_on


def record_entry_into_force(ctx: Context) -> None:
    """The date the binding agreement entered into force, and the two notes when by notification."""
    ctx.agreement.in_force_on = parse_date(ctx.data.get("in_force_on"))
    notes = []
    for party, prefix in (("us", "our_note"), ("counterpart", "their_note")):
        day = parse_date(ctx.data.get(f"{prefix}_on"))
        if day is not None:
            reference = str(ctx.data.get(f"{prefix}_reference") or "").strip()[:200]
            notes.append({"party": party, "reference": reference, "dated_on": day.isoformat()})
    ctx.agreement.diplomatic_notes = notes


@reads("expires_on", "renewal_years")
def record_renewal(ctx: Context) -> None:
    """Renewed for another term: the expiry date moves on by the renewal's years (28 February for a 29th)."""
    day, years = ctx.agreement.expires_on, ctx.agreement.renewal_years
    try:
        ctx.agreement.expires_on = day.replace(year=day.year + years)
    except ValueError:
        ctx.agreement.expires_on = day.replace(year=day.year + years, day=28)


def record_notice(ctx: Context) -> None:
    """Notice of termination given, and when it takes effect."""
    ctx.agreement.notice_on = parse_date(ctx.data.get("notice_on"))
    ctx.agreement.termination_effective_on = parse_date(ctx.data.get("effective_on"))


@reads("termination_effective_on")
def record_termination(ctx: Context) -> None:
    """The day the agreement ended."""
    ctx.agreement.terminated_on = ctx.agreement.termination_effective_on or ctx.today


@reads("current_version", "authorities")
def record_negotiation_authority(ctx: Context) -> None:
    """The State Department's authority to negotiate, bound to the current text; a legal advisor confirms it."""
    from ..models import Authority

    version = ctx.agreement.current_version
    ctx.agreement.authorities.append(
        Authority(
            kind="negotiate",
            reference=str(ctx.data["reference"]).strip(),
            granted_by=str(ctx.data["granted_by"]).strip(),
            granted_by_title=str(ctx.data.get("granted_by_title") or "").strip(),
            granted_on=parse_date(ctx.data["granted_on"]),
            text_hash=version.sha256 if version else None,
            recorded_by=ctx.actor,
        )
    )

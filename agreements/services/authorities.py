"""The records of the Circular 175 process kept beside the authorities: a legal advisor's confirmation of
an authority a program manager recorded, and the certificate that a change of text is not substantive.

A step that needs an authority needs it confirmed (``workflows.guards``). An authority covers the text it
was given for, and each text reached from it by changes certified not substantive (corrections, date and
place filled in; 11 FAM 724); any other change must be cleared again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..auth import policy
from ..db import db, utcnow
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..models import Agreement, Authority, TextCertification, TextVersion, User
from ..workflows.guards import long_date, texts_covered
from ..workflows.words import state_phrase
from .audit import record_event
from .characters import text_problem
from .lengths import too_long

MAX_NOTE = 5000


def covers_current_text(agreement: Agreement, authority: Authority) -> bool:
    """Whether the authority covers the agreement's current text, directly or through certified changes."""
    version = agreement.current_version
    return version is not None and version.sha256 in texts_covered(authority.text_hash, agreement.text_certifications)


def get_authority(agreement: Agreement, authority_id: Any) -> Authority:
    """One authority of the agreement; NotFound for any other id."""
    found = next((a for a in agreement.authorities if isinstance(authority_id, int) and a.id == authority_id), None)
    if found is None:
        raise NotFound(f"No authority {authority_id} on {agreement.reference}.")
    return found


def confirm_authority(user: User, agreement: Agreement, authority_id: Any) -> Authority:
    """A legal advisor confirms an authority as recorded (who granted it, when, for which text): an event."""
    if not policy.can_confirm_authority(user, agreement):
        raise PermissionDenied("Only legal advisors confirm the State Department's authorities.")
    authority = get_authority(agreement, authority_id)
    if authority.confirmed_at is not None:
        by = authority.confirmed_by.display_name if authority.confirmed_by else "a legal advisor"
        raise Conflict(
            f"The authority to {authority.kind} ({authority.reference}) is already confirmed, by {by} "
            f"on {long_date(authority.confirmed_at.date())}."
        )
    authority.confirmed_by, authority.confirmed_at = user, utcnow()
    record_event(
        agreement,
        "confirm_authority",
        agreement.state,
        user,
        data={
            "authority": authority.id,
            "kind": authority.kind,
            "reference": authority.reference,
            "granted_by": authority.granted_by,
            "granted_by_title": authority.granted_by_title,
            "granted_on": authority.granted_on.isoformat(),
        },
    )
    db.session.flush()
    return authority


def _note(note: Any) -> str:
    """The certificate's note, required: what changed and why it is not substantive."""
    if note is not None and not isinstance(note, str):
        raise InvalidInput("note must be text.", {"note": "note must be text."})
    note = (note or "").strip()
    if not note:
        message = "Say in a note what changed and why it is not substantive (a correction, date and place filled in)."
        raise InvalidInput(message, {"note": message})
    label = "“What changed, and why it is not substantive”"
    if message := too_long(label, note, MAX_NOTE) or text_problem(label, note):
        raise InvalidInput(message, {"note": message})
    return note


def _covered(agreement: Agreement) -> set[str]:
    """Every text some authority of the agreement covers, through the changes certified so far."""
    certifications = agreement.text_certifications
    return {h for a in agreement.authorities for h in texts_covered(a.text_hash, certifications)}


def _last_covered_before(agreement: Agreement, covered: set[str]) -> tuple[int, str] | None:
    """The newest earlier version (number, hash) whose text an authority covers, or None."""
    rows = db.session.execute(
        select(TextVersion.number, TextVersion.sha256)
        .where(TextVersion.agreement_id == agreement.id, TextVersion.number < agreement.current_version_number)
        .order_by(TextVersion.number.desc())
    )
    return next(((number, sha) for number, sha in rows if sha in covered), None)


def certify_not_substantive(user: User, agreement: Agreement, note: Any) -> TextCertification:
    """A legal advisor certifies that the current text's change from the last text an authority covers is not
    substantive: the authorities covering that text cover the current one. An event of the trail."""
    if not policy.can_certify_text(user, agreement):
        raise PermissionDenied("Only legal advisors certify that a change of text is not substantive.")
    if not policy.certification_open(agreement):
        raise Conflict(
            "A change is certified not substantive while the text can change or is in final review, before it is "
            f"cleared for signature; this agreement is {state_phrase(agreement.state, agreement.is_binding)}.",
            current_state=agreement.state,
        )
    note = _note(note)
    version = agreement.current_version
    if version is None:
        raise Conflict("There is no text yet: nothing changed to certify.")
    covered = _covered(agreement)
    if version.sha256 in covered:
        raise Conflict(
            f"The authorities already cover the current text (version {version.number}): nothing to certify."
        )
    earlier = _last_covered_before(agreement, covered)
    if earlier is None:
        raise Conflict("No authority covers an earlier version of the text: there is no change from it to certify.")
    from_number, from_hash = earlier
    certification = TextCertification(
        from_hash=from_hash, to_hash=version.sha256, version_number=version.number, note=note, certified_by=user
    )
    agreement.text_certifications.append(certification)
    record_event(
        agreement,
        "certify_not_substantive",
        agreement.state,
        user,
        comment=note,
        data={"from_version": from_number, "from_hash": from_hash, "to_hash": version.sha256},
    )
    db.session.flush()
    return certification

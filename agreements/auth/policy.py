"""Who may see and do what: deny by default, one place for every rule."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true

from ..models import Agreement, OfficeCountry, User
from ..workflows import EDITABLE_STATES, Step
from ..workflows.spec import BEFORE_SIGNATURE

SEES_ALL = frozenset({"legal_advisor", "program_manager", "admin"})
DRAFTERS = frozenset({"program_manager", "attache"})


def covered_countries(user: User) -> list[str]:
    """The countries an attaché's office covers (none without an office)."""
    return user.office.countries if user.office else []


def sees_all(user: User) -> bool:
    """Whether the person sees every agreement (legal advisors, program managers, administrators)."""
    return user.role in SEES_ALL


def visible_clause(user: User) -> ColumnElement[bool]:
    """A WHERE clause keeping only the agreements this person may see."""
    if sees_all(user):
        return true()
    if user.role == "attache" and user.office_id is not None:
        return Agreement.country.in_(
            select(OfficeCountry.country).where(OfficeCountry.office_id == user.office_id).scalar_subquery()
        )
    return false()


def can_view(user: User, agreement: Agreement) -> bool:
    """Whether the person may see this agreement at all."""
    if sees_all(user):
        return True
    return user.role == "attache" and agreement.country in covered_countries(user)


def can_create(user: User, country: str | None) -> bool:
    """Program managers open agreements anywhere; attachés for the countries their office covers."""
    if user.role == "program_manager":
        return True
    return user.role == "attache" and country in covered_countries(user)


def can_edit(user: User, agreement: Agreement) -> bool:
    """Drafters may change facts and text of agreements they can see."""
    return user.role in DRAFTERS and can_view(user, agreement)


def text_editable(agreement: Agreement) -> bool:
    """Text changes only while drafting or negotiating."""
    return agreement.state in EDITABLE_STATES


def may_fire(role: str, step: Step) -> bool:
    """A step is fired only by the roles its table names."""
    return role in step.roles


def can_manage_users(user: User) -> bool:
    """Administrators manage users and offices."""
    return user.role == "admin"


def facts_editable(agreement: Agreement) -> bool:
    """The basic facts can change until the text is cleared for signature."""
    return agreement.state in BEFORE_SIGNATURE and agreement.state != "awaiting_signature"


def signatories_open(agreement: Agreement) -> bool:
    """Signatories and signatures can be recorded until the agreement is signed."""
    return agreement.state in BEFORE_SIGNATURE


def can_set_signatory(user: User, agreement: Agreement) -> bool:
    """Program managers designate signatories and record signatures until the agreement is signed."""
    return user.role == "program_manager" and signatories_open(agreement)


def can_record_authority(user: User, agreement: Agreement) -> bool:
    """Program managers record the State Department's authorities; a legal advisor confirms them."""
    return user.role == "program_manager" and can_view(user, agreement)


def can_confirm_authority(user: User, agreement: Agreement) -> bool:
    """Legal advisors confirm the authorities a program manager recorded."""
    return user.role == "legal_advisor" and can_view(user, agreement)


# A change is certified not substantive while the text can change, or in final review: before the
# clearance for signature binds the text.
CERTIFYING_STATES = EDITABLE_STATES | {"final_review"}


def certification_open(agreement: Agreement) -> bool:
    """Whether a change of text can be certified not substantive now."""
    return agreement.state in CERTIFYING_STATES


def can_certify_text(user: User, agreement: Agreement) -> bool:
    """Legal advisors certify that a change of text is not substantive (while ``certification_open``)."""
    return user.role == "legal_advisor" and can_view(user, agreement)


def conformity_open(agreement: Agreement) -> bool:
    """Whether the conformity of the language versions can be recorded now: until the agreement is signed."""
    return agreement.state in BEFORE_SIGNATURE


def can_record_conformity(user: User, agreement: Agreement) -> bool:
    """Legal advisors record that the texts in each language conform (while ``conformity_open``)."""
    return user.role == "legal_advisor" and can_view(user, agreement)


def is_signed(agreement: Agreement) -> bool:
    """Whether the agreement has been signed (its signed document exists from then on)."""
    return agreement.signed_on is not None and agreement.state not in BEFORE_SIGNATURE


def can_add_scan(user: User, agreement: Agreement) -> bool:
    """Program managers keep the scans of the wet-ink originals, once the agreement is signed."""
    return user.role == "program_manager" and is_signed(agreement)


def can_remove_scan(user: User, agreement: Agreement) -> bool:
    """Whoever may add scans may remove one uploaded by mistake; the signed document stays."""
    return can_add_scan(user, agreement)


def can_edit_contacts(user: User, agreement: Agreement) -> bool:
    """Program managers keep every agreement's points of contact; attachés those of the agreements their office
    is responsible for. In any state: the contacts are not part of the signed text."""
    if user.role == "program_manager":
        return True
    return (
        user.role == "attache"
        and user.office_id is not None
        and agreement.office_id == user.office_id
        and can_view(user, agreement)
    )


def can_determine(user: User, agreement: Agreement) -> bool:
    """Legal advisors record the determination (binding or not), while the text is in legal review."""
    return user.role == "legal_advisor" and agreement.state == "legal_review"


def is_transmitted(agreement: Agreement) -> bool:
    """Binding agreements and qualifying non-binding instruments go to the State Department (22 CFR 181.7)."""
    return bool(agreement.is_binding or agreement.is_reportable)


def can_record_transmittal(user: User, agreement: Agreement) -> bool:
    """Program managers record what was sent to the treaty office, once an agreement that goes there is signed."""
    return user.role == "program_manager" and is_transmitted(agreement) and is_signed(agreement)


def can_record_publication(user: User, agreement: Agreement) -> bool:
    """Program managers record the State Department's publication, once a published agreement is in force."""
    return can_record_transmittal(user, agreement) and agreement.in_force_on is not None


def wording_open(agreement: Agreement) -> bool:
    """A non-binding text's wording findings can be acknowledged until it is cleared for signature."""
    return not agreement.is_binding and agreement.state in BEFORE_SIGNATURE and agreement.state != "awaiting_signature"


def can_acknowledge_wording(user: User, agreement: Agreement) -> bool:
    """Legal advisors acknowledge a finding of the wording check, with a reason, until clearance for signature."""
    return user.role == "legal_advisor" and can_view(user, agreement) and wording_open(agreement)

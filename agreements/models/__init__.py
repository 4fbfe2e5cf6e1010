"""The models, one file per aggregate."""

from .agreement import Agreement, AgreementArea, Counterpart, ReferenceCounter
from .contact import Contact
from .document import SCAN, SIGNED, Document
from .event import Event
from .idempotency import IdempotencyRecord
from .mail import OutboxMail
from .office import Office, OfficeCountry
from .party import Authority, LanguageConformity, LintAcknowledgement, Signatory, TextCertification, Transmittal
from .round import NegotiationRound
from .search import SearchEntry, SearchLanguage
from .text import ReviewComment, TextVersion
from .user import ApiToken, User

__all__ = [
    "Agreement",
    "AgreementArea",
    "ApiToken",
    "Authority",
    "Contact",
    "Counterpart",
    "Document",
    "Event",
    "IdempotencyRecord",
    "LanguageConformity",
    "LintAcknowledgement",
    "NegotiationRound",
    "Office",
    "OutboxMail",
    "OfficeCountry",
    "ReferenceCounter",
    "ReviewComment",
    "SCAN",
    "SearchEntry",
    "SearchLanguage",
    "SIGNED",
    "Signatory",
    "TextCertification",
    "TextVersion",
    "Transmittal",
    "User",
]

"""Domain errors: what went wrong in the product's terms, knowing nothing of HTTP."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    title = "Error"

    def __init__(self, detail: str, **extra) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    """Does not exist, or is not visible to this person (the same answer either way)."""

    title = "Not found"


class PermissionDenied(DomainError):
    """The person's role may not do this."""

    title = "Not allowed"


class Unauthenticated(DomainError):
    """No valid credentials."""

    title = "Not signed in"


class TransitionNotAllowed(DomainError):
    """The step does not exist from the agreement's current state."""

    title = "Transition not allowed"


class Conflict(DomainError):
    """Someone else changed the agreement first."""

    title = "Conflict"


class GuardFailed(DomainError):
    """The step exists, but its conditions are not met; ``reasons`` says which."""

    title = "Conditions not met"

    def __init__(self, detail: str, reasons: list[str], **extra) -> None:
        super().__init__(detail, reasons=reasons, **extra)
        self.reasons = reasons


class RateLimited(DomainError):
    """The person asked for costly work too often in a short time; ``detail`` says when to try again."""

    title = "Too many requests"


class InvalidInput(DomainError):
    """The request's content is wrong; ``errors`` maps fields to messages."""

    title = "Invalid input"

    def __init__(self, detail: str, errors: dict[str, str] | None = None, **extra) -> None:
        super().__init__(detail, errors=errors or {}, **extra)
        self.errors = errors or {}

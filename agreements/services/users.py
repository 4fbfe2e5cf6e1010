"""Offices, users, passwords, sessions and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from sqlalchemy import select

from ..db import db, utcnow
from ..errors import InvalidInput, NotFound
from ..models import ApiToken, Office, OfficeCountry, User
from ..workflows import ROLES
from .characters import NUL, check_fields
from .portfolio import REGIONS, check_region
from .taxonomy import country_problem
from .zones import check_time_zone

_HASHERS: dict[str, PasswordHasher] = {}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
_DUMMY_HASHES: dict[str, str] = {}
MAX_ID = 2**31 - 1  # ids are 32-bit integer columns
# The new-user form's labels, for refusing a character no text may hold (the full name: nor a direction control).
USER_LABELS = {"email": "Email", "name": "Full name", "role": "Role", "office": "Office", "password": "Password"}


def _hasher() -> PasswordHasher:
    """The argon2id hasher; PASSWORD_HASHING=cheapest (tests only) trades strength for speed."""
    profile = current_app.config.get("PASSWORD_HASHING", "default") if has_app_context() else "default"
    if profile not in _HASHERS:
        _HASHERS[profile] = (
            PasswordHasher.from_parameters(profiles.CHEAPEST) if profile == "cheapest" else PasswordHasher()
        )
    return _HASHERS[profile]


def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email costs as long as a wrong password."""
    hasher = _hasher()
    key = repr(hasher.time_cost) + repr(hasher.memory_cost)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash("not a password of anybody")
    return _DUMMY_HASHES[key]


def create_office(
    code: str, name: str, covers: list[str], region: str | None = None, time_zone: str | None = None
) -> Office:
    """An attaché office, the countries it covers, its region (a key of ``portfolio.REGIONS``, "" for none)
    and its time zone (an IANA name, "" for the app's); an existing code is updated (its region and time
    zone kept when None)."""
    code = (code or "").strip().upper()
    countries = sorted({c.strip().upper() for c in covers if c.strip()})
    errors = {}
    if not re.match(r"^[A-Z0-9_-]{2,32}$", code):
        errors["code"] = "The office code is 2 to 32 letters, digits, - or _."
    if not (name or "").strip():
        errors["name"] = "Give the office a name."
    bad = [problem for c in countries if (problem := country_problem(c))]
    if bad or not countries:
        errors["covers"] = " ".join(bad) or "List the countries covered as two-letter codes, e.g. RU or MX,US."
    check_fields({"name": name}, {"name": "The office's name"}, errors, frozenset({"name"}))
    if region is not None and region.strip() not in ("", *REGIONS):
        errors["region"] = f"The region is one of {', '.join(REGIONS)}, or empty for none."
    if time_zone is not None:
        try:
            time_zone = check_time_zone(time_zone)
        except InvalidInput as exc:
            errors["time_zone"] = exc.detail
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    office = db.session.scalar(select(Office).where(Office.code == code))
    if office is None:
        office = Office(code=code, region="")
        db.session.add(office)
    office.name = name.strip()
    office.coverage = [OfficeCountry(country=c) for c in countries]
    if region is not None:
        office.region = region.strip()
    if time_zone is not None:
        office.time_zone = time_zone
    db.session.flush()
    return office


def _office(code: str) -> Office:
    """The office of that code; NotFound naming the code otherwise."""
    office = db.session.scalar(select(Office).where(Office.code == (code or "").strip().upper()))
    if office is None:
        raise NotFound(f"No office has the code {code!r}.")
    return office


def set_office_time_zone(code: str, time_zone: str) -> Office:
    """Set the time zone an office's people read times in (an IANA name; "" or "none" for the app's)."""
    office = _office(code)
    office.time_zone = check_time_zone(time_zone)
    db.session.flush()
    return office


def set_office_region(code: str, region: str) -> Office:
    """Put an office under a region (a key of ``portfolio.REGIONS``; "" or "none" for none)."""
    office = _office(code)
    office.region = check_region(region)
    db.session.flush()
    return office


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher().hash(password)


def _check_password_rules(password: str | None) -> None:
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"The password must have at least {MIN_PASSWORD} characters.",
            {"password": f"At least {MIN_PASSWORD} characters."},
        )


def create_user(
    email: str, role: str, office_code: str | None = None, name: str = "", password: str | None = None
) -> User:
    """A new user; an attaché needs an office."""
    email = (email or "").strip().lower()
    refused: dict[str, str] = {}
    given = {"email": email, "name": name, "role": role, "office": office_code, "password": password}
    check_fields(given, USER_LABELS, refused, frozenset({"name"}))
    errors = {}
    if not _EMAIL.match(email):
        errors["email"] = f"{email!r} is not an email address."
    if role not in ROLES:
        errors["role"] = f"Unknown role {role!r}; choose one of {', '.join(ROLES)}."
    office = None
    if office_code and "office" not in refused:
        office = db.session.scalar(select(Office).where(Office.code == office_code.strip().upper()))
        if office is None:
            errors["office"] = f"No office has the code {office_code!r}."
    elif role == "attache":
        errors["office"] = "An attaché belongs to an office: give --office CODE."
    errors.update(refused)
    if not errors and db.session.scalar(select(User.id).where(User.email == email)):
        errors["email"] = f"A user with the email {email} exists already."
    if errors:
        raise InvalidInput(" ".join(errors.values()), errors)
    _check_password_rules(password)
    user = User(
        email=email,
        role=role,
        office=office,
        name=(name or "").strip(),
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def find_user(email: str) -> User:
    """A user by email."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise NotFound(f"No user has the email {email}.")
    return user


def list_users() -> list[User]:
    """Every user, by email."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with this email and password, or None; same cost for unknown emails."""
    email = (email or "").strip().lower()
    user = None if NUL in email else db.session.scalar(select(User).where(User.email == email))  # no email holds NUL
    stored = user.password_hash if user and user.password_hash else _dummy_hash()
    try:
        _hasher().verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.password_hash or not user.is_active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def user_for_session(session_id: str) -> User | None:
    """The user of a session id ``<id>:<generation>``; None once the generation moved on."""
    try:
        user_id, generation = (int(x) for x in session_id.split(":"))
    except (ValueError, AttributeError):
        return None
    if not 0 < user_id <= MAX_ID:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_generation != generation or not user.is_active:
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session of this user, on every device: copied cookies stop working."""
    user.session_generation = (user.session_generation or 1) + 1
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; ends every session and revokes every API token."""
    try:
        _hasher().verify(user.password_hash or _dummy_hash(), current or "")
    except (VerificationError, InvalidHashError):
        raise InvalidInput("The current password is wrong.", {"current_password": "Wrong password."}) from None
    _replace_password(user, new)


def set_password(user: User, new: str) -> None:
    """Set a password (administrators, the command line); ends the user's sessions and revokes their API tokens."""
    _replace_password(user, new)


def _replace_password(user: User, new: str) -> None:
    """A new password leaves nothing to whoever held the old one: no session, no API token made with it."""
    _check_password_rules(new)
    user.password_hash = hash_password(new)
    end_sessions(user)
    revoke_all_tokens(user)


def set_mail_choices(user: User, *, on_transition: bool, digest: bool) -> None:
    """Which mail the person receives: a note when they act next, the daily digest; flushes."""
    user.mail_on_transition = bool(on_transition)
    user.mail_digest = bool(digest)
    db.session.flush()


def set_enabled(user: User, enabled: bool) -> None:
    """Enable or disable a user; disabling ends sessions and stops tokens at once."""
    user.is_enabled = enabled
    end_sessions(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new API token for the user; only its hash is kept, so it is shown once."""
    token = "agr_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_token_hash(token)))
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    """The enabled user holding this (unrevoked) token, or None."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    return row.user


def revoke_token(token: str) -> bool:
    """Revoke a token at once; False if no such token."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None:
        return False
    row.revoked_at = row.revoked_at or utcnow()
    db.session.flush()
    return True


def revoke_all_tokens(user: User) -> int:
    """Revoke every token of a user; returns how many."""
    rows = list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))))
    for row in rows:
        row.revoked_at = utcnow()
    db.session.flush()
    return len(rows)


def list_offices() -> list[Office]:
    """Every office, by code (for the forms that pick one)."""
    return list(db.session.scalars(select(Office).order_by(Office.code)))


def get_user(user_id: int) -> User:
    """A user by id; NotFound for an unknown or out-of-range id."""
    user = db.session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id <= MAX_ID else None
    if user is None:
        raise NotFound(f"No user {user_id}.")
    return user

"""Time zones: which one a person reads times in, and how a time reads in it.

Every timestamp is stored in UTC. A person reads it in their office's time zone (``Office.time_zone``,
set by an administrator), else in the app's ``TIME_ZONE`` (UTC unless configured); calendar dates
(signed on, in force since) are dates, the same everywhere, and are never converted.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..errors import InvalidInput

UTC = "UTC"
NONE = "none"  # what an administrator types for "no zone of its own"


@cache
def _names() -> frozenset[str]:
    return frozenset(available_timezones()) | {UTC}


def zone_problem(name: str) -> str | None:
    """What is wrong with a time zone name, in words; None when the server knows it."""
    if name not in _names():
        return (
            f"{name!r} is not a time zone this server knows: "
            "give its IANA name, e.g. Europe/Moscow or America/Mexico_City."
        )
    return None


def check_time_zone(name: str | None) -> str:
    """A time zone as stored for an office ("" for none, or "none"); InvalidInput naming the problem otherwise."""
    name = (name or "").strip()
    if name.lower() in ("", NONE):
        return ""
    problem = zone_problem(name)
    if problem:
        raise InvalidInput(f"The time zone {problem}", {"time_zone": problem})
    return name


@cache
def zone(name: str) -> dt.tzinfo:
    """The named zone; UTC for a name the server does not (or no longer) know."""
    if not name or name == UTC:
        return dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def zone_of(user, default: str = UTC) -> str:
    """The time zone a person reads times in: their office's, else ``default`` (the app's)."""
    office = getattr(user, "office", None)
    return (office and office.time_zone) or default or UTC


def offset(value: dt.datetime) -> str:
    """UTC, UTC+3, UTC-6, UTC+5:30: the offset of an aware time from UTC, as people write it."""
    delta = value.utcoffset() or dt.timedelta(0)
    minutes = round(delta.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def place(name: str) -> str:
    """Europe/Moscow → Moscow, America/Mexico_City → Mexico City: the zone as people call it."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def described(name: str, now: dt.datetime | None = None) -> str:
    """How the footer says it: UTC, or Moscow time (UTC+3)."""
    if zone(name) is dt.UTC:
        return UTC
    now = (now or dt.datetime.now(dt.UTC)).astimezone(zone(name))
    return f"{place(name)} time ({offset(now)})"

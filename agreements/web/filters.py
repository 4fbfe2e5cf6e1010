"""How values read on the pages: dates, timestamps, states, roles, countries, languages."""

from __future__ import annotations

import datetime as dt

import pycountry
from flask import current_app, g, request
from flask_login import current_user

from ..auth import policy
from ..services import zones
from ..services.taxonomy import AREAS, RTL_LANGUAGES, language_name
from ..workflows import ROLE_NAMES, WORKFLOWS
from ..workflows.words import state_name, state_phrase, step_label, words
from . import bp


@bp.app_template_filter("long_date")
def long_date(value: dt.date | None) -> str:
    """26 March 2010; an empty string for no date."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


@bp.app_template_filter("fact")
def fact(value) -> str:
    """A recorded fact as people read it: ISO dates as 26 March 2010, anything else as given."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return long_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def _viewer_zone() -> str:
    """The time zone the signed-in person reads times in (their office's, else the app's), once a request."""
    if "time_zone" not in g:
        viewer = current_user if current_user.is_authenticated else None
        g.time_zone = zones.zone_of(viewer, current_app.config.get("TIME_ZONE", zones.UTC))
    return g.time_zone


@bp.app_template_filter("timestamp")
def timestamp(value: dt.datetime | None) -> str:
    """26 March 2010, 14:05 UTC, or 26 March 2010, 17:05 UTC+3 for someone in Moscow: in the viewer's
    time zone, which it names by its offset."""
    if value is None:
        return ""
    local = value.astimezone(zones.zone(_viewer_zone()))
    return f"{long_date(local.date())}, {local:%H:%M} {zones.offset(local)}"


@bp.app_template_global("time_zone_described")
def time_zone_described() -> str:
    """UTC, or Moscow time (UTC+3): what the footer says times are shown in."""
    return zones.described(_viewer_zone())


@bp.app_template_filter("state_label")
def state_label(state: str | None, binding: bool | None = True) -> str:
    """legal_review → Legal review; in_force → In force, or In effect for a non-binding instrument
    (``binding=False``), or In force or in effect over a mixed set (``binding=None``)."""
    return state_name(state, binding)


@bp.app_template_filter("state_phrase")
def state_phrase_filter(state: str | None, binding: bool | None = True) -> str:
    """in_force → in force (in effect), legal_review → in legal review: what follows "is now"."""
    return state_phrase(state, binding)


@bp.app_template_global("words")
def words_for(binding: bool | None = True):
    """The phrases of one agreement (binding or not), or of a mixed set (None): ``w.in_force_since``."""
    return words(binding)


@bp.app_template_global("step_label")
def step_label_for(step, binding: bool | None = True) -> str:
    """give_notice → Give notice, or Give notice of discontinuation for a non-binding instrument."""
    return step_label(step, binding)


@bp.app_template_filter("type_name")
def type_name(key: str) -> str:
    """mou → Memorandum of Understanding."""
    workflow = WORKFLOWS.get(key)
    return workflow.name if workflow else key


@bp.app_template_filter("role_name")
def role_name(role: str) -> str:
    """program_manager → program manager."""
    return ROLE_NAMES.get(role, (role, role))[0]


@bp.app_template_filter("country_name")
def country_name(code: str | None) -> str:
    """RU → Russian Federation; the code itself when it is not an ISO 3166 country."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@bp.app_template_filter("language_name")
def language_label(code: str) -> str:
    """ru → Russian."""
    return language_name(code)


@bp.app_template_filter("text_dir")
def text_dir(code: str) -> str:
    """rtl for Arabic, Persian, Hebrew and Urdu; ltr otherwise."""
    return "rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr"


@bp.app_template_filter("area_label")
def area_label(key: str) -> str:
    """child_exploitation → Child exploitation."""
    return AREAS.get(key, key)


@bp.app_template_filter("reject_empty")
def reject_empty(values: dict) -> dict:
    """The entries with a value (for links that keep the filters in use)."""
    return {k: v for k, v in values.items() if v}


def countries() -> list[tuple[str, str]]:
    """Every ISO 3166 country as (code, name), by name."""
    pairs = [(c.alpha_2, getattr(c, "common_name", None) or c.name) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: pair[1])


@bp.app_context_processor
def page_globals() -> dict:
    """What every page's layout needs: which sections of the navigation this person may use."""
    from flask_login import current_user

    signed_in = bool(getattr(current_user, "is_authenticated", False))
    return {
        "nav": {
            "new_agreement": signed_in and current_user.role in policy.DRAFTERS,
            "users": signed_in and policy.can_manage_users(current_user),
        },
        "current_path": request.path,
    }

"""Guards: pure checks on an agreement before a step, each returning a reason the user reads or None."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import parties, wording
from .conformity import conformity_problem, languages_phrase
from .spec import Guard
from .words import words


@dataclass
class Context:
    """What a guard may look at: the agreement, the person's comment and the facts sent with the step."""

    agreement: Any
    comment: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    actor: Any = None


def parse_date(value: Any) -> dt.date | None:
    """An ISO date from a request value, or None when absent or not a date."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


# No agreement of the office predates the United Nations: a date before 1945 is a typing error.
EARLIEST = dt.date(1945, 1, 1)


def date_problem(day: dt.date, what: str, today: dt.date) -> str | None:
    """Why a date of something that has happened cannot be right, in the user's words; None if it can."""
    if day > today:
        return f"{what} ({long_date(day)}) is in the future: record it on or after the day it happens."
    if day < EARLIEST:
        return f"{what} ({long_date(day)}) is before 1945: check the year."
    return None


def long_date(day: dt.date) -> str:
    """26 March 2010."""
    return f"{day.day} {day:%B %Y}"


def _comment_given(ctx: Context) -> str | None:
    return None if ctx.comment.strip() else "A comment is required: say why."


def _basic_facts(ctx: Context) -> str | None:
    a = ctx.agreement
    missing = [
        name
        for name, value in (("title", a.title), ("counterpart", a.counterpart), ("country", a.country))
        if not value
    ]
    if missing:
        return "Set the " + ", ".join(missing) + " before submitting."
    return None


def _has_article(ctx: Context) -> str | None:
    version = ctx.agreement.current_version
    if version is None or not version.articles:
        return "The text has no article yet: save a version with at least one article."
    return None


def _no_open_comments(ctx: Context) -> str | None:
    # Threads, not messages: an answer is part of the comment it answers.
    open_count = sum(1 for c in ctx.agreement.comments if c.resolved_at is None and c.parent_id is None)
    if open_count:
        return f"{open_count} review comment{'s are' if open_count > 1 else ' is'} still open: resolve them first."
    return None


def _complete_in_every_language(ctx: Context) -> str | None:
    version = ctx.agreement.current_version
    if version is None or not version.articles:
        return "The text has no article yet."
    titles = ctx.agreement.title_translations or {}
    untitled = [lang for lang in ctx.agreement.languages[1:] if not (titles.get(lang) or "").strip()]
    gaps = []
    for article in version.articles:
        for lang in ctx.agreement.languages:
            if (
                not (article.get("heading", {}).get(lang) or "").strip()
                or not (article.get("body", {}).get(lang) or "").strip()
            ):
                gaps.append(f"Art. {article.get('number')} ({lang})")
    if gaps:
        shown = ", ".join(gaps[:8]) + (f" and {len(gaps) - 8} more" if len(gaps) > 8 else "")
        return f"Every article needs a heading and text in every language; missing: {shown}." + _titles_missing(
            untitled
        )
    return _titles_missing(untitled).strip() or None


def _titles_missing(languages: list[str]) -> str:
    if not languages:
        return ""
    return (
        f" Give the title in {languages_phrase(languages)} too (edit the facts): "
        "the title page prints it in every language."
    )


def _signatories_designated(ctx: Context) -> str | None:
    parties = {s.party for s in ctx.agreement.signatories if s.name and s.title}
    missing = [
        label for party, label in (("us", "our side"), ("counterpart", "the counterpart")) if party not in parties
    ]
    if missing:
        return "Designate a signatory (name and title) for " + " and ".join(missing) + "."
    return None


def _signatures_recorded(ctx: Context) -> str | None:
    by_party = {s.party: s for s in ctx.agreement.signatories}
    missing = []
    for party, label in (("us", "our side"), ("counterpart", "the counterpart")):
        s = by_party.get(party)
        if s is None or not (s.name and s.title and s.signed_on and s.place):
            missing.append(label)
    if missing:
        return "Record the signature (name, title, date and place) of " + " and ".join(missing) + "."
    return None


def _signature_dates(ctx: Context) -> str | None:
    problems = []
    for party, label in (("us", "Our side's signature"), ("counterpart", "The counterpart's signature")):
        s = next((x for x in ctx.agreement.signatories if x.party == party), None)
        if s is not None and s.signed_on:
            problem = date_problem(s.signed_on, label, ctx.today)
            if problem:
                problems.append(problem)
    return " ".join(problems) or None


def _signed_under_authority(ctx: Context) -> str | None:
    """Our side signs under the authority to conclude: on or after the day it was granted."""
    ours = next((x for x in ctx.agreement.signatories if x.party == "us"), None)
    granted = [x.granted_on for x in ctx.agreement.authorities if x.kind == "conclude" and x.granted_on]
    if ours is None or not ours.signed_on or not granted:
        return None
    if ours.signed_on < min(granted):
        return (
            f"Our side's signature ({long_date(ours.signed_on)}) precedes the authority to conclude "
            f"({long_date(min(granted))}): a signature comes under an authority already granted."
        )
    return None


def _wording_checked(ctx: Context) -> str | None:
    """A non-binding text goes to signature with its binding wording revised, or acknowledged by a legal
    advisor for this very version (State Department, Guidance on Non-Binding Documents)."""
    a = ctx.agreement
    findings = wording.check_wording(a, a.current_version)
    left = wording.unacknowledged(findings, a.lint_acknowledgements, a.current_version_number)
    if not left:
        return None
    shown = "; ".join(f"{f.place} ({f.language}): “{f.found}”" for f in left[:5])
    shown += f"; and {len(left) - 5} more" if len(left) > 5 else ""
    return (
        f"The wording check has {len(left)} unacknowledged finding{'s' if len(left) != 1 else ''} ({shown}): "
        "revise the text or have a legal advisor acknowledge them."
    )


def _text_is_cleared_text(ctx: Context) -> str | None:
    a = ctx.agreement
    version = a.current_version
    if version is None or a.cleared_hash != version.sha256:
        return "The current text is not the text cleared for signature: re-clear it."
    return None


def texts_covered(text_hash: str | None, certifications) -> set[str]:
    """The texts an authority given for ``text_hash`` covers: that one, and each reached from it by changes a
    legal advisor certified not substantive (corrections, date and place filled in; 11 FAM 724)."""
    if not text_hash:
        return set()
    leads: dict[str, list[str]] = {}
    for certification in certifications:
        leads.setdefault(certification.from_hash, []).append(certification.to_hash)
    covered, frontier = {text_hash}, [text_hash]
    while frontier:
        for reached in leads.get(frontier.pop(), ()):
            if reached not in covered:
                covered.add(reached)
                frontier.append(reached)
    return covered


def _references(authorities) -> str:
    return ", ".join(x.reference for x in authorities)


def _authority_to_conclude(ctx: Context) -> str | None:
    a = ctx.agreement
    version = a.current_version
    kinds = [x for x in a.authorities if x.kind == "conclude"]
    if not kinds:
        return "Record the State Department's authority to conclude before clearing for signature."
    covering = [
        x for x in kinds if version is not None and version.sha256 in texts_covered(x.text_hash, a.text_certifications)
    ]
    if not covering:
        return (
            "The authority to conclude covers an earlier text: the text changed, re-clear it "
            "(or, if the change is not substantive, a legal advisor certifies it so)."
        )
    if not any(x.confirmed_at for x in covering):
        return (
            f"A legal advisor must confirm the authority to conclude ({_references(covering)}) "
            "before clearing for signature."
        )
    return None


def _negotiation_authority_confirmed(ctx: Context) -> str | None:
    recorded = [x for x in ctx.agreement.authorities if x.kind == "negotiate"]
    if not recorded:
        return "Record the State Department's authority to negotiate before clearing for signature."
    if not any(x.confirmed_at for x in recorded):
        return (
            f"A legal advisor must confirm the authority to negotiate ({_references(recorded)}) "
            "before clearing for signature."
        )
    return None


def _legal_authority_named(ctx: Context) -> str | None:
    if not str(ctx.data.get("legal_authority") or "").strip():
        return "Name the legal authority relied on (data.legal_authority)."
    return None


def _negotiation_authority(ctx: Context) -> str | None:
    missing = [k for k in ("reference", "granted_by", "granted_by_title") if not str(ctx.data.get(k) or "").strip()]
    if parse_date(ctx.data.get("granted_on")) is None:
        missing.append("granted_on (a date, YYYY-MM-DD)")
    if missing:
        return "Record the authority to negotiate: " + ", ".join(missing) + "."
    long = [k for k in ("reference", "granted_by", "granted_by_title") if len(str(ctx.data[k]).strip()) > 200]
    if long:
        return "Keep the authority to negotiate's " + ", ".join(long) + " to 200 characters."
    return date_problem(parse_date(ctx.data["granted_on"]), "The authority to negotiate's date", ctx.today)


NOTE_FIELDS = ("our_note_reference", "our_note_on", "their_note_reference", "their_note_on")


def expected_entry(agreement, data: dict[str, Any]) -> tuple[dt.date | None, str | None]:
    """The day the agreement's own rule puts its entry into force on, given the notes sent with the step;
    or why that day cannot be known yet."""
    rule = agreement.entry_rule or "signature"
    if rule == "signature":
        return agreement.signed_on, None
    if rule == "date":
        return agreement.entry_rule_on, None
    notes = [parse_date(data.get("our_note_on")), parse_date(data.get("their_note_on"))]
    if None in notes:
        return None, (
            "It enters into force on the later of the two diplomatic notes"
            + (f" plus {agreement.entry_rule_days} days" if rule == "days_after_later_note" else "")
            + ": give the dates of both notes (our_note_on, their_note_on)."
        )
    later = max(notes)
    if rule == "days_after_later_note":
        return later + dt.timedelta(days=agreement.entry_rule_days or 0), None
    return later, None


_RULE_WORDS = {
    "signature": "on signature",
    "date": "on the date it states",
    "later_note": "on the date of the later note",
    "days_after_later_note": "days after the later note",
}


def _entry_into_force(ctx: Context) -> str | None:
    day = parse_date(ctx.data.get("in_force_on"))
    if day is None:
        return "Give the date of entry into force (YYYY-MM-DD)."
    signed_on = ctx.agreement.signed_on
    if signed_on and day < signed_on:
        return f"Entry into force ({day.isoformat()}) cannot precede signature ({signed_on.isoformat()})."
    problem = date_problem(day, "Entry into force", ctx.today) or _notes_problem(ctx, day, signed_on)
    if problem:
        return problem
    expected, why = expected_entry(ctx.agreement, ctx.data)
    if why:
        return why
    if expected is not None and day != expected:
        rule = ctx.agreement.entry_rule or "signature"
        words = (
            f"{ctx.agreement.entry_rule_days} {_RULE_WORDS[rule]}"
            if rule == "days_after_later_note"
            else _RULE_WORDS[rule]
        )
        return (
            f"By its own rule the agreement enters into force {words}, that is on {long_date(expected)}; "
            f"{long_date(day)} was given."
        )
    expires_on = ctx.agreement.expires_on
    if expires_on and expires_on <= day:
        return f"Its expiry date ({long_date(expires_on)}) must come after entry into force ({long_date(day)})."
    return None


def _notes_problem(ctx: Context, day: dt.date, signed_on: dt.date | None) -> str | None:
    """By notification: both notes, dated after signature; the agreement enters into force on the later one or after."""
    if not any(str(ctx.data.get(k) or "").strip() for k in NOTE_FIELDS):
        return None
    missing = [
        label
        for key, label in (("our_note_on", "the date of our note"), ("their_note_on", "the date of their note"))
        if parse_date(ctx.data.get(key)) is None
    ]
    if missing:
        return "Entry into force by notification needs both notes: give " + " and ".join(missing) + " (YYYY-MM-DD)."
    ours, theirs = parse_date(ctx.data["our_note_on"]), parse_date(ctx.data["their_note_on"])
    for note, label in ((ours, "Our note"), (theirs, "Their note")):
        problem = date_problem(note, label, ctx.today)
        if problem:
            return problem
    last = max(ours, theirs)
    if day < last:
        return f"Entry into force ({day.isoformat()}) cannot precede the last of the two notes ({last.isoformat()})."
    if signed_on and min(ours, theirs) < signed_on:
        return f"The notes confirm domestic procedures after signature ({signed_on.isoformat()}): check their dates."
    return None


def _parties_named(ctx: Context) -> str | None:
    """A binding agreement names both Governments in every language of the text."""
    a = ctx.agreement
    if not a.is_binding:
        return None
    missing = [
        f"{'our Government' if party == 'us' else 'the counterpart Government'} in {languages_phrase([lang])}"
        for party, lang in parties.missing_names(a, "")
    ]
    if missing:
        return "Name the Parties in every language of the text: " + ", ".join(missing) + " (edit the facts)."
    return None


def _expiry_after_signature(ctx: Context) -> str | None:
    """A non-binding instrument comes into effect on signature: its expiry must come after that."""
    expires_on = ctx.agreement.expires_on
    dates = [s.signed_on for s in ctx.agreement.signatories if s.signed_on]
    if expires_on and dates and expires_on <= max(dates):
        return (
            f"Its expiry date ({long_date(expires_on)}) must come after it comes into effect on signature "
            f"({long_date(max(dates))})."
        )
    return None


def _renewal_due(ctx: Context) -> str | None:
    a = ctx.agreement
    if not a.renewal_years:
        return "The agreement does not renew automatically."
    if a.expires_on is None or a.expires_on > ctx.today:
        return "The agreement renews on its expiry date, not before."
    return None


def _notice(ctx: Context) -> str | None:
    notice_on = parse_date(ctx.data.get("notice_on"))
    effective_on = parse_date(ctx.data.get("effective_on"))
    if notice_on is None or effective_on is None:
        ending = words(ctx.agreement.is_binding)["termination"]  # or, non-binding, discontinuation
        return f"Give the date notice was given and the date the {ending} takes effect (YYYY-MM-DD)."
    if effective_on < notice_on:
        return "The effective date cannot precede the notice date."
    in_force_on = ctx.agreement.in_force_on
    if in_force_on and notice_on < in_force_on:
        entry = words(ctx.agreement.is_binding)["entry_into_force"]  # or, non-binding, coming into effect
        return (
            f"Notice ({long_date(notice_on)}) is given after {entry} ({long_date(in_force_on)}), "
            "not before: check the date."
        )
    return date_problem(notice_on, "The notice", ctx.today)


def _expiry_reached(ctx: Context) -> str | None:
    expires_on = ctx.agreement.expires_on
    if expires_on is None:
        return "The agreement has no expiry date."
    if ctx.agreement.renewal_years:
        return f"The agreement renews automatically for {ctx.agreement.renewal_years} years unless notice is given."
    if expires_on > ctx.today:
        return f"The agreement expires on {expires_on.isoformat()}, not before."
    return None


def _termination_effective(ctx: Context) -> str | None:
    w = words(ctx.agreement.is_binding)  # a non-binding instrument is discontinued, not terminated
    effective_on = ctx.agreement.termination_effective_on
    if effective_on is None:
        return f"No {w['termination']} effective date is recorded."
    if effective_on > ctx.today:
        return f"{w['termination_takes_effect_on']} {effective_on.isoformat()}, not before."
    return None


comment_given = Guard("comment_given", _comment_given, needs=("comment",))
basic_facts = Guard("basic_facts", _basic_facts, reads=("title", "counterpart", "country"))
has_article = Guard("has_article", _has_article, reads=("current_version",))
no_open_comments = Guard("no_open_comments", _no_open_comments, reads=("comments",))
complete_in_every_language = Guard(
    "complete_in_every_language",
    _complete_in_every_language,
    reads=("current_version", "languages", "title_translations"),
)
signatories_designated = Guard("signatories_designated", _signatories_designated, reads=("signatories",))
signatures_recorded = Guard("signatures_recorded", _signatures_recorded, reads=("signatories",))
signature_dates = Guard("signature_dates", _signature_dates, reads=("signatories",))
signed_under_authority = Guard("signed_under_authority", _signed_under_authority, reads=("signatories", "authorities"))
text_is_cleared_text = Guard("text_is_cleared_text", _text_is_cleared_text, reads=("current_version", "cleared_hash"))
wording_checked = Guard(
    "wording_checked",
    _wording_checked,
    reads=("title", "languages", "is_binding", "current_version", "lint_acknowledgements"),
)
authority_to_conclude = Guard(
    "authority_to_conclude", _authority_to_conclude, reads=("current_version", "authorities", "text_certifications")
)
negotiation_authority_confirmed = Guard(
    "negotiation_authority_confirmed", _negotiation_authority_confirmed, reads=("authorities",)
)
legal_authority_named = Guard("legal_authority_named", _legal_authority_named, needs=("legal_authority",))
negotiation_authority = Guard(
    "negotiation_authority", _negotiation_authority, needs=("reference", "granted_by", "granted_by_title", "granted_on")
)
entry_into_force = Guard(
    "entry_into_force",
    _entry_into_force,
    needs=("in_force_on",),
    optional=NOTE_FIELDS,
    reads=("signed_on", "entry_rule", "entry_rule_on", "entry_rule_days", "expires_on"),
)
notice = Guard("notice", _notice, needs=("notice_on", "effective_on"), reads=("in_force_on", "is_binding"))
expiry_reached = Guard("expiry_reached", _expiry_reached, reads=("expires_on", "renewal_years"))
languages_conform = Guard(
    "languages_conform",
    lambda ctx: conformity_problem(ctx.agreement),
    reads=("languages", "current_version", "language_conformities"),
)
renewal_due = Guard("renewal_due", _renewal_due, reads=("expires_on", "renewal_years"))
parties_named = Guard("parties_named", _parties_named, reads=("is_binding", "languages", "country", "party_names"))
expiry_after_signature = Guard("expiry_after_signature", _expiry_after_signature, reads=("expires_on", "signatories"))
termination_effective = Guard(
    "termination_effective", _termination_effective, reads=("termination_effective_on", "is_binding")
)

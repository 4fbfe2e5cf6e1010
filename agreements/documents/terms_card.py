"""The terms card: one A4 page an attaché prints or keeps on a phone, from a frozen card of plain values.

Whatever the agreement holds, the card stays one page: it is laid out with every article heading,
and when that spills over, with as many as fit and a line saying how many more there are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, replace
from functools import cache

from weasyprint import CSS, HTML

from .fetcher import BASE_URL, AssetsOnly
from .render import PDF_VARIANT, _environment, _font_config

STYLESHEET = "terms_card.css"
MOST_HEADINGS = 120  # two columns of one-line headings on an empty card: more never fit
RESERVED = 110  # CSS px at the foot of the page for the last heading, "… and N more" and the footer


@dataclass(frozen=True)
class CardContact:
    """One person to call, as the card prints them."""

    party: str  # the party's name: the counterpart agency, or ours
    name: str
    title: str
    phone: str
    email: str


@dataclass(frozen=True)
class CardHeading:
    """One article's number and English heading."""

    number: str
    heading: str


@dataclass(frozen=True)
class TermsCard:
    """Everything the card shows, as plain values: the same card gives the same PDF."""

    reference: str
    title: str
    type_name: str
    state: str
    our_agency: str
    counterpart: str
    counterpart_local: str
    local_language: str  # BCP 47 code of the counterpart's own name, "" when there is none
    local_direction: str
    country: str
    signed_on: dt.date | None
    signed_place: str
    in_force_on: dt.date | None
    expires_on: dt.date | None
    notice: str  # notice of termination or renewal, as a sentence; "" when none is recorded
    areas: tuple[str, ...]
    contacts: tuple[CardContact, ...]
    contacts_left_out: int
    headings: tuple[CardHeading, ...]
    version_number: int
    is_signed: bool
    made_on: dt.date
    # The words of its kind: "Entered into force" and "Not in force", or for a non-binding
    # instrument "Came into effect" and "Not in effect".
    entered_label: str
    not_in_force_label: str
    headings_left_out: int = 0

    def to_json(self) -> str:
        """The card as canonical JSON (its PDF's identifier is derived from it)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)


@cache
def _stylesheet() -> CSS:
    # Parsed once per process, through the same locked fetcher as every document.
    return CSS(url=BASE_URL + STYLESHEET, url_fetcher=AssetsOnly())


def to_html(card: TermsCard) -> str:
    """The card as HTML; every value is escaped by the template engine."""
    return _environment().get_template("terms_card.html").render(c=card)


def _options(card: TermsCard) -> dict:
    """The options of every document (PDF/A-3b, no presentational hints), the identifier from the card."""
    return {
        "stylesheets": [_stylesheet()],
        "presentational_hints": False,
        "pdf_variant": PDF_VARIANT,
        "pdf_identifier": hashlib.sha256(card.to_json().encode()).hexdigest()[:32].encode(),
        "custom_metadata": True,
    }


def _layout(card: TermsCard, fetcher: AssetsOnly):
    html = HTML(string=to_html(card), base_url=BASE_URL, url_fetcher=fetcher)
    return html.render(font_config=_font_config(), **_options(card))


def _shortened(card: TermsCard, shown: int) -> TermsCard:
    """The card with only the first ``shown`` headings, saying how many more there are."""
    total = len(card.headings) + card.headings_left_out
    return replace(card, headings=card.headings[:shown], headings_left_out=total - shown)


def _room_for(document) -> int:
    """How many headings the first page has room for, with the "… and N more" line and the footer:
    those laid out on it starting above the last few lines (each heading has an anchor, ``heading-n``)."""
    page = document.pages[0]
    limit = page.height - RESERVED
    return sum(1 for name, where in page.anchors.items() if name.startswith("heading-") and where[1] <= limit)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _compact(card: TermsCard) -> TermsCard:
    """The card for texts too long for the page even without headings: the first person of each
    party, and long names and titles cut short (the terms page has them in full)."""
    first = {}
    for person in card.contacts:
        first.setdefault(person.party, person)
    people = tuple(
        CardContact(_cut(p.party, 60), _cut(p.name, 40), _cut(p.title, 40), p.phone, _cut(p.email, 40))
        for p in first.values()
    )
    return replace(
        card,
        title=_cut(card.title, 160),
        counterpart=_cut(card.counterpart, 100),
        counterpart_local=_cut(card.counterpart_local, 100),
        contacts=people,
        contacts_left_out=card.contacts_left_out + len(card.contacts) - len(people),
    )


def _fitted(card: TermsCard, fetcher: AssetsOnly):
    """The card laid out on one page with as many headings as fit, and that card; None when even
    none fit."""
    document = _layout(card, fetcher)
    if len(document.pages) == 1:
        return card, document
    # Each layout is a full render: start from what the first page held, and step down until it fits.
    shown = min(len(card.headings) - 1, _room_for(document))
    while shown >= 0:
        trial = _layout(_shortened(card, shown), fetcher)
        if len(trial.pages) == 1:
            return _shortened(card, shown), trial
        shown = -1 if shown == 0 else max(0, shown - max(2, shown // 8))
    return None


def render(card: TermsCard, *, fetcher: AssetsOnly | None = None) -> bytes:
    """The card as a one-page PDF: every heading if they fit, else as many as fit and "… and N more"."""
    fetcher = fetcher or AssetsOnly()
    if len(card.headings) > MOST_HEADINGS:  # more than a page ever holds: not worth laying out
        card = _shortened(card, MOST_HEADINGS)
    fitted = _fitted(card, fetcher) or _fitted(_compact(card), fetcher)
    if fitted is None:
        # Nothing this long can be typed into the forms; should it ever be, page 2 is not printed.
        card = _shortened(_compact(card), 0)
        fitted = card, _layout(card, fetcher)
        fitted = card, fitted[1].copy(fitted[1].pages[:1])
    card, document = fitted
    options = _options(card)
    del options["stylesheets"]  # applied when laid out
    return document.write_pdf(**options)

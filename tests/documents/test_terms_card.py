"""The terms card, read back as a person holding it would: one A4 page, whatever the agreement holds,
with the reference, the dates, whom to call and what each article is about."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

import pytest
from conftest import PASSWORD, csrf_token, simple_text
from pypdf import PdfReader
from services.lifecycle import SIGNED_ON, bring_to

from agreements.db import db
from agreements.documents import terms_card
from agreements.documents.fetcher import BASE_URL, AssetsOnly
from agreements.models import Contact
from agreements.services import versions
from agreements.services.taxonomy import AREAS

from .support import attachment_count, image_rows, link_uris, page_texts, squeeze, words

ELENA = dict(name="Elena Leonenko", title="Deputy Head", phone="+7 (495) 986-12-34", email="e.leonenko@sledcom.example")


def add_contact(agreement, party: str = "counterpart", **fields) -> None:
    """A point of contact, as the contacts form keeps it."""
    person = {**ELENA, **fields}
    db.session.add(Contact(agreement_id=agreement.id, party=party, position=0, office="", languages=["ru"], **person))
    db.session.commit()


@pytest.fixture
def recorded(monkeypatch):
    """Every fetcher the card's renderer makes during the test."""
    made: list[AssetsOnly] = []

    class Recording(AssetsOnly):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(terms_card, "AssetsOnly", Recording)
    terms_card._stylesheet.cache_clear()  # made again, through a recording fetcher
    yield made
    terms_card._stylesheet.cache_clear()


def signed_in(app, user):
    """A fresh browser in which ``user`` signed in through the login form."""
    browser = app.test_client()
    form = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(browser)}
    assert browser.post("/login", data=form).status_code in (302, 303)
    return browser


@pytest.fixture
def download(app):
    """The terms card as the terms page's link downloads it, for a person signed in."""

    def get(user, agreement):
        return signed_in(app, user).get(f"/agreements/{agreement.id}/terms-card.pdf")

    return get


def read(response) -> tuple[PdfReader, str]:
    """The PDF (checked to be one) and its text, as pdftotext reads it."""
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    return PdfReader(BytesIO(response.data)), "\f".join(page_texts(response.data))


def with_articles(world, make_agreement, count: int, heading: str = "", **fields):
    """An agreement with Russia in force whose text has ``count`` articles (their English headings
    ``heading`` and the number, if given)."""
    agreement = make_agreement(with_text=False, **fields)
    text = simple_text(("en", "ru"), articles=count)
    if heading:
        for article in text["articles"]:
            article["heading"]["en"] = f"{heading} {article['number']}"
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    return bring_to(world, agreement, "in_force")


def test_the_card_is_one_a4_page_with_the_terms_an_attache_needs(world, make_agreement, recorded, download):
    agreement = with_articles(world, make_agreement, 5, areas=["child_exploitation", "cyber_crime"])
    add_contact(agreement)
    add_contact(agreement, "us", name="John Morton", title="Attaché", phone="+1 202 555 0100", email="jm@ice.example")
    response = download(world["moscow"], agreement)
    pdf, text = read(response)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    flat = words(text)
    assert agreement.reference in flat and agreement.title in flat
    assert "U.S. Immigration and Customs Enforcement" in flat
    assert "Investigative Committee of the Russian Federation" in flat
    signed = f"{SIGNED_ON.day} {SIGNED_ON:%B %Y}"
    # A memorandum is non-binding: it came into effect (on signature), it did not enter into force.
    assert f"Signed {signed}, Washington" in flat and f"Came into effect {signed}" in flat
    assert "in effect" in flat.lower() and "in force" not in flat.lower() and "into force" not in flat.lower()
    assert "Expires No expiry" in flat
    assert "Child exploitation · Cyber crime" in flat
    for expected in ("Elena Leonenko", "Deputy Head", "+7 (495) 986-12-34", "e.leonenko@sledcom.example"):
        assert expected in flat
    assert "John Morton" in flat and "+1 202 555 0100" in flat
    for n in range(1, 6):
        assert f"{n} Heading {n} (en)" in flat
    assert "(ru)" not in flat  # the headings are the English ones
    assert "more article" not in flat
    # The download is named after the reference, and nothing but our stylesheet was read.
    assert response.headers["Content-Disposition"] == f"attachment; filename={agreement.reference}-terms-card.pdf"
    assert [url for f in recorded for url in f.served] == [BASE_URL + "terms_card.css"]
    assert [url for f in recorded for url in f.refused] == []
    assert attachment_count(response.data) == 0 and image_rows(response.data) == [] and link_uris(response.data) == []


def test_sixty_articles_still_give_one_page_saying_how_many_more_there_are(world, make_agreement, download):
    # Headings as long as real ones ("Exchange of information on the smuggling of migrants").
    agreement = with_articles(world, make_agreement, 60, heading="Exchange of information and assistance in matter")
    add_contact(agreement)
    pdf, text = read(download(world["moscow"], agreement))
    assert len(pdf.pages) == 1
    flat = words(text)
    shown = [n for n in range(1, 61) if re.search(rf"\bassistance in matter {n}\b", flat)]
    assert shown == list(range(1, len(shown) + 1)) and 10 < len(shown) < 60  # the first ones, in order
    more = re.search(r"… and (\d+) more articles", flat)
    assert more and int(more.group(1)) == 60 - len(shown)
    assert "matter 60" not in flat
    assert "Elena Leonenko" in flat and agreement.reference in flat  # nothing else was given up


def test_the_longest_texts_everywhere_still_give_one_page(world, make_agreement, download):
    # Every field as long as it may be: 500 characters of title, 300 of each name, every area, 500
    # articles with long headings, and eight people with long names and titles.
    agreement = make_agreement(
        with_text=False,
        title=("W" * 9 + " ") * 50,
        counterpart=("M" * 9 + " ") * 30,
        counterpart_local=("Щ" * 9 + " ") * 30,
        counterpart_acronym="W" * 40,
        areas=list(AREAS),
    )
    text = simple_text(("en", "ru"), articles=500)
    for article in text["articles"]:
        article["heading"]["en"] = "Long heading words " * 20
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    for n in range(8):
        add_contact(
            agreement,
            "us" if n % 2 else "counterpart",
            name=f"Person {n} " + "W" * 190,
            title="T" * 300,
            phone="+7 495 986 12 34 " * 3,
            email="w" * 60 + "@" + "w" * 150 + ".example",
        )
    pdf, extracted = read(download(world["pm"], agreement))
    assert len(pdf.pages) == 1
    flat = words(extracted)
    assert re.search(r"… and \d+ more articles", flat)
    assert re.search(r"… and \d more contacts on the terms page\.", flat)  # at most three a party fit
    assert agreement.reference in flat and "Person 0" in flat and "Text version 1" in flat


def test_markup_in_any_field_is_printed_as_text(world, make_agreement, recorded, download):
    agreement = make_agreement(title="<script>alert('t')</script> MOU", counterpart='<img src="file:///etc/passwd">')
    add_contact(agreement, name="<b>Bold</b> Name", phone="<a href='x'>1</a>")
    pdf, text = read(download(world["pm"], agreement))
    flat = squeeze(text)
    assert squeeze("<script>alert('t')</script> MOU") in flat
    assert squeeze('<img src="file:///etc/passwd">') in flat
    assert squeeze("<b>Bold</b> Name") in flat
    assert all(f.refused == [] for f in recorded)


def test_a_draft_card_says_it_is_not_signed(world, make_agreement, download):
    agreement = make_agreement()
    flat = words(read(download(world["moscow"], agreement))[1])
    assert "Not signed" in flat and "Not in effect" in flat and "the text may still change" in flat
    assert "No points of contact are recorded." in flat


def test_an_agreement_the_attache_may_not_see_has_no_card(app, world, make_agreement, download):
    mexican = make_agreement(country="MX", counterpart="Fiscalía General de la República")
    browser = signed_in(app, world["moscow"])
    assert browser.get(f"/agreements/{mexican.id}/terms-card.pdf").status_code == 404
    assert browser.get("/agreements/999999/terms-card.pdf").status_code == 404
    assert download(world["mexico"], mexican).status_code == 200


def test_the_same_card_gives_the_same_bytes():
    card = terms_card.TermsCard(
        reference="MOU-2010-0001",
        title="Memorandum",
        type_name="Memorandum of Understanding",
        state="In effect",
        our_agency="ICE",
        counterpart="Investigative Committee",
        counterpart_local="Следственный комитет",
        local_language="ru",
        local_direction="ltr",
        country="Russian Federation",
        signed_on=dt.date(2010, 3, 26),
        signed_place="Washington",
        in_force_on=dt.date(2010, 3, 26),
        expires_on=None,
        notice="",
        areas=("Cyber crime",),
        contacts=(),
        contacts_left_out=0,
        headings=(terms_card.CardHeading("1", "Purpose"),),
        version_number=1,
        is_signed=True,
        made_on=dt.date(2026, 12, 1),
        entered_label="Came into effect",
        not_in_force_label="Not in effect",
    )
    assert terms_card.render(card) == terms_card.render(card)

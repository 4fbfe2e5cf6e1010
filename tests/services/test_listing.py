"""The agreements list through the service: every filter, several states at once, free text, each sort order
both ways, wrong values named, totals that stop at a cap, days in state, scoping and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import event, update

from agreements.db import db
from agreements.errors import InvalidInput
from agreements.models import Agreement, Office
from agreements.services import agreements, listing
from agreements.workflows import STATES

from .lifecycle import bring_to

TODAY = dt.date(2026, 12, 1)
MEXICAN = {"languages": ["en", "es"]}


@pytest.fixture
def clock(monkeypatch):
    """Today is 1 December 2026 for days in state and what is overdue."""
    monkeypatch.setattr(listing, "today", lambda: TODAY)
    return TODAY


def _since(agreement, days: int) -> None:
    """The agreement entered its current state ``days`` days before TODAY."""
    when = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(10), tzinfo=dt.UTC)
    db.session.execute(update(Agreement).where(Agreement.id == agreement.id).values(state_since=when))
    db.session.commit()
    db.session.refresh(agreement)


@pytest.fixture
def shelf(world, make_agreement, clock):
    """Four agreements of two offices (Europe; Canada and Mexico), in four states, a day to 100 days in them."""
    offices = {o.code: o for o in db.session.scalars(db.select(Office))}
    offices["MOW"].region, offices["MEX"].region = "europe", "north_america"
    db.session.commit()
    made = {
        "cyber": make_agreement(title="MOU on cyber crime", areas=["cyber_crime"]),
        "letter": bring_to(
            world,
            make_agreement(
                type="loi",
                country="MX",
                title="Letter on 100% of customs_data",
                counterpart="Fiscalía General",
                **MEXICAN,
            ),
            "legal_review",
        ),
        "customs": bring_to(
            world,
            make_agreement(
                type="cmaa",
                country="MX",
                title="Customs mutual assistance",
                counterpart="Agencia Nacional de Aduanas",
                areas=["customs_assistance"],
                **MEXICAN,
            ),
            "negotiation",
        ),
        "withdrawn": bring_to(world, make_agreement(title="Withdrawn MOU on training"), "withdrawn"),
    }
    for key, days in (("cyber", 1), ("letter", 20), ("customs", 5), ("withdrawn", 100)):
        _since(made[key], days)
    return made


def _keys(shelf, page) -> list[str]:
    """The shelf's names of the agreements listed, in order."""
    names = {a.id: k for k, a in shelf.items()}
    return [names[a.id] for a in page.items]


def _listed(world, shelf, who="pm", **filters) -> set[str]:
    return set(_keys(shelf, agreements.list_agreements(world[who], per_page=100, **filters)))


# --- filters --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"cyber", "letter", "customs", "withdrawn"}),
        ({"type": "cmaa"}, {"customs"}),
        ({"country": "Mexico"}, {"letter", "customs"}),
        ({"country": "ru"}, {"cyber", "withdrawn"}),
        ({"office": "MEX"}, {"letter", "customs"}),
        ({"office": "mow"}, {"cyber", "withdrawn"}),
        ({"area": "customs_assistance"}, {"customs"}),
        ({"binding": True}, {"customs"}),
        ({"binding": "no"}, {"cyber", "letter", "withdrawn"}),
        ({"binding": ""}, {"cyber", "letter", "customs", "withdrawn"}),
        ({"region": "north_america"}, {"letter", "customs"}),
        ({"region": "europe", "type": "mou"}, {"cyber", "withdrawn"}),
        ({"region": "asia_pacific"}, set()),
        ({"country": "MX", "type": "mou"}, set()),
    ],
)
def test_each_filter_keeps_exactly_the_agreements_asked_for(world, shelf, filters, expected):
    assert _listed(world, shelf, **filters) == expected


def test_several_states_at_once_and_all_open(world, shelf):
    assert _listed(world, shelf, states=["legal_review", "negotiation"]) == {"letter", "customs"}
    assert _listed(world, shelf, states=["open"]) == {"cyber", "letter", "customs"}
    assert _listed(world, shelf, states=["open", "withdrawn"]) == set(shelf)
    # The one-state parameter of before still works, and adds to the others.
    assert _listed(world, shelf, state="drafting") == {"cyber"}
    assert _listed(world, shelf, state="drafting", states=["withdrawn"]) == {"cyber", "withdrawn"}
    assert "in_force" in listing.OPEN_STATES and "withdrawn" not in listing.OPEN_STATES


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("cyber", {"cyber"}),
        ("CYBER CRIME", {"cyber"}),  # whatever the case
        ("  cyber   crime ", {"cyber"}),  # spaces as typed
        ("aduanas", {"customs"}),  # the counterpart's name
        ("fiscalía", {"letter"}),
        ("100%", {"letter"}),  # % is a character, not "anything"
        ("%", {"letter"}),
        ("_", {"letter"}),  # and so is _
        ("customs_data", {"letter"}),
        ("custom%data", set()),
        ("MOU on", {"cyber", "withdrawn"}),
        ("nothing like it", set()),
    ],
)
def test_free_text_over_reference_title_and_counterpart(world, shelf, q, expected):
    assert _listed(world, shelf, q=q) == expected


def test_free_text_finds_a_reference(world, shelf):
    reference = shelf["customs"].reference
    assert _listed(world, shelf, q=reference.lower()) == {"customs"}
    assert _listed(world, shelf, q=reference[:4]) == {"customs"}  # CMAA-


def test_overdue_keeps_those_longer_in_their_state_than_allowed(world, shelf, app):
    # Legal review allows 14 days: the letter has been there 20; drafting allows 60, negotiation 180.
    assert app.config["AGING_DAYS"]["legal_review"] == 14
    assert _listed(world, shelf, overdue="yes") == {"letter"}
    assert _listed(world, shelf, overdue=False) == {"cyber", "customs", "withdrawn"}
    _since(shelf["letter"], 14)
    assert _listed(world, shelf, overdue=True) == set()  # 14 days is not more than 14


def test_days_in_state_against_the_days_allowed(world, shelf):
    letter, withdrawn = shelf["letter"], shelf["withdrawn"]
    assert listing.days_in_state(letter) == 20
    assert listing.days_allowed("legal_review") == 14 and listing.days_allowed("withdrawn") is None
    assert listing.is_overdue("legal_review", 20) and not listing.is_overdue("legal_review", 14)
    assert listing.days_in_state(withdrawn) == 100 and not listing.is_overdue("withdrawn", 100)


# --- sorting --------------------------------------------------------------------------------------
SORT_KEYS = {
    "reference": lambda a: a.reference,
    "title": lambda a: a.title.lower(),
    "country": lambda a: a.country,
    "state": lambda a: STATES.index(a.state),
    "days_in_state": lambda a: listing.days_in_state(a),
    "updated": lambda a: a.updated_at,
    "created": lambda a: a.created_at,
}


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", list(listing.SORTS))
def test_each_column_sorts_both_ways(world, shelf, column, descending):
    assert set(SORT_KEYS) == set(listing.SORTS)
    for agreement in shelf.values():
        db.session.refresh(agreement)
    expected = sorted(shelf.values(), key=lambda a: (SORT_KEYS[column](a), a.id), reverse=descending)
    page = agreements.list_agreements(world["pm"], sort=f"-{column}" if descending else column)
    assert [a.id for a in page.items] == [a.id for a in expected]


def test_the_longest_in_their_state_first(world, shelf):
    page = agreements.list_agreements(world["pm"], states=["open"], sort="-days_in_state")
    assert _keys(shelf, page) == ["letter", "customs", "cyber"]


def test_newest_first_without_a_sort(world, shelf):
    page = agreements.list_agreements(world["pm"])
    assert [a.id for a in page.items] == sorted((a.id for a in shelf.values()), reverse=True)


# --- wrong values -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "field", "words"),
    [
        ({"states": ["lost"]}, "state", "Unknown state 'lost'"),
        ({"state": "opened"}, "state", "'opened'"),
        ({"type": "treaty"}, "type", "Unknown type 'treaty'"),
        ({"country": "Atlantis"}, "country", 'No country is called "Atlantis"'),
        ({"office": "XYZ"}, "office", "No office has the code 'XYZ'"),
        ({"area": "fishing"}, "area", "Unknown area 'fishing'"),
        ({"binding": "maybe"}, "binding", "not 'maybe'"),
        ({"overdue": "later"}, "overdue", "not 'later'"),
        ({"region": "atlantis"}, "region", "Unknown region 'atlantis'"),
        ({"q": "x" * 201}, "q", "is 201 characters; the limit is 200."),
        ({"sort": "colour"}, "sort", "Unknown sort 'colour'"),
        ({"sort": "-"}, "sort", "Unknown sort '-'"),
        ({"page": 0}, "page", "whole number from 1"),
        ({"per_page": 0}, "per_page", "from 1 to 500"),
    ],
)
def test_a_wrong_value_is_named_as_given(world, filters, field, words):
    with pytest.raises(InvalidInput) as raised:
        agreements.list_agreements(world["pm"], **filters)
    assert field in raised.value.errors
    assert words in raised.value.errors[field] and words in raised.value.detail


def test_every_wrong_value_is_named_at_once(world):
    with pytest.raises(InvalidInput) as raised:
        agreements.list_agreements(world["pm"], states=["lost"], sort="colour", country="Atlantis", page=0)
    assert set(raised.value.errors) == {"state", "sort", "country", "page"}


def test_a_region_set_on_an_office_outside_the_list_is_known(world, make_agreement):
    office = db.session.scalar(db.select(Office).where(Office.code == "MOW"))
    office.region = "arctic"
    db.session.commit()
    russian = make_agreement()
    assert [a.id for a in agreements.list_agreements(world["pm"], region="arctic").items] == [russian.id]


def test_the_agreements_of_offices_without_a_region(world, make_agreement):
    russian = make_agreement()
    assert [a.id for a in agreements.list_agreements(world["pm"], region="none").items] == [russian.id]


# --- totals that stop at a cap -------------------------------------------------------------------------
def test_the_total_stops_at_the_cap_and_says_so(world, make_agreement, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    made = [make_agreement(with_text=False, title=f"MOU {n}") for n in range(5)]
    first = agreements.list_agreements(world["pm"], per_page=2)
    assert (first.total, first.total_is_capped, first.has_next) == (3, True, True)
    assert first.pages >= 2 and (first.first, first.last) == (1, 2)
    assert [a.id for a in first.items] == [made[4].id, made[3].id]
    # The last page knows its total without counting.
    last = agreements.list_agreements(world["pm"], per_page=2, page=3)
    assert (last.total, last.total_is_capped, last.has_next) == (5, False, False)
    assert [a.id for a in last.items] == [made[0].id]
    # Filtered, the cap applies to what matches.
    assert agreements.list_agreements(world["pm"], per_page=1, states=["drafting"], q="MOU ").total_is_capped
    one = agreements.list_agreements(world["pm"], per_page=1, q="MOU 4")
    assert (one.total, one.total_is_capped, one.has_next) == (1, False, False)


def test_a_total_within_the_cap_is_exact(world, make_agreement, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    for n in range(3):
        make_agreement(with_text=False, title=f"MOU {n}")
    page = agreements.list_agreements(world["pm"], per_page=1)
    assert (page.total, page.total_is_capped, page.pages, page.has_next) == (3, False, 3, True)


def test_counting_reads_no_further_than_the_cap(world, make_agreement, app):
    for n in range(3):
        make_agreement(with_text=False, title=f"MOU {n}")
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        agreements.list_agreements(world["pm"], per_page=1)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    counts = [s for s in seen if "count(" in s.lower()]
    assert counts and all("LIMIT" in s.upper() for s in counts)


def test_an_empty_first_page_is_not_counted(world):
    page = agreements.list_agreements(world["pm"])
    assert (page.total, page.total_is_capped, page.items, page.first) == (0, False, [], 0)


# --- who sees what ----------------------------------------------------------------------------------
def test_an_attache_lists_only_the_countries_of_the_office(world, shelf):
    assert _listed(world, shelf, who="moscow") == {"cyber", "withdrawn"}
    assert _listed(world, shelf, who="moscow", country="MX") == set()
    assert _listed(world, shelf, who="moscow", q="customs") == set()
    assert _listed(world, shelf, who="mexico", states=["open"]) == {"letter", "customs"}
    assert [o.code for o in listing.offices_for(world["moscow"])] == ["MOW"]
    assert {o.code for o in listing.offices_for(world["pm"])} == {"MOW", "MEX"}


# --- CSV ----------------------------------------------------------------------------------------------
def _csv_rows(lines) -> list[dict]:
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_holds_every_row_the_filters_keep_in_their_order(world, shelf, app):
    app.config["PAGE_SIZE"] = 1
    rows = _csv_rows(listing.agreements_csv(world["pm"], states=["open"], sort="-days_in_state"))
    assert [r["reference"] for r in rows] == [shelf[k].reference for k in ("letter", "customs", "cyber")]
    letter = rows[0]
    assert letter["state"] == "legal_review" and letter["days_in_state"] == "20"
    assert letter["days_allowed"] == "14" and letter["overdue"] == "yes"
    assert letter["state_since"] == "2026-11-11T10:00:00Z"
    assert letter["office"] == "MEX" and letter["binding"] == "no"
    assert dt.datetime.fromisoformat(letter["created_at"].replace("Z", "+00:00")).tzinfo is not None
    assert rows[1]["areas"] == "customs_assistance"


def test_the_csv_neutralises_formulas(world, make_agreement):
    make_agreement(with_text=False, title='=HYPERLINK("http://evil.example","Click")')
    [row] = _csv_rows(listing.agreements_csv(world["pm"]))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'


def test_the_csv_of_an_attache_holds_only_their_countries(world, shelf):
    rows = _csv_rows(listing.agreements_csv(world["moscow"]))
    assert {r["country"] for r in rows} == {"RU"} and len(rows) == 2


def test_a_wrong_filter_is_refused_before_the_csv_starts(world):
    with pytest.raises(InvalidInput):
        listing.agreements_csv(world["pm"], sort="colour")

"""The monthly report (1 U.S.C. 112b; 22 CFR 181.8): for one month, the binding agreements and qualifying
non-binding instruments signed in it and those that entered into force or came into effect in it, with type,
parties, dates and legal authority; what lacks what the report needs is named, with what is missing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from agreements.db import db
from agreements.errors import InvalidInput
from agreements.services import parties
from agreements.services.monthly_report import monthly_report, parse_month, report_csv

from .deadline_world import binding, in_effect, reportable
from .lifecycle import IN_FORCE_ON, SIGNED_ON

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
MADE_ON = dt.date(2026, 5, 4)
LEGAL_AUTHORITY = "19 U.S.C. 1628; 6 U.S.C. 203"  # named when the legal advisor requested authority (the walk)


def recorded_after_the_fact(world, make_agreement, **dates):
    """A customs agreement entered from the paper file after it was signed: its dates, but no trail of the
    Circular 175 process (no legal authority named)."""
    agreement = make_agreement(type="cmaa", title="From the paper file")
    for name, value in dates.items():
        setattr(agreement, name, value)
    db.session.commit()
    return agreement


@pytest.fixture
def month(world, make_agreement):
    """Signed on 26 March 2026: a customs agreement (in force 15 April) and a qualifying non-binding instrument
    (in effect on signature); a memorandum that is not reported."""
    return {
        "cmaa": binding(world, make_agreement, state="in_force", title="Customs mutual assistance"),
        "qnbi": reportable(world, make_agreement, title="Cooperation on cybercrime"),
        "mou": in_effect(world, make_agreement, title="Not reported"),
    }


def test_the_month_lists_what_was_concluded_and_what_came_into_effect(world, month):
    march = monthly_report(world["pm"], MARCH, MADE_ON)
    assert [e.reference for e in march.concluded] == sorted([month["cmaa"].reference, month["qnbi"].reference])
    assert [e.reference for e in march.entered] == [month["qnbi"].reference]  # in effect on signature
    assert (march.label, march.key, march.previous_key, march.next_key) == (
        "March 2026",
        "2026-03",
        "2026-02",
        "2026-04",
    )
    assert march.is_complete and march.blocking == ()

    cmaa = next(e for e in march.concluded if e.reference == month["cmaa"].reference)
    assert (cmaa.kind, cmaa.type_name, cmaa.country) == (
        "International agreement",
        "Customs Mutual Assistance Agreement",
        "Russian Federation",
    )
    assert (cmaa.our_party, cmaa.counterpart_party) == (
        "The Government of the United States of America",
        "The Government of the Russian Federation",
    )
    assert (cmaa.signed_on, cmaa.in_force_on) == (SIGNED_ON, IN_FORCE_ON)
    assert cmaa.legal_authority == LEGAL_AUTHORITY
    assert cmaa.authority_source == "named by the legal office when it requested the State Department's authority"

    qnbi = march.entered[0]
    assert (qnbi.kind, qnbi.entered_label, qnbi.in_force_on) == (
        "Qualifying non-binding instrument",
        "Came into effect",
        SIGNED_ON,
    )
    assert qnbi.counterpart_party == "Investigative Committee of the Russian Federation"
    assert (qnbi.legal_authority, qnbi.missing) == ("", ())  # not asked of a non-binding instrument

    april = monthly_report(world["pm"], APRIL, MADE_ON)
    assert (april.concluded, [e.reference for e in april.entered]) == ((), [month["cmaa"].reference])
    assert april.entered[0].entered_label == "Entered into force"


def test_instruments_that_are_not_reported_are_left_out(world, month):
    march = monthly_report(world["pm"], MARCH, MADE_ON)
    assert month["mou"].reference not in {e.reference for e in (*march.concluded, *march.entered)}


def test_an_agreement_without_legal_authority_blocks_the_report_and_says_what_is_missing(world, make_agreement, month):
    paper = recorded_after_the_fact(world, make_agreement, signed_on=dt.date(2026, 3, 5))
    march = monthly_report(world["pm"], MARCH, MADE_ON)
    assert not march.is_complete
    assert [(e.reference, e.missing) for e in march.blocking] == [(paper.reference, ("the legal authority relied on",))]
    assert march.concluded[0].reference == paper.reference  # listed in its place too, the earliest signed


def test_a_circular_175_authority_recorded_stands_for_the_legal_authority(world, make_agreement, month):
    paper = recorded_after_the_fact(world, make_agreement, signed_on=dt.date(2026, 3, 5))
    parties.record_authority(
        world["pm"],
        paper,
        {
            "kind": "conclude",
            "reference": "C175-2026-009",
            "granted_by": "Jordan Example",
            "granted_by_title": "Assistant Secretary of State",
            "granted_on": "2026-02-20",
        },
    )
    db.session.commit()
    entry = monthly_report(world["pm"], MARCH, MADE_ON).concluded[0]
    assert (
        entry.legal_authority
        == "Circular 175 authority to conclude C175-2026-009, granted by Jordan Example on 20 February 2026"
    )
    assert (entry.authority_source, entry.missing) == ("from the Circular 175 authorities recorded", ())


def test_an_entry_into_force_without_a_date_of_signature_is_blocking(world, month):
    month["cmaa"].signed_on = None  # lost when the record was corrected
    db.session.commit()
    april = monthly_report(world["pm"], APRIL, MADE_ON)
    assert [(e.reference, e.missing) for e in april.blocking] == [(month["cmaa"].reference, ("the date of signature",))]


def test_in_force_without_its_date_is_blocking(world, make_agreement):
    paper = recorded_after_the_fact(world, make_agreement, signed_on=dt.date(2026, 3, 5))
    bound = binding(world, make_agreement, state="in_force", title="In force")
    bound.in_force_on = None
    db.session.commit()
    march = monthly_report(world["pm"], MARCH, MADE_ON)
    assert {e.reference: e.missing for e in march.blocking} == {
        paper.reference: ("the legal authority relied on",),
        bound.reference: ("date of entry into force",),
    }


def test_an_attache_gets_the_report_of_their_countries(world, make_agreement, month):
    mexico = binding(
        world,
        make_agreement,
        title="Mexico",
        country="MX",
        counterpart="Servicio de Administración Tributaria",
        languages=["en", "es"],
    )
    moscow = monthly_report(world["moscow"], MARCH, MADE_ON)
    assert {e.country for e in moscow.concluded} == {"Russian Federation"}
    assert moscow.scope == "The agreements of the countries Attaché Office Moscow covers: Russian Federation."
    seen = monthly_report(world["mexico"], MARCH, MADE_ON)
    assert [e.reference for e in seen.concluded] == [mexico.reference]
    assert monthly_report(world["la"], MARCH, MADE_ON).scope == ""


def test_the_csv_lists_each_section_with_iso_dates_and_no_formulas(world, make_agreement, month):
    paper = recorded_after_the_fact(world, make_agreement, signed_on=dt.date(2026, 3, 5))
    paper.title = "=SUM(A1:A9) from the paper file"
    db.session.commit()
    text = "".join(report_csv(monthly_report(world["pm"], MARCH, MADE_ON)))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["Section"], r["Reference"], r["Signed on"], r["In force or in effect on"]) for r in rows] == [
        ("Signed or otherwise concluded", paper.reference, "2026-03-05", ""),
        *sorted(
            [
                ("Signed or otherwise concluded", month["cmaa"].reference, "2026-03-26", "2026-04-15"),
                ("Signed or otherwise concluded", month["qnbi"].reference, "2026-03-26", "2026-03-26"),
            ]
        ),
        ("Entered into force or came into effect", month["qnbi"].reference, "2026-03-26", "2026-03-26"),
    ]
    assert rows[0]["Title"] == "'=SUM(A1:A9) from the paper file"
    assert rows[0]["Missing"] == "the legal authority relied on"
    cmaa = next(r for r in rows if r["Reference"] == month["cmaa"].reference)
    assert cmaa["Legal authority"] == LEGAL_AUTHORITY


def test_the_month_is_read_as_yyyy_mm_and_defaults_to_the_one_before():
    assert parse_month(None, dt.date(2026, 4, 10)) == MARCH
    assert parse_month("", dt.date(2026, 1, 31)) == dt.date(2025, 12, 1)
    assert parse_month("2026-03", dt.date(2026, 4, 10)) == MARCH
    for wrong in ("2026-3", "2026-13", "March 2026", "1900-01", "2026-03-01"):
        with pytest.raises(InvalidInput) as refused:
            parse_month(wrong, dt.date(2026, 4, 10))
        assert set(refused.value.errors) == {"month"}
        assert "YYYY-MM" in refused.value.errors["month"]

"""The monthly report page (22 CFR 181.8): last month by default, a month picker with the months around it, what
blocks the report with what is missing, the two sections, and the same report as CSV and as a PDF (read back)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from pypdf import PdfReader
from services.deadline_world import binding, in_effect, reportable
from webtools import signed_in, visible_text

from agreements.db import db


@pytest.fixture
def clock(monkeypatch):
    """The pages think it is 10 April 2026: last month is March 2026."""
    monkeypatch.setattr(
        "agreements.services.monthly_report.utcnow", lambda: dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC)
    )


@pytest.fixture
def made(world, make_agreement, clock):
    """Signed on 26 March 2026: a customs agreement with Russia (in force 15 April), one with Mexico, and a
    qualifying non-binding instrument (in effect on signature); one from the paper file, signed on 5 March
    with no legal authority recorded; a memorandum that is not reported."""
    paper = make_agreement(type="cmaa", title="@Paper file customs agreement")
    paper.signed_on = dt.date(2026, 3, 5)
    db.session.commit()
    return {
        "paper": paper,
        "cmaa": binding(world, make_agreement, state="in_force", title="Customs mutual assistance"),
        "mexico": binding(
            world,
            make_agreement,
            title="Mexico customs",
            country="MX",
            counterpart="Servicio de Administración Tributaria",
            languages=["en", "es"],
        ),
        "qnbi": reportable(world, make_agreement, title="Cooperation on cybercrime"),
        "mou": in_effect(world, make_agreement, title="Not reported"),
    }


def section_rows(html: str, section: str) -> list[tuple[str, str, str]]:
    """(reference, signed, in force) of each row of a section's table."""
    table = re.search(rf'<table class="table table--report" id="report-{section}">.*?<tbody>(.*?)</tbody>', html, re.S)
    if table is None:
        return []
    out = []
    for reference, cells in re.findall(
        r'<tr class="report-row[^"]*" data-reference="([^"]+)">(.*?)</tr>', table.group(1), re.S
    ):
        dates = re.findall(r'<td data-label="(?:Signed|In force or in effect)">(.*?)</td>', cells, re.S)
        iso = [(re.search(r'datetime="([^"]+)"', d) or [None, ""])[1] for d in dates]
        out.append((reference, *iso))
    return out


def page(client, query: str = "") -> str:
    response = client.get(f"/reports/monthly{query}")
    assert response.status_code == 200, visible_text(response)[:400]
    return response.get_data(as_text=True)


def test_last_month_by_default_with_its_sections_and_the_months_around_it(app, world, made):
    html = page(signed_in(app, world["pm"]))
    assert "<h1>Monthly report: March 2026</h1>" in html
    assert 'id="report-month" name="month" value="2026-03"' in html
    assert 'href="/reports/monthly?month=2026-02" rel="prev"' in html
    assert 'href="/reports/monthly?month=2026-04" rel="next"' in html
    concluded = section_rows(html, "concluded")
    assert concluded[0] == (made["paper"].reference, "2026-03-05", "")
    assert sorted(concluded[1:]) == sorted(
        [
            (made["cmaa"].reference, "2026-03-26", "2026-04-15"),
            (made["mexico"].reference, "2026-03-26", ""),
            (made["qnbi"].reference, "2026-03-26", "2026-03-26"),
        ]
    )
    assert section_rows(html, "entered") == [(made["qnbi"].reference, "2026-03-26", "2026-03-26")]
    text = visible_text(signed_in(app, world["pm"]).get("/reports/monthly"))
    assert "19 U.S.C. 1628; 6 U.S.C. 203" in text
    assert "The Government of the United States of America; The Government of the Russian Federation" in text
    assert made["mou"].reference not in text


def test_what_blocks_the_report_is_named_with_what_is_missing(app, world, made):
    text = visible_text(signed_in(app, world["pm"]).get("/reports/monthly?month=2026-03"))
    assert "1 agreement blocks the report." in text
    assert f"{made['paper'].reference} (@Paper file customs agreement): missing the legal authority relied on." in text
    april = visible_text(signed_in(app, world["pm"]).get("/reports/monthly?month=2026-04"))
    assert "Complete: every agreement has what the report needs." in april
    assert "No binding agreement or qualifying non-binding instrument was signed in April 2026." in april


def test_the_csv_holds_the_rows_of_the_page(app, world, made):
    client = signed_in(app, world["pm"])
    html = page(client, "?month=2026-03")
    link = unescape(re.search(r'<a class="button" href="([^"]+)">Export CSV</a>', html).group(1))
    assert link == "/reports/monthly.csv?month=2026-03"
    response = client.get(link)
    assert response.mimetype == "text/csv"
    assert 'filename="monthly-report-2026-03.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    shown = [("Signed or otherwise concluded", *r) for r in section_rows(html, "concluded")]
    shown += [("Entered into force or came into effect", *r) for r in section_rows(html, "entered")]
    assert [(r["Section"], r["Reference"], r["Signed on"], r["In force or in effect on"]) for r in rows] == shown
    assert rows[0]["Title"] == "'@Paper file customs agreement"  # never run as a formula
    assert rows[0]["Missing"] == "the legal authority relied on"


def test_the_pdf_reads_back_with_the_month_the_sections_and_what_is_missing(app, world, made):
    client = signed_in(app, world["pm"])
    html = page(client, "?month=2026-03")
    link = unescape(re.search(r'<a class="button" href="([^"]+)">Download PDF</a>', html).group(1))
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "monthly-report-2026-03.pdf" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    first = reader.pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # A4 landscape
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "International agreements and qualifying non-binding instruments: March 2026" in text
    assert "Not complete: 1 agreement lacks what the report needs" in text
    assert f"{made['paper'].reference}: the legal authority relied on" in text
    for agreement in ("cmaa", "mexico", "qnbi"):
        assert made[agreement].reference in text
    assert "Signed or otherwise concluded in March 2026 (4)" in text
    assert "Entered into force or came into effect in March 2026 (1)" in text
    assert "19 U.S.C. 1628; 6 U.S.C. 203" in text
    assert "26 March 2026" in text and "Made 10 April 2026" in text
    assert made["mou"].reference not in text


def test_an_attache_sees_the_report_of_their_countries_only(app, world, made):
    client = signed_in(app, world["mexico"])
    html = page(client, "?month=2026-03")
    assert [r[0] for r in section_rows(html, "concluded")] == [made["mexico"].reference]
    assert "The agreements of the countries Attaché Office Mexico City covers: Mexico." in visible_text(
        client.get("/reports/monthly?month=2026-03")
    )
    exported = client.get("/reports/monthly.csv?month=2026-03").get_data(as_text=True)
    assert made["mexico"].reference in exported and made["cmaa"].reference not in exported
    pdf = client.get("/reports/monthly.pdf?month=2026-03")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert made["mexico"].reference in text and made["cmaa"].reference not in text


@pytest.mark.parametrize("month", ["2026-13", "March", "26-03"])
def test_a_month_that_cannot_be_read_is_named_on_the_form(app, world, clock, month):
    client = signed_in(app, world["pm"])
    response = client.get(f"/reports/monthly?month={month}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'aria-describedby="report-month-error" aria-invalid="true"' in html
    assert "Give the month as YYYY-MM, e.g. 2026-04" in unescape(html)
    for download in ("csv", "pdf"):
        refused = client.get(f"/reports/monthly.{download}?month={month}")
        assert refused.status_code == 422 and "YYYY-MM" in visible_text(refused)


def test_the_menu_links_the_report_for_every_role(app, world, clock):
    for who in ("pm", "la", "moscow", "admin"):
        html = page(signed_in(app, world[who]))
        assert '<a href="/reports/monthly" aria-current="page">Monthly report</a>' in html, who

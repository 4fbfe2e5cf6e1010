"""One CSV cell as a spreadsheet user reads it: ISO 8601 dates in UTC, yes/no, lists joined, and no cell that a
spreadsheet would run as a formula (OWASP CSV injection), numbers left as numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.services.export import cell, csv_lines


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        ("", ""),
        ("Customs Mutual Assistance", "Customs Mutual Assistance"),
        (True, "yes"),
        (False, "no"),
        (0, "0"),
        (-3, "-3"),
        (2.5, "2.5"),
        (dt.date(2026, 4, 10), "2026-04-10"),
        (dt.datetime(2026, 4, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))), "2026-04-10T06:30:00Z"),
        (["customs", "training"], "customs; training"),
        ([], ""),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("-3", "-3"),  # a number written as text stays a number
        (["=1+1", "ok"], "'=1+1; ok"),
    ],
)
def test_a_cell_reads_as_meant_and_never_runs(value, expected):
    assert cell(value) == expected


def test_the_lines_start_with_a_byte_order_mark_and_end_in_crlf():
    lines = list(csv_lines(["a", "b"], [["x, y", None]]))
    assert lines == ["\ufeffa,b\r\n", '"x, y",\r\n']

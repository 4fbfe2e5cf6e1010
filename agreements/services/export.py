"""Lists as CSV: streamed row by row, ISO 8601 dates, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP, CSV
# injection): it is written with a leading apostrophe, which they show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)


def cell(value: Any) -> str:
    """One value as a CSV cell: dates in ISO 8601, None empty, lists joined, formulas neutralised."""
    kind = type(value)  # exact types first: a cell is most often text, and this runs for every cell of 100,000 rows
    if kind is str:
        text = value
    elif value is None:
        return ""
    elif kind is bool:
        return "yes" if value else "no"
    elif kind is int or kind is float:
        return str(value)  # a number is never a formula, even a negative one
    elif isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    elif isinstance(value, dt.date):
        return value.isoformat()
    elif isinstance(value, list | tuple):
        text = "; ".join(cell(v) for v in value)
    else:
        text = str(value)
    if text[:1] in _FORMULA_FIRST and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """-3 or +2.5 are numbers, not formulas."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header and each row as CSV text, one line at a time (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: Iterable[Any]) -> str:
        writer.writerow([cell(v) for v in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(header)  # the byte-order mark makes Excel read UTF-8
    for row in rows:
        yield line(row)

"""CSV cells in and out: formula-injection-safe writing, tolerant reading (docs/csv.md).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return) as a formula (OWASP "CSV injection"). Every text cell written that starts with
one of them gets a leading apostrophe, which spreadsheets show as text; the import removes that
one apostrophe again, so an exported file can be re-imported unchanged.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo ``safe_cell``: a leading apostrophe before a formula trigger is dropped."""
    if len(value) >= 2 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def csv_chunks(header: list[str], chunks: Iterable[Iterable[Iterable[Any]]]) -> Iterator[bytes]:
    """The header, then one encoded block per chunk of rows (UTF-8, CRLF as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield buffer.getvalue().encode()
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([safe_cell(value) for value in row] for row in rows)
        yield buffer.getvalue().encode()

"""Writing export files: CSV (UTF-8 with BOM, comma) and XLSX (streamed, every cell text).

Both formats escape formula-like text with a leading ``'`` (see :mod:`.cells`), so a value
such as ``=HYPERLINK(...)`` is shown as text and re-imports as exactly the stored value.

CSV uses a comma, not the semicolon that Indonesian-locale Excel writes: the importer reads
both, a comma file is what other tools expect, and Excel opens a UTF-8 BOM CSV correctly
(use the XLSX export when in doubt). XLSX is written by xlsxwriter in constant-memory mode
with the text number format ``@`` on every cell, so Excel never turns an 18-digit NIP into
``1.98609E+17`` when the file is edited and saved again.
"""

import codecs
import csv
import io
from collections.abc import Iterable, Sequence

from .cells import escape_formula

FORMATS = ("csv", "xlsx")


def write_table(
    fmt: str, headers: Sequence[str], rows: Iterable[Sequence[str]], *, title: str
) -> bytes:
    """The file for ``fmt`` (``"csv"`` or ``"xlsx"``); raises ``ValueError`` for other formats."""
    if fmt == "csv":
        return write_csv(headers, rows)
    if fmt == "xlsx":
        return write_xlsx(headers, rows, title=title)
    raise ValueError(f"unknown export format {fmt!r}; use one of {FORMATS}")


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([escape_formula(value) for value in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[str]], *, title: str) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_numbers": False})
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"num_format": "@", "bold": True})
    sheet = workbook.add_worksheet(title[:31] or "data")
    sheet.set_column(0, max(len(headers) - 1, 0), 22, text)
    sheet.freeze_panes(1, 0)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    for row_number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value:
                sheet.write_string(row_number, col, escape_formula(value), text)
    workbook.close()
    return output.getvalue()

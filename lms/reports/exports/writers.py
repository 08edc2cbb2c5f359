"""Streamed writers of the report exports: XLSX, CSV (docs/architecture.md, "Reports").

Both take rows one at a time and keep nothing of them: the XLSX writer is xlsxwriter in
``constant_memory`` mode (each row is flushed to a temporary file as soon as the next one
starts; the ZIP is assembled at ``close``), the CSV writer writes each row to the output
stream. Memory therefore stays constant whatever the number of rows (docs/quality.md P9).

Cells by column kind (:class:`Column`): ``text`` (every text value goes through
:func:`lms.core.exports.formula_safe`, the project's one formula-injection guard: a value
starting with ``= + - @``, TAB or CR gets a leading ``'``; XLSX text is also written with
``write_string``, never parsed as a formula or number, so an 18-digit NIP stays text), ``int``,
``dec`` (one decimal), ``dec2``, ``pct`` (a fraction 0..1: an XLSX percentage, a CSV number in
%), ``date`` (XLSX date cell shown ``dd-mm-yyyy``, CSV ``dd-mm-yyyy``).

CSV dialect: UTF-8 with a BOM (so Excel detects UTF-8), ``;`` between fields and a decimal
comma (``12,5``): what Excel in an Indonesian locale opens into columns and numbers directly;
``lms_import`` reads ``;`` too. An XLSX sheet holds at most 1,048,576 rows: a longer table
continues on a sheet with the same headers named ``<title> (2)``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from lms.core.exports import formula_safe

XLSX_MAX_ROWS = 1_048_576
CSV_DELIMITER = ";"
SHEET_TITLE_MAX = 31


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) gettext string, evaluated when written
    kind: str = "text"  # text, int, dec, dec2, pct, date
    width: int = 14


def _number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def csv_value(value, kind: str) -> str:
    """One CSV field (see the module docstring)."""
    if value is None:
        return ""
    if kind == "text":
        return formula_safe(str(value))
    if kind == "date":
        return value.strftime("%d-%m-%Y")
    if kind == "int":
        return str(int(value))
    number = float(value)
    if kind == "pct":
        number, places = 100.0 * number, 1
    else:
        places = 2 if kind == "dec2" else 1
    return f"{number:.{places}f}".replace(".", ",")


class CsvBook:
    """One table (the kind's main sheet) as CSV; ``multi_sheet`` is False, so a kind writes its
    secondary sheets to XLSX only."""

    multi_sheet = False
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def __init__(self, output: IO[bytes]):
        output.write(codecs.BOM_UTF8)
        self._text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
        self._writer = csv.writer(self._text, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        self._used = False

    def sheet(self, title, columns: list[Column]) -> CsvSheet:
        if self._used:
            raise RuntimeError("a CSV file holds one table")
        self._used = True
        self._writer.writerow([formula_safe(str(column.header)) for column in columns])
        return CsvSheet(self._writer, columns)

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # leave the caller's stream open


class CsvSheet:
    def __init__(self, writer, columns: list[Column]):
        self._writer, self._kinds = writer, [column.kind for column in columns]

    def row(self, values) -> None:
        self._writer.writerow(
            [csv_value(value, kind) for value, kind in zip(values, self._kinds, strict=True)]
        )


class XlsxBook:
    """An XLSX workbook in constant memory; sheets are written one after the other."""

    multi_sheet = True
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self, output: IO[bytes]):
        self.book = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        add = self.book.add_format
        self.formats = {
            "header": add(
                {
                    "bold": True,
                    "bg_color": "#DDE5EE",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),  # fmt: skip
            "title": add({"bold": True, "font_size": 13}),
            "bold": add({"bold": True}),
            "text": None,
            "int": add({"num_format": "0"}),
            "dec": add({"num_format": "0.0"}),
            "dec2": add({"num_format": "0.00"}),
            "pct": add({"num_format": "0.0%"}),
            "date": add({"num_format": "dd-mm-yyyy"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
        }
        self._titles: set[str] = set()
        self._sheets: list[XlsxSheet] = []

    def unique_title(self, title) -> str:
        base = str(title).translate(str.maketrans("[]:*?/\\", "(). ---"))[:SHEET_TITLE_MAX]
        name, n = base, 1
        while name.lower() in self._titles:
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        self._titles.add(name.lower())
        return name

    def worksheet(self, title):
        return self.book.add_worksheet(self.unique_title(title))

    def sheet(self, title, columns: list[Column]) -> XlsxSheet:
        sheet = XlsxSheet(self, title, columns)
        self._sheets.append(sheet)
        return sheet

    def text(self, sheet, row: int, col: int, value, style: str | None = None) -> None:
        """A text cell, formula-safe."""
        if value is None or value == "":
            return
        sheet.write_string(row, col, formula_safe(str(value)), self.formats.get(style or "text"))

    def close(self) -> None:
        for sheet in self._sheets:
            sheet.finish()
        self.book.close()


class XlsxSheet:
    """A table: a header row (frozen, with a filter), then one :meth:`row` at a time."""

    def __init__(self, book: XlsxBook, title, columns: list[Column]):
        self._book, self._title, self._columns = book, title, columns
        self._kinds = [column.kind for column in columns]
        self._writers = [self._writer(kind) for kind in self._kinds]
        self._start()

    def _start(self) -> None:
        sheet = self._sheet = self._book.worksheet(self._title)
        header = self._book.formats["header"]
        for col, column in enumerate(self._columns):
            sheet.set_column(col, col, column.width)
            sheet.write_string(0, col, formula_safe(str(column.header)), header)
        sheet.freeze_panes(1, 0)
        self._row = 1

    def _writer(self, kind: str):
        formats = self._book.formats
        if kind == "text":

            def write(sheet, row, col, value):
                sheet.write_string(row, col, formula_safe(str(value)))

        elif kind == "date":
            style = formats["date"]

            def write(sheet, row, col, value):
                if isinstance(value, datetime.datetime):
                    value = value.date()
                sheet.write_datetime(row, col, value, style)

        else:
            style = formats[kind]

            def write(sheet, row, col, value):
                sheet.write_number(row, col, _number(value), style)

        return write

    def row(self, values) -> None:
        if self._row >= XLSX_MAX_ROWS:
            self.finish()
            self._start()
        sheet, row = self._sheet, self._row
        for col, (value, write) in enumerate(zip(values, self._writers, strict=True)):
            if value is not None and value != "":
                write(sheet, row, col, value)
        self._row += 1

    def finish(self) -> None:
        """The filter over the rows written (called by the book's ``close``)."""
        if self._row > 1:
            self._sheet.autofilter(0, 0, self._row - 1, len(self._columns) - 1)


BOOKS = {"xlsx": XlsxBook, "csv": CsvBook}

"""Tabular imports (CSV/XLSX): read, find and map the header row, clean every row.

An app describes one kind of data with a :class:`TableHandler` subclass (its columns and
aliases, how to clean one row, how to write the validated rows, how to export). This module
does the tabular part, the same way for every kind:

1. read the file (:mod:`.reading`), find the header row and map its headers to canonical
   columns (:mod:`.headers`: aliases, personal-data and unknown columns dropped with a note);
2. clean every row into a :class:`Plan` (``create``/``update``/``unchanged``) or row errors.

Duplicates inside the file, counts, the dry run and the all-or-nothing commit are the shared
pipeline's (:mod:`.pipeline`), as for the non-tabular sources (:mod:`.items`).
"""

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from .cells import normalize_cell, unescape_formula
from .headers import PERSONAL_DATA_HEADERS, Column, find_header, map_headers
from .pipeline import Handler, PipelineRun, Plan, RunContext, execute
from .reading import (
    SNIFF_ROWS,
    CsvSyntaxError,
    ErrorCell,
    FormulaCell,
    max_rows,
    open_table,
)
from .report import ImportReport, UnreadableFile
from .writing import write_table

__all__ = ["Column", "Plan", "Row", "RunContext", "TableHandler", "export_table", "run_table"]


class Row:
    """One data row: normalised text per canonical column present in the file."""

    __slots__ = ("number", "values", "display", "key", "_ctx", "failed")

    def __init__(self, number: int, values: dict[str, str], ctx: RunContext) -> None:
        self.number = number
        self.values = values
        self.display: dict[str, str] = {}
        self.key: Hashable | None = None  # set by the handler for duplicate detection
        self._ctx = ctx
        self.failed = False

    def has(self, column: str) -> bool:
        """The column is present in the file (its cell may still be empty)."""
        return column in self.values

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def error(self, column: str, code: str, message: str) -> None:
        self.failed = True
        self._ctx.error(self.number, column, code, message)

    def out_of_scope(self, column: str, message: str) -> None:
        self.failed = True
        self._ctx.out_of_scope(self.number, column, message)


class TableHandler(Handler):
    """Describes one tabular kind. A fresh instance serves one run (it may cache lookups).

    Subclasses set :attr:`name`, :attr:`label`, :attr:`columns`, :attr:`key_columns` and
    implement :meth:`prepare`, :meth:`clean`, :meth:`write` and :meth:`export_rows`.
    """

    name: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    key_columns: ClassVar[tuple[str, ...]] = ()
    ignored_headers: ClassVar[frozenset[str]] = PERSONAL_DATA_HEADERS

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        """Validate one row; report problems through ``row.error`` and return None, or
        return its :class:`Plan`. Must not write to the database."""
        raise NotImplementedError

    def duplicate_error(self, row: int, others: str) -> tuple[str, str]:
        """The generic message, on the first key column."""
        _column, message = super().duplicate_error(row, others)
        return (self.key_columns[0] if self.key_columns else ""), message

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        """Rows of :meth:`template_columns` values for what ``user`` may see (None = all)."""
        raise NotImplementedError

    @classmethod
    def next_steps(cls, user: Any) -> list[tuple[str, str]]:
        """See ``ImportKind.next_steps``: none unless a kind says so."""
        return []

    @classmethod
    def template_columns(cls) -> list[str]:
        return [column.name for column in cls.columns if column.template]

    @classmethod
    def known_header_keys(cls) -> set[str]:
        return {key for column in cls.columns for key in column.priority}


def run_table(
    handler: TableHandler,
    data: bytes,
    filename: str,
    *,
    user: Any,
    commit: bool,
    options: Mapping[str, Any] | None = None,
) -> ImportReport:
    """Run one tabular import (see :mod:`.pipeline`). Raises :class:`UnreadableFile`."""
    table = open_table(data, filename, handler.known_header_keys())
    try:
        return execute(
            lambda: _run(handler, table, filename, user=user, commit=commit, options=options),
            kind=handler.name,
            user=user,
            commit=commit,
        )
    finally:
        table.close()


def _numbered(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    yield from enumerate(rows, start=1)


def _run(
    handler: TableHandler,
    table,
    filename: str,
    *,
    user: Any,
    commit: bool,
    options: Mapping[str, Any] | None,
) -> ImportReport:
    columns = list(handler.columns)
    template = handler.template_columns()
    run = PipelineRun(
        handler,
        kind=handler.name,
        filename=filename,
        user=user,
        columns=template,
        notes=list(table.notes),
        options=options,
    )
    ctx, report = run.ctx, run.report
    rows = _numbered(table.rows)
    buffered: list[tuple[int, list[str]]] = []
    try:
        for number, cells in rows:
            buffered.append((number, cells))
            if len(buffered) >= SNIFF_ROWS:
                break
    except CsvSyntaxError as error:
        ctx.error(error.row, "", "csv_syntax", _csv_message(error))
        return report
    header_at = find_header(buffered, columns)
    if header_at is None:
        raise UnreadableFile("empty", _("Berkas tidak berisi data (semua baris kosong)."))
    header_number, header_cells = buffered[header_at]
    index = map_headers(
        header_number, header_cells, columns, handler.ignored_headers, ctx, report.notes
    )
    if ctx.errors:
        return report

    handler.prepare(ctx)
    limit = max_rows()

    def data_rows() -> Iterator[tuple[int, list[str]]]:
        yield from buffered[header_at + 1 :]
        yield from rows

    seen_after_header = 0
    try:
        for number, cells in data_rows():
            seen_after_header += 1
            if seen_after_header > limit:
                ctx.error(
                    number,
                    "",
                    "too_many_rows",
                    _(
                        "Berkas berisi lebih dari %(limit)s baris data; pembacaan dihentikan di "
                        "baris ini. Bagi data menjadi beberapa berkas (hapus juga baris kosong "
                        "di bagian bawah)."
                    )
                    % {"limit": f"{limit:,}".replace(",", ".")},
                )
                break
            if not cells:
                continue
            row = _make_row(number, cells, index, ctx)
            if row is None:  # every mapped cell blank: a blank row
                continue
            plan = None if row.failed else handler.clean(row, ctx)
            key = row.key if row.key is not None else getattr(plan, "key", None)
            run.add(number, None if row.failed else plan, key)
            if run.wants_preview():
                preview = {
                    name: str(row.display.get(name, row.get(name)) or "") for name in template
                }
                preview["_row"] = str(number)
                report.preview.append(preview)
    except CsvSyntaxError as error:
        ctx.error(error.row, "", "csv_syntax", _csv_message(error))

    return run.conclude(
        commit=commit,
        order=lambda error: (error.row, _column_order(error.column, index, ctx)),
        conflict_row=header_number,
    )


def _csv_message(error: CsvSyntaxError) -> str:
    return _(
        'Struktur CSV rusak mulai baris ini: tanda kutip (") tidak seimbang atau ada teks '
        "setelah kutip penutup (%(detail)s). Periksa sel yang diawali tanda kutip; baris "
        "sesudahnya tidak dibaca."
    ) % {"detail": error.detail}


def _column_order(header: str, index: dict[str, int], ctx: RunContext) -> int:
    for column, written in ctx.headers.items():
        if written == header and column in index:
            return index[column]
    return -1


def _make_row(number: int, cells: list[str], index: dict[str, int], ctx: RunContext) -> Row | None:
    values: dict[str, str] = {}
    problems: list[tuple[str, str, str]] = []
    for name, position in index.items():
        raw = cells[position] if position < len(cells) else ""
        if isinstance(raw, FormulaCell):
            problems.append(
                (
                    name,
                    "formula",
                    _(
                        "Sel berisi rumus Excel (%(formula)s), bukan nilai. Salin kolom lalu "
                        "tempel sebagai nilai (Paste Special > Values) sebelum mengimpor."
                    )
                    % {"formula": normalize_cell(raw)[:60]},
                )
            )
            values[name] = normalize_cell(raw)
            continue
        if isinstance(raw, ErrorCell):
            problems.append(
                (
                    name,
                    "cell_error",
                    _("Sel berisi galat Excel %(value)s; perbaiki nilainya.") % {"value": raw},
                )
            )
            values[name] = normalize_cell(raw)
            continue
        values[name] = unescape_formula(normalize_cell(raw))
    if not any(values.values()):
        return None
    row = Row(number, values, ctx)
    for name, code, message in problems:
        row.error(name, code, message)
    return row


def export_table(handler: TableHandler, fmt: str, *, user: Any) -> bytes:
    """The kind's data that ``user`` may see (None = all) as ``fmt`` with canonical headers."""
    return write_table(
        fmt, handler.template_columns(), handler.export_rows(user), title=handler.name
    )

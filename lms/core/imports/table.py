"""The generic pipeline for tabular imports: read, map headers, validate every row, then
write everything or nothing.

An app describes one kind of data with a :class:`TableHandler` subclass (its columns and
aliases, how to clean one row, how to write the validated rows, how to export). This module
does the rest, the same way for every kind:

1. read the file (:mod:`.reading`), find the header row (the first of the first 10 rows that
   has every required column; so a title block above the table is fine);
2. map headers to canonical columns through the aliases, compared without case, spaces,
   underscores or hyphens (``NIP_BARU`` = ``nip baru``); an identical header twice is an error,
   two *different* aliases of one column pick the preferred one (with a note); personal-data
   columns (NIK, NPWP, AGAMA, ALAMAT, ...) and unknown columns are dropped with a note and
   never reach the handler, the preview or the database;
3. clean every row into a :class:`Plan` (``create``/``update``/``unchanged``) or row errors,
   then report every key that occurs in more than one row (all of those rows);
4. dry run (``commit=False``): return the report; nothing is written, not even a savepoint.
   Commit: only if there is no error at all, inside one transaction.
"""

import logging
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .cells import header_key, normalize_cell, unescape_formula
from .reading import (
    SNIFF_ROWS,
    CsvSyntaxError,
    ErrorCell,
    FormulaCell,
    max_rows,
    open_table,
)
from .report import ImportReport, RowError, UnreadableFile
from .writing import write_table

logger = logging.getLogger("lms.imports")

PREVIEW_ROWS = 50

# Personal data that HR exports carry but this platform must never store (UU 27/2022 data
# minimisation; domain.md §4.3, §4.7). Compared with ``header_key``.
PERSONAL_DATA_HEADERS = frozenset(
    header_key(name)
    for name in (
        "nik", "no_ktp", "nomor_ktp", "ktp", "npwp", "npwp_nomor", "nomor_npwp", "no_npwp",
        "agama", "agama_id", "agama_nama", "alamat", "alamat_rumah", "alamat_domisili",
        "jenis_kawin_id", "jenis_kawin_nama", "status_kawin", "status_perkawinan",
        "bpjs", "nomor_bpjs", "no_bpjs", "nomor_hp", "no_hp", "hp", "telepon", "nomor_telepon",
        "tempat_lahir", "tempat_lahir_id", "tempat_lahir_nama", "tanggal_lahir", "tgl_lahir",
        "nama_ibu", "nama_ibu_kandung", "ibu_kandung", "no_kk", "nomor_kk", "kk",
        "golongan_darah", "gol_darah", "no_rekening", "nomor_rekening", "rekening",
        "kartu_asn_virtual", "nip_lama",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One canonical column of a kind.

    ``aliases`` are other accepted headers. When a file has several headers that map to this
    column, the first in :attr:`priority` wins: the canonical name, then the aliases in
    order (``prefer_aliases=True`` puts the aliases first, e.g. ``EMAIL_GOV`` over ``EMAIL``).
    ``alternatives`` name other columns that satisfy ``required`` (a name instead of a code).
    ``template=False`` columns are accepted on import but not part of the template/export.
    """

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    alternatives: tuple[str, ...] = ()
    template: bool = True
    prefer_aliases: bool = False

    @property
    def priority(self) -> tuple[str, ...]:
        headers = (*self.aliases, self.name) if self.prefer_aliases else (self.name, *self.aliases)
        return tuple(dict.fromkeys(header_key(h) for h in headers))


@dataclass
class Plan:
    """What one valid row will do. ``key`` identifies the record for duplicate detection."""

    row: int
    action: str  # "create", "update" or "unchanged"
    key: Hashable
    payload: Any = None


@dataclass
class RunContext:
    """Per-run state shared by the pipeline and the handler."""

    kind: str
    user: Any
    scope: frozenset[int] | None  # OPD ids the user may write; None = all
    headers: dict[str, str]  # canonical column -> header as written in the file
    errors: list[RowError] = field(default_factory=list)
    rows_with_errors: set[int] = field(default_factory=set)

    def header(self, column: str) -> str:
        return self.headers.get(column, column)

    def error(self, row: int, column: str, code: str, message: str) -> None:
        """Record an error; ``column`` is canonical ("" for the whole row)."""
        self.errors.append(RowError(row, self.header(column) if column else "", code, str(message)))
        self.rows_with_errors.add(row)

    def out_of_scope(self, row: int, column: str, message: str) -> None:
        """Reject a row that touches data outside the user's OPD scope, and log it."""
        self.error(row, column, "out_of_scope", message)
        logger.warning(
            "import row outside the user's OPD scope rejected: user_id=%s kind=%s row=%s column=%s",
            getattr(self.user, "pk", None),
            self.kind,
            row,
            self.header(column),
        )

    def in_scope(self, opd_id: int | None) -> bool:
        return self.scope is None or (opd_id is not None and opd_id in self.scope)


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


class TableHandler:
    """Describes one tabular kind. A fresh instance serves one run (it may cache lookups).

    Subclasses set :attr:`name`, :attr:`label`, :attr:`columns`, :attr:`key_columns` and
    implement :meth:`prepare`, :meth:`clean`, :meth:`write` and :meth:`export_rows`.
    """

    name: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    key_columns: ClassVar[tuple[str, ...]] = ()
    ignored_headers: ClassVar[frozenset[str]] = PERSONAL_DATA_HEADERS

    def scope_ids(self, user: Any) -> frozenset[int] | None:
        """OPD ids ``user`` may import into (None = all). Apps override this with their
        scope selector; the default refuses everything, so a forgotten override is safe."""
        return frozenset()

    def prepare(self, ctx: RunContext) -> None:
        """Load the lookups needed to validate rows (a few queries, no writes)."""

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        """Validate one row; report problems through ``row.error`` and return None, or
        return its :class:`Plan`. Must not write to the database."""
        raise NotImplementedError

    def finish(self, plans: list[Plan], ctx: RunContext) -> None:
        """Checks that need every row (e.g. a parent defined further down the file)."""

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        """Apply the plans; runs inside a transaction and only when there is no error."""
        raise NotImplementedError

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        """Rows of :meth:`template_columns` values for what ``user`` may see (None = all)."""
        raise NotImplementedError

    @classmethod
    def template_columns(cls) -> list[str]:
        return [column.name for column in cls.columns if column.template]

    @classmethod
    def known_header_keys(cls) -> set[str]:
        return {key for column in cls.columns for key in column.priority}


def run_table(
    handler: TableHandler, data: bytes, filename: str, *, user: Any, commit: bool
) -> ImportReport:
    """Run one import (see the module docstring). Raises :class:`UnreadableFile`."""
    table = open_table(data, filename, handler.known_header_keys())
    try:
        if commit:
            with transaction.atomic():
                report = _run(handler, table, filename, user=user, commit=True)
                if not report.committed:
                    transaction.set_rollback(True)
        else:
            report = _run(handler, table, filename, user=user, commit=False)
    finally:
        table.close()
    if report.committed:
        logger.info(
            "import committed: user_id=%s kind=%s file=%r rows=%s created=%s updated=%s",
            getattr(user, "pk", None),
            handler.name,
            filename,
            report.total_rows,
            report.created,
            report.updated,
        )
    return report


def _numbered(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    yield from enumerate(rows, start=1)


def _run(handler: TableHandler, table, filename: str, *, user: Any, commit: bool) -> ImportReport:
    columns = list(handler.columns)
    template = handler.template_columns()
    notes = list(table.notes)
    scope = None if user is None else handler.scope_ids(user)
    ctx = RunContext(kind=handler.name, user=user, scope=scope, headers={})
    report = ImportReport(
        kind=handler.name,
        filename=filename,
        total_rows=0,
        valid_rows=0,
        created=0,
        updated=0,
        errors=ctx.errors,
        committed=False,
        preview=[],
        columns=template,
        notes=notes,
    )
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
    header_at = _find_header(buffered, columns)
    if header_at is None:
        raise UnreadableFile("empty", _("Berkas tidak berisi data (semua baris kosong)."))
    header_number, header_cells = buffered[header_at]
    index = _map_headers(header_number, header_cells, columns, handler, ctx, notes)
    if ctx.errors:
        return report

    handler.prepare(ctx)
    plans: list[Plan] = []
    keys: dict[Hashable, list[int]] = {}
    data_numbers: set[int] = set()
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
            report.total_rows += 1
            data_numbers.add(number)
            plan = None if row.failed else handler.clean(row, ctx)
            if plan is not None and not row.failed:
                plans.append(plan)
            key = row.key if row.key is not None else getattr(plan, "key", None)
            if key is not None:
                keys.setdefault(key, []).append(number)
            if len(report.preview) < PREVIEW_ROWS:
                preview = {
                    name: str(row.display.get(name, row.get(name)) or "") for name in template
                }
                preview["_row"] = str(number)
                report.preview.append(preview)
    except CsvSyntaxError as error:
        ctx.error(error.row, "", "csv_syntax", _csv_message(error))

    _report_duplicates(keys, handler, ctx)
    handler.finish(plans, ctx)
    good = [plan for plan in plans if plan.row not in ctx.rows_with_errors]
    report.valid_rows = len(data_numbers - ctx.rows_with_errors)
    report.created = sum(plan.action == "create" for plan in good)
    report.updated = sum(plan.action == "update" for plan in good)
    report.unchanged = sum(plan.action == "unchanged" for plan in good)
    ctx.errors.sort(key=lambda error: (error.row, _column_order(error.column, index, ctx)))
    if report.total_rows == 0 and not ctx.errors:
        notes.append(_("Berkas tidak berisi baris data; tidak ada yang diimpor."))
    if ctx.errors or not commit:
        return report
    try:
        with transaction.atomic():
            handler.write(good, ctx)
    except IntegrityError:
        logger.exception("import write conflict: kind=%s file=%r", handler.name, filename)
        ctx.error(
            header_number,
            "",
            "write_conflict",
            _(
                "Data berubah saat impor sedang disimpan (mis. impor lain berjalan bersamaan); "
                "tidak ada yang disimpan. Ulangi impor."
            ),
        )
        return report
    report.committed = True
    return report


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


def _find_header(buffered: list[tuple[int, list[str]]], columns: list[Column]) -> int | None:
    """Index in ``buffered`` of the header row (see module docstring)."""
    known = {key: column for column in columns for key in column.priority}
    best, best_score, first = None, 0, None
    for position, (_number, cells) in enumerate(buffered):
        keys = {header_key(cell) for cell in cells} - {""}
        if not keys:
            continue
        if first is None:
            first = position
        present = {known[key].name for key in keys if key in known}
        if all(_satisfied(column, present) for column in columns if column.required):
            return position
        if len(present) > best_score:
            best, best_score = position, len(present)
    return best if best is not None else first


def _satisfied(column: Column, present: set[str]) -> bool:
    return column.name in present or any(alt in present for alt in column.alternatives)


def _map_headers(
    header_number: int,
    cells: list[str],
    columns: list[Column],
    handler: TableHandler,
    ctx: RunContext,
    notes: list[str],
) -> dict[str, int]:
    """Canonical column -> cell index; fills ``ctx.headers``; reports header errors."""
    by_key: dict[str, tuple[Column, int]] = {}
    for column in columns:
        for rank, key in enumerate(column.priority):
            by_key[key] = (column, rank)
    seen: dict[str, str] = {}
    chosen: dict[str, tuple[int, int, str]] = {}  # column -> (rank, index, written header)
    personal, unknown, shadowed = [], [], []
    for position, raw in enumerate(cells):
        written = normalize_cell(raw)
        key = header_key(written)
        if not key:
            continue
        if key in seen:
            ctx.errors.append(
                RowError(
                    header_number,
                    written,
                    "duplicate_column",
                    _(
                        'Kolom "%(header)s" muncul lebih dari sekali (juga "%(first)s"). '
                        "Hapus salah satunya."
                    )
                    % {"header": written, "first": seen[key]},
                )
            )
            continue
        seen[key] = written
        if key in by_key:
            column, rank = by_key[key]
            current = chosen.get(column.name)
            if current is None or rank < current[0]:
                if current is not None:
                    shadowed.append(current[2])
                chosen[column.name] = (rank, position, written)
            else:
                shadowed.append(written)
        elif key in handler.ignored_headers:
            personal.append(written)
        else:
            unknown.append(written)
    for name, (_rank, _position, written) in chosen.items():
        ctx.headers[name] = written
    present = set(chosen)
    for column in columns:
        if column.required and not _satisfied(column, present):
            ctx.errors.append(
                RowError(
                    header_number,
                    column.name,
                    "missing_column",
                    _(
                        'Kolom wajib "%(name)s" (%(label)s) tidak ditemukan di baris judul '
                        "(baris %(row)s). Tambahkan kolom itu atau perbaiki nama judulnya; "
                        "templat berisi nama kolom yang benar."
                    )
                    % {"name": column.name, "label": column.label, "row": header_number},
                )
            )
    if personal:
        notes.append(
            _("Kolom data pribadi berikut diabaikan dan tidak disimpan: %(columns)s.")
            % {"columns": ", ".join(personal)}
        )
    if unknown:
        notes.append(
            _("Kolom yang tidak dikenal diabaikan: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    if shadowed:
        notes.append(
            _(
                "Kolom berikut diabaikan karena kolom lain dengan arti yang sama dipakai: "
                "%(columns)s."
            )
            % {"columns": ", ".join(shadowed)}
        )
    if header_number > 1:
        notes.append(_("Baris judul kolom ditemukan di baris %(row)s.") % {"row": header_number})
    return {name: position for name, (_rank, position, _written) in chosen.items()}


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


def _report_duplicates(
    rows_by_key: dict[Hashable, list[int]], handler: TableHandler, ctx: RunContext
) -> None:
    column = handler.key_columns[0] if handler.key_columns else ""
    for rows in rows_by_key.values():
        if len(rows) < 2:
            continue
        for row in rows:
            others = ", ".join(str(other) for other in rows if other != row)
            ctx.error(
                row,
                column,
                "duplicate_in_file",
                _(
                    "Data ini muncul lebih dari sekali dalam berkas (juga di baris %(rows)s). "
                    "Sisakan satu baris saja."
                )
                % {"rows": others},
            )


def export_table(handler: TableHandler, fmt: str, *, user: Any) -> bytes:
    """The kind's data that ``user`` may see (None = all) as ``fmt`` with canonical headers."""
    return write_table(
        fmt, handler.template_columns(), handler.export_rows(user), title=handler.name
    )

"""The header row of a table, and what its headers mean.

:func:`find_header` picks the header row: the first of the first 10 rows that has every
required column (so a title block above the table is fine). :func:`map_headers` maps headers
to canonical :class:`Column` names through the aliases, compared without case, spaces,
underscores or hyphens (``NIP_BARU`` = ``nip baru``); an identical header twice is an error,
two *different* aliases of one column pick the preferred one (with a note); personal-data
columns (NIK, NPWP, AGAMA, ALAMAT, ...) and unknown columns are dropped with a note and never
reach the handler, the preview or the database.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .cells import header_key, normalize_cell
from .pipeline import RunContext
from .report import RowError

# Personal data that HR exports carry but this platform must never store (UU 27/2022 data
# minimisation; docs/domain.md §4.3, §4.7). Compared with ``header_key``.
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


def find_header(buffered: list[tuple[int, list[str]]], columns: list[Column]) -> int | None:
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
        if all(satisfied(column, present) for column in columns if column.required):
            return position
        if len(present) > best_score:
            best, best_score = position, len(present)
    return best if best is not None else first


def satisfied(column: Column, present: set[str]) -> bool:
    return column.name in present or any(alt in present for alt in column.alternatives)


def map_headers(
    header_number: int,
    cells: list[str],
    columns: list[Column],
    ignored: frozenset[str],
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
        elif key in ignored:
            personal.append(written)
        else:
            unknown.append(written)
    for name, (_rank, _position, written) in chosen.items():
        ctx.headers[name] = written
    present = set(chosen)
    for column in columns:
        if column.required and not satisfied(column, present):
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

"""The report kinds and what each writes (docs/interfaces.md ``lms_report``; the figures are the
selectors' of :mod:`lms.reports.selectors`, nothing is recomputed here).

=============  ==========  ===================================================================
kind           formats     contents
=============  ==========  ===================================================================
gap            xlsx, csv   person × required competency (required, attained with source and
                           date, reported but untrusted, gap); the XLSX starts with the heat
                           map (OPD × competency) and the summary
gap-summary    xlsx, csv   the OPD × competency summary (XLSX: heat map + table)
jpm            xlsx, csv   JPM per person with its category
jp             xlsx, csv   JP per person (path, source, status); the XLSX starts with the OPD
                           summary
jp-summary     xlsx, csv   JP compliance per OPD (PNS ≥ 20 JP, PPPK against 24 JP, 0 JP, JP
                           per path and source)
completion     xlsx, csv   per OPD × course: enrolled, completed, pre/post and Hake's gain
akpk           xlsx, csv   AKPK sheet: one line per person × competency below its level
siasn          xlsx, csv   SIASN riwayat kursus, in its field order
summary        pdf         the report of an OPD (or of every OPD in scope) with its charts
=============  ==========  ===================================================================

The summary kinds (``gap-summary``, ``jp-summary``, ``summary``) of a past year read its last
monthly snapshot, as the dashboard and the API do (``selectors.snapshots``); the detail kinds
and the summary sheets inside them are live, so a file never mixes the two.

AKPK mapping (docs/domain.md §1.5; a **[PROPOSAL]**): one line per person × competency whose
trusted level is below the required one (``gap_rows``, ``below``). *Kompetensi yang
dikembangkan*: code, name and "level attained → required". *Bentuk pengembangan*: the published
course of this platform that develops the competency (the lowest target level reaching the
required one, else the highest above the attained one, ``sources.recommended_course``);
*jalur* then is e-learning (non-klasikal), *penyelenggara* the institution's HR unit (the
provider written on the JP ledger for completions), *jadwal* the year after the report's year
(the AKPK plans next year's development, PP 11/2017 Pasal 205), self-paced, and *JP* the
course's. Without such a course the line says so and leaves path, provider and JP for the OPD
to fill in. A gap that untrusted evidence would close is flagged "verifikasi bukti" first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lms.competencies.models import EvidenceSource, JenisDiklat, LearningPath
from lms.competencies.selectors import PNS_JP_TARGET, PPPK_JP_CAP
from lms.people.models import EmployeeType, JenisJabatan

from ..selectors import (
    JPM_LABELS,
    GapSummary,
    JPSummary,
    ReportFilters,
    course_summary,
    gap_rows,
    gap_summary,
    jp_rows,
    jp_summary,
    jpm_rows,
)
from ..selectors.snapshots import gap_summary_for, jp_summary_for
from .writers import Column

PROGRESS_EVERY = 5000
Progress = Callable[[int, int], None]

JP_STATUS = {
    "memenuhi": _l("Memenuhi 20 JP"),
    "belum_memenuhi": _l("Belum 20 JP"),
    "dalam_batas": _l("Dalam batas 24 JP"),
    "melebihi_batas": _l("Melebihi batas 24 JP"),
}


_TRANSLATED: dict[tuple, str] = {}


def _translated(key: tuple, make: Callable[[], str]) -> str:
    """A label translated once per export language, not once per row: gettext on each of
    100,000 rows was a fifth of the per-employee XLSX's time (docs/benchmarks.md)."""
    key = (*key, get_language())
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = make()
    return found


def _label(choices, value) -> str:
    if not value:
        return ""
    if value not in choices.values:
        return str(value)
    return _translated((choices, value), lambda: str(choices(value).label))


def _yes(value: bool) -> str:
    return _translated(("yes", bool(value)), lambda: _("Ya") if value else _("Tidak"))


def _mapped(labels: dict, key: str | None) -> str:
    """``labels[key]`` (lazy gettext) as text, translated once per export."""
    if not key:
        return ""
    return _translated((id(labels), key), lambda: str(labels[key]))


def _jpm_fraction(value: float | None) -> float | None:
    return None if value is None else value / 100.0


# --- The notes sheet ----------------------------------------------------------------------------


def notes_sheet(book, title, filters: ReportFilters, *, source: str = "live", month=None,
                extra: list[tuple[str, str]] = ()) -> None:  # fmt: skip
    """XLSX only: what the file holds (filters, data source, when, rules)."""
    if not book.multi_sheet:
        return
    sheet = book.worksheet(_("Keterangan"))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 90)
    book.text(sheet, 0, 0, title, "title")
    if source == "snapshot" and month:
        data = _("Potret bulanan %(month)s (angka sebagaimana tercatat saat itu)") % {
            "month": month.strftime("%m-%Y")
        }
    else:
        data = _("Data terkini")
    opd = f"{filters.opd.code} {filters.opd.name}" if filters.opd else _("Semua OPD dalam cakupan")
    competency = filters.competency
    lines = [
        (_("Tahun"), str(filters.year)),
        (_("OPD"), opd),
        (_("Jenis jabatan"), _label(JenisJabatan, filters.jenis_jabatan) or _("Semua")),
        (_("Kompetensi"), f"{competency.code} {competency.name}" if competency else _("Semua")),
        (_("Sumber data"), data),
        (_("Dibuat pada"), timezone.localtime().strftime("%d-%m-%Y %H:%M")),
        (_("Dibuat oleh"), filters.viewer.get_username() if filters.viewer else _("operator")),
        *extra,
    ]
    for row, (key, value) in enumerate(lines, start=2):
        book.text(sheet, row, 0, key, "bold")
        book.text(sheet, row, 1, value, "wrap")


# --- Gap --------------------------------------------------------------------------------------


GAP_DETAIL = [
    Column(_l("NIP"), width=20),
    Column(_l("Nama"), width=30),
    Column(_l("Jenis pegawai"), width=12),
    Column(_l("Jabatan"), width=30),
    Column(_l("Kode OPD"), width=12),
    Column(_l("OPD"), width=30),
    Column(_l("Kode kompetensi"), width=12),
    Column(_l("Kompetensi"), width=30),
    Column(_l("Level dibutuhkan"), "int", 10),
    Column(_l("Level dicapai (bukti terpercaya)"), "int", 12),
    Column(_l("Sumber bukti"), width=24),
    Column(_l("Tanggal bukti"), "date", 12),
    Column(_l("Level dilaporkan (belum terpercaya)"), "int", 12),
    Column(_l("Sumber laporan"), width=24),
    Column(_l("Hanya bukti belum terpercaya"), width=12),
    Column(_l("Kesenjangan"), "int", 11),
]

GAP_SUMMARY = [
    Column(_l("Kode OPD"), width=12),
    Column(_l("OPD"), width=30),
    Column(_l("Kode kompetensi"), width=12),
    Column(_l("Kompetensi"), width=30),
    Column(_l("Pegawai yang dibutuhkan"), "int", 12),
    Column(_l("Di bawah level dibutuhkan"), "int", 12),
    Column(_l("Persentase di bawah (%)"), "pct", 12),
    Column(_l("Jumlah level dibutuhkan"), "int", 12),
    Column(_l("Jumlah level dicapai"), "int", 12),
    Column(_l("Rerata kesenjangan"), "dec2", 12),
    Column(_l("JPM (%)"), "pct", 10),
]


def heat_map_sheet(book, summary: GapSummary) -> None:
    """XLSX only: OPD × competency, each cell the share of people below the required level as a
    percentage (the number is always written, so the sheet reads without colour), coloured on
    a green–yellow–red scale from 0 % to 100 %; an empty cell means nobody in that OPD is
    required to have that competency."""
    sheet = book.worksheet(_("Peta kesenjangan"))
    fmt = book.formats
    book.text(
        sheet, 0, 0,
        _("Peta kesenjangan kompetensi %(year)s: persentase pegawai di bawah level yang dibutuhkan")
        % {"year": summary.year},
        "title",
    )  # fmt: skip
    book.text(
        sheet, 1, 0,
        _("Angka di setiap sel = persentase pegawai OPD itu yang level kompetensinya (bukti "
          "terpercaya) di bawah level yang dibutuhkan. Warna: hijau 0 %, kuning 50 %, merah "
          "100 %. Sel kosong: tidak ada pegawai yang membutuhkan kompetensi itu. Jumlah pegawai "
          "ada di lembar Ringkasan."),
    )  # fmt: skip
    codes = [code for code, _name in summary.competencies]
    header_row = 3
    sheet.set_row(header_row, 60)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 2 + len(codes), 11)
    book.text(sheet, header_row, 0, _("Kode OPD"), "header")
    book.text(sheet, header_row, 1, _("OPD"), "header")
    for col, (code, name) in enumerate(summary.competencies, start=2):
        book.text(sheet, header_row, col, f"{code}\n{name}", "header")
    book.text(sheet, header_row, 2 + len(codes), _("Semua kompetensi"), "header")
    rows = [*summary.rows, summary.total]
    for index, row in enumerate(rows):
        r = header_row + 1 + index
        is_total = index == len(rows) - 1
        style = "bold" if is_total else None
        book.text(sheet, r, 0, row.opd.code, style)
        book.text(sheet, r, 1, _("Semua OPD dalam cakupan") if is_total else row.opd.name, style)
        for col, code in enumerate(codes, start=2):
            cell = row.cells.get(code)
            if cell is not None and cell.share_below is not None:
                sheet.write_number(r, col, cell.share_below, fmt["pct"])
        total = row.total.share_below
        if total is not None:
            sheet.write_number(r, 2 + len(codes), total, fmt["pct"])
    if codes and rows:
        sheet.conditional_format(
            header_row + 1, 2, header_row + len(rows), 2 + len(codes),
            {
                "type": "3_color_scale",
                "min_type": "num", "min_value": 0, "min_color": "#63BE7B",
                "mid_type": "num", "mid_value": 0.5, "mid_color": "#FFEB84",
                "max_type": "num", "max_value": 1, "max_color": "#F8696B",
            },
        )  # fmt: skip
    sheet.freeze_panes(header_row + 1, 2)


def gap_summary_table(book, summary: GapSummary) -> None:
    sheet = book.sheet(_("Ringkasan"), GAP_SUMMARY)
    names = dict(summary.competencies)
    total = summary.total
    for row in [*summary.rows, total]:
        is_total = row is total
        for code, _name in summary.competencies:
            cell = row.cells.get(code)
            if cell is None:
                continue
            sheet.row(
                [
                    row.opd.code, _("Semua OPD dalam cakupan") if is_total else row.opd.name,
                    code, names[code], cell.people, cell.below, cell.share_below,
                    cell.sum_required, cell.sum_attained, cell.mean_gap,
                    _jpm_fraction(cell.jpm),
                ]
            )  # fmt: skip


def write_gap(book, filters: ReportFilters, progress: Progress) -> None:
    summary = gap_summary(filters) if book.multi_sheet else None
    total = sum(cell.people for cell in summary.total.cells.values()) if summary else 0
    if summary is not None:
        heat_map_sheet(book, summary)
        gap_summary_table(book, summary)
    sheet = book.sheet(_("Rincian"), GAP_DETAIL)
    progress(0, total)
    done = 0
    for row in gap_rows(filters):
        sheet.row(
            [
                row.nip, row.name, _label(EmployeeType, row.employee_type), row.position, row.opd,
                row.opd_name, row.competency, row.competency_name, row.required, row.attained,
                _label(EvidenceSource, row.attained_source), row.attained_on,
                row.reported or None, _label(EvidenceSource, row.reported_source),
                _yes(row.untrusted_only), row.gap,
            ]
        )  # fmt: skip
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, max(total, done))
    progress(done, done)
    notes_sheet(book, _("Kesenjangan kompetensi per pegawai"), filters)


def write_gap_summary(book, filters: ReportFilters, progress: Progress) -> None:
    summary = gap_summary_for(filters)
    if book.multi_sheet:
        heat_map_sheet(book, summary)
    gap_summary_table(book, summary)
    progress(1, 1)
    notes_sheet(book, _("Ringkasan kesenjangan kompetensi per OPD"), filters,
                source=summary.source, month=summary.snapshot_month)  # fmt: skip


# --- JPM -----------------------------------------------------------------------------------------

JPM_COLUMNS = [
    Column(_l("NIP"), width=20),
    Column(_l("Nama"), width=30),
    Column(_l("Jenis pegawai"), width=12),
    Column(_l("Kode OPD"), width=12),
    Column(_l("Jumlah kompetensi dibutuhkan"), "int", 12),
    Column(_l("Di bawah level dibutuhkan"), "int", 12),
    Column(_l("Jumlah level dibutuhkan"), "int", 12),
    Column(_l("Jumlah level dicapai"), "int", 12),
    Column(_l("JPM (%)"), "pct", 10),
    Column(_l("Kategori"), width=24),
]


def write_jpm(book, filters: ReportFilters, progress: Progress) -> None:
    sheet = book.sheet(_("JPM per pegawai"), JPM_COLUMNS)
    progress(0, 0)
    done = 0
    for done, row in enumerate(jpm_rows(filters), start=1):
        sheet.row(
            [
                row.nip, row.name, _label(EmployeeType, row.employee_type), row.opd,
                row.competencies, row.below, row.sum_required, row.sum_attained,
                _jpm_fraction(row.percent), _mapped(JPM_LABELS, row.category),
            ]
        )  # fmt: skip
        if done % PROGRESS_EVERY == 0:
            progress(done, row.rows_in_result)
    progress(done, done)
    notes_sheet(book, _("Job Person Match (JPM) per pegawai"), filters)


# --- JP ------------------------------------------------------------------------------------------

JP_PERSON = [
    Column(_l("NIP"), width=20),
    Column(_l("Nama"), width=30),
    Column(_l("Jenis pegawai"), width=12),
    Column(_l("Kode OPD"), width=12),
    Column(_l("OPD"), width=30),
    Column(_l("JP"), "dec", 8),
    Column(_l("JP klasikal"), "dec", 10),
    Column(_l("JP non-klasikal"), "dec", 10),
    Column(_l("JP e-learning LMS"), "dec", 10),
    Column(_l("JP catatan eksternal"), "dec", 10),
    Column(_l("Status"), width=20),
]

JP_OPD = [
    Column(_l("Kode OPD"), width=12),
    Column(_l("OPD"), width=30),
    Column(_l("Jumlah pegawai"), "int", 10),
    Column(_l("PNS"), "int", 8),
    Column(_l("PNS mencapai 20 JP"), "int", 10),
    Column(_l("PNS mencapai 20 JP (%)"), "pct", 10),
    Column(_l("PPPK"), "int", 8),
    Column(_l("PPPK melebihi 24 JP"), "int", 10),
    Column(_l("Pemakaian batas 24 JP PPPK (%)"), "pct", 12),
    Column(_l("Pegawai 0 JP"), "int", 10),
    Column(_l("Jumlah JP"), "dec", 10),
    Column(_l("Rerata JP"), "dec", 9),
    Column(_l("JP klasikal"), "dec", 10),
    Column(_l("JP non-klasikal"), "dec", 10),
    Column(_l("JP e-learning LMS"), "dec", 10),
    Column(_l("JP catatan eksternal"), "dec", 10),
]


def jp_summary_table(book, summary: JPSummary) -> None:
    sheet = book.sheet(_("Ringkasan OPD"), JP_OPD)
    total = summary.total
    for row in [*summary.rows, total]:
        name = _("Semua OPD dalam cakupan") if row is total else row.opd.name
        sheet.row(
            [
                row.opd.code, name, row.headcount, row.pns, row.pns_met, row.pns_met_share,
                row.pppk, row.pppk_over_cap, row.pppk_cap_used_share, row.zero_jp, row.jp_total,
                row.mean_jp, row.jp_klasikal, row.jp_non_klasikal, row.jp_lms, row.jp_external,
            ]
        )  # fmt: skip


JP_RULES = [
    (
        _l("Aturan"),
        _l("PNS memenuhi dengan sedikitnya %(target)s JP setahun; PPPK paling banyak %(cap)s JP "
           "setahun (ditampilkan terhadap batas itu)."),
    ),
]  # fmt: skip


def _jp_rules() -> list[tuple[str, str]]:
    return [(str(k), str(v) % {"target": PNS_JP_TARGET, "cap": PPPK_JP_CAP}) for k, v in JP_RULES]


def write_jp(book, filters: ReportFilters, progress: Progress) -> None:
    total = 0
    if book.multi_sheet:
        summary = jp_summary(filters)
        total = summary.total.headcount
        jp_summary_table(book, summary)
    sheet = book.sheet(_("JP per pegawai"), JP_PERSON)
    progress(0, total)
    done = 0
    for row in jp_rows(filters):
        sheet.row(
            [
                row.nip, row.name, _label(EmployeeType, row.employee_type), row.opd, row.opd_name,
                row.jp, row.jp_klasikal, row.jp_non_klasikal, row.jp_lms, row.jp_external,
                _mapped(JP_STATUS, row.status),
            ]
        )  # fmt: skip
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, max(total, done))
    progress(done, done)
    notes_sheet(book, _("Pemenuhan JP per pegawai"), filters, extra=_jp_rules())


def write_jp_summary(book, filters: ReportFilters, progress: Progress) -> None:
    summary = jp_summary_for(filters)
    jp_summary_table(book, summary)
    progress(1, 1)
    notes_sheet(book, _("Pemenuhan JP per OPD"), filters, source=summary.source,
                month=summary.snapshot_month, extra=_jp_rules())  # fmt: skip


# --- Completion ---------------------------------------------------------------------------------

COMPLETION = [
    Column(_l("Kode OPD"), width=12),
    Column(_l("OPD"), width=30),
    Column(_l("Kode kursus"), width=12),
    Column(_l("Kursus"), width=34),
    Column(_l("Terdaftar"), "int", 10),
    Column(_l("Selesai"), "int", 10),
    Column(_l("Tingkat penyelesaian (%)"), "pct", 12),
    Column(_l("Peserta dengan tes awal dan akhir"), "int", 12),
    Column(_l("Rerata tes awal (%)"), "dec", 10),
    Column(_l("Rerata tes akhir (%)"), "dec", 10),
    Column(_l("Gain ternormalisasi (g)"), "dec2", 12),
]


def _course_line(code, name, figures) -> list:
    return [
        code, name, figures.code, figures.title, figures.enrolled, figures.completed,
        figures.completion_rate, figures.gain_learners or None, figures.pre_mean,
        figures.post_mean, figures.gain,
    ]  # fmt: skip


def write_completion(book, filters: ReportFilters, progress: Progress) -> None:
    summary = course_summary(filters)
    order = {pk: index for index, (pk, _code, _title) in enumerate(summary.courses)}
    sheet = book.sheet(_("Per OPD dan kursus"), COMPLETION)
    for row in summary.rows:
        for _pk, figures in sorted(row.courses.items(), key=lambda item: order.get(item[0], 0)):
            sheet.row(_course_line(row.opd.code, row.opd.name, figures))
    if book.multi_sheet:
        per_course = book.sheet(_("Per kursus"), COMPLETION)
        totals = summary.per_course()
        for pk, _code, _title in summary.courses:
            if pk in totals:
                per_course.row(_course_line("", _("Semua OPD dalam cakupan"), totals[pk]))
    progress(1, 1)
    notes_sheet(book, _("Penyelesaian kursus dan gain tes awal/akhir"), filters)


# --- AKPK ---------------------------------------------------------------------------------------

AKPK = [
    Column(_l("NIP"), width=20),
    Column(_l("Nama"), width=30),
    Column(_l("Jabatan"), width=30),
    Column(_l("Unit kerja"), width=30),
    Column(_l("Kompetensi yang dikembangkan"), width=40),
    Column(_l("Bentuk pengembangan"), width=40),
    Column(_l("Jalur"), width=24),
    Column(_l("Penyelenggara"), width=28),
    Column(_l("Jadwal"), width=20),
    Column(_l("JP"), "dec", 8),
    Column(_l("Keterangan"), width=40),
]


def write_akpk(book, filters: ReportFilters, progress: Progress) -> None:
    from .sources import course_offers, institution_provider, recommended_course

    offers = course_offers()
    provider = institution_provider()
    plan_year = filters.year + 1
    sheet = book.sheet(_("AKPK"), AKPK)
    e_learning = _("%(path)s (e-learning)") % {"path": LearningPath.NON_KLASIKAL.label}
    done = 0
    for row in gap_rows(filters):
        if not row.below:
            continue
        course = recommended_course(
            offers.get(row.competency, []), attained=row.attained, required=row.required
        )
        developed = _("%(code)s %(name)s (level %(attained)s → %(required)s)") % {
            "code": row.competency, "name": row.competency_name,
            "attained": row.attained, "required": row.required,
        }  # fmt: skip
        notes = []
        if row.untrusted_only:
            notes.append(_("Verifikasi bukti dulu: penilaian yang belum terpercaya sudah mencapai "
                           "level ini."))  # fmt: skip
        if course is None:
            notes.append(_("Belum ada kursus di platform ini; jalur dan penyelenggara diisi OPD."))
            form, path, by, schedule, jp = "", "", "", str(plan_year), None
        else:
            if course.target_level < row.required:
                notes.append(_("Kursus ini mencapai level %(level)s; perlu pengembangan lanjutan.")
                             % {"level": course.target_level})  # fmt: skip
            form = f"{course.code} {course.title}"
            path, by, jp = e_learning, provider, course.jp
            schedule = _("%(year)s, belajar mandiri") % {"year": plan_year}
        sheet.row(
            [
                row.nip,
                row.name,
                row.position,
                row.opd_name,
                developed,
                form,
                path,
                by,
                schedule,
                jp,
                " ".join(notes),
            ]  # fmt: skip
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, 0)
    progress(done, done)
    notes_sheet(book, _("Analisis Kebutuhan Pengembangan Kompetensi (AKPK)"), filters, extra=[
        (_("Tahun rencana"), str(plan_year)),
    ])  # fmt: skip


# --- SIASN --------------------------------------------------------------------------------------

# docs/domain.md §1.4: the riwayat-kursus fields in SIASN's order. The headers are SIASN's field
# names (not translated). ``id`` is SIASN's (empty until pushed); ``pnsOrangId``, ``nipLama``,
# ``jenisKursus``, ``lokasiId``, ``instansiId`` and ``path`` are SIASN references the platform
# does not hold (the operator fills them or SIASN does); dates as dd-mm-yyyy text.
SIASN_FIELDS = [
    ("id", 10), ("pnsOrangId", 14), ("nipBaru", 20), ("nipLama", 12), ("jenisDiklatId", 10),
    ("jenisKursus", 10), ("jenisKursusNama", 20), ("jenisKursusSertipikat", 10),
    ("namaKursus", 40), ("institusiPenyelenggara", 30), ("jumlahJam", 10),
    ("nomorSertipikat", 30), ("tahunKursus", 10), ("tanggalKursus", 12),
    ("tanggalSelesaiKursus", 12), ("lokasiId", 10), ("instansiId", 10), ("path", 10),
]  # fmt: skip
SIASN_COLUMNS = [
    Column(
        name,
        "dec"
        if name == "jumlahJam"
        else "int"
        if name in ("jenisDiklatId", "tahunKursus")
        else "text",
        width,
    )  # fmt: skip
    for name, width in SIASN_FIELDS
]
# jenisKursusSertipikat: the certificate letter (F fungsional, T teknis); others left empty.
SIASN_CERTIFICATE_LETTER = {JenisDiklat.FUNGSIONAL: "F", JenisDiklat.TEKNIS: "T"}


def _siasn_date(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def write_siasn(book, filters: ReportFilters, progress: Progress) -> None:
    from .sources import siasn_courses

    sheet = book.sheet("riwayat_kursus", SIASN_COLUMNS)
    done = 0
    for line in siasn_courses(filters):
        sheet.row(
            [
                "", "", line.nip, "", line.jenis_diklat, "", _label(JenisDiklat, line.jenis_diklat),
                SIASN_CERTIFICATE_LETTER.get(line.jenis_diklat, ""), line.course, line.provider,
                line.jp, line.number, line.completed_on.year, _siasn_date(line.started_on),
                _siasn_date(line.completed_on), "", "", "",
            ]
        )  # fmt: skip
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, 0)
    progress(done, done)
    notes_sheet(book, _("Riwayat kursus untuk SIASN"), filters, extra=[
        (_("Isi"), _("Kursus platform ini yang selesai pada tahun laporan dengan sertifikat sah, "
                     "diterbitkan di OPD dalam cakupan.")),
    ])  # fmt: skip


# --- The registry -------------------------------------------------------------------------------


def _write_summary_pdf(output, filters: ReportFilters, progress: Progress) -> None:
    from .pdf import write_summary_pdf

    write_summary_pdf(output, filters, progress)


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: object  # lazy gettext
    formats: tuple[str, ...]
    stem: str  # file name: <stem>-<year>[-<opd>].<ext>
    write: Callable | None = None  # (book, filters, progress) for xlsx/csv
    pdf: Callable | None = None  # (output, filters, progress)


KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind("gap", _l("Kesenjangan kompetensi per pegawai"), ("xlsx", "csv"),
                   "kesenjangan", write_gap),
        ExportKind("gap-summary", _l("Ringkasan kesenjangan per OPD (peta panas)"),
                   ("xlsx", "csv"), "ringkasan-kesenjangan", write_gap_summary),
        ExportKind("jpm", _l("JPM per pegawai"), ("xlsx", "csv"), "jpm", write_jpm),
        ExportKind("jp", _l("Pemenuhan JP per pegawai"), ("xlsx", "csv"), "jp", write_jp),
        ExportKind("jp-summary", _l("Pemenuhan JP per OPD"), ("xlsx", "csv"), "ringkasan-jp",
                   write_jp_summary),
        ExportKind("completion", _l("Penyelesaian kursus per OPD"), ("xlsx", "csv"),
                   "penyelesaian", write_completion),
        ExportKind("akpk", _l("Lembar AKPK"), ("xlsx", "csv"), "akpk", write_akpk),
        ExportKind("siasn", _l("Riwayat kursus SIASN"), ("xlsx", "csv"), "siasn-riwayat-kursus",
                   write_siasn),
        ExportKind("summary", _l("Laporan OPD (PDF dengan grafik)"), ("pdf",), "laporan",
                   pdf=_write_summary_pdf),
    )
}  # fmt: skip

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def pairs_text() -> str:
    """The kind/format pairs, for ``lms_report --help`` and error messages."""
    return "; ".join(f"{kind.name}: {', '.join(kind.formats)}" for kind in KINDS.values())

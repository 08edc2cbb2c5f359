"""Export -> import round trips for every kind, in both formats."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lms.competencies.models import Competency, LearningRecord, PositionRequirement, RecordSource
from lms.competencies.services import learning_record_create, position_requirement_set
from lms.core.imports import KindNotAllowed, get_kind, run_export, run_import
from lms.people.models import OPD, Employee, Position
from tests.factories.people import EmployeeFactory, pppk_nip

pytestmark = pytest.mark.django_db

KINDS = ["opds", "positions", "employees", "requirements", "training-records"]


@pytest.fixture
def data(org):
    """Tricky but valid values everywhere: commas, quotes, formula-like text, HTML, dates."""
    org.disdik.valid_to = datetime.date(2030, 6, 30)
    org.disdik.save()
    EmployeeFactory(
        nip=pppk_nip(3, gender=2),
        name='=HYPERLINK("x") "Ani", S.Pd; <b>',
        pppk=True,
        gender="P",
        opd=org.puskesmas,
        position=org.shared,
        gelar_depan="-",
        gelar_belakang="'+1",
        email="",
        is_active=False,
    )
    for code, level in (("LD.01", 3), ("SP.02", 5)):
        position_requirement_set(
            position=org.analis, competency=Competency.objects.get(code=code), required_level=level
        )
    position_requirement_set(
        position=org.guru, competency=Competency.objects.get(code="LD.03"), required_level=2
    )
    for employee, title, jp, source in (
        (org.siti, 'Bimtek SPBE, angkatan "II"', Decimal("2.5"), RecordSource.IMPORT),
        (org.siti, "@Literasi Digital", Decimal(4), RecordSource.LMS),
        (org.agus, "Seminar Keamanan Siber", Decimal(12), RecordSource.IMPORT),
    ):
        learning_record_create(
            employee=employee,
            title=title,
            provider="BPSDM; Kominfo",
            path="klasikal",
            jenis_diklat=8,
            jp=jp,
            start_date=datetime.date(2024, 2, 29),
            end_date=datetime.date(2024, 3, 1),
            source=source,
            certificate_number="No. 1/2024",
        )
    return org


def table(fmt: str, content: bytes) -> list[list[str]]:
    if fmt == "csv":
        import csv

        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [[v or "" for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_export_reimports_unchanged(data, kind, fmt):
    exported = run_export(kind, fmt)
    rows = table(fmt, exported)
    assert rows[0] == get_kind(kind).template_columns
    assert len(rows) > 2
    report = run_import(kind, exported, f"export.{fmt}", commit=True)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(rows) - 1)
    assert table(fmt, run_export(kind, fmt)) == rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_rebuild_an_empty_database(data, fmt):
    files = {kind: run_export(kind, fmt) for kind in KINDS}
    before = {kind: table(fmt, content) for kind, content in files.items()}
    LearningRecord.objects.all().delete()
    PositionRequirement.objects.all().delete()
    Employee.objects.all().delete()
    Position.objects.all().delete()
    OPD.objects.filter(parent__isnull=False).delete()
    OPD.objects.all().delete()
    for kind in KINDS:
        report = run_import(kind, files[kind], f"{kind}.{fmt}", commit=True)
        assert report.ok, (kind, report.errors)
    after = {kind: table(fmt, run_export(kind, fmt)) for kind in KINDS}
    assert after == before
    # Re-imported LMS lines come back as imported ones: the import cannot claim LMS authorship.
    assert set(LearningRecord.objects.values_list("source", flat=True)) == {RecordSource.IMPORT}


def test_csv_export_is_utf8_with_bom_and_comma(data):
    content = run_export("employees", "csv")
    assert content.startswith(b"\xef\xbb\xbfnip,name,")
    assert b"\r\n" in content


def test_xlsx_export_cells_are_text_so_excel_keeps_the_nip(data):
    sheet = load_workbook(io.BytesIO(run_export("employees", "xlsx"))).worksheets[0]
    nip_cell = sheet["A2"]
    assert nip_cell.data_type == "s" and nip_cell.number_format == "@"
    assert len(nip_cell.value) == 18


@pytest.mark.parametrize("kind", KINDS)
def test_scoped_export_contains_only_the_scope_and_reimports(data, kind):
    exported = run_export(kind, "csv", user=data.admin_a)
    text = exported.decode("utf-8-sig")
    assert "DISDIK" not in text and data.agus.nip not in text and "JF-GURU" not in text
    # An Admin OPD maintains employees only; the other kinds she may read but not import.
    if kind == "employees":
        report = run_import(kind, exported, "scoped.csv", user=data.admin_a, commit=True)
    else:
        with pytest.raises(KindNotAllowed):
            run_import(kind, exported, "scoped.csv", user=data.admin_a, commit=True)
        report = get_kind(kind).run(exported, "scoped.csv", user=data.admin_a, commit=True)
    assert report.ok, report.errors


def test_scoped_employee_export_lists_sub_units(data):
    rows = table("csv", run_export("employees", "csv", user=data.admin_a))
    assert {row[7] for row in rows[1:]} == {"DINKES", "PKM01"}


def test_unknown_format_is_refused(data):
    with pytest.raises(ValueError):
        run_export("employees", "pdf")

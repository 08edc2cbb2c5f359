"""Fixtures for the import/export tests: a small organisation and file builders.

Hostile files are built here, in the tests themselves (openpyxl for XLSX, zipfile for crafted
archives, raw bytes for binaries), so every case is visible next to its assertion.
"""

import codecs
import csv
import io
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from openpyxl import Workbook

from lms.competencies.models import LearningRecord, PositionRequirement
from lms.people.models import OPD, Employee, OPDScope, OPDType, Position
from lms.users.models import User
from lms.users.roles import Role
from tests.factories.people import EmployeeFactory, OPDFactory, PositionFactory, pns_nip, pppk_nip

EMPLOYEE_HEADER = [
    "nip", "name", "gelar_depan", "gelar_belakang", "gender", "employee_type", "golongan",
    "opd_code", "position_code", "email", "is_active",
]  # fmt: skip


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def xlsx_bytes(rows, *, title="Data", extra_sheets=(), before=None) -> bytes:
    """An XLSX with ``rows`` on the first sheet; ``before(workbook)`` may change it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, state, sheet_rows in extra_sheets:
        other = workbook.create_sheet(name)
        other.sheet_state = state
        for row in sheet_rows:
            other.append(list(row))
    if before:
        before(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def employee_row(
    nip,
    name="Budi Santoso",
    *,
    opd="DINKES",
    gender="",
    type_="PNS",
    golongan="III/a",
    position="",
    email="",
    active="ya",
    gelar=("", ""),
):
    return [nip, name, gelar[0], gelar[1], gender, type_, golongan, opd, position, email, active]


@dataclass
class Counts:
    opds: int
    positions: int
    employees: int
    users: int
    requirements: int
    records: int


def counts() -> Counts:
    return Counts(
        OPD.objects.count(),
        Position.objects.count(),
        Employee.objects.count(),
        User.objects.count(),
        PositionRequirement.objects.count(),
        LearningRecord.objects.count(),
    )


@pytest.fixture
def org(db):
    """Two OPDs (Dinkes with a Puskesmas below it, and Disdik), positions, two employees,
    an Admin OPD scoped to Dinkes and a BKPSDM user."""
    dinkes = OPDFactory(code="DINKES", name="Dinas Kesehatan")
    puskesmas = OPDFactory(code="PKM01", name="Puskesmas Kota", type=OPDType.UPTD, parent=dinkes)
    disdik = OPDFactory(code="DISDIK", name="Dinas Pendidikan")
    shared = PositionFactory(code="PLK-01", name="Pengadministrasi Umum")
    analis = PositionFactory(
        code="JF-PK",
        name="Pranata Komputer Ahli Pertama",
        jenis_jabatan="fungsional_keahlian",
        jenjang="ahli_pertama",
        opd=dinkes,
        is_it_role=True,
    )
    guru = PositionFactory(
        code="JF-GURU",
        name="Guru Ahli Pertama",
        opd=disdik,
        jenis_jabatan="fungsional_keahlian",
        jenjang="ahli_pertama",
    )
    siti = EmployeeFactory(
        nip=pns_nip(1, gender=2), name="Siti Aminah", opd=dinkes, email="siti@contoh.go.id"
    )
    agus = EmployeeFactory(
        nip=pns_nip(2, gender=1), name="Agus Salim", opd=disdik, email="agus@contoh.go.id"
    )
    admin_a = User.objects.create_user(
        username="admin.dinkes@contoh.go.id",
        email="admin.dinkes@contoh.go.id",
        nip=pns_nip(90, gender=1),
    )
    admin_a.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    OPDScope.objects.create(user=admin_a, opd=dinkes)
    bkpsdm = User.objects.create_user(
        username="bkpsdm@contoh.go.id", email="bkpsdm@contoh.go.id", nip=pns_nip(91, gender=1)
    )
    bkpsdm.groups.add(Group.objects.get(name=Role.BKPSDM))
    return SimpleNamespace(
        dinkes=dinkes,
        puskesmas=puskesmas,
        disdik=disdik,
        shared=shared,
        analis=analis,
        guru=guru,
        siti=siti,
        agus=agus,
        admin_a=admin_a,
        bkpsdm=bkpsdm,
    )


@pytest.fixture
def new_nips():
    """Fresh valid NIPs not used by the ``org`` fixture: ``new_nips(3)``; ``pppk=True``."""

    def make(n: int, *, start: int = 100, pppk: bool = False) -> list[str]:
        maker = pppk_nip if pppk else pns_nip
        return [maker(start + i) for i in range(n)]

    return make

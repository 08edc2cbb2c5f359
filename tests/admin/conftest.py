"""Two OPD trees, employees in each, and one user per role with the permissions the admin needs.

``ADMIN_OPD_PERMISSIONS`` and ``BKPSDM_PERMISSIONS`` are the permission sets proposed for the
role groups (a data migration of the lead grants them in production); the tests grant them here.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from lms.competencies.models import (
    Competency,
    CompetencyEvidence,
    EvidenceSource,
    JenisDiklat,
    LearningPath,
    LearningRecord,
    PositionRequirement,
    RecordSource,
)
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import employee_save, opd_scope_set
from lms.users.roles import Role
from tests.factories.users import UserFactory

# app_label.codename
ADMIN_OPD_PERMISSIONS = (
    "people.view_opd",
    "people.view_position",
    "people.add_employee",
    "people.change_employee",
    "people.view_employee",
    "competencies.view_competency",
    "competencies.view_defaultrequirement",
    "competencies.view_positionrequirement",
    "competencies.view_competencyevidence",
    "competencies.view_learningrecord",
)
BKPSDM_PERMISSIONS = (
    *(
        f"people.{action}_{model}"
        for model in ("opd", "position", "opdscope")
        for action in ("add", "change", "delete", "view")
    ),
    "people.add_employee",
    "people.change_employee",
    "people.view_employee",
    *(
        f"competencies.{action}_{model}"
        for model in ("competency", "competencylevel", "defaultrequirement", "positionrequirement")
        for action in ("add", "change", "delete", "view")
    ),
    "competencies.add_competencyevidence",
    "competencies.view_competencyevidence",
    "competencies.view_learningrecord",
)


def grant(group_name: str, codenames: tuple[str, ...]) -> Group:
    group = Group.objects.get(name=group_name)
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def make_user(role: str | None, **kwargs):
    user = UserFactory(**kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_employee(opd: OPD, nip: str, name: str, **kwargs) -> Employee:
    gender = "L" if nip[14] == "1" else "P"
    return employee_save(
        employee=Employee(
            nip=nip,
            name=name,
            gender=gender,
            employee_type=kwargs.pop("employee_type", EmployeeType.PNS),
            opd=opd,
            **kwargs,
        )
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    """Dinas Pendidikan (with a sub-unit) for Admin OPD A; Dinas Kesehatan belongs to others."""
    grant(Role.ADMIN_OPD, ADMIN_OPD_PERMISSIONS)
    grant(Role.BKPSDM, BKPSDM_PERMISSIONS)
    dikbud = OPD.objects.create(code="1.01", name="Dinas Pendidikan", type=OPDType.DINAS)
    sd = OPD.objects.create(code="1.01.1", name="UPTD SD 1", type=OPDType.UPTD, parent=dikbud)
    dinkes = OPD.objects.create(code="1.02", name="Dinas Kesehatan", type=OPDType.DINAS)
    guru = Position.objects.create(
        code="J-GURU", name="Guru Ahli Pertama", jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN,
        jenjang="ahli_pertama", opd=dikbud,
    )  # fmt: skip
    perawat = Position.objects.create(
        code="J-PERAWAT", name="Perawat Terampil",
        jenis_jabatan=JenisJabatan.FUNGSIONAL_KETERAMPILAN, jenjang="terampil", opd=dinkes,
    )  # fmt: skip
    pelaksana = Position.objects.create(
        code="J-PELAKSANA", name="Pengadministrasi Umum", jenis_jabatan=JenisJabatan.PELAKSANA
    )
    mine = make_employee(sd, "199002152015031001", "Andi Wijaya", position=guru)
    theirs = make_employee(dinkes, "199103202016032002", "Rina Kartika", position=perawat)
    competency = Competency.objects.order_by("code").first()
    evidence_mine = CompetencyEvidence.objects.create(
        employee=mine, competency=competency, level=2, source=EvidenceSource.QUIZ,
        observed_on=datetime.date(2026, 1, 10),
    )  # fmt: skip
    evidence_theirs = CompetencyEvidence.objects.create(
        employee=theirs, competency=competency, level=3, source=EvidenceSource.QUIZ,
        observed_on=datetime.date(2026, 1, 11),
    )  # fmt: skip
    year = timezone.localdate().year
    record_kwargs = {
        "provider": "BPSDM Provinsi", "path": LearningPath.KLASIKAL,
        "jenis_diklat": JenisDiklat.TEKNIS, "jp": 12, "start_date": datetime.date(year, 1, 1),
        "end_date": datetime.date(year, 1, 3), "year": year, "source": RecordSource.IMPORT,
    }  # fmt: skip
    record_mine = LearningRecord.objects.create(
        employee=mine, opd=sd, title="Pelatihan Literasi Data", **record_kwargs
    )
    record_theirs = LearningRecord.objects.create(
        employee=theirs, opd=dinkes, title="Pelatihan Keamanan Siber", **record_kwargs
    )
    requirement_mine = PositionRequirement.objects.create(
        position=guru, competency=competency, required_level=3
    )
    requirement_theirs = PositionRequirement.objects.create(
        position=perawat, competency=competency, required_level=2
    )
    admin_a = make_user(Role.ADMIN_OPD)
    opd_scope_set(user=admin_a, opds=[dikbud])
    admin_b = make_user(Role.ADMIN_OPD)
    opd_scope_set(user=admin_b, opds=[dinkes])
    return {
        "dikbud": dikbud,
        "sd": sd,
        "dinkes": dinkes,
        "guru": guru,
        "perawat": perawat,
        "pelaksana": pelaksana,
        "mine": mine,
        "theirs": theirs,
        "competency": competency,
        "evidence_mine": evidence_mine,
        "evidence_theirs": evidence_theirs,
        "record_mine": record_mine,
        "record_theirs": record_theirs,
        "requirement_mine": requirement_mine,
        "requirement_theirs": requirement_theirs,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "bkpsdm": make_user(Role.BKPSDM),
        "pengajar": make_user(Role.PENGAJAR),
        "peserta": make_user(Role.PESERTA),
    }

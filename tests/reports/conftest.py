"""A small regency whose report figures are computed by hand in the tests.

Competencies: only LD.01 (C1), LD.02 (C2), LD.03 (C3) are active; the migrated defaults are
replaced by: pelaksana C1 3, C2 2. Position P1 (pelaksana) overrides C1 → 4 and adds C3 → 2,
so P1 requires C1 4, C2 2, C3 2 (Σ 8). Position P2 (fungsional keahlian) requires nothing.

OPDs: ROOT "1.01" with the unit "1.01.1" below it; "2.01" and "2.02" valid until 2025-12-31,
merged into "2.03" from 2026-01-01.

People (PNS unless said):
* E1, ROOT, P1: C1 L4 quiz, C2 L1 HR, C3 L3 *self* (untrusted). JP 2026: 12 klasikal
  (import) + 8.5 non-klasikal (LMS).
* E2, PPPK, unit 1.01.1, P1: C1 L5 assessment, C2 L2 course, C3 L2 *H5P* and L1 HR.
  JP 2026: 30 non-klasikal (import).
* E3, ROOT, no position: no requirement. No JP.
* E4, now 2.03, P1: C1 L4 quiz observed 2026-02-01. JP 2025: 16 klasikal booked to 2.01
  (before the merge); JP 2026: 4 LMS.
* E5, now 2.03, P1: no evidence. JP 2026: 20 non-klasikal external (coaching import).
* E6, P2 in ROOT: inactive, no JP: not in any population.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from lms.competencies.models import (
    Competency,
    DefaultRequirement,
    EvidenceSource,
    LearningPath,
    RecordSource,
)
from lms.competencies.services import (
    default_requirement_save,
    evidence_record,
    learning_record_create,
    position_requirement_set,
)
from lms.people.models import OPD, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import opd_scope_set, opd_successors_set
from lms.users.roles import Role
from tests.factories.people import EmployeeFactory, pns_nip, pppk_nip
from tests.factories.users import UserFactory

C1, C2, C3 = "LD.01", "LD.02", "LD.03"


def user_in(role, *, opds=()):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    if opds:
        opd_scope_set(user=user, opds=list(opds))
    return user


@pytest.fixture
def regency(db):
    Competency.objects.exclude(code__in=[C1, C2, C3]).update(is_active=False)
    DefaultRequirement.objects.all().delete()
    comp = {code: Competency.objects.get(code=code) for code in (C1, C2, C3)}
    for code, level in ((C1, 3), (C2, 2)):
        default_requirement_save(
            requirement=DefaultRequirement(
                jenis_jabatan=JenisJabatan.PELAKSANA, competency=comp[code], required_level=level
            )
        )
    p1 = Position.objects.create(code="P1", name="Pengolah Data", jenis_jabatan="pelaksana")
    p2 = Position.objects.create(
        code="P2", name="Analis Kebijakan", jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN
    )
    position_requirement_set(position=p1, competency=comp[C1], required_level=4)
    position_requirement_set(position=p1, competency=comp[C3], required_level=2)

    root = OPD.objects.create(code="1.01", name="Dinas Kominfo", type=OPDType.DINAS)
    unit = OPD.objects.create(code="1.01.1", name="UPTD Data", type=OPDType.UPTD, parent=root)
    end_2025 = datetime.date(2025, 12, 31)
    old_a = OPD.objects.create(code="2.01", name="Dinas Lama A", type="dinas", valid_to=end_2025)
    old_b = OPD.objects.create(code="2.02", name="Dinas Lama B", type="dinas", valid_to=end_2025)
    new = OPD.objects.create(
        code="2.03", name="Dinas Baru", type="dinas", valid_from=datetime.date(2026, 1, 1)
    )
    opd_successors_set(opd=old_a, successors=[new])
    opd_successors_set(opd=old_b, successors=[new])

    def person(n, opd, position, *, pppk=False, active=True):
        return EmployeeFactory(
            nip=pppk_nip(n) if pppk else pns_nip(n),
            employee_type=EmployeeType.PPPK if pppk else EmployeeType.PNS,
            golongan="IX" if pppk else "III/a",
            opd=opd,
            position=position,
            is_active=active,
        )

    e1 = person(1, root, p1)
    e2 = person(2, unit, p1, pppk=True)
    e3 = person(3, root, None)
    e4 = person(4, new, p1)
    e5 = person(5, new, p1)
    e6 = person(6, root, p2, active=False)
    day = datetime.date(2026, 3, 1)
    for employee, code, level, source, on in (
        (e1, C1, 4, EvidenceSource.QUIZ, day),
        (e1, C2, 1, EvidenceSource.HR, day),
        (e1, C3, 3, EvidenceSource.SELF, day),
        (e2, C1, 5, EvidenceSource.ASSESSMENT, day),
        (e2, C2, 2, EvidenceSource.COURSE, day),
        (e2, C3, 2, EvidenceSource.H5P, day),
        (e2, C3, 1, EvidenceSource.HR, datetime.date(2026, 1, 10)),
        (e4, C1, 4, EvidenceSource.QUIZ, datetime.date(2026, 2, 1)),
    ):
        evidence_record(
            employee=employee, competency=comp[code], level=level, source=source, observed_on=on
        )

    def jp(employee, title, amount, path, source, on, opd=None):
        learning_record_create(
            employee=employee,
            title=title,
            provider="Penyelenggara",
            path=path,
            jenis_diklat=3,
            jp=Decimal(amount),
            start_date=on,
            end_date=on,
            source=source,
            opd=opd,
        )

    k, nk = LearningPath.KLASIKAL, LearningPath.NON_KLASIKAL
    imp, lms = RecordSource.IMPORT, RecordSource.LMS
    jp(e1, "Bimtek Keamanan", "12", k, imp, datetime.date(2026, 4, 2))
    jp(e1, "Kursus Daring SPBE", "8.5", nk, lms, datetime.date(2026, 5, 2))
    jp(e2, "Orientasi PPPK", "30", nk, imp, datetime.date(2026, 6, 2))
    jp(e4, "Diklat 2025", "16", k, imp, datetime.date(2025, 8, 1), opd=old_a)
    jp(e4, "Kursus Daring 2026", "4", nk, lms, datetime.date(2026, 2, 2))
    jp(e5, "Coaching Layanan Digital", "20", nk, imp, datetime.date(2026, 7, 1))
    return {
        "comp": comp,
        "positions": {"P1": p1, "P2": p2},
        "opd": {"root": root, "unit": unit, "old_a": old_a, "old_b": old_b, "new": new},
        "people": {"e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5, "e6": e6},
        "bkpsdm": user_in(Role.BKPSDM),
        "admin_root": user_in(Role.ADMIN_OPD, opds=[root]),
        "admin_new": user_in(Role.ADMIN_OPD, opds=[new]),
    }

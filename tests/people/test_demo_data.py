"""The demo regency of ``seed_demo``: organisation, people, accounts, scopes, evidence, JP.

Seeding takes a few seconds, so the module seeds once (``seeded``) inside an outer transaction
that is rolled back when the module ends, like Django's ``setUpTestData``; each test runs in its
own nested transaction on top. Every database test here uses ``seeded``.
"""

import datetime
import re
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum

from lms.competencies.catalogue import IT_ROLE_OVERRIDES
from lms.competencies.demo import LEARNER_NIP, TRAININGS
from lms.competencies.models import (
    TRUSTED_SOURCES,
    CompetencyEvidence,
    EvidenceSource,
    LearningRecord,
    PositionRequirement,
    RecordSource,
)
from lms.competencies.selectors import employee_competency_profile
from lms.core.nip import parse_nip
from lms.people.demo import (
    DEMO_EMPLOYEES,
    EmailAllocator,
    NipAllocator,
    demo_employee_plan,
)
from lms.people.models import (
    OPD,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Employee,
    EmployeeType,
    JenisJabatan,
    OPDScope,
    OPDType,
    Position,
)
from lms.people.selectors import (
    employees_visible_to,
    opd_descendant_ids,
    opd_scope_ids,
    opds_valid_in,
)
from lms.users.models import User
from lms.users.roles import Role

LOGIN = re.compile(r"^demo-login: (\S+) (\S+) (\S+)$")
ROLES = {
    "198703152010012003": ["Peserta"],
    "198106212006041002": ["Pengajar"],
    "199002102015032001": ["Admin OPD"],
    "197805302003121004": ["BKPSDM"],
}


def seed() -> dict[str, tuple[str, str]]:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    logins = [LOGIN.match(line) for line in out.getvalue().splitlines()]
    return {m[1]: (m[2], m[3]) for m in logins if m}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Runs seed_demo once for the module; returns the printed logins {role: (user, pass)}."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            logins = seed()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield logins
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def snapshot() -> dict[str, object]:
    """Counts plus the exact employee rows, to compare two runs."""
    return {
        "opds": OPD.objects.count(),
        "successors": OPD.successors.through.objects.count(),
        "positions": Position.objects.count(),
        "employees": sorted(
            Employee.objects.values_list(
                "nip", "name", "gelar_depan", "gelar_belakang", "gender", "employee_type",
                "golongan", "opd__code", "position__code", "email", "user__username",
            )
        ),
        "users": User.objects.count(),
        "scopes": OPDScope.objects.count(),
        "requirements": PositionRequirement.objects.count(),
        "evidence": CompetencyEvidence.objects.count(),
        "records": sorted(
            LearningRecord.objects.values_list(
                "employee__nip", "title", "start_date", "jp", "opd__code", "certificate_number"
            )
        ),
    }  # fmt: skip


# --- hostile and unusual states first --------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_leaves_an_email_taken_by_another_account_alone(seeded):
    plan = demo_employee_plan()
    victim = next(p for p in plan if p.person.nip not in DEMO_EMPLOYEES)
    User.objects.filter(username=victim.person.nip).update(email="")
    User.objects.create(username="orang.lain", email=victim.person.email.upper())
    seed()
    employee = Employee.objects.get(nip=victim.person.nip)
    assert employee.email == ""
    assert employee.user.email == ""
    assert User.objects.get(username="orang.lain").email == victim.person.email.upper()


@pytest.mark.django_db
def test_seed_demo_repairs_demo_records_edited_in_between(seeded):
    siti = Employee.objects.get(nip=LEARNER_NIP)
    siti.opd = OPD.objects.get(code="4.02.01")
    siti.golongan = "II/a"
    siti.save()
    OPD.objects.filter(code="2.16.01").update(name="Dinas Salah Nama")
    OPDScope.objects.all().delete()
    LearningRecord.objects.filter(employee=siti).delete()

    seed()

    siti.refresh_from_db()
    assert (siti.opd.code, siti.golongan) == ("2.16.01", "III/c")
    assert OPD.objects.get(code="2.16.01").name == "Dinas Komunikasi dan Informatika"
    assert OPDScope.objects.filter(user__username="199002102015032001").count() == 1
    assert LearningRecord.objects.filter(employee=siti, source=RecordSource.IMPORT).count() == 3


def test_nip_allocator_counts_up_the_sequence_and_skips_reserved_numbers():
    birth = datetime.date(1990, 2, 10)
    nips = NipAllocator(reserved=["199002102015032001"])
    first = nips.pns(birth=birth, tmt_year=2015, tmt_month=3, gender="P")
    second = nips.pns(birth=birth, tmt_year=2015, tmt_month=3, gender="P")
    assert (first, second) == ("199002102015032002", "199002102015032003")
    pppk = nips.pppk(birth=birth, year=2022, contract=2, gender="L")
    assert pppk == "199002102022021001"
    assert parse_nip(pppk, employee_type="PPPK").contract_count == 2
    full = NipAllocator(reserved=[f"19900210201503200{n}" for n in range(1, 10)])
    full._next["199002102015032"] = 999
    with pytest.raises(ValueError, match="exhausted"):
        full.pns(birth=birth, tmt_year=2015, tmt_month=3, gender="P")
        full.pns(birth=birth, tmt_year=2015, tmt_month=3, gender="P")


def test_email_allocator_numbers_namesakes_and_avoids_reserved_addresses():
    emails = EmailAllocator("contoh.go.id", reserved=["Budi.Santoso@contoh.go.id"])
    assert emails.take("Budi Santoso") == "budi.santoso2@contoh.go.id"
    assert emails.take("Budi Adi Santoso") == "budi.santoso3@contoh.go.id"
    assert emails.take("Nurul 'Ain") == "nurul.ain@contoh.go.id"
    assert emails.take("  ") == "pegawai@contoh.go.id"


# --- the happy path ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_twice_gives_identical_data(seeded):
    first = snapshot()
    assert seed() == seeded
    assert snapshot() == first
    assert demo_employee_plan() == demo_employee_plan()


@pytest.mark.django_db
def test_opd_tree_is_a_realistic_regency_with_kecamatan_and_kelurahan(seeded):
    top = OPD.objects.filter(parent=None)
    assert 22 <= top.count() <= 30
    assert 30 <= OPD.objects.count() <= 45
    kinds = Counter(top.values_list("type", flat=True))
    assert kinds[OPDType.SEKRETARIAT_DAERAH] == kinds[OPDType.SEKRETARIAT_DPRD] == 1
    assert kinds[OPDType.INSPEKTORAT] == kinds[OPDType.RSUD] == 1
    assert kinds[OPDType.DINAS] >= 12 and kinds[OPDType.BADAN] == 4
    assert kinds[OPDType.KECAMATAN] == 5
    kelurahan = OPD.objects.filter(type=OPDType.KELURAHAN).select_related("parent")
    assert kelurahan.count() >= 2
    assert {k.parent.type for k in kelurahan} == {OPDType.KECAMATAN}
    assert OPD.objects.filter(type=OPDType.UPTD, parent__name="Dinas Kesehatan").exists()
    assert OPD.objects.filter(parent__type=OPDType.SEKRETARIAT_DAERAH).count() >= 2
    for opd in OPD.objects.all():
        opd.full_clean()


@pytest.mark.django_db
def test_the_2026_merge_keeps_its_history(seeded):
    old = OPD.objects.filter(code__in=["2.17.01", "3.30.01"])
    new = OPD.objects.get(code="2.17.02")
    assert {o.valid_to for o in old} == {datetime.date(2025, 12, 31)}
    assert new.valid_from == datetime.date(2026, 1, 1)
    assert set(new.predecessors.all()) == set(old)
    assert all(list(o.successors.all()) == [new] for o in old)
    codes_2025 = set(opds_valid_in(2025).values_list("code", flat=True))
    codes_2026 = set(opds_valid_in(2026).values_list("code", flat=True))
    assert codes_2025 - codes_2026 == {"2.17.01", "3.30.01"}
    assert codes_2026 - codes_2025 == {"2.17.02"}
    assert not Employee.objects.filter(opd__in=old).exists()
    # The 2025 training of today's merged dinas is booked to the dinas of that time.
    booked = LearningRecord.objects.filter(opd__in=old)
    assert booked.exists() and set(booked.values_list("year", flat=True)) == {2025}
    assert set(booked.values_list("employee__opd", flat=True)) == {new.pk}


@pytest.mark.django_db
def test_positions_cover_every_jenis_jabatan_with_valid_jenjang(seeded):
    positions = Position.objects.all()
    assert 38 <= positions.count() <= 50
    assert set(positions.values_list("jenis_jabatan", flat=True)) == set(JenisJabatan.values)
    it_names = set(positions.filter(is_it_role=True).values_list("name", flat=True))
    assert {"Pranata Komputer Ahli Pertama", "Pranata Komputer Terampil"} <= it_names
    assert "Penata Kelola Informatika SPBE Ahli Pertama" in it_names
    assert positions.get(name="Sekretaris Daerah").jenjang == "pratama"
    for position in positions:
        position.full_clean()


@pytest.mark.django_db
def test_employees_have_valid_nips_golongan_accounts_and_emails(seeded):
    employees = list(Employee.objects.select_related("user", "position", "opd"))
    assert 280 <= len(employees) <= 340
    types = Counter(e.employee_type for e in employees)
    assert set(types) == {EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.PPPK_PW}
    assert 0.65 <= types[EmployeeType.PNS] / len(employees) <= 0.85
    assert 3 <= types[EmployeeType.PPPK_PW] <= 15
    emails = [e.email for e in employees]
    assert len(set(emails)) == len(emails)
    for e in employees:
        parsed = parse_nip(e.nip, employee_type=e.employee_type)
        assert parsed.gender == e.gender, e
        golongan = PNS_GOLONGAN if e.employee_type == EmployeeType.PNS else PPPK_GOLONGAN
        assert e.golongan in golongan, e
        if e.position.jenis_jabatan in ("jpt", "administrator", "pengawas"):
            assert e.employee_type == EmployeeType.PNS, e
        assert re.fullmatch(r"[a-z]+\.[a-z]+[0-9]*@contoh\.go\.id", e.email), e.email
        assert e.user.username == e.nip and e.user.email == e.email
        if e.nip not in DEMO_EMPLOYEES:
            assert not e.user.has_usable_password()
            assert list(e.user.groups.values_list("name", flat=True)) == ["Peserta"]
        e.full_clean()
    assert Employee.objects.values("opd").distinct().count() >= 30
    full_names = {e.full_name for e in employees}
    assert "Siti Rahmawati, S.Kom." in full_names
    assert any(name.startswith("dr. ") for name in full_names)


@pytest.mark.django_db
def test_demo_logins_still_work_and_keep_their_groups(client, seeded):
    logins = seeded
    seed()  # the second run must not reset or lock anything
    for role in ("peserta", "pengajar", "admin-opd", "bkpsdm", "superuser"):
        username, password = logins[role]
        assert client.login(username=username, password=password), role
        client.logout()
    for nip, groups in ROLES.items():
        user = User.objects.get(username=nip)
        roles = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
        assert list(roles) == groups
        assert user.employee.nip == nip
    # The demo Pengajar teaches both starter courses (their trainer groups), nobody else does.
    trainer_groups = Group.objects.filter(name__startswith="Pengajar kursus #")
    assert trainer_groups.count() == 2
    assert {u.username for g in trainer_groups for u in g.user_set.all()} == {"198106212006041002"}
    siti = User.objects.get(username=LEARNER_NIP).employee
    assert (siti.opd.name, siti.position.name) == (
        "Dinas Komunikasi dan Informatika",
        "Pengolah Data dan Informasi",
    )
    agus = User.objects.get(username="198106212006041002").employee
    assert agus.position.name == "Pranata Komputer Ahli Muda" and agus.position.is_it_role
    bambang = User.objects.get(username="197805302003121004").employee
    assert bambang.opd.code == "5.03.01"


@pytest.mark.django_db
def test_admin_opd_sees_exactly_dinas_pendidikan_and_its_units(seeded):
    dewi = User.objects.get(username="199002102015032001")
    dinas = OPD.objects.get(name="Dinas Pendidikan dan Kebudayaan")
    expected = set(OPD.objects.filter(parent=dinas).values_list("pk", flat=True)) | {dinas.pk}
    assert len(expected) == 3
    assert opd_scope_ids(dewi) == frozenset(expected) == opd_descendant_ids([dinas.pk])
    assert dewi.employee.opd == dinas
    assert dewi.employee.position.name == "Kepala Subbagian Umum dan Kepegawaian"
    visible = employees_visible_to(dewi)
    assert set(visible.values_list("opd_id", flat=True)) == expected
    assert visible.count() == Employee.objects.filter(opd__in=expected).count() > 20


@pytest.mark.django_db
def test_requirements_evidence_and_jp_records_look_like_a_real_year(seeded):
    for position in Position.objects.filter(is_it_role=True):
        overrides = dict(position.requirements.values_list("competency__code", "required_level"))
        assert overrides == IT_ROLE_OVERRIDES
    assert PositionRequirement.objects.get(
        position__code="PLK-PDI", competency__code="SP.03"
    ).required_level == 2  # fmt: skip

    employees = Employee.objects.count()
    with_evidence = CompetencyEvidence.objects.values("employee").distinct().count()
    assert 0.25 <= with_evidence / employees <= 0.45
    sources = set(CompetencyEvidence.objects.values_list("source", flat=True))
    assert set(EvidenceSource.values) - {"course"} <= sources
    dates = CompetencyEvidence.objects.values_list("observed_on", flat=True)
    assert {d.year for d in dates} == {2025, 2026}
    for evidence in CompetencyEvidence.objects.select_related("employee", "competency"):
        evidence.full_clean()  # bulk-inserted: valid by construction

    records = LearningRecord.objects.filter(source=RecordSource.IMPORT)
    assert records.count() > employees
    assert set(records.values_list("year", flat=True)) == {2025, 2026}
    assert {t.title for t in TRAININGS} >= set(records.values_list("title", flat=True))
    assert all(Decimal(2) <= jp <= Decimal(40) for jp in records.values_list("jp", flat=True))
    totals = dict(
        records.filter(year=2026)
        .values_list("employee")
        .annotate(total=Sum("jp"))
        .values_list("employee", "total")
    )
    reached = sum(1 for total in totals.values() if total >= 20)
    assert 0.1 <= reached / employees <= 0.4  # some reach 20 JP in 2026, many do not
    assert records.values("certificate_number").annotate(n=Count("pk")).filter(n__gt=1).count() == 0
    for record in records.select_related("employee", "opd"):  # bulk-inserted: valid by construction
        record.full_clean()


@pytest.mark.django_db
def test_the_demo_learner_has_a_gap_an_untrusted_self_assessment_and_8_jp(seeded):
    siti = Employee.objects.select_related("position").get(nip=LEARNER_NIP)
    profile = {row.code: row for row in employee_competency_profile(siti)}
    assert profile["SP.03"].required == 2
    assert (profile["SP.03"].attained, profile["SP.03"].gap) == (1, 1)
    assert profile["LD.01"].attained == 3 and profile["LD.01"].gap == 0
    # The self-assessment is shown but does not count: LD.07 still has its full gap.
    assert (profile["LD.07"].reported, profile["LD.07"].attained) == (3, 0)
    assert profile["LD.07"].gap == profile["LD.07"].required
    trusted = CompetencyEvidence.objects.filter(employee=siti, source__in=TRUSTED_SOURCES)
    # Three seeded by lms.competencies.demo (SP.03 assessment, LD.04 HR, LD.01 quiz) and six
    # from SPBE-101, which she completed through the learner's services (certificates/demo.py):
    # the completed course and its post-test (every answer right) record its three targets.
    assert sorted(trusted.values_list("source", "competency__code")) == [
        ("assessment", "SP.03"),
        ("course", "SP.01"), ("course", "SP.02"), ("course", "SP.07"),
        ("hr", "LD.04"),
        ("quiz", "LD.01"), ("quiz", "SP.01"), ("quiz", "SP.02"), ("quiz", "SP.07"),
    ]  # fmt: skip
    imported = LearningRecord.objects.filter(employee=siti, source=RecordSource.IMPORT)
    assert imported.filter(year=2026).aggregate(total=Sum("jp"))["total"] == Decimal(8)
    assert imported.filter(year=2025).count() == 1

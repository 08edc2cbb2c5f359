"""Requirements (defaults vs overrides), attained levels from trusted evidence, the JP ledger."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lms.competencies.catalogue import COMPETENCY_CODES, DEFAULT_REQUIRED_LEVELS
from lms.competencies.models import (
    Competency,
    CompetencyLevel,
    DefaultRequirement,
    EvidenceSource,
    LearningRecord,
    RecordSource,
)
from lms.competencies.selectors import (
    attained_levels,
    employee_competency_profile,
    jp_target_for,
    jp_total,
    position_requirements,
)
from lms.competencies.services import (
    evidence_record,
    learning_record_create,
    learning_records_bulk_create,
    position_it_overrides_apply,
    position_requirement_set,
)
from lms.competencies.viewsets import EmployeeCompetencyPanel
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def employee():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    position = Position.objects.create(
        code="PDI", name="Pengolah Data dan Informasi", jenis_jabatan=JenisJabatan.PELAKSANA
    )
    return Employee.objects.create(
        nip="198703152010012003",
        name="Siti Rahmawati",
        gender="P",
        employee_type=EmployeeType.PNS,
        opd=opd,
        position=position,
    )


def competency(code):
    return Competency.objects.get(code=code)


def test_catalogue_migration_loads_19_competencies_with_five_levels_each():
    assert list(Competency.objects.values_list("code", flat=True)) == list(COMPETENCY_CODES)
    assert CompetencyLevel.objects.count() == 19 * 5
    assert DefaultRequirement.objects.count() == 19 * len(DEFAULT_REQUIRED_LEVELS)
    ld07 = competency("LD.07")
    assert ld07.name == "Keamanan Digital Pribadi"
    assert ld07.levels.get(level=2).descriptor


def test_default_requirement_applies_until_hr_overrides_it(employee):
    position = employee.position
    rows = {c.code: (c.required, c.is_override) for c in position_requirements(position)}
    assert rows["LD.01"] == (2, False) and rows["SP.01"] == (1, False)
    position_requirement_set(position=position, competency=competency("SP.01"), required_level=3)
    position_requirement_set(position=position, competency=competency("SP.01"), required_level=2)
    rows = {c.code: (c.required, c.is_override) for c in position_requirements(position)}
    assert rows["SP.01"] == (2, True)
    assert position.requirements.count() == 1  # idempotent: changed, not duplicated


@pytest.mark.parametrize("level", [0, 6, -1])
def test_required_level_outside_1_to_5_is_refused(employee, level):
    with pytest.raises(ValidationError):
        position_requirement_set(
            position=employee.position, competency=competency("LD.01"), required_level=level
        )


def test_it_positions_get_the_it_floor(employee):
    position = Position.objects.create(
        code="PK",
        name="Pranata Komputer Ahli Muda",
        jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN,
        jenjang="ahli_muda",
        is_it_role=True,
    )
    position_it_overrides_apply(position=position)
    rows = {c.code: c.required for c in position_requirements(position)}
    assert rows["SP.04"] == 4 and rows["SP.02"] == 3
    assert position_it_overrides_apply(position=employee.position) == []  # not an IT role


def test_the_it_floor_raises_lower_levels_and_keeps_a_higher_one_hr_set(employee):
    """It runs on every save of an IT position (``position_saved``): it must never lower what
    HR required above the floor."""
    position = Position.objects.create(
        code="PK-3",
        name="Pranata Komputer Ahli Madya",
        jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN,
        jenjang="ahli_madya",
        is_it_role=True,
    )
    position_requirement_set(position=position, competency=competency("SP.04"), required_level=5)
    position_requirement_set(position=position, competency=competency("SP.02"), required_level=1)
    position_it_overrides_apply(position=position)
    position_it_overrides_apply(position=position)
    rows = {c.code: c.required for c in position_requirements(position)}
    assert rows["SP.04"] == 5  # above the floor of 4: kept
    assert rows["SP.02"] == 3  # below the floor of 3: raised


def test_attained_level_counts_only_trusted_sources(employee):
    for source, level in [
        (EvidenceSource.SELF, 5),
        (EvidenceSource.H5P, 4),
        (EvidenceSource.QUIZ, 2),
        (EvidenceSource.ASSESSMENT, 1),
    ]:
        evidence_record(
            employee=employee,
            competency=competency("LD.07"),
            level=level,
            source=source,
            observed_on=TODAY,
        )
    profile = {row.code: row for row in employee_competency_profile(employee)}
    ld07 = profile["LD.07"]
    assert (ld07.required, ld07.attained, ld07.reported, ld07.gap) == (2, 2, 5, 0)
    ld08 = profile["LD.08"]
    assert (ld08.required, ld08.attained, ld08.gap) == (2, 0, 2)
    assert attained_levels([employee.pk]) == {(employee.pk, competency("LD.07").pk): 2}


def test_profile_is_one_query_whatever_the_evidence(employee, django_assert_num_queries):
    for code in COMPETENCY_CODES:
        evidence_record(
            employee=employee,
            competency=competency(code),
            level=3,
            source=EvidenceSource.HR,
            observed_on=TODAY,
        )
    with django_assert_num_queries(1):
        rows = employee_competency_profile(employee)
    assert len(rows) == 19 and all(row.gap == 0 for row in rows)


def test_employee_without_position_has_no_requirements(employee):
    employee.position = None
    employee.save()
    assert {row.required for row in employee_competency_profile(employee)} == {0}


def test_evidence_level_must_be_1_to_5(employee):
    with pytest.raises(ValidationError):
        evidence_record(
            employee=employee,
            competency=competency("LD.01"),
            level=6,
            source=EvidenceSource.HR,
            observed_on=TODAY,
        )


def record(employee, **overrides):
    values = {
        "employee": employee,
        "title": "Bimtek Arsitektur SPBE",
        "provider": "BPSDM Provinsi",
        "path": "klasikal",
        "jenis_diklat": 8,
        "jp": Decimal("12"),
        "start_date": datetime.date(2026, 2, 2),
        "end_date": datetime.date(2026, 2, 4),
        "source": RecordSource.IMPORT,
    }
    return learning_record_create(**(values | overrides))


def test_jp_ledger_sums_per_calendar_year_of_completion(employee):
    record(employee)
    record(
        employee,
        title="LDSP",
        jp=Decimal("4"),
        start_date=datetime.date(2025, 12, 30),
        end_date=datetime.date(2026, 1, 2),
    )
    record(
        employee,
        title="Tahun lalu",
        start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2025, 5, 2),
    )
    assert jp_total(employee, 2026) == Decimal("16")
    assert jp_total(employee, 2025) == Decimal("12")
    assert jp_total(employee, 2024) == Decimal("0")


def test_ledger_keeps_the_opd_of_the_time(employee):
    first = record(employee)
    employee.opd = OPD.objects.create(code="9.99", name="Dinas Baru", type=OPDType.DINAS)
    employee.save()
    assert LearningRecord.objects.get(pk=first.pk).opd.code == "2.16"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"jp": Decimal("0")}, "JP harus lebih dari 0"),
        ({"jp": Decimal("-3")}, "JP harus lebih dari 0"),
        ({"end_date": datetime.date(2026, 2, 1)}, "Tanggal selesai tidak boleh sebelum"),
    ],
)
def test_ledger_rejects_impossible_records(employee, overrides, fragment):
    with pytest.raises(ValidationError) as error:
        record(employee, **overrides)
    assert fragment in str(error.value)
    assert not LearningRecord.objects.exists()


def test_same_training_twice_is_refused(employee):
    record(employee)
    with pytest.raises(ValidationError) as error:
        record(employee)
    assert "sudah tercatat" in str(error.value)


def test_jp_target_pns_minimum_pppk_cap():
    assert jp_target_for(EmployeeType.PNS) == (20, "minimum")
    assert jp_target_for(EmployeeType.PPPK) == (24, "maximum")
    assert jp_target_for(EmployeeType.PPPK_PW) == (24, "maximum")


def test_bulk_ledger_lines_get_the_derived_fields_of_one_line(employee, django_assert_num_queries):
    """Year from the end date and the OPD at the time: the same rule as learning_record_create,
    with one query for all lines that lack an OPD."""
    single = record(employee)
    other_opd = OPD.objects.create(code="2.17", name="Dinas Lain", type=OPDType.DINAS)
    lines = [
        LearningRecord(
            employee=employee,
            title=f"Webinar {k}",
            provider="Komdigi",
            path="non_klasikal",
            jenis_diklat=9,
            jp=Decimal("2"),
            start_date=datetime.date(2025, 12, 30),
            end_date=datetime.date(2026, 1, 2),
            source=RecordSource.IMPORT,
            opd=other_opd if k == 0 else None,
        )
        for k in range(3)
    ]
    with django_assert_num_queries(4):  # savepoint, the OPDs, the insert, release
        learning_records_bulk_create(records=lines)
    stored = LearningRecord.objects.filter(title__startswith="Webinar").order_by("title")
    assert [(line.year, line.opd_id) for line in stored] == [
        (2026, other_opd.pk),
        (2026, single.opd_id),
        (2026, single.opd_id),
    ]
    assert single.year == 2026 and single.opd_id == employee.opd_id


def test_the_admin_profile_panel_costs_the_same_few_queries_whatever_the_data(
    employee, django_assert_num_queries
):
    """Profile and JP of the year: one query each, not one per competency or requirement."""
    for code in COMPETENCY_CODES[:6]:
        position_requirement_set(
            position=employee.position, competency=competency(code), required_level=4
        )
        evidence_record(
            employee=employee,
            competency=competency(code),
            level=2,
            source=EvidenceSource.QUIZ,
            observed_on=TODAY,
        )
    record(employee)
    employee = Employee.objects.select_related("position").get(pk=employee.pk)
    with django_assert_num_queries(2):
        context = EmployeeCompetencyPanel(employee).get_context_data()
    rows = {row.code: row for row in context["rows"]}
    assert len(rows) == 19
    assert rows[COMPETENCY_CODES[0]].gap == 2


def test_profile_needs_no_loaded_position(employee, django_assert_num_queries):
    """The jenis jabatan default is read in the same query (no extra fetch of the position)."""
    employee = Employee.objects.get(pk=employee.pk)
    with django_assert_num_queries(1):
        rows = {row.code: row.required for row in employee_competency_profile(employee)}
    assert rows["LD.01"] == 2 and rows["SP.01"] == 1


def test_the_it_floor_costs_a_few_queries_not_some_per_competency(
    employee, django_assert_max_num_queries
):
    position = Position.objects.create(
        code="PK-2",
        name="Pranata Komputer Ahli Pertama",
        jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN,
        jenjang="ahli_pertama",
        is_it_role=True,
    )
    position_requirement_set(position=position, competency=competency("SP.04"), required_level=2)
    with django_assert_max_num_queries(8):  # two reads and two writes, with their savepoints
        applied = position_it_overrides_apply(position=position)
    assert len(applied) == position.requirements.count() == 6
    assert all(requirement.pk for requirement in applied)
    rows = {c.code: (c.required, c.is_override) for c in position_requirements(position)}
    assert rows["SP.04"] == (4, True) and rows["SP.02"] == (3, True)
    position_it_overrides_apply(position=position)
    assert position.requirements.count() == 6


def test_my_profile_api_costs_the_same_queries_with_more_requirements_and_evidence(employee):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lms.users.models import User

    employee.user = User.objects.create_user(username=employee.nip, nip=employee.nip)
    employee.save()
    client = Client()
    client.force_login(employee.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/me").status_code == 200
        return len(captured)

    before = queries()
    for code in COMPETENCY_CODES[:8]:
        position_requirement_set(
            position=employee.position, competency=competency(code), required_level=3
        )
        evidence_record(
            employee=employee,
            competency=competency(code),
            level=2,
            source=EvidenceSource.HR,
            observed_on=TODAY,
        )
    record(employee)
    assert queries() == before <= 8  # session and user, employee, profile, JP of the year

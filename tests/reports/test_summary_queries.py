"""The OPD × competency summary runs in at most 5 queries whatever the data size (quality.md P8,
P11); so do the JP summary and the per-person lists (one statement each besides the scope)."""

import datetime

import pytest

from lms.competencies.models import Competency, CompetencyEvidence, EvidenceSource
from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.reports.selectors import (
    gap_rows,
    gap_summary,
    jp_rows,
    jp_summary,
    jpm_rows,
    report_filters,
)
from lms.users.models import User
from tests.factories.people import pns_nip


def grow(regency, people: int) -> None:
    """``people`` more PNS in P1 over four new OPDs (with units), each with evidence."""
    opds = []
    for n in range(4):
        top = OPD.objects.create(code=f"9.{n}", name=f"Badan {n}", type=OPDType.BADAN)
        opds += [top, OPD.objects.create(code=f"9.{n}.1", name=f"UPT {n}", type="uptd", parent=top)]
    employees = Employee.objects.bulk_create(
        Employee(
            nip=pns_nip(1000 + i),
            name=f"Pegawai {i}",
            gender="L" if pns_nip(1000 + i)[14] == "1" else "P",
            employee_type=EmployeeType.PNS,
            opd=opds[i % len(opds)],
            position=regency["positions"]["P1"],
        )
        for i in range(people)
    )
    competencies = list(Competency.objects.filter(is_active=True))
    CompetencyEvidence.objects.bulk_create(
        CompetencyEvidence(
            employee=employee,
            competency=competencies[i % len(competencies)],
            level=1 + i % 5,
            source=EvidenceSource.QUIZ if i % 3 else EvidenceSource.SELF,
            observed_on=datetime.date(2026, 1, 1),
        )
        for i, employee in enumerate(employees)
    )


def fresh(user: User) -> User:
    """The user without the cached scope, so its queries are counted every time."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("extra_people", [0, 120])
@pytest.mark.parametrize("viewer", ["bkpsdm", "admin_root"])
def test_gap_summary_needs_at_most_five_queries(
    regency, extra_people, viewer, django_assert_max_num_queries
):
    grow(regency, extra_people)
    user = fresh(regency[viewer])
    with django_assert_max_num_queries(5):
        summary = gap_summary(report_filters(viewer=user, year=2026))
        assert summary.rows
    user = fresh(regency[viewer])
    with django_assert_max_num_queries(5):
        gap_summary(report_filters(viewer=user, year=2026, opd=regency["opd"]["root"]))
    if viewer == "bkpsdm" and extra_people:
        people = sum(row.total.people for row in summary.rows)
        assert people == 12 + 3 * extra_people  # 4 people × 3 required competencies before


@pytest.mark.parametrize("extra_people", [0, 120])
def test_jp_summary_and_lists_stay_constant(regency, extra_people, django_assert_max_num_queries):
    grow(regency, extra_people)
    streamed = [lambda f, rows=rows: list(rows(f)) for rows in (jpm_rows, gap_rows, jp_rows)]
    for selector in (jp_summary, *streamed):
        user = fresh(regency["admin_root"])
        with django_assert_max_num_queries(5):
            selector(report_filters(viewer=user, year=2026))

"""Write-side operations for requirements, evidence and the JP ledger."""

import datetime
from decimal import Decimal

from django.db import transaction

from lms.people.models import Employee, Position
from lms.users.models import User

from .catalogue import IT_ROLE_OVERRIDES
from .models import (
    Competency,
    CompetencyEvidence,
    LearningRecord,
    PositionRequirement,
)


@transaction.atomic
def position_requirement_set(
    *, position: Position, competency: Competency, required_level: int
) -> PositionRequirement:
    """Sets (or changes) HR's override of a position's required level. Idempotent."""
    requirement = PositionRequirement.objects.filter(
        position=position, competency=competency
    ).first() or PositionRequirement(position=position, competency=competency)
    requirement.required_level = required_level
    requirement.full_clean()
    requirement.save()
    return requirement


@transaction.atomic
def position_it_overrides_apply(*, position: Position) -> list[PositionRequirement]:
    """For an IT position, raises SPBE requirements to the IT floor (catalogue proposal)."""
    if not position.is_it_role:
        return []
    competencies = Competency.objects.in_bulk(list(IT_ROLE_OVERRIDES), field_name="code")
    return [
        position_requirement_set(
            position=position, competency=competencies[code], required_level=level
        )
        for code, level in IT_ROLE_OVERRIDES.items()
        if code in competencies
    ]


@transaction.atomic
def evidence_record(
    *,
    employee: Employee,
    competency: Competency,
    level: int,
    source: str,
    observed_on: datetime.date,
    reference: str = "",
    recorded_by: User | None = None,
) -> CompetencyEvidence:
    """Appends one piece of competency evidence. Evidence is never edited, only added."""
    evidence = CompetencyEvidence(
        employee=employee,
        competency=competency,
        level=level,
        source=source,
        observed_on=observed_on,
        reference=reference,
        recorded_by=recorded_by,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


def learning_record_prepare(record: LearningRecord) -> LearningRecord:
    """Fills the derived fields (year from the end date; OPD at the time) before validation."""
    if record.end_date:
        record.year = record.end_date.year
    if not record.opd_id and record.employee_id:
        record.opd_id = Employee.objects.values_list("opd_id", flat=True).get(pk=record.employee_id)
    return record


@transaction.atomic
def learning_record_create(
    *,
    employee: Employee,
    title: str,
    provider: str,
    path: str,
    jenis_diklat: int,
    jp: Decimal,
    start_date: datetime.date,
    end_date: datetime.date,
    source: str,
    certificate_number: str = "",
    source_reference: str = "",
) -> LearningRecord:
    """Adds a line to the JP ledger, attributed to the employee's OPD at this moment."""
    record = learning_record_prepare(
        LearningRecord(
            employee=employee,
            opd_id=employee.opd_id,
            title=title,
            provider=provider,
            path=path,
            jenis_diklat=jenis_diklat,
            jp=jp,
            start_date=start_date,
            end_date=end_date,
            source=source,
            certificate_number=certificate_number,
            source_reference=source_reference,
        )
    )
    record.full_clean()
    record.save()
    return record

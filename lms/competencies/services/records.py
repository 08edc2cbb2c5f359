"""Write-side operations for learner records: competency evidence and the JP ledger."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.imports.bulk import rows_update
from lms.people.models import OPD, Employee
from lms.users.models import User

from ..models import Competency, CompetencyEvidence, EvidenceSource, LearningRecord


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
    """Appends one piece of competency evidence. Evidence is never edited, only added.

    Evidence entered by hand (``source`` HR: the admin's *Bukti kompetensi* form) writes one
    ``EVIDENCE_ADDED`` audit entry; evidence the platform derives itself (a graded quiz, a
    completed course) does not."""
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
    if source == EvidenceSource.HR:
        audit_record(
            AuditAction.EVIDENCE_ADDED,
            actor=recorded_by,
            obj=employee,
            opd=employee.opd,
            details={
                "evidence_id": evidence.pk,
                "competency": competency.code,
                "level": level,
                "source": source,
                "observed_on": str(observed_on),
                "reference": reference,
            },
        )
    return evidence


@transaction.atomic(savepoint=False)
def evidence_bulk_record(
    *, evidence: Sequence[CompetencyEvidence], batch_size: int | None = None
) -> list[CompetencyEvidence]:
    """Appends many pieces of evidence at once. The rows must already be valid (data valid by
    construction, e.g. the synthetic generator, a graded quiz); the database constraints still
    hold. Atomic; inside a caller's transaction it adds no savepoint (a graded submit is one
    transaction, docs/quality.md P5), so a failure rolls the caller's transaction back."""
    return CompetencyEvidence.objects.bulk_create(evidence, batch_size=batch_size)


def learning_records_prepare(records: Sequence[LearningRecord]) -> Sequence[LearningRecord]:
    """Fills the derived fields of ledger lines before validation or a write: the year from the
    end date, and the OPD at the time (the employee's current OPD) where the line has none.
    One query for all lines that lack an OPD, none otherwise."""
    missing = {record.employee_id for record in records if not record.opd_id and record.employee_id}
    current_opd = (
        dict(Employee.objects.filter(pk__in=missing).values_list("pk", "opd_id")) if missing else {}
    )
    for record in records:
        if record.end_date:
            record.year = record.end_date.year
        if not record.opd_id and record.employee_id:
            record.opd_id = current_opd[record.employee_id]
    return records


def learning_record_prepare(record: LearningRecord) -> LearningRecord:
    """:func:`learning_records_prepare` for one line."""
    learning_records_prepare([record])
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
    opd: OPD | None = None,
) -> LearningRecord:
    """Adds a line to the JP ledger, attributed to the employee's OPD at this moment, or to
    ``opd`` for a line of the past that was booked to another OPD (e.g. before a merger)."""
    record = learning_record_prepare(
        LearningRecord(
            employee=employee,
            opd_id=opd.pk if opd is not None else employee.opd_id,
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


@transaction.atomic
def learning_records_bulk_create(
    *, records: Sequence[LearningRecord], batch_size: int = 1000
) -> list[LearningRecord]:
    """Adds many ledger lines at once, with the derived fields filled as for one line
    (:func:`learning_records_prepare`). The lines must already be valid (an import handler's
    ``clean()``, or data valid by construction); the database constraints still hold. Atomic."""
    learning_records_prepare(records)
    return LearningRecord.objects.bulk_create(records, batch_size=batch_size)


@transaction.atomic
def learning_records_bulk_update(
    *, records: Sequence[LearningRecord], fields: Sequence[str]
) -> int:
    """Rewrites ``fields`` (not ``year``) of many existing ledger lines (by pk) and their
    derived year; the OPD at the time is never changed. Same validity contract as
    :func:`learning_records_bulk_create`. Atomic. Returns the number of lines."""
    learning_records_prepare(records)
    return rows_update(records, [*fields, "year"])

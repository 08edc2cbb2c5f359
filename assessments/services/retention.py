"""The retention purge (UU 27/2022: data kept no longer than its purpose needs; docs/security.md,
"Personal data (UU 27/2022)"), run daily by ``assessments.retention_purge``.

What is raw and goes:

* of every quiz attempt **finished** more than ``LMS_RETENTION_ATTEMPT_YEARS`` ago: its answers
  (``AttemptAnswer``: the responses and per-question scores), its autosave receipts
  (``AutosaveReceipt``) and its question layout (``Attempt.layout``: the versions and shuffled
  order drawn, emptied);
* H5P xAPI statements (``XAPIStatement``) received, and saved player states (``H5PUserState``)
  last saved, more than ``LMS_RETENTION_XAPI_YEARS`` ago.

What stays: the ``Attempt`` row itself (number, state, times, score, percent, pass and the
per-competency results), because competency evidence names it (``reference="attempt:<id>"``),
course completion counts its pass (``required_quizzes_passed``) and the attempt limits count its
number; the ``H5PResult`` summary; and everything outside this app: JP records
(``LearningRecord``), evidence, enrollments and certificates are never touched. Nothing else
holds a foreign key to the rows deleted here (they point at the attempt, never the reverse).

Deletes run in batches (``batch_size`` rows a statement, each batch its own transaction, so a
long purge never holds a long lock); a rerun finds nothing left to delete (idempotent). One
audit entry (``RETENTION_PURGED``) with the counts is written when anything was deleted.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record

from ..h5p.models import H5PUserState, XAPIStatement
from ..models import Attempt, AttemptAnswer, AttemptState, AutosaveReceipt

BATCH_SIZE = 1000


@dataclass(frozen=True)
class RetentionReport:
    attempt_answers: int = 0
    autosave_receipts: int = 0
    attempt_layouts: int = 0
    xapi_statements: int = 0
    h5p_states: int = 0

    @property
    def total(self) -> int:
        return sum(asdict(self).values())


def _years_before(now: datetime.datetime, years: int) -> datetime.datetime:
    """``now`` minus whole calendar years (29 February becomes 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def _delete_in_batches(queryset: QuerySet, batch_size: int) -> int:
    model: type[Model] = queryset.model
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                return deleted
            count, _detail = model.objects.filter(pk__in=ids).delete()
            deleted += count


def _clear_layouts(queryset: QuerySet, batch_size: int) -> int:
    cleared = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                return cleared
            cleared += Attempt.objects.filter(pk__in=ids).update(layout=[])


def retention_purge(
    *,
    now: datetime.datetime | None = None,
    attempt_years: int | None = None,
    xapi_years: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> RetentionReport:
    """Deletes the raw rows past their retention period (see the module) and returns how many
    of each went. Periods default to ``LMS_RETENTION_ATTEMPT_YEARS`` and
    ``LMS_RETENTION_XAPI_YEARS``; a period below 1 year is refused."""
    now = now or timezone.now()
    attempt_years = settings.LMS_RETENTION_ATTEMPT_YEARS if attempt_years is None else attempt_years
    xapi_years = settings.LMS_RETENTION_XAPI_YEARS if xapi_years is None else xapi_years
    if attempt_years < 1 or xapi_years < 1:
        raise ValueError("Retention periods are whole years, at least 1.")
    attempts_before = _years_before(now, attempt_years)
    xapi_before = _years_before(now, xapi_years)
    old_attempts = Attempt.objects.exclude(state=AttemptState.IN_PROGRESS).filter(
        finished_at__lt=attempts_before
    )
    old_ids = old_attempts.values("pk")
    report = RetentionReport(
        attempt_answers=_delete_in_batches(
            AttemptAnswer.objects.filter(attempt_id__in=old_ids), batch_size
        ),
        autosave_receipts=_delete_in_batches(
            AutosaveReceipt.objects.filter(attempt_id__in=old_ids), batch_size
        ),
        attempt_layouts=_clear_layouts(old_attempts.exclude(layout=[]), batch_size),
        xapi_statements=_delete_in_batches(
            XAPIStatement.objects.filter(received_at__lt=xapi_before), batch_size
        ),
        h5p_states=_delete_in_batches(
            H5PUserState.objects.filter(updated_at__lt=xapi_before), batch_size
        ),
    )
    if report.total:
        with transaction.atomic():
            audit_record(
                AuditAction.RETENTION_PURGED,
                actor=None,
                actor_label="retensi otomatis",
                object_type="retention",
                object_label="Jawaban kuis dan pernyataan H5P lama",
                details={
                    **asdict(report),
                    "attempt_years": attempt_years,
                    "xapi_years": xapi_years,
                    "attempts_finished_before": attempts_before.isoformat(),
                    "xapi_before": xapi_before.isoformat(),
                },
            )
    return report

"""The retention purge (UU 27/2022; docs/security.md, "Personal data (UU 27/2022)"): raw quiz
answers of attempts finished more than LMS_RETENTION_ATTEMPT_YEARS ago and H5P statements and
player states older than LMS_RETENTION_XAPI_YEARS go; scores, passes, JP records, evidence,
enrollments and certificates stay; one audit entry with the counts; a rerun deletes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from assessments.h5p.models import H5PResult, H5PUserState, XAPIStatement
from assessments.models import Attempt, AttemptAnswer, AutosaveReceipt
from assessments.services.retention import retention_purge
from assessments.tasks import retention_purge_task
from certificates.models import Certificate
from courses.models import Enrollment, LessonProgress
from lms.competencies.models import CompetencyEvidence, LearningRecord
from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from tests.people.privacy_seed import make_opd, seed_person

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _age(person, *, years: float) -> None:
    """Moves every attempt, statement and saved state of ``person`` ``years`` into the past
    (the purge reads finished_at, received_at and updated_at)."""
    user = person.employee.user
    when = NOW - datetime.timedelta(days=round(365.25 * years))
    Attempt.objects.filter(user=user).update(started_at=when, finished_at=when)
    XAPIStatement.objects.filter(user=user).update(received_at=when)
    H5PUserState.objects.filter(user=user).update(updated_at=when)


def _counts(person) -> dict[str, int]:
    user = person.employee.user
    return {
        "answers": AttemptAnswer.objects.filter(attempt__user=user).count(),
        "receipts": AutosaveReceipt.objects.filter(attempt__user=user).count(),
        "layouts": Attempt.objects.filter(user=user).exclude(layout=[]).count(),
        "statements": XAPIStatement.objects.filter(user=user).count(),
        "states": H5PUserState.objects.filter(user=user).count(),
    }


def _kept(person) -> dict[str, object]:
    user, employee = person.employee.user, person.employee
    return {
        "attempts": list(
            Attempt.objects.filter(user=user)
            .order_by("pk")
            .values_list("pk", "score", "percent", "passed", "competency_results", "number")
        ),
        "records": LearningRecord.objects.filter(employee=employee).count(),
        "evidence": CompetencyEvidence.objects.filter(employee=employee).count(),
        "certificates": list(Certificate.objects.filter(user=user).values_list("pk", "sha256")),
        "enrollments": Enrollment.objects.filter(user=user).count(),
        "progress": LessonProgress.objects.filter(enrollment__user=user).count(),
        "results": H5PResult.objects.filter(user=user).count(),
    }


@pytest.fixture
def people():
    old = seed_person("ZEBRA", "198703152010012003", make_opd("A.01", "Dinas A"), extra=2)
    recent = seed_person("QUOKKA", "198801012011011005", make_opd("B.01", "Dinas B"))
    _age(old, years=6)
    _age(recent, years=1)
    return old, recent


def test_defaults_are_five_and_two_years():
    assert settings.LMS_RETENTION_ATTEMPT_YEARS == 5
    assert settings.LMS_RETENTION_XAPI_YEARS == 2
    schedule = settings.CELERY_BEAT_SCHEDULE["retention-purge"]
    assert schedule["task"] == "assessments.retention_purge"


def test_purge_deletes_exactly_the_old_raw_rows_and_keeps_the_rest(people):
    old, recent = people
    before_old, before_recent = _counts(old), _counts(recent)
    assert all(before_old.values()) and all(before_recent.values()), (before_old, before_recent)
    kept_old, kept_recent = _kept(old), _kept(recent)
    assert kept_old["certificates"] and kept_old["records"] and kept_old["evidence"]

    report = retention_purge(now=NOW, batch_size=2)  # batches smaller than the rows

    assert _counts(old) == dict.fromkeys(before_old, 0)
    assert _counts(recent) == before_recent
    assert _kept(old) == kept_old and _kept(recent) == kept_recent
    assert report.attempt_answers == before_old["answers"] == 3
    assert report.autosave_receipts == before_old["receipts"] == 3
    assert report.attempt_layouts == 3
    assert report.xapi_statements == 3 and report.h5p_states == 3
    entries = AuditEntry.objects.filter(action=AuditAction.RETENTION_PURGED)
    assert entries.count() == 1
    details = entries.get().details
    assert details["attempt_answers"] == 3 and details["xapi_statements"] == 3
    assert details["attempt_years"] == 5 and details["xapi_years"] == 2


def test_a_second_run_deletes_nothing_and_logs_nothing(people):
    retention_purge(now=NOW)
    again = retention_purge(now=NOW)
    assert again.total == 0
    assert AuditEntry.objects.filter(action=AuditAction.RETENTION_PURGED).count() == 1


def test_statements_between_the_two_periods(people):
    """Three years old: past the xAPI period (2) but not the attempts' (5)."""
    old, _recent = people
    _age(old, years=3)
    before = _counts(old)
    report = retention_purge(now=NOW)
    after = _counts(old)
    assert after["answers"] == before["answers"] and after["layouts"] == before["layouts"]
    assert after["statements"] == 0 and after["states"] == 0
    assert report.attempt_answers == 0 and report.xapi_statements == 3


def test_an_attempt_in_progress_is_never_purged(people):
    old, _recent = people
    user = old.employee.user
    quiz = old.objects["attempts"][0].quiz
    from assessments.services import attempt_start

    ongoing = attempt_start(user=user, quiz=quiz)
    Attempt.objects.filter(pk=ongoing.pk).update(started_at=NOW - datetime.timedelta(days=365 * 7))
    retention_purge(now=NOW)
    ongoing.refresh_from_db()
    assert ongoing.layout
    assert AttemptAnswer.objects.filter(attempt=ongoing).exists()


def test_periods_come_from_the_settings(people, settings):
    old, _recent = people
    settings.LMS_RETENTION_ATTEMPT_YEARS = 10
    settings.LMS_RETENTION_XAPI_YEARS = 10
    assert retention_purge(now=NOW).total == 0
    assert _counts(old)["answers"] == 3
    with pytest.raises(ValueError):
        retention_purge(now=NOW, attempt_years=0)


def test_the_task_runs_the_purge(people):
    result = retention_purge_task.apply().get()
    assert result["attempt_answers"] == 3 and result["xapi_statements"] == 3
    assert retention_purge_task.apply().get() == dict.fromkeys(result, 0)


def test_the_download_still_works_after_a_purge(people, client):
    """The attempt stays in "Unduh data saya" with its score, without its answers."""
    import json

    old, _recent = people
    retention_purge(now=NOW)
    client.force_login(old.employee.user)
    document = json.loads(client.get("/akun/data-saya/unduh/json/").content)
    rows = document["sections"]["quiz_attempts"]["rows"]
    assert len(rows) == 3 and all(row["answers"] == [] for row in rows)
    assert all(row["percent"] == "0" for row in rows)
    assert document["sections"]["xapi_statements"]["rows"] == []
    # The result page of a purged attempt still opens (score, no per-question review).
    result = client.get(f"/kuis/percobaan/{old.objects['attempts'][0].pk}/hasil/")
    assert result.status_code == 200

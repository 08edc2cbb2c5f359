"""Attempt lifecycle: draws, time limit, attempts, autosave rules, grading, evidence."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, AttemptState, PlacementBand
from assessments.services import (
    attempt_autosave,
    attempt_start,
    attempt_submit,
    attempts_expire,
)
from lms.competencies.models import CompetencyEvidence, EvidenceSource
from lms.core.errors import ApplicationError
from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.services import employee_save
from tests.factories.assessments import by_letter, correct_answers, make_quiz
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 11, 24, 9, 0))


@pytest.fixture
def learner():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    return employee_save(employee=Employee(
        nip="198703152010012003", name="Siti", gender="P", employee_type=EmployeeType.PNS, opd=opd,
    )).user  # fmt: skip


def test_stratified_draw_takes_the_count_from_every_bank(learner):
    quiz = make_quiz(banks=(("SP.01", 2, 6, 3), ("SP.07", 2, 5, 2)))
    attempt = attempt_start(user=learner, quiz=quiz, now=NOW)
    banks = [
        AttemptAnswer.objects.get(attempt=attempt, position=i).version.question.bank.competency.code
        for i in range(len(attempt.layout))
    ]
    assert sorted(banks) == ["SP.01"] * 3 + ["SP.07"] * 2
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5
    versions = {row.version_id: row.version for row in attempt.answers.select_related("version")}
    assert all(
        sorted(item["order"]) == sorted(c["id"] for c in versions[item["v"]].data["choices"])
        for item in attempt.layout
    )


def test_bank_smaller_than_the_draw_refuses_to_start(learner):
    quiz = make_quiz(banks=(("SP.01", 2, 2, 3),))
    with pytest.raises(ApplicationError) as error:
        attempt_start(user=learner, quiz=quiz, now=NOW)
    assert error.value.code == "bank_too_small" and "hanya berisi 2" in error.value.message
    assert not Attempt.objects.exists()


def test_start_returns_the_attempt_in_progress(learner):
    quiz = make_quiz()
    first = attempt_start(user=learner, quiz=quiz, now=NOW)
    assert attempt_start(user=learner, quiz=quiz, now=NOW) == first


def test_window_and_attempt_limit(learner):
    quiz = make_quiz(opens_at=NOW + datetime.timedelta(hours=1), max_attempts=1)
    with pytest.raises(ApplicationError) as error:
        attempt_start(user=learner, quiz=quiz, now=NOW)
    assert error.value.code == "not_open"
    later = NOW + datetime.timedelta(hours=2)
    attempt = attempt_start(user=learner, quiz=quiz, now=later)
    attempt_submit(attempt=attempt, user=learner, now=later)
    with pytest.raises(ApplicationError) as error:
        attempt_start(user=learner, quiz=quiz, now=later)
    assert error.value.code == "no_attempts_left"


def test_deadline_is_the_earlier_of_time_limit_and_closing(learner):
    quiz = make_quiz(time_limit_minutes=30, closes_at=NOW + datetime.timedelta(minutes=10))
    assert attempt_start(user=learner, quiz=quiz, now=NOW).deadline == NOW + datetime.timedelta(
        minutes=10
    )


def test_autosave_sequence_and_stale_write(learner):
    attempt = attempt_start(user=learner, quiz=make_quiz(), now=NOW)
    a, b = by_letter(attempt, {0: "a"})[0], by_letter(attempt, {0: "b"})[0]
    saved = attempt_autosave(
        attempt_id=attempt.pk, user=learner, sequence=0, answers={0: a}, now=NOW
    )
    assert saved.sequence == 1
    with pytest.raises(ApplicationError) as error:
        attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=0, answers={0: b}, now=NOW)
    assert error.value.code == "stale"
    assert AttemptAnswer.objects.get(attempt=attempt, position=0).response == a


def test_autosave_retry_with_same_key_is_applied_once(learner):
    attempt = attempt_start(user=learner, quiz=make_quiz(), now=NOW)
    key = uuid.uuid4()
    answers = by_letter(attempt, {0: "a"})
    attempt_autosave(
        attempt_id=attempt.pk, user=learner, sequence=0, answers=answers, key=key, now=NOW
    )
    again = attempt_autosave(
        attempt_id=attempt.pk, user=learner, sequence=0, answers=answers, key=key, now=NOW
    )
    assert again.sequence == 1


@pytest.mark.parametrize("answers", [{0: "zzz"}, {99: "a"}, {0: ["a"]}])
def test_malformed_answers_are_refused_and_nothing_changes(learner, answers):
    attempt = attempt_start(user=learner, quiz=make_quiz(), now=NOW)
    with pytest.raises(ApplicationError) as error:
        attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=0, answers=answers, now=NOW)
    assert error.value.code == "bad_answer"
    attempt.refresh_from_db()
    assert attempt.sequence == 0
    assert not AttemptAnswer.objects.filter(attempt=attempt, response__isnull=False).exists()


def test_another_learners_attempt_does_not_exist_for_you(learner):
    attempt = attempt_start(user=learner, quiz=make_quiz(), now=NOW)
    intruder = UserFactory()
    with pytest.raises(Attempt.DoesNotExist):
        attempt_autosave(
            attempt_id=attempt.pk, user=intruder, sequence=0, answers={0: "a"}, now=NOW
        )
    with pytest.raises(Attempt.DoesNotExist):
        attempt_submit(attempt_id=attempt.pk, user=intruder, now=NOW)


def test_submit_grades_once_and_records_evidence_for_a_passed_post_test(learner):
    attempt = attempt_start(user=learner, quiz=make_quiz(banks=(("SP.01", 2, 5, 4),)), now=NOW)
    answers = correct_answers(attempt)
    answers.update(by_letter(attempt, {0: "b"}))  # one wrong: 3/4 = 75 % ≥ 70 %
    result = attempt_submit(attempt=attempt, user=learner, answers=answers, now=NOW)
    assert (result.state, result.score, result.max_score, result.percent, result.passed) == (
        AttemptState.SUBMITTED,
        Decimal("3.00"),
        Decimal("4.00"),
        Decimal("75.00"),
        True,
    )
    assert result.competency_results == {"SP.01": {"percent": 75.0, "level": 2}}
    again = attempt_submit(
        attempt=attempt, user=learner, answers=by_letter(attempt, {0: "a"}), now=NOW
    )
    assert again.score == Decimal("3.00")  # idempotent: the late answer changed nothing
    evidence = CompetencyEvidence.objects.get()
    assert (evidence.competency.code, evidence.level, evidence.source, evidence.reference) == (
        "SP.01",
        2,
        EvidenceSource.QUIZ,
        f"attempt:{attempt.pk}",
    )


def test_failed_post_test_and_pre_test_record_no_evidence(learner):
    quiz = make_quiz()
    attempt = attempt_start(user=learner, quiz=quiz, now=NOW)
    assert attempt_submit(attempt=attempt, user=learner, answers={}, now=NOW).passed is False
    pre = make_quiz(kind="pre", title="Tes awal")
    attempt = attempt_start(user=learner, quiz=pre, now=NOW)
    assert attempt_submit(
        attempt=attempt, user=learner, answers=correct_answers(attempt), now=NOW
    ).passed
    assert not CompetencyEvidence.objects.exists()


def test_per_competency_pass_mark(learner):
    quiz = make_quiz(
        banks=(("SP.01", 2, 4, 2), ("SP.07", 2, 4, 2)),
        competency_pass_percent=60,
        pass_percent=50,
        shuffle_questions=False,
    )
    attempt = attempt_start(user=learner, quiz=quiz, now=NOW)
    answers = correct_answers(attempt)
    answers.update(by_letter(attempt, {2: "b", 3: "b"}))  # SP.07 0 %, overall 50 %
    assert attempt_submit(attempt=attempt, user=learner, answers=answers, now=NOW).passed is False


def test_placement_records_the_level_of_the_band_reached(learner):
    quiz = make_quiz(kind="placement", banks=(("LD.07", 3, 4, 4),))
    competency = quiz.draws.get().bank.competency
    for minimum, level in ((0, 1), (50, 2), (90, 3)):
        PlacementBand.objects.create(
            quiz=quiz, competency=competency, min_percent=minimum, level=level
        )
    attempt = attempt_start(user=learner, quiz=quiz, now=NOW)
    answers = correct_answers(attempt)
    answers.update(by_letter(attempt, {0: "b"}))  # 75 %
    attempt_submit(attempt=attempt, user=learner, answers=answers, now=NOW)
    assert CompetencyEvidence.objects.get().level == 2


def test_expired_attempts_finish_with_the_last_saved_answers(learner):
    quiz = make_quiz(time_limit_minutes=10, banks=(("SP.01", 2, 3, 3),))
    attempt = attempt_start(user=learner, quiz=quiz, now=NOW)
    keys = correct_answers(attempt)
    attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=0, answers={0: keys[0]}, now=NOW)
    late = NOW + datetime.timedelta(minutes=11)
    with pytest.raises(ApplicationError) as error:
        attempt_autosave(
            attempt_id=attempt.pk, user=learner, sequence=1, answers={1: keys[1]}, now=late
        )
    assert error.value.code == "expired"
    assert attempts_expire(now=late) == 1
    assert attempts_expire(now=late) == 0  # idempotent
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED and attempt.score == Decimal("1.00")
    # A late submit with answers neither reopens nor regrades it.
    assert attempt_submit(attempt=attempt, user=learner, answers=keys, now=late).score == Decimal(
        "1.00"
    )


def test_submit_after_the_deadline_ignores_new_answers(learner):
    quiz = make_quiz(time_limit_minutes=5, banks=(("SP.01", 2, 3, 3),))
    attempt = attempt_start(user=learner, quiz=quiz, now=NOW)
    result = attempt_submit(
        attempt=attempt,
        user=learner,
        answers=correct_answers(attempt),
        now=NOW + datetime.timedelta(minutes=6),
    )
    assert result.state == AttemptState.EXPIRED and result.score == Decimal("0.00")


def test_grading_failure_leaves_nothing(learner, monkeypatch):
    """R1.8: an exception between answers and grade rolls everything back."""
    import assessments.services.attempts as services

    attempt = attempt_start(user=learner, quiz=make_quiz(), now=NOW)

    def explode(*args, **kwargs):
        raise RuntimeError("crash after answers were written")

    monkeypatch.setattr(services, "_record_evidence", explode)
    with pytest.raises(RuntimeError):
        attempt_submit(attempt=attempt, user=learner, answers=correct_answers(attempt), now=NOW)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.score is None
    assert not AttemptAnswer.objects.filter(attempt=attempt, response__isnull=False).exists()
    assert not AttemptAnswer.objects.filter(attempt=attempt, score__isnull=False).exists()

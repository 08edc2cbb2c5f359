"""docs/quality.md R1 on real PostgreSQL: threads with their own connections call the services."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, AttemptState, QuestionVersion
from assessments.services import attempt_autosave, attempt_start, attempt_submit, attempts_expire
from lms.core.errors import ApplicationError
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.users import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_thread(function):
    """Runs ``function`` with its own database connection, closed afterwards."""

    def wrapper(*args):
        close_old_connections()
        try:
            return function(*args)
        finally:
            connections.close_all()

    return wrapper


def run_together(function, arguments, workers: int):
    barrier = threading.Barrier(min(workers, len(arguments)))

    @in_thread
    def call(argument):
        barrier.wait(timeout=30)
        try:
            return function(argument)
        except ApplicationError as error:
            return error

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, arguments))


def test_200_distinct_attempts_submitted_concurrently():
    assert connection.vendor == "postgresql"
    quiz = make_quiz(banks=(("SP.01", 2, 12, 10), ("SP.07", 2, 12, 10)))
    users = [UserFactory() for _ in range(200)]
    attempts = [attempt_start(user=user, quiz=quiz) for user in users]
    work = [(a.pk, a.user, correct_answers(a)) for a in attempts]

    def submit(item):
        attempt_id, user, answers = item
        if attempt_id % 2:
            answers = dict(list(answers.items())[:15])  # half the learners skip 5 questions
        return attempt_submit(attempt_id=attempt_id, user=user, answers=answers).state

    states = run_together(submit, work[:20], workers=20) + run_together(
        submit, work[20:], workers=20
    )
    assert states == [AttemptState.SUBMITTED] * 200
    assert Attempt.objects.filter(state=AttemptState.SUBMITTED).count() == 200
    assert AttemptAnswer.objects.count() == 4000
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM assessments_attempt a WHERE a.score IS DISTINCT FROM "
            "(SELECT sum(x.score) FROM assessments_attemptanswer x WHERE x.attempt_id = a.id)"
        )
        assert cursor.fetchone()[0] == 0  # sum of answer marks equals every attempt's grade
    assert sorted(set(Attempt.objects.values_list("score", flat=True))) == [
        Decimal("15.00"),
        Decimal("20.00"),
    ]


def test_same_attempt_submitted_ten_times_at_once():
    quiz = make_quiz(banks=(("SP.01", 2, 5, 5),))
    user = UserFactory()
    attempt = attempt_start(user=user, quiz=quiz)
    answers = correct_answers(attempt)
    results = run_together(
        lambda _n: attempt_submit(attempt_id=attempt.pk, user=user, answers=answers),
        list(range(10)),
        workers=10,
    )
    finished = {(r.state, r.score, r.finished_at) for r in results}
    assert len(finished) == 1  # all ten saw the one and only transition
    assert Attempt.objects.get().score == Decimal("5.00")


def test_concurrent_starts_make_exactly_one_attempt():
    quiz = make_quiz()
    user = UserFactory()
    attempts = run_together(
        lambda _n: attempt_start(user=user, quiz=quiz), list(range(10)), workers=10
    )
    assert len({a.pk for a in attempts}) == 1
    assert Attempt.objects.filter(state=AttemptState.IN_PROGRESS).count() == 1


def test_autosave_racing_submit_never_changes_a_finished_attempt():
    quiz = make_quiz(banks=(("SP.01", 2, 5, 5),))
    user = UserFactory()
    attempt = attempt_start(user=user, quiz=quiz)
    keys = correct_answers(attempt)
    version = QuestionVersion.objects.get(pk=attempt.layout[0]["v"])
    wrong = next(c["id"] for c in version.data["choices"] if c["id"] != keys[0])

    def act(n):
        if n == 0:
            return attempt_submit(attempt_id=attempt.pk, user=user, answers=keys)
        return attempt_autosave(attempt_id=attempt.pk, user=user, sequence=0, answers={0: wrong})

    results = run_together(act, list(range(6)), workers=6)
    final = Attempt.objects.get()
    assert final.state == AttemptState.SUBMITTED
    graded = AttemptAnswer.objects.get(attempt=final, position=0)
    # Either the submit ran first (autosaves refused with "finished"), or one autosave won the
    # lock first and the submit overwrote its answer; in both cases the grade matches the answers.
    assert graded.score == (Decimal("1.00") if graded.response == keys[0] else Decimal("0.00"))
    assert final.score == sum(a.score for a in AttemptAnswer.objects.filter(attempt=final))
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert all(r.code in {"finished", "stale"} for r in refused)


def test_expiry_job_running_twice_at_once_finishes_each_attempt_once():
    quiz = make_quiz(time_limit_minutes=1, banks=(("SP.01", 2, 3, 3),))
    users = [UserFactory() for _ in range(5)]
    for user in users:
        attempt_start(user=user, quiz=quiz)
    later = timezone.now() + datetime.timedelta(minutes=2)
    counts = run_together(lambda _n: attempts_expire(now=later), [0, 1], workers=2)
    assert sum(counts) == 5
    assert Attempt.objects.filter(state=AttemptState.EXPIRED).count() == 5

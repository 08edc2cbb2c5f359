"""R2 crash tests on a real Celery worker and Redis (docs/quality.md R2.1, R2.2; issue 11).

200 completed enrollments, 200 ``certificates.issue`` messages on the broker, a prefork worker
with two pool processes (acks_late, reject on worker lost, prefetch 1). At about 30 % of the
batch a process is killed with SIGKILL:

1. a pool process: the main process replaces it and the interrupted task is redelivered;
2. the main process and its pool: a new worker is started on the same pid file, and the tasks
   the dead worker had taken but not acknowledged come back after the (short, set here)
   Redis ``visibility_timeout``.

Either way the end state is exact: 200 certificates, one per enrollment, numbers 1..200 without
a gap or a duplicate, 200 PDF files whose SHA-256 is the one on record, and no temporary file.
"""

import contextlib
import os
import signal
from pathlib import Path

import pytest

from certificates.models import Certificate
from tests.certificates.helpers import (
    completed_enrollment,
    default_template,
    without_automatic_issue,
)
from tests.certificates.worker import (
    Broker,
    celery_worker,
    certificate_store_report,
    issued_count,
    send_issue_tasks,
    wait_for,
)
from tests.factories.courses import build_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

N = 200
AT = N * 30 // 100
VISIBILITY_TIMEOUT = 8  # seconds; far above one issue (about 0.1 s), far below the test's budget


def _enrollments(n: int) -> list[int]:
    default_template()
    course = build_course(modules=1, lessons=1, title="Dasar-dasar SPBE", code="SPBE-01")
    with without_automatic_issue():
        return [completed_enrollment(course=course).pk for _ in range(n)]


def _assert_exactly_n_issued(enrollment_ids: list[int]) -> None:
    report = certificate_store_report()
    assert report.rows == N
    assert report.hashed == N
    assert report.enrollments == N
    assert set(Certificate.objects.values_list("enrollment_id", flat=True)) == set(enrollment_ids)
    assert report.duplicate_enrollments == 0
    assert report.duplicate_numbers == 0
    assert report.sequences_gap_free
    assert report.issue_events == N
    assert report.pdf_files == N
    assert report.files_matching_rows == N
    assert report.hash_mismatches == 0
    assert report.temporary_files == []
    assert report.other_files == []


@pytest.fixture
def broker():
    broker = Broker(visibility_timeout=VISIBILITY_TIMEOUT)
    yield broker
    broker.clear()


# Each path once (both paths under both kills cost 2.5 minutes of the suite on CI): R2.1 on the
# bulk path, certificates.issue_batch messages of 20, a pool process killed in the middle of a
# batch's drawing; R2.2 on the completion path, one certificates.issue message per enrollment.


def test_r2_1_kill_9_of_a_pool_process_at_30_percent_gives_exactly_n(tmp_path, broker):
    batch = 20
    ids = _enrollments(N)
    send_issue_tasks(broker, ids, batch=batch)
    messages = N // batch if batch else N
    with celery_worker(tmp_path, broker) as worker:
        wait_for(lambda: issued_count() >= AT, timeout=60, what=f"{AT} certificates")
        # Kill a busy pool process: one whose job the main process then reports as lost. A
        # child caught between two tasks loses nothing, so try again (at most three times).
        lost = False
        for _ in range(3):
            children = worker.children()
            assert len(children) == 2, worker.log_text()
            at_kill = issued_count()
            os.kill(children[0], signal.SIGKILL)
            wait_for(lambda c=children[0]: c not in worker.children() and len(worker.children())
                     == 2, timeout=30, what="the pool process to be replaced")  # fmt: skip
            try:
                wait_for(lambda: "WorkerLostError" in worker.log_text(), timeout=3,
                         what="the lost job")  # fmt: skip
                lost = True
                break
            except AssertionError:
                if issued_count() >= N - 10:
                    break
        assert lost, f"no running task was interrupted:\n{worker.log_text()}"
        # Counted at the kill: the redelivered batch may already have finished by now.
        assert at_kill < N
        wait_for(lambda: issued_count() >= N, timeout=90, what=f"{N} certificates")
        # Let a redelivered duplicate (if any) run to its end before counting.
        wait_for(lambda: worker.log_text().count("succeeded in") >= messages, timeout=30,
                 what="every task to finish")  # fmt: skip
        assert worker.process.poll() is None
    _assert_exactly_n_issued(ids)


def _dead(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" in status.read_text()
    except FileNotFoundError:
        return True


def test_r2_2_kill_9_of_the_main_worker_and_a_restart_gives_exactly_n(tmp_path, broker):
    ids = _enrollments(N)
    send_issue_tasks(broker, ids)
    with celery_worker(tmp_path, broker, name="first") as worker:
        wait_for(lambda: issued_count() >= AT, timeout=60, what=f"{AT} certificates")
        pool = worker.children()
        assert len(pool) == 2
        worker.kill_all()  # kill -9 of the main process and its pool, nothing cleaned up
        assert worker.process.returncode == -signal.SIGKILL
        for pid in pool:  # the group got SIGKILL too: a child may still be on its way out
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        wait_for(lambda: all(_dead(pid) for pid in pool), timeout=15, what="the pool to die")
    stopped_at = issued_count()
    assert AT <= stopped_at < N
    assert worker.pidfile.exists()  # stale: names a dead process
    with celery_worker(tmp_path, broker, name="second") as restarted:
        assert int(restarted.pidfile.read_text()) == restarted.pid
        wait_for(lambda: issued_count() >= N, timeout=90, what=f"{N} certificates")
        assert restarted.process.poll() is None
    _assert_exactly_n_issued(ids)

"""Real Celery workers for the crash tests and the bulk benchmark (docs/quality.md R2, P13).

A worker here is ``celery -A lms worker`` in its own process group (prefork pool, acks_late and
prefetch 1 from the settings), on the test database and certificate folder
(``tests/certificates/worker_settings.py``), consuming one queue under a Redis key prefix of its
own. The test sends ``certificates.issue`` messages through :func:`send_issue_tasks`, which
uses the same prefix, so nothing another test run puts on the broker is seen, redelivered or
consumed here. :func:`certificate_store_report` counts what was issued: rows, files, hashes,
duplicates and temporary files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from celery import Celery
from django.conf import settings
from django.db import connection
from django.db.models import Count

from certificates.models import Certificate, CertificateEvent

ROOT = Path(__file__).resolve().parents[2]
ISSUE_TASK = "certificates.issue"
BATCH_TASK = "certificates.issue_batch"


@dataclass
class Broker:
    """A private corner of the configured Redis broker: one key prefix and one queue."""

    visibility_timeout: int = 1800
    prefix: str = field(default_factory=lambda: f"lms-test-{uuid.uuid4().hex[:12]}:")

    @property
    def queue(self) -> str:
        return f"{self.prefix}certificates"

    @property
    def transport_options(self) -> dict:
        return {
            "global_keyprefix": self.prefix,
            "visibility_timeout": self.visibility_timeout,
            # Sweep the unacked messages every second (the default is every 100 s), so a task
            # a killed worker held comes back within about visibility_timeout + 1 s.
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": 5,
        }

    def app(self) -> Celery:
        app = Celery("lms-test-sender", broker=settings.CELERY_BROKER_URL, set_as_current=False)
        app.conf.broker_transport_options = self.transport_options
        app.conf.task_serializer = "json"
        return app

    def clear(self) -> None:
        """Deletes every key under the prefix (the queue and the unacked bookkeeping)."""
        import redis

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        keys = list(client.scan_iter(match=f"{self.prefix}*", count=1000))
        if keys:
            client.delete(*keys)


def send_issue_tasks(broker: Broker, enrollment_ids: list[int], *, batch: int = 0) -> None:
    """One ``certificates.issue`` message per enrollment, or with ``batch`` one
    ``certificates.issue_batch`` message per ``batch`` enrollments."""
    app = broker.app()
    with app.producer_or_acquire() as producer:
        if batch:
            for start in range(0, len(enrollment_ids), batch):
                chunk = enrollment_ids[start : start + batch]
                app.send_task(BATCH_TASK, args=[chunk], queue=broker.queue, producer=producer)
            return
        for enrollment_id in enrollment_ids:
            app.send_task(ISSUE_TASK, args=[enrollment_id], queue=broker.queue, producer=producer)


class Worker:
    """One ``celery worker`` process (and its pool) started by :func:`celery_worker`."""

    def __init__(self, process: subprocess.Popen, log: Path, pidfile: Path):
        self.process = process
        self.log = log
        self.pidfile = pidfile

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def children(self) -> list[int]:
        """The pool's processes (the main process's children), from /proc."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def kill_all(self) -> None:
        """``kill -9`` of the main process and every process of its group (the pool)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def wait_for(condition: Callable[[], object], *, timeout: float, what: str,
             every: float = 0.2) -> object:  # fmt: skip
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


@contextlib.contextmanager
def celery_worker(tmp_path: Path, broker: Broker, *, name: str = "w1", concurrency: int = 2,
                  conn_max_age: int = 0, log_level: str = "INFO") -> Iterator[Worker]:  # fmt: skip
    """Starts a prefork worker on ``broker``'s queue, waits until it is ready, and kills its
    whole process group when the block ends, whatever happened in it."""
    log = tmp_path / f"worker-{name}.log"
    pidfile = tmp_path / "worker.pid"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
        "LMS_WORKER_DATABASE_NAME": connection.settings_dict["NAME"],
        "LMS_WORKER_CERTIFICATE_ROOT": str(settings.LMS_CERTIFICATE_ROOT),
        "LMS_WORKER_TRANSPORT_OPTIONS": json.dumps(broker.transport_options),
        "LMS_WORKER_CONN_MAX_AGE": str(conn_max_age),
        "LMS_WORKER_DOWNLOAD_ROOT": str(settings.LMS_DOWNLOAD_ROOT),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    with open(log, "ab") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [
                sys.executable, "-m", "celery", "-A", "lms", "worker",
                "--pool=prefork", f"--concurrency={concurrency}", "--prefetch-multiplier=1",
                f"--queues={broker.queue}", f"--pidfile={pidfile}",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                f"--loglevel={log_level}", f"--hostname={name}-{os.getpid()}@%h",
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    worker = Worker(process, log, pidfile)
    try:
        deadline = time.monotonic() + 60
        while "ready." not in worker.log_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker did not start:\n{worker.log_text()}")
            time.sleep(0.2)
        yield worker
    finally:
        worker.kill_all()


def issued_count() -> int:
    """Certificates whose file is written and hashed (the last step of an issue)."""
    return Certificate.objects.exclude(sha256="").count()


@dataclass
class StoreReport:
    rows: int
    hashed: int
    enrollments: int
    duplicate_enrollments: int
    duplicate_numbers: int
    sequences_gap_free: bool
    issue_events: int
    pdf_files: int
    files_matching_rows: int
    hash_mismatches: int
    temporary_files: list[str]
    other_files: list[str]


def certificate_store_report() -> StoreReport:
    """What is in the database and the certificate folder, counted independently."""
    certificates = list(Certificate.objects.order_by("year", "sequence"))
    root = Path(settings.LMS_CERTIFICATE_ROOT)
    files = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    pdfs = {name for name in files if name.endswith(".pdf")}
    matching = mismatches = 0
    for certificate in certificates:
        path = files.get(certificate.pdf.name)
        if path is None:
            continue
        matching += 1
        if hashlib.sha256(path.read_bytes()).hexdigest() != certificate.sha256:
            mismatches += 1
    by_year: dict[int, list[int]] = {}
    for certificate in certificates:
        by_year.setdefault(certificate.year, []).append(certificate.sequence)
    duplicate_enrollments = (
        Certificate.objects.values("enrollment_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    return StoreReport(
        rows=len(certificates),
        hashed=sum(1 for c in certificates if c.sha256),
        enrollments=len({c.enrollment_id for c in certificates}),
        duplicate_enrollments=duplicate_enrollments,
        duplicate_numbers=len(certificates) - len({c.number for c in certificates}),
        sequences_gap_free=all(s == list(range(1, len(s) + 1)) for s in by_year.values()),
        issue_events=CertificateEvent.objects.filter(action="issue").count(),
        pdf_files=len(pdfs),
        files_matching_rows=matching,
        hash_mismatches=mismatches,
        temporary_files=sorted(n for n in files if n.endswith(".tmp")),
        other_files=sorted(n for n in files if not n.endswith((".pdf", ".tmp"))),
    )

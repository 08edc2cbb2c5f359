"""Celery: the health task in-process, and a real worker process against the broker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lms.celery import app
from lms.core.tasks import health_check

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_health_task_reports_the_database():
    result = health_check()
    assert result["status"] == "ok"
    assert result["database"] in {"sqlite", "postgresql"}


def test_beat_schedule_is_declared_in_code():
    schedule = app.conf.beat_schedule
    assert schedule["health-heartbeat"]["task"] == health_check.name


def test_tests_run_tasks_in_process():
    assert app.conf.task_always_eager is True


def test_reliability_settings_follow_the_architecture():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > app.conf.task_time_limit


@pytest.fixture
def celery_worker_process(tmp_path):
    """A real ``celery worker`` process on the configured broker, stopped after the test."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                f"--hostname=test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while b"ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.celery_worker
@pytest.mark.django_db
def test_a_real_worker_runs_the_health_task(celery_worker_process):
    # send_task always goes through the broker, even where tests run tasks in-process.
    result = app.send_task(health_check.name)
    payload = result.get(timeout=60)
    assert payload["status"] == "ok"
    assert payload["database"] == "postgresql"
    assert result.successful()
    assert celery_worker_process.poll() is None

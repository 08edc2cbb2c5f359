"""Settings of a real Celery worker process started by a test (tests/certificates/worker.py).

The test settings with what a worker needs to share the test's world: the test database (its
name is only known inside the test run), the test's certificate folder, and the broker options
the test chose (a key prefix of its own on Redis, so its queue, its unacked messages and their
redelivery never touch another test run's, and a short ``visibility_timeout`` where a test kills
a worker and waits for its unacknowledged tasks to come back). Tasks go through the broker.
"""

import json
import os

from lms.settings.test import *  # noqa: F403
from lms.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["LMS_WORKER_DATABASE_NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("LMS_WORKER_CONN_MAX_AGE", "0"))
LMS_CERTIFICATE_ROOT = os.environ["LMS_WORKER_CERTIFICATE_ROOT"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ["LMS_WORKER_TRANSPORT_OPTIONS"])
# Prepared downloads built by the worker (tests/perf/test_reports_exports.py).
if os.environ.get("LMS_WORKER_DOWNLOAD_ROOT"):
    LMS_DOWNLOAD_ROOT = os.environ["LMS_WORKER_DOWNLOAD_ROOT"]

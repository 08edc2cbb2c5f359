"""Test settings: fast password hashing and isolated media; services come from the environment.

With DATABASE_URL and CELERY_BROKER_URL unset the suite runs on SQLite with eager tasks;
``.ci/run`` sets them (and LMS_REQUIRE_POSTGRES=1) so the same suite runs on PostgreSQL and Redis.
"""

import os
import re
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, DATABASES

DEBUG = False
# MD5 keeps non-login tests fast; the login tests still go through the real authentication path.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lms-test-media-"))
LMS_CERTIFICATE_ROOT = str(Path(tempfile.mkdtemp(prefix="lms-test-certificates-")))
LMS_DOWNLOAD_ROOT = str(Path(tempfile.mkdtemp(prefix="lms-test-downloads-")))
LMS_H5P_ROOT = Path(tempfile.mkdtemp(prefix="lms-test-h5p-"))
LMS_IMPORT_STAGING_DIR = str(Path(tempfile.mkdtemp(prefix="lms-test-imports-")))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("TEST", {})
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come straight from the app folders (no collectstatic in the test run).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process in tests, also when a broker is configured: a test's data lives in its
# own transaction, which no worker could see. tests/core/test_celery.py switches this off to
# drive a real worker process through the broker.
CELERY_TASK_ALWAYS_EAGER = True

# pytest-xdist runs the suite in several processes: each gets its own Redis database for the
# cache, because every test starts by clearing the cache (FLUSHDB), which must not empty the
# cache another worker's test is counting queries against. Database 0 is the Celery broker's.
_WORKER = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
_REDIS = re.fullmatch(r"(rediss?://[^/]+)(?:/(\d+))?", CACHES["default"].get("LOCATION") or "")
if _WORKER and _REDIS:
    _DB = (int(_REDIS.group(2) or 1) + 1 + int(_WORKER.group(1))) % 15 + 1
    CACHES["default"]["LOCATION"] = f"{_REDIS.group(1)}/{_DB}"

# Two-factor login and the staff idle limit are off here: the suite logs staff in with
# force_login everywhere. tests/users/test_two_factor.py and tests/e2e/test_two_factor.py turn
# them on (settings.LMS_OTP_REQUIRED = True); production forces them on.
LMS_OTP_REQUIRED = False
LMS_STAFF_IDLE_MINUTES = 0

# The per-IP login limit spaces failed logins (one every 2 s by default): the test client posts
# faster than that from one address. Off here; tests/users/test_lockout.py turns it on where it
# tests it. The username-and-IP lockout (axes, database handler) stays on: its records live in
# each test's transaction.
LMS_LOGIN_IP_RATE = 0
# The other limits count per client (127.0.0.1 for every test) or per user within one test:
# the authorization matrix and the export tests go through many links and exports at once.
# tests/users/test_rate_limits.py sets each where it tests it.
LMS_PASSWORD_RESET_RATE = 10_000
LMS_ACCOUNT_LINK_RATE = 10_000
LMS_EXPORT_RATE = 10_000

# The anonymous page cache is off: many tests change pages without publishing them and read
# them again anonymously. tests/core/test_pagecache.py turns it on.
LMS_PAGE_CACHE_SECONDS = 0

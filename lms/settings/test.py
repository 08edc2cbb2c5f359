"""Test settings: fast password hashing and isolated media; services come from the environment.

With DATABASE_URL and CELERY_BROKER_URL unset the suite runs on SQLite with eager tasks;
``.ci/run`` sets them (and LMS_REQUIRE_POSTGRES=1) so the same suite runs on PostgreSQL and Redis.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
# MD5 keeps non-login tests fast; the login tests still go through the real authentication path.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lms-test-media-"))
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

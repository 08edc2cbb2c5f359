"""Settings shared by every environment.

Everything is read from environment variables with safe development defaults, so that a
fresh clone works with nothing set (SQLite, local media, Celery tasks run in-process).
``.env.example`` lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The reverse proxies whose X-Real-IP header names the client (lms.core.middleware.
# TrustedProxyMiddleware): addresses or networks, comma-separated. Empty: none (runserver).
LMS_TRUSTED_PROXIES = env_list("LMS_TRUSTED_PROXIES")
# An Indonesian page that says what to do (reload, log in again), not Django's English one.
CSRF_FAILURE_VIEW = "lms.core.views.csrf_failure"

INSTALLED_APPS = [
    # Project apps, in import order (see docs/architecture.md): lower apps never import higher.
    "lms.core",
    "lms.users",
    "lms.people",
    "lms.competencies",
    "assessments",
    "courses",
    "certificates",
    "lms.reports",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    # Two-factor login (lms.users.twofactor): TOTP apps and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",  # Content-Security-Policy (django-csp 4): its system checks; policy below
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Login lockout (lms.users.lockout): failed attempts per username and IP.
    "axes",
]

MIDDLEWARE = [
    # First: REMOTE_ADDR becomes the client's address when the peer is a trusted proxy.
    "lms.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their own headers (long-lived, public).
    "lms.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The site and the route to a page from the shared cache (lms/core/published.py).
    "lms.core.middleware.PublishedContentMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Anonymous public pages from the shared cache (lms/core/pagecache.py): after the language
    # and the CSRF token are known, before anything reads the user or the database.
    "lms.core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lms.core.middleware.PrivacyHeadersMiddleware",
    "lms.core.middleware.AuditContextMiddleware",
    # A login POST refused by the per-IP limit or the lockout is answered here (429), before the
    # login view renders its form or anything hashes a password (lms.users.middleware).
    "lms.users.middleware.LoginGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after LMS_STAFF_IDLE_MINUTES; then the second step (lms.users.twofactor).
    "lms.users.twofactor.middleware.StaffIdleTimeoutMiddleware",
    "lms.users.twofactor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns an attempt refused by lms.users.backends.LoginGuardBackend into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite by default; DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lms) for
# PostgreSQL. CONN_MAX_AGE keeps connections between requests; health checks drop dead ones.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# No JIT compilation: this is a web application of short statements, and for the HR reports (a
# few hundred milliseconds of work at 100,000 people) PostgreSQL's JIT took 0.7-1.5 s to compile
# each statement, more than running it (docs/benchmarks.md). Behind PgBouncer, which refuses
# this start-up option, set it on the role instead (docs/deployment.md).
_PG = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if _PG and (pg_options := env("DATABASE_PG_OPTIONS", "-c jit=off")):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", pg_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
# Sessions live in the database and are read through the shared cache: a signed-in page does not
# query the session table (docs/performance.md). Logging out or a password change still ends
# the session everywhere (the cache entry goes with the row; the password hash is checked).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The guard first (an axes.backends.AxesStandaloneBackend): a locked or rate-limited attempt is
# refused before the NIP-or-e-mail backend looks the account up or hashes a password.
AUTHENTICATION_BACKENDS = [
    "lms.users.backends.LoginGuardBackend",
    "lms.users.backends.NIPOrEmailBackend",
]
# Argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane; lms.users.hashers, docs/security.md
# "Passwords"): about 24 ms a check here against 250-280 ms for Django's PBKDF2, so two cores
# carry an exam-day login surge (docs/quality.md P7). The PBKDF2 hashers stay listed so the
# hashes made before still verify; Django rehashes each with the first hasher at its next login.
PASSWORD_HASHERS = [
    "lms.users.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "courses:dashboard"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language: Bahasa Indonesia first, English available. Wagtail ships its Indonesian catalogue
# as id_ID; gettext expands "id" to id_ID, so the admin is Indonesian too.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# The project's catalogue first (it wins), then the Indonesian of the Wagtail admin messages that
# Wagtail's own id_ID catalogue lacks (locale_wagtail/update.py), then the apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = env("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: keep request bodies small; files above the memory limit stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # Wagtail's page editor posts many fields.

CACHES = {
    "default": (
        # Django's Redis backend, one client per pool (lms/core/cache.py).
        {"BACKEND": "lms.core.cache.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "LMS ASN <noreply@lms.localhost>")

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "LMS ASN")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "mp4", "webm"),
    *("mp3", "ogg", "wav"),  # short audio of imported questions (assessments.importers.media)
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 150 * 1024 * 1024  # lesson videos
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_I18N_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No calls to wagtail.org from the admin: the release feed on the admin home and the "what's
# new" banner fail offline (regency networks) and are in English.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# An account's e-mail is an identity field: only BKPSDM changes it, through the employee record,
# which logs the change and tells the old address (docs/security.md). Staff cannot change their
# own at /admin/account/.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# Celery: with no broker configured, tasks run in-process so the whole product works with one
# command. CELERY_BROKER_URL (redis://127.0.0.1:6379/0) switches to a real worker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Redelivery of unacknowledged tasks must wait longer than the longest task may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "health-heartbeat": {
        "task": "lms.core.tasks.health_check",
        "schedule": crontab(minute="*/15"),
    },
    "expire-attempts": {
        "task": "assessments.attempts_expire",
        "schedule": crontab(minute="*"),  # deadlines are enforced on every save anyway
    },
    "course-reminders": {
        "task": "courses.reminders_send",
        "schedule": crontab(hour=7, minute=0),  # 07:00 in TIME_ZONE, before office hours
    },
    "issue-pending-certificates": {
        "task": "certificates.issue_pending",
        "schedule": crontab(minute=41),  # hourly sweep: a lost issue message still issues
    },
    "purge-prepared-downloads": {
        "task": "lms.core.downloads.purge",
        "schedule": crontab(minute=17),  # hourly: expired ZIPs and reports are deleted
    },
    "certificate-renewal-reminders": {
        "task": "certificates.renewal_remind",
        "schedule": crontab(hour=7, minute=10),  # daily: expiring within 30 days, once each
    },
    "retention-purge": {
        "task": "assessments.retention_purge",
        # 02:40 daily: raw quiz answers and H5P statements past LMS_RETENTION_* are deleted
        "schedule": crontab(hour=2, minute=40),
    },
    "report-snapshot-monthly": {
        "task": "reports.snapshot_monthly",
        # 01:30 on the 1st: the month just ended (December's freezes last year's figures)
        "schedule": crontab(day_of_month=1, hour=1, minute=30),
    },
}

LMS_SITE_TITLE = _("Pembelajaran ASN")
LMS_REQUIRE_POSTGRES = env_bool("LMS_REQUIRE_POSTGRES", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 runs its index updates through django-tasks, which logs every task.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# The Wagtail admin logs in with the same NIP-or-e-mail form as the public site.
WAGTAILADMIN_USER_LOGIN_FORM = "lms.users.forms.LoginForm"
# Demo accounts with published passwords must never be created in production.
LMS_ALLOW_DEMO_DATA = env_bool("LMS_ALLOW_DEMO_DATA", True)
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests (privacy, offline offices)
# Activation links (lms.users.tokens) stay valid this many days: a printed letter goes through
# the OPD before it reaches the employee. Forgotten-password links: PASSWORD_RESET_TIMEOUT.
LMS_ACTIVATION_LINK_DAYS = int(env("LMS_ACTIVATION_LINK_DAYS", "30"))
# Two-factor login (lms.users.twofactor; docs/security.md, "Two-factor login"): staff (Pengajar,
# Admin OPD, BKPSDM, superusers) must verify a TOTP code or a recovery code after the password,
# on the site and in the admin; learners who enabled it too. Off only in the test settings
# (tests turn it on where they test it); production forces it on.
LMS_OTP_REQUIRED = env_bool("LMS_OTP_REQUIRED", True)
# A staff session idle this long (no request) is logged out; 0 switches the limit off.
LMS_STAFF_IDLE_MINUTES = int(env("LMS_STAFF_IDLE_MINUTES", "30"))
# django-otp: wrong TOTP and recovery codes wait 1, 2, 4, 8 ... seconds (throttling stays on).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Login lockout and rate limits (lms.users.lockout, lms.core.ratelimit; docs/security.md,
# "Login, lockout and rate limits"). After LMS_LOGIN_FAILURE_LIMIT failed logins of one username
# from one IP, that pair is refused (429) for LMS_LOGIN_COOLOFF_MINUTES after the last failure;
# the account still logs in from another address. LMS_LOGIN_IP_RATE failed logins a minute from
# one client (IPv6 per /64), whatever the usernames, refuse every attempt from it until the
# minute ends. Refusals come before any password hashing. The client is REMOTE_ADDR only (the
# reverse proxy sets it); a client's X-Forwarded-For is never read.
LMS_LOGIN_FAILURE_LIMIT = int(env("LMS_LOGIN_FAILURE_LIMIT", "5"))
LMS_LOGIN_COOLOFF_MINUTES = int(env("LMS_LOGIN_COOLOFF_MINUTES", "15"))
LMS_LOGIN_IP_RATE = int(env("LMS_LOGIN_IP_RATE", "30"))
# A client whose recent logins mostly succeeded (an office behind one NAT address on exam day)
# may have this many password checks in flight or failed at once instead of one: its correct
# logins are never refused (docs/quality.md P7). Twice the web processes of all app servers.
LMS_LOGIN_IP_CONCURRENCY = int(env("LMS_LOGIN_IP_CONCURRENCY", "16"))
# A login from an address with no recent failures (or a trusted one with all its checks in use)
# waits this long at most for a check to end (a check takes tens of milliseconds) instead of
# being refused.
LMS_LOGIN_SLOT_WAIT_SECONDS = float(env("LMS_LOGIN_SLOT_WAIT_SECONDS", "2"))
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = LMS_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LMS_LOGIN_COOLOFF_MINUTES)
# A refused attempt does not count as a failure (nor restart the cool-off).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# lms.users.services.login_failures_reset does it, keyed like the lockout.
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "lms.users.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "lms.users.lockout.axes_client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)  # should django-ipware ever be installed
AXES_LOCKOUT_CALLABLE = "lms.users.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Sign-ins and outs are in the audit log (lms.users.receivers), not in axes' access log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Other limits, per client and fixed window unless said: "Lupa kata sandi?" requests an hour,
# requests to activation and new-password links a minute, exports a minute per user (the
# import screens' and the HR reports' together).
LMS_PASSWORD_RESET_RATE = int(env("LMS_PASSWORD_RESET_RATE", "20"))
LMS_ACCOUNT_LINK_RATE = int(env("LMS_ACCOUNT_LINK_RATE", "60"))
LMS_EXPORT_RATE = int(env("LMS_EXPORT_RATE", "10"))

# HR imports (lms.core.imports): limits against oversized, zip-bomb and runaway files.
LMS_IMPORT_MAX_BYTES = int(env("LMS_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
LMS_IMPORT_MAX_ROWS = int(env("LMS_IMPORT_MAX_ROWS", "100000"))
LMS_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    env("LMS_IMPORT_MAX_UNCOMPRESSED_BYTES", str(150 * 1024 * 1024))
)
LMS_IMPORT_MAX_ZIP_RATIO = int(env("LMS_IMPORT_MAX_ZIP_RATIO", "200"))
LMS_IMPORT_MAX_ZIP_ENTRIES = int(env("LMS_IMPORT_MAX_ZIP_ENTRIES", "1000"))
# Uploaded files wait here between the preview and the confirmation (private, shared by nodes).
# Outside MEDIA_ROOT (which the web server serves): a staged upload is someone's personal data.
LMS_IMPORT_STAGING_DIR = env("LMS_IMPORT_STAGING_DIR", "") or str(BASE_DIR / "private" / "imports")
# Prepared downloads (lms.core.downloads: bulk certificate ZIPs, HR reports): built by a worker
# into a private folder outside MEDIA_ROOT, shared by every web node and worker; only the
# requester downloads them, and they are deleted after LMS_DOWNLOAD_TTL_HOURS.
LMS_DOWNLOAD_ROOT = env("LMS_DOWNLOAD_ROOT", "") or str(BASE_DIR / "private" / "downloads")
LMS_DOWNLOAD_TTL_HOURS = int(env("LMS_DOWNLOAD_TTL_HOURS", "24"))

# HR reports (lms.reports): the JPM categories' lower bounds in % (docs/domain.md §1.5);
# below masih_memenuhi is "Kurang Memenuhi Syarat".
LMS_REPORT_JPM_THRESHOLDS = {"memenuhi": 80, "masih_memenuhi": 68}
# The HR dashboard keeps its figures this long per filters and scope (0: always live); the page
# says when they were computed and offers to compute them again (lms.reports.selectors.snapshots).
LMS_REPORT_CACHE_SECONDS = int(env("LMS_REPORT_CACHE_SECONDS", "300"))
# Anonymous public pages (home, catalogue, course pages, privacy notice) are answered from the
# shared cache for this long at most (lms/core/pagecache.py; publishing retires them at once);
# 0 switches the page cache off.
LMS_PAGE_CACHE_SECONDS = int(env("LMS_PAGE_CACHE_SECONDS", "300"))

# Certificates (certificates app; docs/architecture.md, docs/security.md). Issued PDFs are personal
# data: a private folder outside MEDIA_ROOT, shared by every web node and worker.
LMS_CERTIFICATE_ROOT = env("LMS_CERTIFICATE_ROOT", str(BASE_DIR / "private" / "certificates"))
# The official number, from str.format fields kode_instansi, tahun, kode_kursus, urutan (int).
LMS_CERTIFICATE_NUMBER_PATTERN = env(
    "LMS_CERTIFICATE_NUMBER_PATTERN", "{kode_instansi}/{tahun}/{kode_kursus}/{urutan:05d}"
)
# The absolute address the QR code points to (…/sertifikat/verifikasi/<kode>/).
LMS_CERTIFICATE_VERIFY_BASE_URL = env("LMS_CERTIFICATE_VERIFY_BASE_URL", WAGTAILADMIN_BASE_URL)
# Dotted path of a signer: a callable (pdf: bytes, *, certificate) -> bytes run before hashing.
# Empty: no electronic signature (an unsigned certificate still verifies by its code and hash).
LMS_CERTIFICATE_SIGNER = env("LMS_CERTIFICATE_SIGNER", "")
# The PAdES signer (LMS_CERTIFICATE_SIGNER=certificates.signing.pades): a PKCS#12 file (key and
# certificate, outside MEDIA_ROOT, readable by the workers only) and its passphrase. A missing
# file or a wrong passphrase fails the issue with a clear error (certificates/signing.py).
LMS_CERTIFICATE_PKCS12_PATH = env("LMS_CERTIFICATE_PKCS12_PATH", "")
LMS_CERTIFICATE_PKCS12_PASSPHRASE = env("LMS_CERTIFICATE_PKCS12_PASSPHRASE", "")
# Public verification (page and API): requests per IP per minute before 429.
LMS_CERTIFICATE_VERIFY_RATE = int(env("LMS_CERTIFICATE_VERIFY_RATE", "30"))

# H5P activities (assessments.h5p; docs/h5p.md). Installed libraries and extracted content live
# here, outside MEDIA_ROOT: they are served only from H5P_CONTENT_ORIGIN with a sandboxing CSP,
# never from the site's own origin (in dev, the same host under /h5p/ with the same headers).
LMS_H5P_ROOT = Path(env("LMS_H5P_ROOT", str(BASE_DIR / "h5p_files")))
# The origin the player and its files are served from, e.g. https://h5p.kabupaten.go.id (no
# trailing slash). Empty: the site's own host (dev); production should set a separate origin.
H5P_CONTENT_ORIGIN = env("H5P_CONTENT_ORIGIN", "").rstrip("/")
# Upload limits (docs/quality.md R4): per file and in total counted while decompressing, entries.
LMS_H5P_MAX_FILE_BYTES = int(env("LMS_H5P_MAX_FILE_BYTES", str(16 * 1024 * 1024)))
LMS_H5P_MAX_TOTAL_BYTES = int(env("LMS_H5P_MAX_TOTAL_BYTES", str(64 * 1024 * 1024)))
LMS_H5P_MAX_ENTRIES = int(env("LMS_H5P_MAX_ENTRIES", "5000"))
LMS_H5P_MAX_RATIO = int(env("LMS_H5P_MAX_RATIO", "200"))
# The main content types a package may have (comma-separated machine names).
LMS_H5P_ALLOWED_MAIN_LIBRARIES = env_list(
    "LMS_H5P_ALLOWED_MAIN_LIBRARIES",
    "LMS.BenarSalah,H5P.TrueFalse,H5P.MultiChoice,H5P.SingleChoiceSet,H5P.QuestionSet,"
    "H5P.DragText,H5P.Blanks,H5P.MarkTheWords,H5P.DragQuestion,H5P.Summary,H5P.Dialogcards,"
    "H5P.Flashcards,H5P.Accordion,H5P.CoursePresentation,H5P.InteractiveBook,H5P.ImageHotspots",
)
# The largest xAPI statement and saved player state accepted from the browser.
LMS_H5P_STATEMENT_MAX_BYTES = int(env("LMS_H5P_STATEMENT_MAX_BYTES", str(32 * 1024)))
LMS_H5P_STATE_MAX_BYTES = int(env("LMS_H5P_STATE_MAX_BYTES", str(64 * 1024)))

# Response headers (lms.core.middleware; docs/security.md "Headers and configuration").
# Content-Security-Policy of the site: nothing inline, nothing from another host; the only
# frame is the sandboxed H5P player on H5P_CONTENT_ORIGIN (this host in dev).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [H5P_CONTENT_ORIGIN or "'self'"],
        "worker-src": ["'none'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (LMS_ADMIN_PATH_PREFIX): Wagtail 8 still writes inline scripts (the image
# chooser, date and inline panel widgets: `<script>new ImageChooser("id_…")</script>`, with
# field ids in them, so no fixed hash can allow them, and no nonce) and inline styles (the
# StreamField and Draftail editors), found in Chromium (tests/e2e/test_csp.py). So script-src
# and style-src add 'unsafe-inline' there, and only there; everything else stays as strict as
# the site (no other host to load from, send to or be framed by), the page preview frames this
# site, and the certificate template's live preview shows a blob: image.
LMS_ADMIN_PATH_PREFIX = "/admin/"
LMS_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": CONTENT_SECURITY_POLICY["DIRECTIVES"]
    | {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'", *([H5P_CONTENT_ORIGIN] if H5P_CONTENT_ORIGIN else [])],
        "frame-ancestors": ["'self'"],
    }
}
# Every browser feature the LMS never uses is off, for the site and for any frame in it;
# fullscreen and picture-in-picture stay for the lesson videos.
LMS_PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "autoplay",
                "camera",
                "display-capture",
                "geolocation",
                "gyroscope",
                "hid",
                "idle-detection",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "publickey-credentials-get",
                "screen-wake-lock",
                "serial",
                "usb",
                "xr-spatial-tracking",
            )
        ),
        "fullscreen=(self)",
        "picture-in-picture=(self)",
    ]
)
# Retention (UU 27/2022; docs/security.md, "Personal data (UU 27/2022)"): the raw answers of quiz
# attempts finished more than LMS_RETENTION_ATTEMPT_YEARS ago, and H5P xAPI statements and saved
# player states older than LMS_RETENTION_XAPI_YEARS, are deleted by the daily purge. Scores,
# passes, JP records and certificates are kept for the whole career.
LMS_RETENTION_ATTEMPT_YEARS = int(env("LMS_RETENTION_ATTEMPT_YEARS", "5"))
LMS_RETENTION_XAPI_YEARS = int(env("LMS_RETENTION_XAPI_YEARS", "2"))

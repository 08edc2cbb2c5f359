"""Production: hardens the base settings. Must pass ``manage.py check --deploy``."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("dev-"):
    raise RuntimeError("DJANGO_SECRET_KEY must be set to a long random value in production.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# nginx on the same host (docs/deployment.md); another proxy's address when it runs elsewhere.
LMS_TRUSTED_PROXIES = env_list("LMS_TRUSTED_PROXIES") or ["127.0.0.1", "::1"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Cookies: HTTPS only, never readable by script (the pages' JavaScript takes the CSRF token from
# the page or /akun/token-csrf/), not sent on cross-site subrequests, and with the __Host-
# prefix: the browser accepts them only Secure, with Path=/ and no Domain, so no other host of
# the regency (a subdomain, the H5P origin) can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_NAME = "__Host-bahasa"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
LMS_ALLOW_DEMO_DATA = False
# Staff always verify a second step (docs/security.md, "Two-factor login"), whatever the env says.
LMS_OTP_REQUIRED = True

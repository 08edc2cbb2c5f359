"""Hardened headers and configuration gates (docs/security.md "Headers and configuration"):
the site's and the admin's Content-Security-Policy, the H5P player's own policy left alone,
Permissions-Policy everywhere, no-store on what a signed-in user receives, the private folders
check, and the production settings: ``check --deploy`` clean, headers and cookies as promised
on real responses of a process running ``lms.settings.production``."""

import http.client
import json
import socket
import subprocess
import sys
import textwrap
import time
from http.cookies import SimpleCookie
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage

from lms.core.checks import check_private_roots
from tests.core.test_settings import PRODUCTION
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in policy, f"{name} twice in {header}"
        policy[name] = values
    return policy


# -- Content-Security-Policy ---------------------------------------------------------------


def test_the_site_policy_allows_no_inline_script_and_no_other_host(client):
    response = client.get("/akun/masuk/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # The lesson page frames the H5P player: its origin (this host in dev and tests).
    assert policy["frame-src"] == [settings.H5P_CONTENT_ORIGIN or "'self'"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_site_policy_is_on_json_and_error_responses_too(client):
    for url in ("/akun/token-csrf/", "/api/v1/courses", "/tidak-ada-halaman-ini/"):
        response = client.get(url)
        assert response.status_code in {401, 404}, url
        assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"], url


def test_the_admin_has_its_own_policy_inline_code_allowed_and_nothing_else(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy == {
        name: list(values)
        for name, values in settings.LMS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }
    # Wagtail's widgets write inline scripts and styles (tests/e2e/test_csp.py); no eval, no host.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == policy["connect-src"] == ["'self'"]
    assert policy["form-action"] == policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the page preview frames the site
    assert policy["object-src"] == ["'none'"]
    # The admin's login page (anonymous) is under the admin prefix: the same policy.
    client.logout()
    login = client.get("/admin/login/")
    assert directives(login["Content-Security-Policy"]) == policy


def test_the_h5p_player_keeps_its_own_sandboxing_policy_alone(client, rf):
    from assessments.h5p import player

    response = client.get("/h5p/player/lms/h5p_frame.js")
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert header == player.content_security_policy(rf.get("/h5p/player/lms/h5p_frame.js"))
    policy = directives(header)  # each directive once: nothing of the site's policy merged in
    assert policy["sandbox"] == ["allow-scripts"]
    assert policy["default-src"] == ["'none'"]
    assert "frame-src" not in policy and "upgrade-insecure-requests" not in policy
    assert "Content-Security-Policy-Report-Only" not in response
    # One header line, not two (a second policy would be enforced in addition).
    raw = [name for name, _value in response.items() if name.lower() == "content-security-policy"]
    assert raw == ["Content-Security-Policy"]
    assert response["Permissions-Policy"] == settings.LMS_PERMISSIONS_POLICY


def test_a_pdf_gets_no_page_policy(rf):
    """Chrome's PDF viewer is a page of its own that a page policy would leave blank."""
    from django.http import HttpResponse

    from lms.core.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(b"%PDF-1.7", content_type=request.GET["type"])

    middleware = ContentSecurityPolicyMiddleware(view)
    pdf = middleware(rf.get("/dokumen/1/panduan.pdf", {"type": "application/pdf"}))
    assert "Content-Security-Policy" not in pdf
    page = middleware(rf.get("/", {"type": "text/html; charset=utf-8"}))
    assert directives(page["Content-Security-Policy"])["object-src"] == ["'none'"]


# -- Permissions-Policy and Cache-Control --------------------------------------------------


def test_permissions_policy_turns_off_every_unused_feature_on_every_response(client):
    policy = settings.LMS_PERMISSIONS_POLICY
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
        assert f"{feature}=()" in policy.split(", ")
    assert "fullscreen=(self)" in policy.split(", ")  # lesson videos
    for url in ("/akun/masuk/", "/api/v1/courses", "/tidak-ada/", "/admin/login/", "/healthz"):
        assert client.get(url)["Permissions-Policy"] == policy, url
    client.force_login(UserFactory())
    assert client.get("/belajar/dasbor/")["Permissions-Policy"] == policy


def cache_directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part}


def test_every_response_to_a_signed_in_user_is_private_and_not_stored(client):
    client.force_login(UserFactory())
    for url in ("/belajar/dasbor/", "/", "/api/v1/courses", "/pemberitahuan/", "/tidak-ada/"):
        response = client.get(url)
        assert {"private", "no-store"} <= cache_directives(response), (url, response.status_code)
        assert "public" not in cache_directives(response), url
    # A view's own no-store stays exactly as it was (never_cache says private too).
    token = client.get("/akun/token-csrf/")
    assert {"no-store", "no-cache", "must-revalidate", "private"} <= cache_directives(token)


def test_public_caching_asked_by_a_view_is_overridden_for_a_signed_in_user(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from lms.core.middleware import PrivacyHeadersMiddleware

    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = request.GET["cache"]
        return response

    middleware = PrivacyHeadersMiddleware(view)
    user = UserFactory()

    def answer(cache, who):
        request = rf.get("/", {"cache": cache})
        request.user = who
        return middleware(request)["Cache-Control"]

    public = "public, max-age=3600"
    assert set(answer(public, user).split(", ")) == {"private", "no-store", "max-age=3600"}
    assert answer(public, AnonymousUser()) == public
    assert answer("no-store", user) == "no-store"  # the view's own, left as it is


def test_a_bearer_token_request_is_not_stored_either(client):
    response = client.get("/api/v1/courses", headers={"Authorization": "Bearer tidak-sah"})
    assert {"private", "no-store"} <= cache_directives(response)


def test_anonymous_pages_and_static_files_keep_their_caching(client):
    home = client.get("/")
    assert home.status_code == 200 and "no-store" not in cache_directives(home)
    client.force_login(UserFactory())
    static = client.get("/static/lms/css/lms.css")
    assert static.status_code == 200
    assert "no-store" not in cache_directives(static)
    assert "Content-Security-Policy" not in static  # WhiteNoise answers before the middleware


def test_the_login_response_is_not_stored(client):
    user = UserFactory(nip="198501012010011999", username="198501012010011999")
    response = client.post(
        "/akun/masuk/", {"username": user.username, "password": "Rahasia-Kuat-2026"}
    )
    assert response.status_code == 302
    assert {"private", "no-store"} <= cache_directives(response)


# -- Upload limits -------------------------------------------------------------------------


def test_upload_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS
    assert "svg" not in settings.WAGTAILDOCS_EXTENSIONS


def test_a_request_body_over_the_memory_limit_is_refused(client):
    client.force_login(UserFactory())
    body = "x=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/bahasa/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_documents_outside_the_whitelist_and_oversized_images_are_refused():
    from wagtail.documents.forms import get_document_form
    from wagtail.documents.models import Document
    from wagtail.images.forms import get_image_form
    from wagtail.images.models import Image

    document_form = get_document_form(Document)(
        data={"title": "Halaman"},
        files={"file": SimpleUploadedFile("halaman.html", b"<script>alert(1)</script>")},
    )
    assert not document_form.is_valid() and "file" in document_form.errors

    buffer = BytesIO()
    PILImage.new("RGB", (20, 20)).save(buffer, "PNG")
    for limit, valid in ((100, False), (400, True)):  # 20 × 20 = 400 pixels
        with override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=limit):
            image_form = get_image_form(Image)(
                data={"title": "Gambar"},
                files={"file": SimpleUploadedFile("gambar.png", buffer.getvalue())},
            )
            assert image_form.is_valid() is valid, (limit, image_form.errors)


# -- Private folders -----------------------------------------------------------------------


def test_private_roots_outside_the_public_ones_pass_the_check():
    assert check_private_roots() == []


@pytest.mark.parametrize(
    "name", ["LMS_IMPORT_STAGING_DIR", "LMS_DOWNLOAD_ROOT", "LMS_CERTIFICATE_ROOT", "LMS_H5P_ROOT"]
)
def test_a_private_root_inside_media_root_warns(name):
    with override_settings(**{name: str(Path(settings.MEDIA_ROOT) / "pribadi")}):
        problems = check_private_roots()
    assert [problem.id for problem in problems] == ["core.W001"]
    assert name in problems[0].msg and "MEDIA_ROOT" in problems[0].msg


def test_a_private_root_inside_static_root_warns(tmp_path):
    with override_settings(STATIC_ROOT=str(tmp_path), LMS_DOWNLOAD_ROOT=str(tmp_path / "unduh")):
        problems = check_private_roots()
    assert [(p.id, "STATIC_ROOT" in p.msg) for p in problems] == [("core.W001", True)]


def test_the_staging_store_defaults_to_a_private_folder():
    from lms.settings import base

    assert Path(base.LMS_IMPORT_STAGING_DIR) == base.BASE_DIR / "private" / "imports"
    assert not Path(base.LMS_IMPORT_STAGING_DIR).is_relative_to(base.MEDIA_ROOT)
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/private/" in ignored


# -- Production settings in their own process -----------------------------------------------

# A realistic production environment: a separate H5P host, Redis for the cache (the checks do
# not connect), PostgreSQL named (not connected either).
DEPLOY_ENV = PRODUCTION | {
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "DATABASE_URL": "postgres://lms@127.0.0.1:5432/lms",
}


def test_production_settings_pass_check_deploy_with_no_warning_at_all():
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=DEPLOY_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# Runs in a process with lms.settings.production: real requests through the real middleware
# (secure, on the production hosts). The session table is created on an empty SQLite file, and a
# probe view writes a session and asks for a CSRF token, so Django sets both cookies.
PROBE = textwrap.dedent(
    """
    import json, django
    from django.conf import settings
    django.setup()
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import Client
    from django.urls import include, path

    with connection.schema_editor() as editor:
        editor.create_model(Session)

    def probe(request):
        request.session["probe"] = 1
        get_token(request)
        return HttpResponse("ok")

    import types, sys
    urls = types.ModuleType("probe_urls")
    urls.urlpatterns = [path("probe/", probe), path("", include(settings.ROOT_URLCONF))]
    sys.modules["probe_urls"] = urls
    settings.ROOT_URLCONF = "probe_urls"

    site = Client(HTTP_HOST="lms.contoh.go.id")
    h5p = Client(HTTP_HOST="h5p.contoh.go.id")
    answers = {
        "health": site.get("/healthz", secure=True),
        "probe": site.get("/probe/", secure=True),
        "language": site.post("/bahasa/", {"language": "en", "next": "/"}, secure=True),
        "plain_http": site.get("/healthz"),
        "h5p": h5p.get("/h5p/player/lms/h5p_frame.js", secure=True),
    }
    print(json.dumps({
        name: {
            "status": r.status_code,
            "headers": dict(r.headers),
            "cookies": [morsel.OutputString() for morsel in r.cookies.values()],
        }
        for name, r in answers.items()
    }))
    """
)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    env = PRODUCTION | {"DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def cookie(answer: dict, name: str) -> dict[str, str]:
    for line in answer["cookies"]:
        jar = SimpleCookie()
        jar.load(line)
        if name in jar:
            morsel = jar[name]
            return {key: str(morsel[key]) for key in morsel if morsel[key]} | {
                "value": morsel.value
            }
    raise AssertionError(f"no {name} cookie in {answer['cookies']}")


def test_production_responses_carry_every_header(production):
    health = production["health"]
    assert health["status"] == 200
    headers = {name.lower(): value for name, value in health["headers"].items()}
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["permissions-policy"].startswith("accelerometer=(), autoplay=(), camera=()")
    policy = directives(headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-src"] == ["https://h5p.contoh.go.id"]  # the separate H5P origin
    assert policy["frame-ancestors"] == ["'none'"]
    assert "server" not in headers  # Django sends none; gunicorn's is off (deploy/gunicorn.conf.py)
    assert production["plain_http"]["status"] == 301  # SECURE_SSL_REDIRECT


def test_production_cookies_are_secure_httponly_lax_and_host_prefixed(production):
    probe = production["probe"]
    assert probe["status"] == 200
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        attributes = cookie(probe, name)
        assert attributes["secure"] and attributes["httponly"], (name, attributes)
        assert attributes["samesite"] == "Lax" and attributes["path"] == "/", (name, attributes)
        assert "domain" not in attributes, (name, attributes)  # __Host-: no Domain
    language = cookie(production["language"], "__Host-bahasa")
    assert language["value"] == "en" and language["secure"] and language["path"] == "/"
    assert language["samesite"] == "Lax" and "domain" not in language


def test_production_h5p_files_keep_the_player_policy(production):
    h5p = production["h5p"]
    assert h5p["status"] == 200
    policy = directives(h5p["headers"]["Content-Security-Policy"])
    assert policy["sandbox"] == ["allow-scripts"]
    assert policy["script-src"] == ["https://h5p.contoh.go.id"]
    assert policy["frame-ancestors"] == ["https://lms.contoh.go.id"]
    assert "frame-src" not in policy


# -- gunicorn ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn_headers(tmp_path, *config: str) -> dict[str, str]:
    """Starts gunicorn on lms.wsgi with the production settings, asks for /healthz over the
    proxy's HTTPS header, and returns the response headers (names in lower case)."""
    port = _free_port()
    env = PRODUCTION | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - fixed argv
        [str(gunicorn), *config, "--bind", f"127.0.0.1:{port}", "--workers", "1", "lms.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request(
                    "GET",
                    "/healthz",
                    headers={"Host": "lms.contoh.go.id", "X-Forwarded-Proto": "https"},
                )
                response = connection.getresponse()
                response.read()
                return {name.lower(): value for name, value in response.getheaders()}
            except (ConnectionRefusedError, http.client.RemoteDisconnected):
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_with_the_deploy_config_sends_no_server_header(tmp_path):
    bare = _gunicorn_headers(tmp_path)
    assert bare["server"] == "gunicorn"  # what the config file is there to remove
    configured = _gunicorn_headers(tmp_path, "--config", "deploy/gunicorn.conf.py")
    assert "server" not in configured, configured
    assert configured["x-content-type-options"] == "nosniff"  # the application's headers stay
    assert "content-security-policy" in configured and "permissions-policy" in configured

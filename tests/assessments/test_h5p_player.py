"""The sandboxed H5P player and its files (assessments.h5p.player): the headers on every
answer, only ready packages with enabled libraries, no path out of the roots or to hidden
files, only the listed file types, no cookie, and only the content origin's host when one is
set. The browser side is tests/e2e/test_h5p_journey.py."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.utils.http import http_date

from assessments.h5p import player, storage
from assessments.h5p.build import build_demo
from assessments.h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus
from assessments.h5p.services import h5p_package_install_file
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
LIBRARY = "LMS.BenarSalah-1.0"
CONTENT_ORIGIN = "https://h5p.kabupaten.test"


@pytest.fixture
def package() -> H5PPackage:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "latihan.h5p"
        source.write_bytes(build_demo())
        installed = h5p_package_install_file(source=source, filename=source.name, user=None)
    assert installed.status == H5PPackageStatus.READY, installed.problems
    return installed


@pytest.fixture
def client() -> Client:
    return Client()


def content(package, path: str) -> str:
    return f"{storage.content_files_path(package.token)}/{path}"


def library(path: str, folder: str = LIBRARY) -> str:
    return f"{storage.libraries_files_path()}/{folder}/{path}"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in policy.split(";"))
    }


def assert_sandboxed(response, own="http://testserver"):
    csp = directives(response)
    assert csp["default-src"] == "'none'"
    assert csp["sandbox"] == "allow-scripts"
    assert csp["script-src"] == own  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src"] == f"{own} 'unsafe-inline'"
    assert csp["connect-src"] == own
    assert csp["font-src"] == f"{own} data:"
    assert csp["base-uri"] == "'none'" and csp["form-action"] == "'none'"
    assert "frame-src" not in csp and "child-src" not in csp  # default-src 'none'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Set-Cookie" not in response and not response.cookies


def test_player_page_is_sandboxed_framed_by_the_site_and_has_no_inline_script(client, package):
    response = client.get(storage.player_path(package.token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert_sandboxed(response)
    assert directives(response)["frame-ancestors"] == "http://testserver 'self'"
    assert "X-Frame-Options" not in response  # framed: frame-ancestors says by whom
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == [
        '<script src="/h5p/player/main.bundle.js">',
        '<script src="/h5p/player/lms/h5p_frame.js" defer>',
    ]
    assert " style=" not in html and " on" not in re.sub(r"<[^>]*content=[^>]*>", "", html)
    assert f'data-h5p-json-path="/h5p/files/content/{package.token}"' in html
    assert 'data-libraries-path="/h5p/files/libraries"' in html
    assert 'data-parent-origin="http://testserver"' in html
    assert '<html lang="id">' in html


def test_player_page_neither_needs_nor_touches_the_session(client, package):
    client.force_login(UserFactory())
    response = client.get(storage.player_path(package.token))
    assert response.status_code == 200
    assert "Set-Cookie" not in response and not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("h5p.json", "application/json"),
        ("content/content.json", "application/json"),
    ],
)
def test_content_files_are_served_with_their_type(client, package, path, content_type):
    response = client.get(content(package, path))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert_sandboxed(response)
    assert response["Content-Length"] == str(len(b"".join(response.streaming_content)))


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        (library("library.json"), "application/json"),
        (library("benar-salah.js"), "text/javascript; charset=utf-8"),
        (library("benar-salah.css"), "text/css; charset=utf-8"),
        ("/h5p/player/main.bundle.js", "text/javascript; charset=utf-8"),
        ("/h5p/player/frame.bundle.js", "text/javascript; charset=utf-8"),
        ("/h5p/player/styles/h5p.css", "text/css; charset=utf-8"),
        ("/h5p/player/fonts/h5p-core-30.woff2", "font/woff2"),
        ("/h5p/player/images/throbber.gif", "image/gif"),
        ("/h5p/player/lms/h5p_frame.js", "text/javascript; charset=utf-8"),
        ("/h5p/player/lms/h5p_frame.css", "text/css; charset=utf-8"),
    ],
)
def test_library_and_player_files_are_served_with_their_type(client, package, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    assert "Content-Disposition" not in response
    assert_sandboxed(response)


def test_an_unchanged_file_answers_304_with_the_same_headers(client, package):
    first = client.get(library("benar-salah.js"))
    again = client.get(library("benar-salah.js"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert_sandboxed(again)


def test_only_get_and_head(client, package):
    assert client.head(storage.player_path(package.token)).status_code == 200
    assert client.post(storage.player_path(package.token)).status_code == 405
    assert client.post(content(package, "h5p.json")).status_code == 405


@pytest.mark.parametrize("status", [H5PPackageStatus.PENDING, H5PPackageStatus.REJECTED])
def test_a_package_not_ready_is_a_404_everywhere(client, package, status):
    H5PPackage.objects.filter(pk=package.pk).update(status=status)
    assert client.get(storage.player_path(package.token)).status_code == 404
    assert client.get(content(package, "h5p.json")).status_code == 404


def test_an_unknown_token_is_a_404(client, package):
    assert client.get(storage.player_path("x" + package.token)).status_code == 404
    assert client.get(f"/h5p/files/content/x{package.token}/h5p.json").status_code == 404


def test_a_disabled_main_library_stops_the_package_and_its_files(client, package):
    H5PLibrary.objects.filter(folder=LIBRARY).update(enabled=False)
    assert client.get(storage.player_path(package.token)).status_code == 404
    assert client.get(content(package, "content/content.json")).status_code == 404
    assert client.get(library("benar-salah.js")).status_code == 404


def test_a_library_folder_without_an_installed_row_is_a_404(client, package):
    stray = storage.library_dir("H5P.Stray-1.0")
    stray.mkdir(parents=True, exist_ok=True)
    (stray / "library.json").write_text("{}")
    assert client.get(library("library.json", folder="H5P.Stray-1.0")).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "../h5p.json",
        "content/../h5p.json",
        "content/%2e%2e/h5p.json",
        "content/%2E%2E/%2E%2E/%2E%2E/libraries/LMS.BenarSalah-1.0/library.json",
        "content%5Ccontent.json",
        "content/content.json%00.json",
        "/etc/passwd.txt",
        "%2Fetc%2Fpasswd.txt",
        "content//content.json",
        "./h5p.json",
        ".hidden.json",
        "content/.secret.json",
        "_private.json",
        "__MACOSX/content/content.json",
        "C:/x.json",
    ],
)
def test_no_path_leaves_the_root_or_reaches_a_hidden_file(client, package, path):
    root = storage.content_dir(package.token)
    (root / ".hidden.json").write_text("{}")
    (root / "content" / ".secret.json").write_text("{}")
    (root / "_private.json").write_text("{}")
    (root / "__MACOSX" / "content").mkdir(parents=True, exist_ok=True)
    (root / "__MACOSX" / "content" / "content.json").write_text("{}")
    assert client.get(content(package, path)).status_code == 404
    assert client.get(library(path)).status_code == 404
    assert client.get(f"/h5p/player/{path}").status_code == 404


def test_a_symlink_out_of_the_root_is_a_404(client, package, tmp_path):
    outside = tmp_path / "secret.json"
    outside.write_text('{"secret": 1}')
    os.symlink(outside, storage.content_dir(package.token) / "content" / "link.json")
    assert client.get(content(package, "content/link.json")).status_code == 404


@pytest.mark.parametrize(
    "name", ["page.html", "page.htm", "x.xml", "x.php", "x.map", "x", "x.JSON.exe", "x.svgz"]
)
def test_types_outside_the_list_are_a_404(client, package, name):
    (storage.content_dir(package.token) / "content" / name).write_text("<p>x</p>")
    assert client.get(content(package, f"content/{name}")).status_code == 404


def test_dist_files_outside_the_list_are_a_404(client, package):
    assert client.get("/h5p/player/h5p.d.ts").status_code == 404
    assert client.get("/h5p/player/main.bundle.js.LICENSE.txt").status_code == 200  # .txt
    assert client.get("/h5p/player/styles").status_code == 404  # a folder
    assert client.get("/h5p/player/lms/nothing.js").status_code == 404


def test_uppercase_extensions_and_an_svg_that_downloads_when_opened(client, package):
    media = storage.content_dir(package.token) / "content" / "images"
    media.mkdir(exist_ok=True)
    (media / "FOTO.PNG").write_bytes(b"\x89PNG\r\n")
    (media / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    png = client.get(content(package, "content/images/FOTO.PNG"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    svg = client.get(content(package, "content/images/logo.svg"))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"] == 'attachment; filename="logo.svg"'
    assert_sandboxed(svg)


@override_settings(
    H5P_CONTENT_ORIGIN=CONTENT_ORIGIN, ALLOWED_HOSTS=["testserver", "h5p.kabupaten.test"]
)
def test_with_a_content_origin_only_that_host_answers(client, package):
    urls = [
        storage.player_path(package.token),
        content(package, "h5p.json"),
        library("benar-salah.js"),
        "/h5p/player/main.bundle.js",
        "/h5p/player/lms/h5p_frame.js",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url  # the site's own host
        assert client.get(url, HTTP_HOST="lain.kabupaten.test").status_code in (400, 404)
        response = client.get(url, HTTP_HOST="h5p.kabupaten.test", secure=True)
        assert response.status_code == 200, url
        assert_sandboxed(response, own=CONTENT_ORIGIN)
        # Framed by the site only: not by the content origin itself.
        assert directives(response)["frame-ancestors"] == "http://testserver"
    page = client.get(urls[0], HTTP_HOST="h5p.kabupaten.test", secure=True).content.decode()
    assert 'data-parent-origin="http://testserver"' in page
    assert storage.player_url(package.token).startswith(CONTENT_ORIGIN + "/h5p/main/")


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("content/images/a.png", True),
        ("a.json", True),
        ("", False),
        ("a/../b.json", False),
        ("a\\b.json", False),
        ("a\x00.json", False),
        ("/a.json", False),
        ("a//b.json", False),
        ("a/./b.json", False),
        (".a.json", False),
        ("a/_b.json", False),
        ("__MACOSX/a.json", False),
    ],
)
def test_safe_relative(path, safe):
    assert (player.safe_relative(path) is not None) is safe


def test_last_modified_is_the_file_time(client, package):
    target = storage.library_dir(LIBRARY) / "benar-salah.js"
    response = client.get(library("benar-salah.js"))
    assert response["Last-Modified"] == http_date(target.stat().st_mtime)

"""The admin HR import: upload → dry-run preview with row-level errors → confirm, exactly once,
by the user who uploaded, within their OPD scope; templates and scoped exports."""

import re
import time

import pytest
from django.test import Client, override_settings

from lms.core.imports.views import Staging
from lms.people.models import Employee
from tests.admin.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "nip,name,gender,employee_type,golongan,opd_code,position_code,email\n"
VALID_CSV = (
    HEADER
    + "199203042018011005,Budi Santoso,L,PNS,III/a,1.01.1,J-GURU,budi.santoso@contoh.go.id\n"
    + "199405122019032007,Sari Wulandari,P,PNS,III/b,1.01,,\n"
).encode()
MALFORMED_CSV = (
    HEADER
    + "1.98501E+17,Budi Santoso,L,PNS,III/a,1.01.1,J-GURU,\n"
    + "199405122019032007,Sari Wulandari,P,PNS,III/b,9.99,,\n"
    + '199506172020121003,"<script>alert(1)</script>",L,PNS,II/c,1.01,,\n'
    + '199607222021011004,"""><img src=x onerror=alert(1)>",L,PNS,II/c,1.01,,\n'
).encode()


def upload(client: Client, content: bytes, *, name="pegawai.csv", kind="employees"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/impor/", {"kind": kind, "file": SimpleUploadedFile(name, content, "text/csv")}
    )


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    match = re.fullmatch(r"/admin/impor/([A-Za-z0-9_-]{43})/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def staged_files(token: str) -> set[str]:
    base = Staging()._base(token)
    return {path.suffix for path in base.parent.glob(f"{base.name}.*")}


# --- Who may import ---------------------------------------------------------------------------


def test_anonymous_and_peserta_are_sent_to_login(world):
    for client in (Client(), client_for(world["peserta"])):
        response = client.get("/admin/impor/")
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_pengajar_is_refused_everywhere(world):
    client = client_for(world["pengajar"])
    for url in ("/admin/impor/", "/admin/impor/templat/employees.csv",
                "/admin/impor/ekspor/employees.csv"):  # fmt: skip
        refused = client.get(url)  # Wagtail turns the 403 into a redirect with a message
        assert refused.status_code == 302 and refused["Location"] == "/admin/", url
    refused = upload(client, VALID_CSV)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert "Impor data" not in client.get("/admin/").content.decode()
    assert not Employee.objects.filter(name="Budi Santoso").exists()


def test_hr_roles_see_the_upload_page(world):
    for who in ("admin_a", "bkpsdm"):
        response = client_for(world[who]).get("/admin/impor/")
        assert response.status_code == 200
        content = response.content.decode()
        assert 'enctype="multipart/form-data"' in content
        assert "csrfmiddlewaretoken" in content
        assert "/admin/impor/templat/employees.xlsx" in content
        assert "/admin/impor/ekspor/employees.csv" in content


def test_upload_and_confirm_require_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["bkpsdm"])
    assert upload(client, VALID_CSV).status_code == 403
    token = token_of(upload(client_for(world["bkpsdm"]), VALID_CSV))
    assert client.post(f"/admin/impor/{token}/konfirmasi/").status_code == 403
    assert not Employee.objects.filter(name="Budi Santoso").exists()


# --- Bad uploads ------------------------------------------------------------------------------


def test_unknown_kind_is_refused(world):
    response = upload(client_for(world["bkpsdm"]), VALID_CSV, kind="users")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pegawai.exe", b"MZ\x90\x00", ".csv atau .xlsx"),
        ("pegawai.xls", VALID_CSV, ".csv atau .xlsx"),
        ("pegawai.xlsx", b"MZ\x90\x00 not a zip", ""),
        ("pegawai.csv", b"\x00\x01\x02" * 50, ""),
        ("pegawai.csv", b"", "kosong"),
    ],
)
def test_unreadable_or_wrong_files_come_back_on_the_form(world, name, content, message):
    response = upload(client_for(world["bkpsdm"]), content, name=name)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "file" in errors
    assert message in " ".join(errors["file"])
    assert not Employee.objects.filter(name="Budi Santoso").exists()


@override_settings(LMS_IMPORT_MAX_BYTES=100)
def test_file_over_the_size_limit_is_refused(world):
    response = upload(client_for(world["bkpsdm"]), VALID_CSV)
    assert response.status_code == 400
    assert "batasnya" in " ".join(response.context["form"].errors["file"])


# --- Dry run with errors ----------------------------------------------------------------------


def test_malformed_file_shows_row_level_errors_and_cannot_be_confirmed(world):
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, MALFORMED_CSV))
    assert staged_files(token) == {".json"}  # a file with errors is not kept
    response = client.get(f"/admin/impor/{token}/")
    assert response.status_code == 200
    content = response.content.decode()
    errors = response.context["report"].errors
    codes = {(error.row, error.code) for error in errors}
    assert any(row == 2 and code.startswith("nip") for row, code in codes), codes
    assert any(row == 3 for row, _code in codes), codes  # unknown OPD code 9.99
    for heading in ("Baris", "Kolom", "Kode", "Pesan"):
        assert f">{heading}</th>" in content
    assert "notasi ilmiah" in content
    assert ">Konfirmasi impor</em>" not in content
    assert "/konfirmasi/" not in content
    # HTML from the file is shown as text.
    assert "<script>alert(1)" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content

    response = client.post(f"/admin/impor/{token}/konfirmasi/", follow=True)
    assert "masih memiliki galat" in response.content.decode()
    assert not Employee.objects.filter(name__in=["Budi Santoso", "Sari Wulandari"]).exists()


def test_admin_opd_rows_for_another_opd_are_rejected(world):
    client = client_for(world["admin_a"])
    csv = (HEADER + "199203042018011005,Budi Santoso,L,PNS,III/a,1.02,,\n").encode()
    token = token_of(upload(client, csv))
    report = client.get(f"/admin/impor/{token}/").context["report"]
    assert not report.ok
    assert {error.row for error in report.errors} == {2}
    assert not Employee.objects.filter(name="Budi Santoso").exists()


# --- Happy path -------------------------------------------------------------------------------


def test_valid_file_is_previewed_then_imported_once(world):
    client = client_for(world["admin_a"])
    token = token_of(upload(client, VALID_CSV))
    assert staged_files(token) == {".json", ".data"}
    preview = client.get(f"/admin/impor/{token}/")
    content = preview.content.decode()
    assert preview.context["report"].ok
    assert ">Konfirmasi impor</em>" in content
    assert "Budi Santoso" in content and "Sari Wulandari" in content
    assert not Employee.objects.filter(name="Budi Santoso").exists()  # dry run wrote nothing

    response = client.post(f"/admin/impor/{token}/konfirmasi/", follow=True)
    assert response.status_code == 200
    assert "Impor selesai" in response.content.decode()
    budi = Employee.objects.get(nip="199203042018011005")
    assert budi.opd == world["sd"] and budi.position == world["guru"]
    assert budi.user is not None  # the engine creates the login account too
    assert staged_files(token) == {".json"}  # the uploaded bytes are gone

    again = client.post(f"/admin/impor/{token}/konfirmasi/", follow=True)
    assert "sudah diimpor sebelumnya" in again.content.decode()
    assert Employee.objects.filter(nip="199203042018011005").count() == 1


def test_a_claimed_file_is_not_imported_by_a_second_request(world):
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, VALID_CSV))
    staging = Staging()
    staging.claim(staging.load(token, world["bkpsdm"]))  # as if a double click were running
    response = client.post(f"/admin/impor/{token}/konfirmasi/", follow=True)
    assert "sedang atau sudah diproses" in response.content.decode()
    assert not Employee.objects.filter(name="Budi Santoso").exists()


# --- Token ownership and expiry --------------------------------------------------------------


def test_someone_elses_token_is_not_found(world):
    token = token_of(upload(client_for(world["bkpsdm"]), VALID_CSV))
    other = client_for(world["admin_a"])
    assert other.get(f"/admin/impor/{token}/").status_code == 404
    assert other.post(f"/admin/impor/{token}/konfirmasi/").status_code == 404
    assert not Employee.objects.filter(name="Budi Santoso").exists()
    assert staged_files(token) == {".json", ".data"}


@pytest.mark.parametrize("token", ["x" * 43, "short", "../../../etc/passwd", "a" * 44])
def test_unknown_or_malformed_tokens_are_not_found(world, token):
    client = client_for(world["bkpsdm"])
    assert client.get(f"/admin/impor/{token}/").status_code == 404
    assert client.post(f"/admin/impor/{token}/konfirmasi/").status_code == 404


def test_an_upload_expires_after_an_hour(world, monkeypatch):
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, VALID_CSV))
    later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(f"/admin/impor/{token}/konfirmasi/", follow=True)
    assert "kedaluwarsa" in response.content.decode()
    assert staged_files(token) == set()
    assert not Employee.objects.filter(name="Budi Santoso").exists()


def test_old_uploads_are_swept_on_the_next_upload(world):
    import os

    client = client_for(world["bkpsdm"])
    old = token_of(upload(client, VALID_CSV))
    base = Staging()._base(old)
    stale = time.time() - 2 * 3600
    os.utime(base.with_suffix(".data"), (stale, stale))
    token_of(upload(client, VALID_CSV))
    assert ".data" not in staged_files(old)


# --- Templates and exports --------------------------------------------------------------------


def test_template_download_has_only_the_header(world):
    from lms.core.imports import get_kind

    client = client_for(world["admin_a"])
    response = client.get("/admin/impor/templat/employees.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-employees.csv"'
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == [",".join(get_kind("employees").template_columns)]
    xlsx = client.get("/admin/impor/templat/employees.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert client.get("/admin/impor/templat/employees.pdf").status_code == 404
    assert client.get("/admin/impor/templat/rahasia.csv").status_code == 404


def test_export_is_scoped_to_the_user(world):
    response = client_for(world["admin_a"]).get("/admin/impor/ekspor/employees.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert world["mine"].nip in text
    assert world["theirs"].nip not in text
    assert client_for(world["admin_a"]).get("/admin/impor/ekspor/employees.exe").status_code == 404


def test_a_file_with_very_many_errors_keeps_only_the_first_ones(world, monkeypatch):
    from lms.core.imports import views

    monkeypatch.setattr(views, "MAX_ERRORS_SHOWN", 3)
    rows = "".join(f"1.98501E+17,Pegawai {n},L,PNS,III/a,1.01,,\n" for n in range(7))
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, (HEADER + rows).encode()))
    response = client.get(f"/admin/impor/{token}/")
    assert len(response.context["errors"]) == 3
    assert response.context["error_count"] == 7
    assert "dan 4 galat lainnya" in response.content.decode()
    assert len(response.context["preview_rows"]) == 7
    assert all(row["has_error"] for row in response.context["preview_rows"])

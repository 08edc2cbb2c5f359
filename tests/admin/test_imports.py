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


def refused(response) -> bool:
    """403, or Wagtail's answer to a PermissionDenied in the admin: back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def upload(
    client: Client, content: bytes, *, name="pegawai.csv", kind="employees", allow_key_change=False
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post = {"kind": kind, "file": SimpleUploadedFile(name, content, "text/csv")}
    if allow_key_change:
        post[f"{kind}__allow_key_change"] = "on"
    return client.post("/admin/impor/", post)


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


def test_pengajar_sees_only_the_authoring_kinds(world):
    client = client_for(world["pengajar"])
    page = client.get("/admin/impor/")
    assert page.status_code == 200
    choices = [name for name, _label in page.context["form"].fields["kind"].choices]
    assert choices == ["questions", "h5p"]
    assert [kind["name"] for kind in page.context["kinds"]] == ["questions", "h5p"]
    for url in ("/admin/impor/templat/employees.csv", "/admin/impor/ekspor/employees.csv"):
        assert refused(client.get(url)), url
    assert refused(upload(client, VALID_CSV))
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
    from lms.core.imports import staging

    monkeypatch.setattr(staging, "MAX_ERRORS_SHOWN", 3)
    rows = "".join(f"1.98501E+17,Pegawai {n},L,PNS,III/a,1.01,,\n" for n in range(7))
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, (HEADER + rows).encode()))
    response = client.get(f"/admin/impor/{token}/")
    assert len(response.context["errors"]) == 3
    assert response.context["error_count"] == 7
    assert "dan 4 galat lainnya" in response.content.decode()
    assert len(response.context["preview_rows"]) == 7
    assert all(row["has_error"] for row in response.context["preview_rows"])


# --- Per-kind permissions (issue 8, hole 3) ---------------------------------------------------
#
# Each abuse an Admin OPD could commit before, over HTTP, with the rows counted before and
# after; then the same file from a role that holds the permissions goes through, so every
# refusal above is the permission check and not a broken file.

ADMIN_OPD_IMPORTS = ["employees"]
ADMIN_OPD_EXPORTS = ["opds", "positions", "employees", "requirements", "training-records"]


def snapshot() -> tuple:
    from assessments.models import Question, QuestionBank, QuestionVersion
    from lms.competencies.models import LearningRecord, PositionRequirement
    from lms.people.models import OPD, Position

    return (
        OPD.objects.count(),
        Position.objects.count(),
        Employee.objects.count(),
        sorted(PositionRequirement.objects.values_list("pk", "required_level")),
        sorted(LearningRecord.objects.values_list("pk", "jp")),
        QuestionBank.objects.count(),
        Question.objects.count(),
        sorted(QuestionVersion.objects.values_list("pk", "data")),
    )


def all_staged() -> set:
    root = Staging().root
    return set(root.glob("*")) if root.exists() else set()


def kind_csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def record_csv(nip: str, *, jp: str = "40", title: str = "Diklat Kepemimpinan") -> bytes:
    header = ["nip", "title", "provider", "path", "jenis_diklat", "jp", "start_date", "end_date"]
    return kind_csv([header, [nip, title, "BPSDM Provinsi", "klasikal", "8", jp,
                              "2026-02-02", "2026-02-06"]])  # fmt: skip


def flipped_key_csv() -> bytes:
    """The first exported question with another choice marked correct (an edit of its key)."""
    import csv
    import io

    from lms.core.imports import run_export

    rows = list(csv.DictReader(io.StringIO(run_export("questions", "csv").decode("utf-8-sig"))))
    row = rows[0]
    row["correct"] = "b" if row["correct"].strip().lower() != "b" else "a"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode()


@pytest.fixture
def post_test(world):
    """A post-test whose bank the world's Pengajar authored (their course's bank)."""
    from assessments.models import QuestionBank
    from tests.factories.assessments import make_quiz

    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),), kind="post")
    QuestionBank.objects.filter(pk__in=quiz.draws.values("bank")).update(
        created_by=world["pengajar"]
    )
    return quiz


def test_admin_opd_sees_and_gets_only_her_kinds(world):
    client = client_for(world["admin_a"])
    page = client.get("/admin/impor/")
    assert page.status_code == 200
    choices = [name for name, _label in page.context["form"].fields["kind"].choices]
    assert choices == ADMIN_OPD_IMPORTS
    listed = {kind["name"]: kind for kind in page.context["kinds"]}
    assert sorted(listed) == sorted(ADMIN_OPD_EXPORTS)
    assert all(kind["can_export"] for kind in listed.values())
    assert [name for name, kind in listed.items() if kind["has_template"]] == ["employees"]
    content = page.content.decode()
    assert "questions" not in content
    assert "/admin/impor/templat/opds.csv" not in content
    assert "/admin/impor/ekspor/opds.csv" in content


def test_admin_opd_cannot_download_the_questions_with_their_keys(world, post_test):
    client = client_for(world["admin_a"])
    for url in ("/admin/impor/ekspor/questions.csv", "/admin/impor/ekspor/questions.xlsx",
                "/admin/impor/templat/questions.xlsx"):  # fmt: skip
        response = client.get(url)
        assert refused(response), url
        assert b"manakah prinsip SPBE" not in response.content
        assert "attachment" not in response.get("Content-Disposition", "")


def test_admin_opd_cannot_change_a_live_post_test_key(world, post_test):
    attack = flipped_key_csv()
    before, staged = snapshot(), all_staged()
    response = upload(client_for(world["admin_a"]), attack, name="soal.csv", kind="questions")
    assert refused(response)
    assert snapshot() == before  # the key of every question unchanged
    assert all_staged() == staged  # not even kept for a preview

    # The same file from a Pengajar changes the key: the refusal above was the permission.
    # Issue 10: a key change needs the explicit "allow key change" choice.
    pengajar = client_for(world["pengajar"])
    token = token_of(upload(pengajar, attack, name="soal.csv", kind="questions"))
    report = pengajar.get(f"/admin/impor/{token}/").context["report"]
    assert [error.code for error in report.errors] == ["key_changed"]
    token = token_of(
        upload(pengajar, attack, name="soal.csv", kind="questions", allow_key_change=True)
    )
    assert pengajar.get(f"/admin/impor/{token}/").context["report"].ok
    done = pengajar.post(f"/admin/impor/{token}/konfirmasi/", follow=True)
    assert "Impor selesai" in done.content.decode()
    assert snapshot() != before


OPD_ROWS = [["code", "name", "type", "parent_code"], ["1.01.2", "UPTD SD 2", "UPTD", "1.01"]]
POSITION_ROWS = [
    ["code", "name", "jenis_jabatan", "opd_code"],
    ["J-ANALIS", "Analis Data", "pelaksana", "1.01"],
]


@pytest.mark.parametrize(
    ("kind", "rows"),
    [
        ("opds", OPD_ROWS),
        ("positions", POSITION_ROWS),
        ("requirements", "RAISE"),  # raises the level of a requirement of her own OPD
    ],
)
def test_admin_opd_cannot_create_units_positions_or_requirements(world, kind, rows):
    if rows == "RAISE":
        code = world["competency"].code
        rows = [["position_code", "competency_code", "required_level"], ["J-GURU", code, "5"]]
    data = kind_csv(rows)
    client = client_for(world["admin_a"])
    before, staged = snapshot(), all_staged()
    assert refused(upload(client, data, name=f"{kind}.csv", kind=kind))
    assert refused(client.get(f"/admin/impor/templat/{kind}.csv"))
    assert snapshot() == before and all_staged() == staged
    world["requirement_mine"].refresh_from_db()
    assert world["requirement_mine"].required_level == 3

    bkpsdm = client_for(world["bkpsdm"])
    token = token_of(upload(bkpsdm, data, name=f"{kind}.csv", kind=kind))
    bkpsdm.post(f"/admin/impor/{token}/konfirmasi/")
    assert snapshot() != before  # BKPSDM may: the file itself was valid


def test_admin_opd_cannot_credit_jp_to_her_own_record(world):
    from tests.admin.conftest import make_employee

    admin = world["admin_a"]
    make_employee(world["dikbud"], admin.nip, "Admin Dikbud")
    client = client_for(admin)
    before, staged = snapshot(), all_staged()
    for nip in (admin.nip, world["mine"].nip):  # herself, or anyone in her OPD
        assert refused(upload(client, record_csv(nip), name="jp.csv", kind="training-records"))
    assert snapshot() == before and all_staged() == staged


def test_nobody_imports_their_own_jp_not_even_bkpsdm(world):
    from lms.competencies.models import LearningRecord
    from tests.admin.conftest import make_employee

    officer = world["bkpsdm"]
    make_employee(world["dinkes"], officer.nip, "Petugas BKPSDM")
    client = client_for(officer)
    before = snapshot()
    token = token_of(
        upload(client, record_csv(officer.nip), name="jp.csv", kind="training-records")
    )
    report = client.get(f"/admin/impor/{token}/").context["report"]
    assert [(e.row, e.column, e.code) for e in report.errors] == [(2, "nip", "own_record")]
    assert "NIP Anda sendiri" in report.errors[0].message
    client.post(f"/admin/impor/{token}/konfirmasi/")
    assert snapshot() == before

    # Someone else's line goes through.
    token = token_of(
        upload(client, record_csv(world["theirs"].nip), name="jp.csv", kind="training-records")
    )
    assert (
        "Impor selesai"
        in client.post(f"/admin/impor/{token}/konfirmasi/", follow=True).content.decode()
    )
    assert LearningRecord.objects.filter(
        employee=world["theirs"], title="Diklat Kepemimpinan", jp=40
    ).exists()


def test_bkpsdm_imports_employees(world):
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, VALID_CSV))
    client.post(f"/admin/impor/{token}/konfirmasi/")
    assert (
        Employee.objects.filter(nip__in=["199203042018011005", "199405122019032007"]).count() == 2
    )


def test_a_permission_removed_after_the_preview_stops_the_confirm(world):
    from django.contrib.auth.models import Group, Permission

    from lms.users.roles import Role

    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, VALID_CSV))
    assert client.get(f"/admin/impor/{token}/").context["can_confirm"]
    Group.objects.get(name=Role.BKPSDM).permissions.remove(
        Permission.objects.get(content_type__app_label="people", codename="add_employee")
    )
    assert refused(client.get(f"/admin/impor/{token}/"))
    assert refused(client.post(f"/admin/impor/{token}/konfirmasi/"))
    assert not Employee.objects.filter(name__in=["Budi Santoso", "Sari Wulandari"]).exists()
    assert staged_files(token) == {".json", ".data"}  # not claimed: nothing ran


def test_a_staff_user_without_any_kind_sees_no_menu_and_no_screen(world):
    from django.contrib.auth.models import Permission

    from tests.factories.users import UserFactory

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(user)
    assert client.get("/admin/").status_code == 200
    assert "/admin/impor/" not in client.get("/admin/").content.decode()
    assert refused(client.get("/admin/impor/"))
    assert refused(client.get("/admin/impor/ekspor/employees.csv"))
    assert "/admin/impor/" in client_for(world["admin_a"]).get("/admin/").content.decode()


def test_the_question_import_sits_in_the_asesmen_menu_for_a_pengajar(world):
    content = client_for(world["pengajar"]).get("/admin/").content.decode()
    assert "Impor soal" in content and "/admin/impor/?jenis=questions" in content
    assert "Kepegawaian" not in content and "Impor data" not in content
    hr = client_for(world["admin_a"]).get("/admin/").content.decode()
    assert "Impor data" in hr and "Impor soal" not in hr

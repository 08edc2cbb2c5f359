"""Every sensitive action writes exactly one audit entry, with actor, client address, object,
OPD and details (docs/security.md, "Audit log"); an action that did not happen writes none.

The actions here are done as a user does them: through the admin screens (with
``REMOTE_ADDR``), the commands, the services the screens call. Every test counts the entries
written after its own setup (the fixtures bind OPD scopes, which are audited too)."""

import hashlib
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.competencies.models import CompetencyEvidence
from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from lms.people.models import Employee, OPDScope
from lms.people.services import opd_scope_set
from lms.users.models import User
from lms.users.roles import Role
from tests.admin.conftest import client_for
from tests.admin.test_identity_changes import edit_post
from tests.admin.test_imports import MALFORMED_CSV, VALID_CSV, token_of, upload

pytestmark = pytest.mark.django_db

IP = "10.0.0.7"


def mark() -> int:
    """The id after which the entries of the action under test begin."""
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def written(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(id__gt=since).order_by("id"))


def only_entry(since: int, action: str) -> AuditEntry:
    entries = written(since)
    assert [entry.action for entry in entries] == [action], [
        (entry.action, entry.object_type, entry.details) for entry in entries
    ]
    return entries[0]


def audit_inserts(queries) -> int:
    return sum('INSERT INTO "core_auditentry"' in query["sql"] for query in queries)


# --- 1. Imports -------------------------------------------------------------------------------


def test_a_confirmed_import_writes_one_entry_with_file_hash_counts_and_opd(world):
    client = client_for(world["admin_a"])
    token = token_of(upload(client, VALID_CSV, name="pegawai baru.csv"))
    since = mark()
    assert client.get(f"/admin/impor/{token}/").status_code == 200  # the preview: nothing
    assert written(since) == []
    response = client.post(f"/admin/impor/{token}/konfirmasi/", REMOTE_ADDR=IP)
    assert response.status_code == 302
    entry = only_entry(since, AuditAction.IMPORTED)
    assert entry.actor_id == world["admin_a"].pk and entry.ip == IP
    assert entry.object_type == "employees"
    assert (entry.opd_id, entry.opd_label) == (world["dikbud"].pk, "Dinas Pendidikan")
    assert entry.details["file"] == "pegawai baru.csv"
    assert entry.details["sha256"] == hashlib.sha256(VALID_CSV).hexdigest()
    assert entry.details["outcome"] == "disimpan"
    assert (entry.details["rows"], entry.details["created"], entry.details["updated"]) == (2, 2, 0)
    assert entry.details["errors"] == 0
    # A second confirmation imports nothing and records nothing.
    since = mark()
    client.post(f"/admin/impor/{token}/konfirmasi/", REMOTE_ADDR=IP)
    assert written(since) == []


def test_a_confirmation_stopped_by_errors_is_recorded_as_refused_and_writes_nothing(world):
    """The data changed between the preview and the confirmation (the NIP was taken
    meanwhile): the import rolls back; the entry says "ditolak", never "disimpan"."""
    client = client_for(world["bkpsdm"])
    token = token_of(upload(client, VALID_CSV))
    Employee.objects.filter(pk=world["theirs"].pk).update(email="budi.santoso@contoh.go.id")
    User.objects.filter(pk=world["theirs"].user_id).update(email="budi.santoso@contoh.go.id")
    since = mark()
    client.post(f"/admin/impor/{token}/konfirmasi/", REMOTE_ADDR=IP)
    assert not Employee.objects.filter(nip="199203042018011005").exists()
    entry = only_entry(since, AuditAction.IMPORT_REFUSED)
    assert entry.details["outcome"] == "ditolak" and entry.details["errors"] >= 1
    assert entry.actor_id == world["bkpsdm"].pk and entry.ip == IP
    assert entry.opd_id is None  # BKPSDM acts for every OPD
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORTED).exists()


def test_the_import_command_records_its_commit_and_its_refusal(world, tmp_path):
    good, bad = tmp_path / "pegawai.csv", tmp_path / "rusak.csv"
    good.write_bytes(VALID_CSV)
    bad.write_bytes(MALFORMED_CSV)
    since = mark()
    with pytest.raises(CommandError):
        call_command("lms_import", "employees", str(bad), "--commit", stdout=io.StringIO())
    entry = only_entry(since, AuditAction.IMPORT_REFUSED)
    assert entry.actor_id is None and entry.ip is None  # the operator, as the system
    assert entry.details["sha256"] == hashlib.sha256(MALFORMED_CSV).hexdigest()
    assert entry.details["file"] == "rusak.csv" and entry.details["errors"] >= 2
    since = mark()
    call_command(
        "lms_import", "employees", str(good), "--commit", "--as", world["bkpsdm"].nip,
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    entry = only_entry(since, AuditAction.IMPORTED)
    assert entry.actor_id == world["bkpsdm"].pk and entry.details["created"] == 2


def test_a_dry_run_writes_no_entry(world, tmp_path):
    good = tmp_path / "pegawai.csv"
    good.write_bytes(VALID_CSV)
    since = mark()
    call_command("lms_import", "employees", str(good), stdout=io.StringIO())
    upload(client_for(world["bkpsdm"]), VALID_CSV)
    assert written(since) == []


def test_rows_for_another_opd_are_one_access_denied_entry_per_run(world):
    client = client_for(world["admin_a"])
    rows = (
        b"nip,name,gender,employee_type,golongan,opd_code,position_code,email\n"
        b"199203042018011005,Budi Santoso,L,PNS,III/a,1.02,,\n"
        b"199405122019032007,Sari Wulandari,P,PNS,III/b,1.02,,\n"
    )
    since = mark()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/impor/",
        {"kind": "employees", "file": SimpleUploadedFile("luar.csv", rows, "text/csv")},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.ip, entry.object_type) == (world["admin_a"].pk, IP, "employees")
    assert entry.details["rows"] == [2, 3] and entry.details["count"] == 2
    assert entry.details["sha256"] == hashlib.sha256(rows).hexdigest()
    assert not Employee.objects.filter(name="Budi Santoso").exists()


# --- 2. Exports and downloads -----------------------------------------------------------------


def test_the_export_screen_records_kind_format_and_opd(world):
    client = client_for(world["admin_a"])
    since = mark()
    response = client.get("/admin/impor/ekspor/employees.csv", REMOTE_ADDR=IP)
    assert response.status_code == 200
    entry = only_entry(since, AuditAction.EXPORTED)
    assert (entry.actor_id, entry.ip, entry.object_type) == (world["admin_a"].pk, IP, "employees")
    assert entry.opd_id == world["dikbud"].pk
    assert entry.details["format"] == "csv" and entry.details["size"] == len(response.content)


def test_a_refused_export_is_an_access_denied_entry_and_no_export(world):
    client = client_for(world["pengajar"])
    since = mark()
    response = client.get("/admin/impor/ekspor/questions.csv", REMOTE_ADDR=IP)
    assert response.status_code == 200  # Pengajar may export questions
    assert only_entry(since, AuditAction.EXPORTED).object_type == "questions"
    since = mark()
    response = client.get("/admin/impor/ekspor/employees.csv", REMOTE_ADDR=IP)
    assert response.status_code in (302, 403)
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.ip, entry.object_type) == (world["pengajar"].pk, IP, "employees")
    assert entry.details["asked_for"] == "export"


def test_the_export_command_records_the_export(world, tmp_path):
    since = mark()
    call_command(
        "lms_export", "opds", "--format", "xlsx", "--output", str(tmp_path / "opd.xlsx"),
        "--as", world["bkpsdm"].nip, stdout=io.StringIO(),
    )  # fmt: skip
    entry = only_entry(since, AuditAction.EXPORTED)
    assert entry.actor_id == world["bkpsdm"].pk and entry.object_type == "opds"
    assert entry.details["format"] == "xlsx"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_wagtail_list_export_records_the_model_format_and_filters(world, fmt):
    client = client_for(world["bkpsdm"])
    since = mark()
    url = f"/admin/pegawai/?export={fmt}&q=Andi&opd={world['sd'].pk}"
    response = client.get(url, REMOTE_ADDR=IP)
    assert response.status_code == 200
    entry = only_entry(since, AuditAction.EXPORTED)
    assert (entry.actor_id, entry.ip) == (world["bkpsdm"].pk, IP)
    assert entry.object_type == "people.employee"
    assert entry.details["kind"] == "list_export" and entry.details["format"] == fmt
    assert entry.details["filters"] == {"q": "Andi", "opd": str(world["sd"].pk)}
    # The listing itself is not an export.
    since = mark()
    assert client.get("/admin/pegawai/?q=Andi").status_code == 200
    assert written(since) == []


def test_the_activation_letter_of_one_employee_is_recorded(world):
    client = client_for(world["admin_a"])
    since = mark()
    response = client.post(
        reverse("aktivasi:employee_letter", args=[world["mine"].pk]), REMOTE_ADDR=IP
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    entry = only_entry(since, AuditAction.DOWNLOADED)
    assert (entry.object_type, entry.object_id) == ("people.employee", str(world["mine"].pk))
    assert entry.opd_id == world["sd"].pk and entry.ip == IP
    assert entry.details == {"kind": "activation_letter", "format": "pdf"}
    # Another OPD's employee: 404 and an ACCESS_DENIED entry, no letter.
    since = mark()
    response = client.post(
        reverse("aktivasi:employee_letter", args=[world["theirs"].pk]), REMOTE_ADDR=IP
    )
    assert response.status_code == 404
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert entry.object_id == str(world["theirs"].pk) and entry.actor_id == world["admin_a"].pk


# --- 3. Record views --------------------------------------------------------------------------


def test_hr_opening_an_employee_is_recorded_once_with_one_insert(world):
    client = client_for(world["admin_a"])
    url = reverse("pegawai:inspect", args=[world["mine"].pk])
    since = mark()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, REMOTE_ADDR=IP).status_code == 200
    assert audit_inserts(queries.captured_queries) == 1
    entry = only_entry(since, AuditAction.RECORD_VIEWED)
    assert (entry.actor_id, entry.ip) == (world["admin_a"].pk, IP)
    assert (entry.object_type, entry.object_id) == ("people.employee", str(world["mine"].pk))
    assert (entry.opd_id, entry.opd_label) == (world["sd"].pk, "UPTD SD 1")
    # Outside the scope: 404 and no record view.
    since = mark()
    response = client.get(reverse("pegawai:inspect", args=[world["theirs"].pk]))
    assert response.status_code == 404
    assert not [e for e in written(since) if e.action == AuditAction.RECORD_VIEWED]


def test_an_employee_opening_their_own_record_is_not_recorded(world):
    own = world["mine"].user
    own.groups.add(Group.objects.get(name=Role.BKPSDM))
    client = client_for(own)
    since = mark()
    assert client.get(reverse("pegawai:inspect", args=[world["mine"].pk])).status_code == 200
    assert written(since) == []


# --- 4. Roles, scopes, identity ---------------------------------------------------------------


def _user_form(client, user) -> dict:
    form = client.get(f"/admin/users/edit/{user.pk}/").context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name.startswith("password"):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif hasattr(value, "all"):
            data[name] = [item.pk for item in value.all()]
        elif isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    return data


def test_one_user_edit_changing_several_groups_writes_one_role_entry(world):
    superuser = User.objects.create_superuser(
        username="root", email="root@contoh.go.id", password="x-Kuat-2026!"
    )
    client = client_for(superuser)
    target = world["peserta"]
    data = _user_form(client, target)
    groups = {Group.objects.get(name=name).pk for name in (Role.PENGAJAR, Role.BKPSDM)}
    data["groups"] = sorted(groups)
    since = mark()
    response = client.post(f"/admin/users/edit/{target.pk}/", data, REMOTE_ADDR=IP)
    assert response.status_code == 302, response.context["form"].errors
    entry = only_entry(since, AuditAction.ROLE_CHANGED)
    assert (entry.actor_id, entry.ip) == (superuser.pk, IP)
    assert (entry.object_type, entry.object_id) == ("users.user", str(target.pk))
    assert entry.details["old_groups"] == [Role.PESERTA]
    assert entry.details["new_groups"] == sorted([Role.BKPSDM, Role.PENGAJAR])
    assert entry.details["removed"] == [Role.PESERTA]
    # Saving again unchanged: no entry.
    since = mark()
    client.post(f"/admin/users/edit/{target.pk}/", data, REMOTE_ADDR=IP)
    assert written(since) == []
    # The superuser flag alone.
    data["is_superuser"] = "on"
    since = mark()
    client.post(f"/admin/users/edit/{target.pk}/", data, REMOTE_ADDR=IP)
    entry = only_entry(since, AuditAction.ROLE_CHANGED)
    assert entry.details["flags"]["is_superuser"] == {"old": False, "new": True}


def test_opd_scope_added_changed_and_deleted_in_the_admin(world):
    client = client_for(world["bkpsdm"])
    admin_a = world["admin_a"]
    since = mark()
    response = client.post(
        "/admin/cakupan-opd/new/", {"user": admin_a.pk, "opd": world["dinkes"].pk},
        REMOTE_ADDR=IP,
    )  # fmt: skip
    assert response.status_code == 302
    entry = only_entry(since, AuditAction.SCOPE_CHANGED)
    assert (entry.actor_id, entry.ip) == (world["bkpsdm"].pk, IP)
    assert (entry.object_type, entry.object_id) == ("users.user", str(admin_a.pk))
    assert entry.opd_id == world["dinkes"].pk
    assert entry.details["added"] == ["1.02 Dinas Kesehatan"] and entry.details["removed"] == []
    assert entry.details["before"] == ["1.01 Dinas Pendidikan"]
    scope = OPDScope.objects.get(user=admin_a, opd=world["dinkes"])
    since = mark()
    response = client.post(f"/admin/cakupan-opd/delete/{scope.pk}/", REMOTE_ADDR=IP)
    assert response.status_code == 302
    assert not OPDScope.objects.filter(pk=scope.pk).exists()
    entry = only_entry(since, AuditAction.SCOPE_CHANGED)
    assert entry.details["removed"] == ["1.02 Dinas Kesehatan"]
    assert entry.details["after"] == ["1.01 Dinas Pendidikan"]
    # Setting the same scope again changes nothing and records nothing.
    since = mark()
    opd_scope_set(user=admin_a, opds=[world["dikbud"]])
    assert written(since) == []


def test_bkpsdm_changing_a_name_records_old_and_new(world):
    employee = world["mine"]
    client = client_for(world["bkpsdm"])
    since = mark()
    response = client.post(
        f"/admin/pegawai/edit/{employee.pk}/", edit_post(employee, name="Andi Wijayakusuma"),
        REMOTE_ADDR=IP,
    )  # fmt: skip
    assert response.status_code == 302
    entry = only_entry(since, AuditAction.IDENTITY_CHANGED)
    assert (entry.actor_id, entry.ip) == (world["bkpsdm"].pk, IP)
    assert entry.object_id == str(employee.pk) and entry.opd_id == world["sd"].pk
    assert entry.details["changes"]["name"] == {"old": "Andi Wijaya", "new": "Andi Wijayakusuma"}
    # A change of another field only: no identity entry.
    since = mark()
    employee.refresh_from_db()
    client.post(f"/admin/pegawai/edit/{employee.pk}/", edit_post(employee, golongan="III/b"))
    assert written(since) == []


# --- 5. Evidence added by hand ----------------------------------------------------------------


def test_hr_evidence_is_recorded(world):
    client = client_for(world["bkpsdm"])
    since = mark()
    response = client.post(
        "/admin/bukti-kompetensi/new/",
        {
            "employee_nip": world["mine"].nip,
            "competency": world["competency"].pk,
            "level": 4,
            "observed_on": "2026-03-01",
            "reference": "Uji kompetensi BKPSDM 03/2026",
        },
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    evidence = CompetencyEvidence.objects.get(reference="Uji kompetensi BKPSDM 03/2026")
    entry = only_entry(since, AuditAction.EVIDENCE_ADDED)
    assert (entry.actor_id, entry.ip) == (world["bkpsdm"].pk, IP)
    assert entry.object_id == str(world["mine"].pk) and entry.opd_id == world["sd"].pk
    assert entry.details["evidence_id"] == evidence.pk and entry.details["level"] == 4
    assert entry.details["competency"] == world["competency"].code


# --- The log screen ---------------------------------------------------------------------------


def test_bkpsdm_filters_the_log_by_action_and_exports_it(world):
    client = client_for(world["bkpsdm"])
    client.get(reverse("pegawai:inspect", args=[world["mine"].pk]), REMOTE_ADDR=IP)
    listing = client.get(reverse("log-audit:index") + "?action=" + AuditAction.RECORD_VIEWED)
    assert listing.status_code == 200
    shown = list(listing.context["object_list"])
    assert shown and {entry.action for entry in shown} == {AuditAction.RECORD_VIEWED}
    other = client.get(reverse("log-audit:index") + "?action=" + AuditAction.ROLE_CHANGED)
    assert list(other.context["object_list"]) == []
    since = mark()
    exported = client.get(
        reverse("log-audit:index") + "?export=csv&action=" + AuditAction.RECORD_VIEWED
    )
    content = b"".join(exported.streaming_content).decode()
    assert "record.viewed" in content and "scope.changed" not in content
    assert only_entry(since, AuditAction.EXPORTED).object_type == "core.auditentry"


@pytest.mark.parametrize("role", ["admin_a", "pengajar", "peserta"])
def test_the_log_is_refused_to_other_roles(world, role):
    response = client_for(world[role]).get(reverse("log-audit:index"))
    assert response.status_code in (302, 403)
    response = client_for(world[role]).get(reverse("log-audit:index") + "?export=csv")
    assert response.status_code in (302, 403)


def test_a_user_created_with_a_role_writes_one_role_entry(world):
    superuser = User.objects.create_superuser(
        username="root", email="root@contoh.go.id", password="x-Kuat-2026!"
    )
    client = client_for(superuser)
    bkpsdm = Group.objects.get(name=Role.BKPSDM)
    since = mark()
    response = client.post(
        "/admin/users/new/",
        {
            "username": "petugas.baru@contoh.go.id",
            "email": "petugas.baru@contoh.go.id",
            "first_name": "Petugas",
            "last_name": "Baru",
            "password1": "Sandi-Kuat-Baru-2026!",
            "password2": "Sandi-Kuat-Baru-2026!",
            "groups": [bkpsdm.pk],
            "is_active": "on",
        },
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302, response.context["form"].errors
    created = User.objects.get(username="petugas.baru@contoh.go.id")
    entry = only_entry(since, AuditAction.ROLE_CHANGED)
    assert (entry.actor_id, entry.ip, entry.object_id) == (superuser.pk, IP, str(created.pk))
    assert entry.details["old_groups"] == [] and entry.details["new_groups"] == [Role.BKPSDM]

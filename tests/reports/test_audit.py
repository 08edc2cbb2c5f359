"""HR reports in the audit log (docs/security.md, "Audit log"): a report file carried away is
``EXPORTED`` (the endpoint answering at once, ``lms_report``), a large one is recorded when its
file is fetched; HR opening a person's page is ``RECORD_VIEWED``; another OPD asked for (path,
filter, export, API) is ``ACCESS_DENIED``, next to the existing log line."""

import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.core.audit.actions import AuditAction
from lms.core.downloads.services import download_build
from lms.core.models import AuditEntry, PreparedDownload
from lms.reports.exports import views

pytestmark = pytest.mark.django_db

IP = "10.0.0.7"
EXPORT = "/admin/laporan/ekspor/"


@pytest.fixture(autouse=True)
def download_root(settings, tmp_path):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path / "unduhan")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mark() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def only_entry(since: int, action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(id__gt=since).order_by("id"))
    assert [entry.action for entry in entries] == [action], [
        (entry.action, entry.details) for entry in entries
    ]
    return entries[0]


def nothing_since(since: int) -> bool:
    return not AuditEntry.objects.filter(id__gt=since).exists()


def test_a_report_answered_at_once_is_one_export_entry_with_filters_and_opd(regency):
    admin = regency["admin_new"]
    since = mark()
    response = login(admin).post(
        EXPORT, {"kind": "gap", "format": "csv", "year": "2026", "opd": "2.03"}, REMOTE_ADDR=IP
    )
    assert response.status_code == 200
    entry = only_entry(since, AuditAction.EXPORTED)
    assert (entry.actor_id, entry.ip) == (admin.pk, IP)
    assert entry.object_type == "report.gap"
    assert entry.opd_id == regency["opd"]["new"].pk
    assert entry.details["format"] == "csv"
    assert entry.details["filters"]["opd"] == "2.03" and entry.details["filters"]["year"] == 2026


def test_a_refused_report_export_writes_no_export(regency, caplog):
    admin = regency["admin_new"]
    since = mark()
    with caplog.at_level(logging.WARNING, logger="lms.reports"):
        response = login(admin).post(
            EXPORT, {"kind": "gap", "format": "csv", "year": "2026", "opd": "1.01"}, REMOTE_ADDR=IP
        )
    assert response.status_code == 404
    assert "outside their scope" in caplog.text  # the log line stays
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.ip, entry.object_id) == (admin.pk, IP, "1.01")
    since = mark()
    forged = login(admin).post(EXPORT, {"kind": "semua", "format": "csv", "opd": "2.03"})
    assert forged.status_code == 400
    assert nothing_since(since)


def test_a_prepared_report_is_recorded_when_its_file_is_fetched(regency, monkeypatch):
    monkeypatch.setattr(views, "SYNC_MAX_ROWS", 1)
    bkpsdm = regency["bkpsdm"]
    client = login(bkpsdm)
    since = mark()
    response = client.post(EXPORT, {"kind": "jp", "format": "xlsx", "year": "2026", "opd": "1.01"})
    assert response.status_code == 302
    download = PreparedDownload.objects.get(owner=bkpsdm)
    download_build(download_id=download.pk)
    assert nothing_since(since)
    file = client.get(reverse("lms_downloads:file", args=[download.pk]), REMOTE_ADDR=IP)
    assert file.status_code == 200
    entry = only_entry(since, AuditAction.DOWNLOADED)
    assert (entry.actor_id, entry.ip) == (bkpsdm.pk, IP)
    assert entry.details["kind"] == "report_xlsx"
    assert entry.details["parameters"]["opd"] == "1.01"


def test_the_report_command_records_the_export(regency, tmp_path):
    since = mark()
    call_command(
        "lms_report", "jp", "--year", "2026", "--opd", "1.01", "--format", "csv",
        "--output", str(tmp_path / "jp.csv"), "--as", regency["admin_root"].username,
        stdout=io.StringIO(),
    )  # fmt: skip
    entry = only_entry(since, AuditAction.EXPORTED)
    assert entry.actor_id == regency["admin_root"].pk and entry.ip is None
    assert entry.object_type == "report.jp" and entry.opd_id == regency["opd"]["root"].pk
    assert entry.details["command"] == "lms_report"


@pytest.mark.parametrize("page", ["laporan:person", "laporan:evidence"])
def test_hr_opening_a_person_is_one_record_view_and_one_insert(regency, page):
    admin = regency["admin_root"]
    e1 = regency["people"]["e1"]
    client = login(admin)
    since = mark()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(page, args=(e1.pk,)) + "?year=2026", REMOTE_ADDR=IP)
    assert response.status_code == 200
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "core_auditentry"' in q["sql"]]
    assert len(inserts) == 1
    entry = only_entry(since, AuditAction.RECORD_VIEWED)
    assert (entry.actor_id, entry.ip) == (admin.pk, IP)
    assert (entry.object_type, entry.object_id) == ("people.employee", str(e1.pk))
    assert (entry.opd_id, entry.opd_label) == (e1.opd_id, e1.opd.name)
    assert entry.details["view"] == page


def test_someone_opening_their_own_page_is_not_a_record_view(regency):
    from django.contrib.auth.models import Group

    from lms.users.roles import Role

    e1 = regency["people"]["e1"]
    e1.user.groups.add(Group.objects.get(name=Role.BKPSDM))
    since = mark()
    response = login(e1.user).get(reverse("laporan:person", args=(e1.pk,)) + "?year=2026")
    assert response.status_code == 200
    assert nothing_since(since)


@pytest.mark.parametrize("page", ["laporan:person", "laporan:evidence", "laporan:opd"])
def test_another_opds_id_in_the_path_is_access_denied(regency, page):
    admin = regency["admin_new"]
    target = regency["people"]["e1"].pk if page != "laporan:opd" else regency["opd"]["root"].pk
    since = mark()
    response = login(admin).get(reverse(page, args=(target,)), REMOTE_ADDR=IP)
    assert response.status_code == 404
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.ip, entry.object_id) == (admin.pk, IP, str(target))


def test_another_opd_as_a_filter_and_in_the_api_is_access_denied(regency):
    admin = regency["admin_root"]
    client = login(admin)
    other = regency["opd"]["new"]
    since = mark()
    response = client.get(reverse("laporan:heatmap") + f"?opd={other.pk}", REMOTE_ADDR=IP)
    assert response.status_code == 400
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.ip, entry.object_id) == (admin.pk, IP, str(other.pk))
    since = mark()
    response = client.get("/api/v1/reports/gap", {"year": "2026", "opd": "2.03"}, REMOTE_ADDR=IP)
    assert response.status_code == 404
    entry = only_entry(since, AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.ip, entry.object_id) == (admin.pk, IP, "2.03")
    assert entry.details["view"] == "api_reports"

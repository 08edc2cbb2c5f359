"""``POST /admin/laporan/ekspor/`` (``lms_report_exports:export``): report readers only, the OPD
scope (another OPD: 404 and logged), forged values (400 with the Indonesian reason, nothing
written), small exports as an attachment, large ones as a prepared download that only the
requester opens, re-read with the requester's scope at build time."""

import csv
import io
import logging

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from lms.core.downloads.services import download_build, download_path, download_request
from lms.core.models import DownloadStatus, Notification, PreparedDownload
from lms.people.services import opd_scope_set
from lms.reports.exports import views
from lms.users.roles import Role

from .conftest import user_in

URL = "/admin/laporan/ekspor/"


@pytest.fixture(autouse=True)
def download_root(settings, tmp_path):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path / "unduhan")
    return tmp_path / "unduhan"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(user, **data):
    values = {"kind": "gap", "format": "csv", "year": "2026", **data}
    return login(user).post(URL, values)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))


def test_the_url():
    assert reverse("lms_report_exports:export") == URL


def test_one_small_opd_is_answered_as_an_attachment(regency):
    response = post(regency["admin_new"], opd="2.03")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kesenjangan-2026-2.03.csv"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    rows = csv_rows(body(response))
    assert {r[0] for r in rows[1:]} == {regency["people"]["e4"].nip, regency["people"]["e5"].nip}
    assert not PreparedDownload.objects.exists()


def test_xlsx_and_pdf_answers(regency):
    response = post(regency["bkpsdm"], kind="jp", format="xlsx", opd="1.01")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert {r[3] for r in list(book["JP per pegawai"].iter_rows(values_only=True))[1:]} == {
        "1.01",
        "1.01.1",
    }
    response = post(regency["bkpsdm"], kind="summary", format="pdf", opd="1.01")
    assert response["Content-Type"] == "application/pdf"
    assert body(response).startswith(b"%PDF")


def test_an_opd_summary_is_answered_at_once_even_for_every_opd(regency):
    response = post(regency["bkpsdm"], kind="gap-summary")
    assert response.status_code == 200
    assert not PreparedDownload.objects.exists()


def test_another_opd_is_404_and_logged(regency, caplog):
    with caplog.at_level(logging.WARNING, logger="lms.reports"):
        response = post(regency["admin_new"], opd="1.01")
    assert response.status_code == 404
    assert "outside their scope" in caplog.text and "'1.01'" in caplog.text
    assert post(regency["admin_new"], opd="9.99").status_code == 404  # unknown: the same
    assert not PreparedDownload.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "gaji"}, "Jenis laporan &quot;gaji&quot; tidak dikenal"),
        ({"kind": ""}, "Jenis laporan &quot;&quot; tidak dikenal"),
        ({"format": "exe"}, "tidak tersedia dalam format &quot;exe&quot;"),
        ({"kind": "summary", "format": "csv"}, "Pilihan: pdf"),
        ({"year": "2026 OR 1=1"}, "Tahun harus berupa bilangan bulat."),
        ({"year": "-1"}, "Tahun harus berupa bilangan bulat."),
        ({"year": "99999"}, "Tahun harus antara 2000 dan 2100."),
        ({"jenis_jabatan": "<script>"}, "Jenis jabatan tidak dikenal."),
        ({"competency": "LD.99"}, "Kompetensi tidak dikenal."),
        ({"opd": "1.01\r\nX"}, "Nilai isian ini tidak sah."),
    ],
)
def test_forged_values_are_refused_and_nothing_is_written(regency, data, message):
    response = post(regency["bkpsdm"], **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Tidak ada berkas yang dibuat." in page
    assert "<script>" not in page
    assert not PreparedDownload.objects.exists()


def test_year_defaults_to_this_year(regency):
    response = login(regency["bkpsdm"]).post(URL, {"kind": "jp-summary", "format": "csv"})
    assert response.status_code == 200


def test_learner_trainer_and_stranger_are_refused(regency):
    learner = regency["people"]["e1"].user
    trainer = user_in(Role.PENGAJAR)
    for user in (learner, trainer):
        response = post(user, opd="1.01")
        assert response.status_code in (302, 403), user
        if response.status_code == 302:
            assert "login" in response["Location"] or response["Location"].rstrip("/") == "/admin"
    stranger = Client().post(URL, {"kind": "gap", "format": "csv", "year": "2026"})
    assert stranger.status_code == 302 and "/login/" in stranger["Location"]
    assert not PreparedDownload.objects.exists()


def test_get_is_not_allowed_and_csrf_is_checked(regency):
    assert login(regency["bkpsdm"]).get(URL).status_code == 405
    client = Client(enforce_csrf_checks=True)
    client.force_login(regency["bkpsdm"])
    assert client.post(URL, {"kind": "gap", "format": "csv", "year": "2026"}).status_code == 403


def test_a_large_export_is_a_prepared_download_for_the_requester_only(regency, monkeypatch):
    admin = regency["admin_root"]
    monkeypatch.setattr(views, "SYNC_MAX_ROWS", 2)  # 1.01 holds 3 people
    response = post(admin, opd="1.01", format="xlsx")
    download = PreparedDownload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lms_downloads:status", args=[download.pk])
    assert (download.owner, download.kind) == (admin, "report_xlsx")
    assert download.parameters == {"kind": "gap", "format": "xlsx", "year": 2026, "opd": "1.01",
                                   "jenis_jabatan": "", "competency": ""}  # fmt: skip
    download_build(download_id=download.pk)
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY, download.error
    assert download.download_name == "kesenjangan-2026-1.01.xlsx"
    file_url = reverse("lms_downloads:file", args=[download.pk])
    got = login(admin).get(file_url)
    assert got.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(body(got)))
    assert {r[4] for r in list(book["Rincian"].iter_rows(values_only=True))[1:]} == {
        "1.01",
        "1.01.1",
    }
    for other in (regency["bkpsdm"], regency["admin_new"], regency["people"]["e1"].user):
        assert login(other).get(file_url).status_code in (302, 404)
    note = Notification.objects.get(user=admin)
    assert note.title == "Laporan Anda siap diunduh" and note.url.endswith(f"{download.pk}/")
    # Every OPD in scope (no opd) is always prepared.
    assert post(regency["bkpsdm"]).status_code == 302


def test_the_row_count_decides_not_the_headcount(regency, monkeypatch):
    """One OPD of 3 people: its JP file (a row each) is answered at once, its gap detail (a row
    per person × required competency) is prepared (docs/quality.md P10)."""
    monkeypatch.setattr(views, "SYNC_MAX_ROWS", 3)
    request = views.export_request(viewer=regency["bkpsdm"], kind="gap", fmt="csv", year=2026,
                                   opd="1.01")  # fmt: skip
    assert views.expected_rows(request) > 3
    assert post(regency["bkpsdm"], kind="jp", opd="1.01", format="csv").status_code == 200
    assert not PreparedDownload.objects.exists()
    assert post(regency["bkpsdm"], kind="gap", opd="1.01", format="csv").status_code == 302
    assert PreparedDownload.objects.count() == 1


def test_the_build_rereads_with_the_owner_s_scope(regency):
    admin = regency["admin_root"]
    download = download_request(
        owner=admin,
        kind="report_csv",
        parameters={"kind": "gap", "format": "csv", "year": 2026, "opd": "1.01"},
    )
    opd_scope_set(user=admin, opds=[regency["opd"]["new"]])  # moved before the build
    download_build(download_id=download.pk)
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED
    assert download.error == "OPD 1.01 tidak dikenal atau di luar cakupan Anda."
    assert not download_path(download).exists()
    # Forged stored parameters: another OPD, a bad kind, a format that is not the kind's.
    for parameters, kind in (
        ({"kind": "gap", "format": "csv", "year": 2026, "opd": "1.01"}, "report_csv"),
        ({"kind": "gaji", "format": "csv", "year": 2026}, "report_csv"),
        ({"kind": "gap", "format": "csv", "year": 2026}, "report_pdf"),
        ({"kind": "gap", "format": "csv", "year": "x"}, "report_csv"),
    ):
        forged = download_request(owner=admin, kind=kind, parameters=parameters)
        download_build(download_id=forged.pk)
        forged.refresh_from_db()
        assert forged.status == DownloadStatus.FAILED, parameters
        assert not download_path(forged).exists()
    # Without an OPD the same owner gets only what their scope holds now (2.03).
    own = download_request(owner=admin, kind="report_csv",
                           parameters={"kind": "gap", "format": "csv", "year": 2026})  # fmt: skip
    download_build(download_id=own.pk)
    own.refresh_from_db()
    rows = csv_rows(download_path(own).read_bytes())
    assert {r[4] for r in rows[1:]} == {"2.03"}


def test_an_owner_who_no_longer_reads_reports_gets_nothing(regency):
    admin = regency["admin_root"]
    parameters = {"kind": "gap", "format": "csv", "year": 2026}
    download = download_request(owner=admin, kind="report_csv", parameters=parameters)
    admin.groups.clear()
    download_build(download_id=download.pk)
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED
    assert download.error == "Anda tidak lagi berhak membaca laporan SDM."

"""Prepared downloads (lms.core.downloads): only the owner opens one (404 for anyone else, a
superuser too), an expired one says so in Indonesian, a failed build shows its message and
leaves no file, the purge deletes files, the build is atomic and idempotent."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.core.downloads.registry import DownloadKind, register
from lms.core.downloads.services import (
    download_build,
    download_path,
    download_purge,
    download_request,
)
from lms.core.downloads.tasks import download_build_task
from lms.core.errors import ApplicationError
from lms.core.models import DownloadStatus, PreparedDownload
from lms.users.roles import Role
from tests.factories.people import EmployeeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

CALLS = {"echo": 0}


def _echo(download, output, progress):
    CALLS["echo"] += 1
    lines = int(download.parameters.get("lines", 3))
    for number in range(1, lines + 1):
        output.write(f"baris {number}\n".encode())
        progress(number, lines)


def _refuse(download, output, progress):
    output.write(b"setengah berkas")
    raise ApplicationError("Data sumber tidak lengkap.", code="incomplete")


def _crash(download, output, progress):
    output.write(b"setengah berkas")
    raise RuntimeError("disk penuh")


for _name, _build in (("uji_echo", _echo), ("uji_tolak", _refuse), ("uji_rusak", _crash)):
    register(
        DownloadKind(
            name=_name,
            build=_build,
            file_name=lambda download: "laporan uji.txt",
            content_type="text/plain",
            suffix=".txt",
        )
    )


@pytest.fixture(autouse=True)
def download_root(settings, tmp_path):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path / "unduhan")
    return tmp_path / "unduhan"


def hr_user():
    user = EmployeeFactory().user
    user.groups.add(Group.objects.get(name=Role.BKPSDM))
    return user


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def requested(owner, kind="uji_echo", **parameters) -> PreparedDownload:
    download = download_request(owner=owner, kind=kind, parameters=parameters)
    download_build(download_id=download.pk)
    download.refresh_from_db()
    return download


def test_the_owner_downloads_the_file_as_a_private_attachment():
    owner = hr_user()
    download = requested(owner, lines=4)
    assert download.status == DownloadStatus.READY
    assert (download.progress_done, download.progress_total, download.size) == (4, 4, 32)
    client = login(owner)
    page = client.get(reverse("lms_downloads:status", args=[download.pk]))
    assert page.status_code == 200
    assert "Berkas siap diunduh." in page.content.decode()
    assert 'value="100"' in page.content.decode()
    response = client.get(reverse("lms_downloads:file", args=[download.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"baris 1\nbaris 2\nbaris 3\nbaris 4\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "laporan" in response["Content-Disposition"]
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert response["Content-Type"] == "text/plain"


def test_the_file_is_outside_media_with_a_random_name(settings, download_root):
    download = requested(hr_user())
    path = download_path(download)
    assert path.parent == download_root
    assert str(settings.MEDIA_ROOT) not in str(path)
    assert len(download.file_name) == 32 + len(".txt")
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_anyone_else_gets_404_even_a_superuser():
    owner = hr_user()
    download = requested(owner)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user in (hr_user(), superuser):
        for name in ("lms_downloads:status", "lms_downloads:file"):
            response = login(user).get(reverse(name, args=[download.pk]))
            assert response.status_code == 404, (user, name)
            assert b"baris" not in response.content
        json = login(user).get(reverse("lms_downloads:status", args=[download.pk]) + "?format=json")
        assert json.status_code == 404
    anonymous = Client().get(reverse("lms_downloads:file", args=[download.pk]))
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


def test_an_unknown_or_malformed_id_is_404():
    client = login(hr_user())
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("lms_downloads:status", args=[unknown])).status_code == 404
    assert client.get("/admin/unduhan/../../etc/passwd/berkas/").status_code == 404
    assert client.get("/admin/unduhan/12345/berkas/").status_code == 404


def test_the_json_status_is_for_the_poller():
    owner = hr_user()
    download = download_request(owner=owner, kind="uji_echo", parameters={})
    response = login(owner).get(
        reverse("lms_downloads:status", args=[download.pk]) + "?format=json"
    )
    data = response.json()
    assert data["status"] == "queued" and data["pending"] is True
    assert data["message"] == "Permintaan sedang menunggu giliran."
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    page = login(owner).get(reverse("lms_downloads:status", args=[download.pk])).content.decode()
    assert 'http-equiv="refresh"' in page  # no JavaScript: the page refreshes itself
    assert "Muat ulang halaman ini" in page
    assert "downloads/progress" in page and "<script>" not in page  # no inline script


def test_an_expired_download_says_so_in_indonesian_and_serves_nothing(download_root):
    owner = hr_user()
    download = requested(owner)
    path = download_path(download)
    assert path.exists()
    later = timezone.now() + datetime.timedelta(hours=25)
    assert download_purge(now=later) == 1
    assert not path.exists()
    download.refresh_from_db()
    assert download.status == DownloadStatus.EXPIRED
    client = login(owner)
    page = client.get(reverse("lms_downloads:status", args=[download.pk])).content.decode()
    assert "sudah kedaluwarsa dan telah dihapus" in page
    assert "Unduh berkas" not in page
    response = client.get(reverse("lms_downloads:file", args=[download.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("lms_downloads:status", args=[download.pk])


def test_past_its_expiry_it_is_refused_even_before_the_purge():
    owner = hr_user()
    download = requested(owner)
    PreparedDownload.objects.filter(pk=download.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = login(owner).get(reverse("lms_downloads:file", args=[download.pk]))
    assert response.status_code == 302
    page = login(owner).get(response["Location"]).content.decode()
    assert "kedaluwarsa" in page


def test_the_purge_keeps_live_files_and_sweeps_stale_partial_files(download_root):
    live = requested(hr_user())
    stale_partial = download_root / "deadbeef.zip.part"
    stale_partial.write_bytes(b"sisa proses yang mati")
    old = (timezone.now() - datetime.timedelta(hours=48)).timestamp()
    import os

    os.utime(stale_partial, (old, old))
    assert download_purge() == 0
    assert download_path(live).exists()
    assert not stale_partial.exists()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("uji_tolak", "Data sumber tidak lengkap."),
        ("uji_rusak", "Berkas tidak dapat disiapkan karena galat sistem. Silakan coba lagi."),
    ],
)
def test_a_failed_build_shows_a_message_and_leaves_no_file(kind, message, download_root):
    owner = hr_user()
    download = requested(owner, kind=kind)
    assert download.status == DownloadStatus.FAILED
    assert download.error == message
    assert list(download_root.iterdir()) == []  # neither the file nor its .part
    client = login(owner)
    page = client.get(reverse("lms_downloads:status", args=[download.pk])).content.decode()
    assert message in page
    assert client.get(reverse("lms_downloads:file", args=[download.pk])).status_code == 302


def test_the_task_is_idempotent():
    owner = hr_user()
    download = download_request(owner=owner, kind="uji_echo", parameters={"lines": 2})
    before = CALLS["echo"]
    assert download_build_task(str(download.pk)) == "ready"
    assert download_build_task(str(download.pk)) is None  # finished: left as it is
    assert CALLS["echo"] == before + 1
    assert download_build_task("00000000-0000-4000-8000-000000000000") is None


def test_a_redelivered_build_starts_again_from_nothing(download_root):
    """acks_late: a worker killed mid-build leaves the row 'running' and a .part; the
    redelivered task rebuilds into the same .part and replaces it atomically."""
    owner = hr_user()
    download = download_request(owner=owner, kind="uji_echo", parameters={"lines": 2})
    PreparedDownload.objects.filter(pk=download.pk).update(status=DownloadStatus.RUNNING)
    partial = download_root / f"{download.file_name}.part"
    download_root.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"potongan dari proses yang dibunuh " * 100)
    download_build(download_id=download.pk)
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY
    assert download_path(download).read_bytes() == b"baris 1\nbaris 2\n"
    assert sorted(p.name for p in download_root.iterdir()) == [download.file_name]


def test_an_unknown_kind_is_refused_and_nothing_is_written():
    with pytest.raises(ApplicationError, match="Jenis unduhan tidak dikenal"):
        download_request(owner=hr_user(), kind="tidak-ada", parameters={})
    assert not PreparedDownload.objects.exists()


def test_the_request_queues_the_build_after_commit(django_capture_on_commit_callbacks):
    owner = hr_user()
    with django_capture_on_commit_callbacks(execute=True):
        download = download_request(owner=owner, kind="uji_echo", parameters={"lines": 1})
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY  # eager in tests; a worker in production


def test_the_tasks_are_reliable_and_the_purge_is_scheduled():
    from lms.celery import app
    from lms.core.downloads.tasks import download_purge_task

    assert download_build_task.acks_late is True
    assert download_build_task.reject_on_worker_lost is True
    assert app.conf.beat_schedule["purge-prepared-downloads"]["task"] == download_purge_task.name
    app.loader.import_default_modules()  # what a worker does at start-up
    assert {download_build_task.name, download_purge_task.name} <= set(app.tasks)

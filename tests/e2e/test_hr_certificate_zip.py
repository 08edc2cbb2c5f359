"""HR journey: BKPSDM filters the certificate list by OPD, asks for the ZIP, watches its
progress page (polled by downloads/progress.js) turn ready, and downloads a ZIP whose entries
are the issued PDFs."""

import hashlib
import io
import threading
import time
import zipfile

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Rahasia-Kuat-2026"


def _world():
    from django.contrib.auth.models import Group

    from certificates.services import certificate_issue
    from lms.users.roles import Role
    from tests.certificates.helpers import completed_enrollment, default_template
    from tests.factories.courses import build_course
    from tests.factories.people import EmployeeFactory, OPDFactory

    default_template(background=True)
    dikbud, dinkes = OPDFactory(name="Dinas Pendidikan"), OPDFactory(name="Dinas Kesehatan")
    course = build_course(modules=1, lessons=1, title="Dasar-dasar SPBE", code="SPBE-01")
    certificates = [
        certificate_issue(enrollment=completed_enrollment(opd=opd, course=course))
        for opd in (dikbud, dikbud, dikbud, dinkes)
    ]
    hr = EmployeeFactory(opd=dinkes, name="Budi Kepegawaian").user
    hr.groups.add(Group.objects.get(name=Role.BKPSDM))
    hr.set_password(PASSWORD)
    hr.save()
    return hr, dikbud, certificates


def _login(page, live_server, user):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/admin/")


def test_bkpsdm_downloads_the_zip_of_one_opd(live_server, page, screenshot, axe):
    hr, dikbud, certificates = _world()
    _login(page, live_server, hr)
    page.goto(live_server.url + f"/admin/sertifikat/?opd={dikbud.pk}")
    page.wait_for_load_state("networkidle")
    for certificate in certificates[:3]:
        assert page.get_by_text(certificate.number).first.is_visible()
    assert page.get_by_text(certificates[3].number).count() == 0
    screenshot("hr-certificate-list")

    page.get_by_role("link", name="Unduh ZIP").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Berkas ZIP akan berisi 3 sertifikat").is_visible()
    page.get_by_role("button", name="Siapkan ZIP").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Berkas siap diunduh.").is_visible()
    screenshot("hr-certificate-zip-ready")
    violations = axe()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]

    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh berkas").click()
    download = info.value
    assert download.suggested_filename.startswith(
        "sertifikat-"
    ) and download.suggested_filename.endswith(".zip")
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    digests = {hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist()}
    assert digests == {c.sha256 for c in certificates[:3]}


def test_the_progress_page_follows_a_build_in_progress(live_server, page, screenshot, monkeypatch):
    """A queued download: the page shows 0 %, the script polls, the build runs (here in a
    thread, like a worker) and the page reloads itself with the download link."""
    from certificates.downloads import KIND
    from lms.core.downloads import tasks
    from lms.core.downloads.services import download_build, download_request

    hr, _dikbud, _certificates = _world()
    queue = []  # the broker: tests run tasks eagerly, here the "worker" takes it later
    monkeypatch.setattr(tasks.download_build_task, "delay", queue.append)
    download = download_request(owner=hr, kind=KIND, parameters={})
    assert queue == [str(download.pk)]
    _login(page, live_server, hr)
    page.goto(live_server.url + f"/admin/unduhan/{download.pk}/")
    assert page.get_by_text("Permintaan sedang menunggu giliran.").is_visible()
    assert page.locator("progress").get_attribute("value") == "0"
    screenshot("download-queued")

    def worker():
        time.sleep(1.5)
        download_build(download_id=download.pk)

    thread = threading.Thread(target=worker)
    thread.start()
    page.get_by_role("link", name="Unduh berkas").wait_for(timeout=15000)
    thread.join()
    assert page.get_by_text("Berkas siap diunduh.").is_visible()
    assert page.locator("progress").get_attribute("value") == "100"

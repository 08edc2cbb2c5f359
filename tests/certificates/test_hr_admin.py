"""HR's certificate list and bulk ZIP in the Wagtail admin (certificates.admin_views,
certificates.downloads): Admin OPD B never lists, opens or zips OPD A's certificates, BKPSDM
sees all, a learner or a stranger is refused; the ZIP of N certificates holds exactly N
entries whose bytes are the issued files (SHA-256 on record)."""

import hashlib
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from certificates.downloads import KIND, entry_name
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_revoke
from lms.core.downloads.services import download_build, download_path, download_request
from lms.core.models import DownloadStatus, PreparedDownload
from lms.people.services import opd_scope_set
from lms.users.roles import Role
from tests.certificates.helpers import completed_enrollment, default_template
from tests.factories.courses import build_course
from tests.factories.people import EmployeeFactory, OPDFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def download_root(settings, tmp_path):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path / "unduhan")
    return tmp_path / "unduhan"


def _role(user, role, opds=()):
    user.groups.add(Group.objects.get(name=role))
    if opds:
        opd_scope_set(user=user, opds=list(opds))
    return user


@pytest.fixture
def hr():
    default_template(background=False)
    opd_a, opd_b = OPDFactory(name="Dinas Pendidikan"), OPDFactory(name="Dinas Kesehatan")
    course = build_course(modules=1, lessons=1, title="Dasar-dasar SPBE", code="SPBE-01")
    other_course = build_course(modules=1, lessons=1, title="Etika ASN", code="ETIKA-01")
    issued = {
        "A": [
            certificate_issue(enrollment=completed_enrollment(opd=opd_a, course=course))
            for _ in range(3)
        ]
        + [certificate_issue(enrollment=completed_enrollment(opd=opd_a, course=other_course))],
        "B": [
            certificate_issue(enrollment=completed_enrollment(opd=opd_b, course=course))
            for _ in range(2)
        ],
    }
    users = {
        "admin_a": _role(EmployeeFactory(opd=opd_a).user, Role.ADMIN_OPD, [opd_a]),
        "admin_b": _role(EmployeeFactory(opd=opd_b).user, Role.ADMIN_OPD, [opd_b]),
        "bkpsdm": _role(EmployeeFactory(opd=opd_b).user, Role.BKPSDM),
        "learner": issued["A"][0].user,
        "trainer": _role(EmployeeFactory(opd=opd_a).user, Role.PENGAJAR),
    }
    return {
        "opd": {"A": opd_a, "B": opd_b},
        "course": course,
        "other_course": other_course,
        "certs": issued,
        "users": users,
    }


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listing(user, query="") -> str:
    response = login(user).get(reverse("sertifikat:index") + query)
    assert response.status_code == 200
    return response.content.decode()


def zip_entries(download: PreparedDownload) -> dict[str, bytes]:
    with zipfile.ZipFile(download_path(download)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def build_zip(user, **filters) -> PreparedDownload:
    download = download_request(owner=user, kind=KIND, parameters=filters)
    download_build(download_id=download.pk)
    download.refresh_from_db()
    return download


def test_admin_opd_lists_only_their_opd(hr):
    page = listing(hr["users"]["admin_b"])
    for certificate in hr["certs"]["B"]:
        assert certificate.number in page
    for certificate in hr["certs"]["A"]:
        assert certificate.number not in page
        assert certificate.holder_name not in page
    # Filtering on OPD A from OPD B's seat shows nothing of A either.
    page = listing(hr["users"]["admin_b"], f"?opd={hr['opd']['A'].pk}")
    assert all(c.number not in page for c in hr["certs"]["A"])


def test_bkpsdm_lists_every_opd_and_filters_narrow(hr):
    bkpsdm = hr["users"]["bkpsdm"]
    page = listing(bkpsdm)
    assert all(c.number in page for side in "AB" for c in hr["certs"][side])
    page = listing(bkpsdm, f"?opd={hr['opd']['A'].pk}&course={hr['other_course'].pk}")
    (only,) = hr["certs"]["A"][3:]
    assert only.number in page
    assert all(c.number not in page for c in hr["certs"]["A"][:3] + hr["certs"]["B"])
    year = hr["certs"]["A"][0].year
    assert hr["certs"]["B"][0].number not in listing(bkpsdm, f"?year={year + 1}")
    certificate_revoke(certificate=hr["certs"]["B"][0], actor=bkpsdm, reason="Data keliru")
    page = listing(bkpsdm, "?state=revoked")
    assert hr["certs"]["B"][0].number in page and hr["certs"]["B"][1].number not in page


def test_hostile_filter_values_filter_nothing_and_fail_nothing(hr):
    bkpsdm = hr["users"]["bkpsdm"]
    hostile = ("?year=abc", "?opd=-1", "?state=<script>", "?course=99999999999999999999",
               "?opd=99999999999999999999", "?year=99999999999999999999", "?opd=1e3")  # fmt: skip
    for query in hostile:
        response = login(bkpsdm).get(reverse("sertifikat:index") + query)
        assert response.status_code == 200, query
        assert "<script>" not in response.content.decode().split("</header>")[-1]


def test_admin_opd_b_cannot_open_opd_a_certificates(hr):
    certificate = hr["certs"]["A"][0]
    url = reverse("sertifikat:inspect", args=[certificate.pk])
    assert login(hr["users"]["admin_b"]).get(url).status_code == 404
    assert login(hr["users"]["admin_a"]).get(url).status_code == 200
    assert login(hr["users"]["bkpsdm"]).get(url).status_code == 200


def test_learner_trainer_and_stranger_are_refused(hr):
    urls = [
        reverse("sertifikat:index"),
        reverse("sertifikat:inspect", args=[hr["certs"]["A"][0].pk]),
        reverse("sertifikat:zip"),
    ]
    for url in urls:
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "login" in anonymous["Location"], url
        for role in ("learner", "trainer"):
            response = login(hr["users"][role]).get(url)
            assert response.status_code in (302, 403, 404), (role, url)
            assert hr["certs"]["A"][0].number not in response.content.decode()
    for role in ("learner", "trainer"):
        login(hr["users"][role]).post(reverse("sertifikat:zip"), {})
    Client().post(reverse("sertifikat:zip"), {})
    assert not PreparedDownload.objects.exists()


def test_the_zip_button_carries_the_current_filters(hr):
    opd = hr["opd"]["A"].pk
    page = listing(hr["users"]["bkpsdm"], f"?opd={opd}&year=abc")
    assert f"{reverse('sertifikat:zip')}?opd={opd}" in page
    confirm = login(hr["users"]["bkpsdm"]).get(reverse("sertifikat:zip") + f"?opd={opd}")
    assert "4 sertifikat" in confirm.content.decode()
    assert "Dinas Pendidikan" in confirm.content.decode()  # the filters, in words
    outside = login(hr["users"]["admin_b"]).get(reverse("sertifikat:zip") + f"?opd={opd}")
    assert "Dinas Pendidikan" not in outside.content.decode()  # not named outside the scope
    assert "(tidak dikenal)" in outside.content.decode()


def test_the_zip_of_n_certificates_has_n_entries_with_the_issued_bytes(hr):
    bkpsdm = hr["users"]["bkpsdm"]
    response = login(bkpsdm).post(reverse("sertifikat:zip"), {"course": hr["course"].pk})
    download = PreparedDownload.objects.get(owner=bkpsdm)
    assert response.status_code == 302
    assert response["Location"] == reverse("lms_downloads:status", args=[download.pk])
    download_build(download_id=download.pk)  # the worker (on commit, after the response)
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY
    expected = hr["certs"]["A"][:3] + hr["certs"]["B"]
    assert (download.progress_done, download.progress_total) == (len(expected), len(expected))
    entries = zip_entries(download)
    assert len(entries) == len(expected)
    by_name = {entry_name(c.number, c.holder_name): c for c in expected}
    assert set(entries) == set(by_name)
    for name, content in entries.items():
        assert hashlib.sha256(content).hexdigest() == by_name[name].sha256
    with zipfile.ZipFile(download_path(download)) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
    file = login(bkpsdm).get(reverse("lms_downloads:file", args=[download.pk]))
    assert file.status_code == 200 and file["Content-Type"] == "application/zip"
    assert 'filename="sertifikat-semua-tahun-' in file["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(b"".join(file.streaming_content))).testzip() is None


def test_admin_opd_b_cannot_zip_opd_a_even_with_forged_parameters(hr):
    admin_b = hr["users"]["admin_b"]
    opd_a = hr["opd"]["A"].pk
    confirm = login(admin_b).post(reverse("sertifikat:zip"), {"opd": opd_a})
    assert confirm.status_code == 200
    assert "Tidak ada sertifikat yang cocok" in confirm.content.decode()
    assert not PreparedDownload.objects.exists()
    forged = build_zip(admin_b, opd=opd_a)  # parameters made outside the form
    assert forged.status == DownloadStatus.FAILED
    assert "Tidak ada sertifikat" in forged.error
    assert not download_path(forged).exists()
    own = build_zip(admin_b, opd=hr["opd"]["B"].pk, year=hr["certs"]["B"][0].year)
    assert own.download_name.startswith(f"sertifikat-{hr['opd']['B'].code}-{own.created_at.year}-")
    names = set(zip_entries(own))
    assert names == {entry_name(c.number, c.holder_name) for c in hr["certs"]["B"]}


def test_admin_opd_b_cannot_open_admin_opd_a_zip(hr):
    download = build_zip(hr["users"]["admin_a"])
    assert download.status == DownloadStatus.READY
    assert len(zip_entries(download)) == 4
    for role in ("admin_b", "bkpsdm", "learner"):
        for name in ("lms_downloads:status", "lms_downloads:file"):
            response = login(hr["users"][role]).get(reverse(name, args=[download.pk]))
            assert response.status_code in (302, 404), (role, name)
            assert response.status_code == 404 or "login" in response["Location"]
    assert (
        login(hr["users"]["admin_a"])
        .get(reverse("lms_downloads:file", args=[download.pk]))
        .status_code
        == 200
    )


def test_the_scope_is_the_requester_s_at_build_time(hr):
    """An Admin OPD moved off OPD A between the request and the build gets none of A."""
    admin_a = hr["users"]["admin_a"]
    download = download_request(owner=admin_a, kind=KIND, parameters={})
    opd_scope_set(user=admin_a, opds=[hr["opd"]["B"]])
    download_build(download_id=download.pk)
    download.refresh_from_db()
    names = set(zip_entries(download))
    assert names == {entry_name(c.number, c.holder_name) for c in hr["certs"]["B"]}


@pytest.mark.parametrize(
    ("number", "name", "expected"),
    [
        ("KAB/2026/SPBE-01/00001", "Dr. Ir. H. Ahmad Fauzi, S.T., M.Kom.",
         "KAB-2026-SPBE-01-00001-Dr._Ir._H._Ahmad_Fauzi_S.T._M.Kom.pdf"),
        ("KAB/2026/X/00002", "../../etc/passwd", "KAB-2026-X-00002-etc_passwd.pdf"),
        ("KAB/2026/X/00003", "Ñoño Łukasz Çelik", "KAB-2026-X-00003-Nono_ukasz_Celik.pdf"),
        ("KAB/2026/X/00004", "C:\\Windows\\system32", "KAB-2026-X-00004-C_Windows_system32.pdf"),
    ],
)  # fmt: skip
def test_entry_names_are_sanitised(number, name, expected):
    assert entry_name(number, name) == expected
    assert "/" not in expected and "\\" not in expected and ".." not in expected.replace(".pdf", "")


def test_entry_names_are_bounded():
    assert len(entry_name("A/" * 100, "Nama " * 100)) <= 154


def test_an_unrendered_certificate_is_left_out_not_an_error(hr):
    Certificate.objects.filter(pk=hr["certs"]["B"][0].pk).update(pdf="")
    download = build_zip(hr["users"]["admin_b"])
    assert len(zip_entries(download)) == 1

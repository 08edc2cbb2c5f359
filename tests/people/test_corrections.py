"""'Permintaan perbaikan data' (UU 27/2022: rectification): the learner asks on their data
page, HR of their OPD (or BKPSDM) resolves it in the admin; hostile input is refused with an
Indonesian message and nothing written; another OPD's request is a 404; one audit entry per
request and per resolution; the learner is notified."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry, Notification
from lms.people.models import CorrectionRequest, CorrectionStatus, Employee
from lms.people.services import correction_request_create, correction_request_resolve, opd_scope_set
from lms.users.roles import Role
from tests.factories.people import EmployeeFactory, OPDFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia-Kuat-2026"


def _staff(employee: Employee, role: str) -> Employee:
    employee.user.groups.add(Group.objects.get(name=role))
    return employee


@pytest.fixture
def world():
    opd_a, opd_b = OPDFactory(code="A.01", name="Dinas A"), OPDFactory(code="B.01", name="Dinas B")
    learner = EmployeeFactory(opd=opd_a, name="Siti Keliru")
    learner_b = EmployeeFactory(opd=opd_b, name="Budi Lain")
    admin_a = _staff(EmployeeFactory(opd=opd_a), Role.ADMIN_OPD)
    admin_b = _staff(EmployeeFactory(opd=opd_b), Role.ADMIN_OPD)
    bkpsdm = _staff(EmployeeFactory(opd=opd_b), Role.BKPSDM)
    trainer = _staff(EmployeeFactory(opd=opd_a), Role.PENGAJAR)
    opd_scope_set(user=admin_a.user, opds=[opd_a])
    opd_scope_set(user=admin_b.user, opds=[opd_b])
    return {
        "learner": learner,
        "learner_b": learner_b,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "bkpsdm": bkpsdm,
        "trainer": trainer,
    }


def _client(employee: Employee, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(employee.user)
    return client


def _audits(action) -> int:
    return AuditEntry.objects.filter(action=action).count()


URL = "/akun/data-saya/perbaikan/"


def test_the_learner_asks_and_sees_the_status(world):
    learner = world["learner"]
    client = _client(learner)
    response = client.post(
        URL, {"field": "name", "requested_value": "Siti Benar", "note": "Sesuai SK 2020"}
    )
    assert response.status_code == 302 and response["Location"] == "/akun/data-saya/"
    correction = CorrectionRequest.objects.get()
    assert correction.employee == learner
    assert correction.requested_by == learner.user
    assert correction.current_value == "Siti Keliru"
    assert correction.status == CorrectionStatus.OPEN
    assert _audits(AuditAction.CORRECTION_REQUESTED) == 1
    entry = AuditEntry.objects.get(action=AuditAction.CORRECTION_REQUESTED)
    assert entry.actor_id == learner.user_id and entry.opd_id == learner.opd_id
    page = client.get("/akun/data-saya/").content.decode()
    assert "Siti Benar" in page and "Menunggu" in page


LONG = "x" * 301


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Pilih data yang perlu diperbaiki."),
        ({"field": "name", "requested_value": ""}, "Data yang benar wajib diisi."),
        ({"field": "name", "requested_value": "   "}, "Data yang benar wajib diisi."),
        ({"field": "gaji", "requested_value": "Siti"}, "Pilih data yang perlu diperbaiki."),
        ({"field": "name", "requested_value": LONG}, "paling banyak 300 karakter"),
        ({"field": "name", "requested_value": "Siti", "note": "y" * 1001}, "paling banyak 1000"),
        ({"field": "name", "requested_value": "Siti\x00Benar"}, "karakter"),
        ({"field": "name", "requested_value": "<script>alert(1)</script>"}, "kode HTML"),
        ({"field": "other", "requested_value": "ok", "note": "<b>tebal</b>"}, "kode HTML"),
    ],
)
def test_hostile_or_malformed_input_is_refused_and_nothing_written(world, data, message):
    client = _client(world["learner"])
    response = client.post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message.lower() in body.replace("&lt;", "<").replace("&gt;", ">").lower(), body[-3000:]
    assert "<script>alert(1)</script>" not in body  # shown escaped if at all
    assert not CorrectionRequest.objects.exists()
    assert _audits(AuditAction.CORRECTION_REQUESTED) == 0


def test_the_service_refuses_someone_elses_record(world):
    with pytest.raises(PermissionDenied):
        correction_request_create(
            employee=world["learner_b"], user=world["learner"].user, field="name",
            requested_value="Bukan saya",
        )  # fmt: skip
    assert not CorrectionRequest.objects.exists()


def test_an_eleventh_open_request_is_refused(world):
    learner = world["learner"]
    for n in range(10):
        correction_request_create(
            employee=learner, user=learner.user, field="other", requested_value=f"hal {n}"
        )
    response = _client(learner).post(URL, {"field": "other", "requested_value": "lagi"})
    assert response.status_code == 400
    assert "belum diselesaikan" in response.content.decode()
    assert CorrectionRequest.objects.count() == 10


def test_csrf_is_required(world):
    client = _client(world["learner"], csrf=True)
    response = client.post(URL, {"field": "name", "requested_value": "Siti Benar"})
    assert response.status_code == 403
    assert not CorrectionRequest.objects.exists()


def test_get_writes_nothing(world):
    response = _client(world["learner"]).get(URL + "?field=name&requested_value=Siti")
    assert response.status_code == 302
    assert not CorrectionRequest.objects.exists()


def test_anonymous_goes_to_login(world):
    response = Client().post(URL, {"field": "name", "requested_value": "Siti"})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert not CorrectionRequest.objects.exists()


# --- HR in the admin ---------------------------------------------------------------------------


@pytest.fixture
def correction(world):
    learner = world["learner"]
    return correction_request_create(
        employee=learner, user=learner.user, field="name", requested_value="Siti Benar"
    )


def _inspect(correction) -> str:
    return reverse("perbaikan-data:inspect", args=[correction.pk])


def _resolve(correction) -> str:
    return reverse("perbaikan-data:resolve", args=[correction.pk])


@pytest.mark.parametrize("who", ["admin_a", "bkpsdm"])
def test_hr_in_scope_lists_opens_and_resolves(world, correction, who):
    client = _client(world[who])
    listing = client.get(reverse("perbaikan-data:index") + "?status=open")
    assert listing.status_code == 200 and "Siti Keliru" in listing.content.decode()
    page = client.get(_inspect(correction))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Siti Benar" in body and "Selesaikan" in body and "Tolak" in body
    assert "Perubahan data dilakukan di halaman pegawai" in body
    response = client.post(_resolve(correction), {"action": "resolve", "note": "Sudah diubah"})
    assert response.status_code == 302 and response["Location"] == _inspect(correction)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.RESOLVED
    assert correction.resolved_by == world[who].user and correction.resolved_at
    assert correction.resolution_note == "Sudah diubah"
    assert _audits(AuditAction.CORRECTION_RESOLVED) == 1
    notification = Notification.objects.get(
        user=world["learner"].user, key=f"correction:{correction.pk}"
    )
    assert notification.url == "/akun/data-saya/"
    # A second resolution is refused: one audit entry, one notification.
    again = client.post(_resolve(correction), {"action": "reject", "note": "x"})
    assert again.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.RESOLVED
    assert _audits(AuditAction.CORRECTION_RESOLVED) == 1
    assert Notification.objects.filter(user=world["learner"].user).count() == 1


def test_the_learner_sees_the_resolution(world, correction):
    correction_request_resolve(
        correction=correction, user=world["bkpsdm"].user, status="rejected",
        note="NIP sudah benar menurut SK",
    )  # fmt: skip
    body = _client(world["learner"]).get("/akun/data-saya/").content.decode()
    assert "Ditolak" in body and "NIP sudah benar menurut SK" in body


def test_rejecting_needs_a_note_and_bad_actions_write_nothing(world, correction):
    client = _client(world["admin_a"])
    for data in (
        {"action": "reject", "note": ""},
        {"action": "hapus"},
        {},
        {"action": "resolve", "note": "<i>x</i>"},
    ):
        response = client.post(_resolve(correction), data)
        assert response.status_code == 302
        correction.refresh_from_db()
        assert correction.status == CorrectionStatus.OPEN
    assert _audits(AuditAction.CORRECTION_RESOLVED) == 0
    with pytest.raises(ValidationError):
        correction_request_resolve(
            correction=correction, user=world["admin_a"].user, status="rejected", note=""
        )


def test_another_opds_admin_gets_404_on_inspect_and_resolve(world, correction):
    client = _client(world["admin_b"])
    assert client.get(_inspect(correction)).status_code == 404
    assert client.post(_resolve(correction), {"action": "resolve"}).status_code == 404
    listing = client.get(reverse("perbaikan-data:index"))
    assert "Siti Keliru" not in listing.content.decode()
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN
    assert _audits(AuditAction.CORRECTION_RESOLVED) == 0
    with pytest.raises(PermissionDenied):
        correction_request_resolve(
            correction=correction, user=world["admin_b"].user, status="resolved"
        )


@pytest.mark.parametrize("who", ["trainer", "learner", "learner_b"])
def test_trainers_and_learners_are_refused(world, correction, who):
    client = _client(world[who])
    for response in (
        client.get(reverse("perbaikan-data:index")),
        client.get(_inspect(correction)),
        client.post(_resolve(correction), {"action": "resolve"}),
    ):
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert (
                response["Location"]
                in ("/admin/", "/admin/login/?next=" + response.request["PATH_INFO"])
                or "login" in response["Location"]
            )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN


def test_resolve_get_does_nothing(world, correction):
    response = _client(world["bkpsdm"]).get(_resolve(correction) + "?action=resolve")
    assert response.status_code == 405
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN


def test_resolve_needs_csrf(world, correction):
    client = _client(world["bkpsdm"], csrf=True)
    assert client.post(_resolve(correction), {"action": "resolve"}).status_code == 403
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN


def test_hr_exports_the_list_of_their_scope_only(world, correction):
    learner_b = world["learner_b"]
    correction_request_create(
        employee=learner_b, user=learner_b.user, field="opd", requested_value="Dinas Lain"
    )
    response = _client(world["admin_a"]).get(reverse("perbaikan-data:index") + "?export=csv")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Siti Benar" in body and "Dinas Lain" not in body

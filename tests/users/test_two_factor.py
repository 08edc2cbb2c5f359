"""Two-factor login (issue 15; docs/security.md, "Two-factor login"), with enforcement ON.

The test settings switch it off for the rest of the suite (force_login everywhere); every test
here turns it on, so what is proven is the product's behaviour: staff without a device are sent
to enrolment, with one to verification, everything else refused until a code is accepted;
learners pass unless they enabled it; wrong, replayed and throttled codes are refused and
audited; recovery codes work once; BKPSDM resets; staff sessions expire when idle."""

import datetime
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from lms.users.roles import Role
from lms.users.twofactor.middleware import ACTIVITY_KEY
from lms.users.twofactor.services import recovery_codes_replace, totp_key_new
from lms.users.twofactor.views import CODES_KEY, PENDING_KEY
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

ENROL = "/akun/dua-langkah/"
VERIFY = "/akun/dua-langkah/verifikasi/"
ROLES = ("peserta", "pengajar", "admin_opd", "bkpsdm", "superuser")
STAFF = ("pengajar", "admin_opd", "bkpsdm", "superuser")
GROUP = {
    "peserta": Role.PESERTA,
    "pengajar": Role.PENGAJAR,
    "admin_opd": Role.ADMIN_OPD,
    "bkpsdm": Role.BKPSDM,
}


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.LMS_OTP_REQUIRED = True
    return settings


def make_user(role: str):
    if role == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    user = UserFactory()
    user.groups.add(Group.objects.get(name=GROUP[role]))
    return user


def add_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", key=totp_key_new(), confirmed=True)


def code(device: TOTPDevice, steps: int = 0) -> str:
    """The device's code ``steps`` time steps from now (tolerance 1 accepts -1, 0, +1)."""
    if device.pk:
        device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():06d}"


def wait_out_throttling(model, user) -> None:
    """As if the wait after the last wrong code had passed."""
    model.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def failures(user) -> int:
    return AuditEntry.objects.filter(action=AuditAction.OTP_FAILED, actor_id=user.pk).count()


def redirected_to(response) -> tuple[str, str]:
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query).get("next", [""])[0]


# --- Who is asked, where ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/belajar/dasbor/", "/admin/"])
def test_without_a_device_staff_go_to_enrolment_and_learners_pass(role, path):
    client = logged_in(make_user(role))
    response = client.get(path)
    if role == "peserta":
        # The learner reaches the page (the admin, as before, is not theirs: its own login).
        if path == "/admin/":
            assert redirected_to(response)[0] == "/admin/login/"
        else:
            assert response.status_code == 200
        return
    assert redirected_to(response) == (ENROL, path)


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("path", ["/belajar/dasbor/", "/admin/"])
def test_with_a_device_staff_are_asked_for_a_code_then_pass(role, path):
    user = make_user(role)
    device = add_device(user)
    client = logged_in(user)
    assert redirected_to(client.get(path)) == (VERIFY, path)
    page = client.get(f"{VERIFY}?next={path}")
    assert page.status_code == 200
    assert "Verifikasi dua langkah" in page.content.decode()
    response = client.post(VERIFY, {"code": code(device), "next": path})
    assert redirected_to(response)[0] == path
    assert client.get(path).status_code == 200
    assert client.get("/belajar/dasbor/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pages/",
        "/admin/pegawai/",
        "/akun/token-csrf/",
        "/sertifikat/",
        "/pemberitahuan/",
        "/akun/masuk/",
    ],
)
def test_an_unverified_staff_session_reaches_nothing_else(path):
    user = make_user("bkpsdm")
    add_device(user)
    client = logged_in(user)
    assert redirected_to(client.get(path)) == (VERIFY, path)
    # A POST is refused too (its next is dropped: a POST cannot be replayed by a redirect).
    response = client.post("/belajar/kursus/1/daftar/")
    assert redirected_to(response) == (VERIFY, "")


def test_the_api_on_an_unverified_session_is_a_json_403_and_a_bearer_token_passes():
    user = make_user("bkpsdm")
    add_device(user)
    client = logged_in(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "otp_required"
    # A token call is not a session login: a wrong token never falls back to the session.
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer salah"})
    assert response.status_code == 401
    # Any other Authorization header changes nothing, on the API or on a page.
    response = client.get("/api/v1/me", headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 403
    response = client.get("/admin/", headers={"Authorization": "Bearer salah"})
    assert redirected_to(response) == (VERIFY, "/admin/")


def test_a_bearer_token_of_a_staff_account_still_works():
    from wagtail.models import APIToken

    user = make_user("bkpsdm")
    add_device(user)
    _token, raw = APIToken.create_token(user=user, name="uji")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    # The token's account answers (404: it has no employee record), not a 2FA refusal.
    assert response.status_code == 404
    assert response.json().get("code") != "otp_required"


def test_open_pages_stay_open_for_an_unverified_staff_session():
    user = make_user("pengajar")
    client = logged_in(user)
    assert client.get("/healthz").status_code == 200
    assert client.get(ENROL).status_code == 200
    assert client.post("/bahasa/", {"language": "en", "next": "/"}).status_code == 302
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_learner_who_enabled_it_is_asked_too():
    user = make_user("peserta")
    device = add_device(user)
    client = logged_in(user)
    assert redirected_to(client.get("/belajar/dasbor/")) == (VERIFY, "/belajar/dasbor/")
    client.post(VERIFY, {"code": code(device)})
    assert client.get("/belajar/dasbor/").status_code == 200


def test_production_settings_enforce_it():
    import importlib
    import os

    os.environ.setdefault("DJANGO_SECRET_KEY", "x" * 50)
    production = importlib.import_module("lms.settings.production")
    assert production.LMS_OTP_REQUIRED is True
    assert production.LMS_STAFF_IDLE_MINUTES == 30
    assert "lms.users.twofactor.middleware.TwoFactorMiddleware" in production.MIDDLEWARE
    order = production.MIDDLEWARE
    auth = order.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert (
        auth
        < order.index("django_otp.middleware.OTPMiddleware")
        < order.index("lms.users.twofactor.middleware.TwoFactorMiddleware")
    )


# --- Codes ---------------------------------------------------------------------------------------


def test_a_wrong_code_is_refused_audited_and_throttled():
    user = make_user("bkpsdm")
    device = add_device(user)
    client = logged_in(user)
    response = client.post(VERIFY, {"code": "000000" if code(device) != "000000" else "111111"})
    assert response.status_code == 400
    assert "Kode salah" in response.content.decode()
    assert failures(user) == 1
    # At once again, even with the right code: django-otp's throttling waits 1 s, then 2, 4 ...
    response = client.post(VERIFY, {"code": code(device)})
    assert response.status_code == 429
    assert "Terlalu banyak kode salah" in response.content.decode()
    assert failures(user) == 2
    assert redirected_to(client.get("/admin/"))[0] == VERIFY
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a throttled attempt does not count more
    wait_out_throttling(TOTPDevice, user)
    assert redirected_to(client.post(VERIFY, {"code": code(device)}))[0] == "/belajar/dasbor/"


def test_a_missing_or_malformed_code_is_refused():
    user = make_user("pengajar")
    add_device(user)
    client = logged_in(user)
    assert client.post(VERIFY, {"code": ""}).status_code == 400
    assert client.post(VERIFY, {"code": "abc"}).status_code == 400
    assert redirected_to(client.get("/admin/"))[0] == VERIFY


def test_a_replayed_code_is_refused():
    user = make_user("admin_opd")
    device = add_device(user)
    first = logged_in(user)
    used = code(device)
    assert redirected_to(first.post(VERIFY, {"code": used}))[0] == "/belajar/dasbor/"
    second = logged_in(user)  # another browser, the same code seen over the shoulder
    assert second.post(VERIFY, {"code": used}).status_code == 400
    assert failures(user) == 1
    assert redirected_to(second.get("/admin/"))[0] == VERIFY


def test_next_off_site_is_ignored():
    user = make_user("bkpsdm")
    device = add_device(user)
    client = logged_in(user)
    for evil in ("https://penyerang.example/", "//penyerang.example/x", "/\\penyerang.example"):
        client.get(f"{VERIFY}?next={evil}")
    response = client.post(VERIFY, {"code": code(device), "next": "https://penyerang.example/"})
    assert redirected_to(response)[0] == "/belajar/dasbor/"


def test_a_recovery_code_works_once_and_is_audited():
    user = make_user("bkpsdm")
    add_device(user)
    codes = recovery_codes_replace(user=user)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Stored as digests, never as the codes themselves.
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in codes} and len(stored) == 10
    client = logged_in(user)
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})
    assert redirected_to(response)[0] == "/belajar/dasbor/"
    assert client.get("/admin/").status_code == 200
    used = AuditEntry.objects.get(action=AuditAction.OTP_RECOVERY_USED)
    assert used.actor_id == user.pk and used.details["left"] == 9
    again = logged_in(user)
    assert again.post(VERIFY, {"code": codes[3]}).status_code == 400
    assert failures(user) == 1


# --- Enrolment -----------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_then_recovery_codes_once():
    user = make_user("pengajar")
    client = logged_in(user)
    page = client.get(f"{ENROL}?next=/admin/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'class="qr-code"' in html
    assert " style=" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    key = client.session[PENDING_KEY]
    secret = re.search(r'data-testid="totp-secret"><code>([A-Z2-7 ]+)</code>', html).group(1)
    import base64

    assert base64.b32decode(secret.replace(" ", "")).hex() == key
    assert client.get(ENROL).status_code == 200 and client.session[PENDING_KEY] == key
    pending = TOTPDevice(key=key)
    assert client.post(ENROL, {"code": "12345"}).status_code == 400
    response = client.post(ENROL, {"code": code(pending), "next": "/admin/"})
    assert redirected_to(response) == ("/akun/dua-langkah/kode-pemulihan/", "/admin/")
    entry = AuditEntry.objects.get(action=AuditAction.OTP_ENROLLED)
    assert entry.actor_id == user.pk and entry.object_id == str(user.pk)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    shown = client.get("/akun/dua-langkah/kode-pemulihan/?next=/admin/")
    codes = re.findall(
        r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", shown.content.decode()
    )
    assert len(codes) == 10
    download = client.get("/akun/dua-langkah/kode-pemulihan/unduh/")
    assert download["Content-Disposition"].startswith("attachment")
    assert all(c in download.content.decode() for c in codes)
    assert (
        redirected_to(client.post("/akun/dua-langkah/kode-pemulihan/", {"next": "/admin/"}))[0]
        == "/admin/"
    )
    assert CODES_KEY not in client.session
    assert redirected_to(client.get("/akun/dua-langkah/kode-pemulihan/"))[0] == ENROL
    # The session verified itself by enrolling; the code used cannot verify another.
    assert client.get("/admin/").status_code == 200
    assert logged_in(user).post(VERIFY, {"code": code(pending)}).status_code == 400


def test_an_unverified_session_cannot_enrol_over_an_existing_device():
    user = make_user("bkpsdm")
    device = add_device(user)
    client = logged_in(user)
    assert redirected_to(client.get(ENROL))[0] == VERIFY
    assert redirected_to(client.post(ENROL, {"code": "123456"}))[0] == VERIFY
    assert redirected_to(client.post("/akun/dua-langkah/kode-pemulihan/baru/"))[0] == ENROL
    assert not StaticDevice.objects.filter(user=user).exists()
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_a_learner_enables_it_and_switches_it_off_staff_cannot():
    learner = make_user("peserta")
    client = logged_in(learner)
    assert f'href="{ENROL}"' in client.get("/belajar/dasbor/").content.decode()  # the footer
    client.get(ENROL)
    pending = TOTPDevice(key=client.session[PENDING_KEY])
    client.post(ENROL, {"code": code(pending)})
    client.post("/akun/dua-langkah/kode-pemulihan/")
    assert "Nonaktifkan" in client.get(ENROL).content.decode()
    client.post("/akun/dua-langkah/nonaktifkan/")
    assert not TOTPDevice.objects.filter(user=learner).exists()
    assert AuditEntry.objects.filter(action=AuditAction.OTP_RESET, actor_id=learner.pk).count() == 1

    staff = make_user("pengajar")
    device = add_device(staff)
    client = logged_in(staff)
    client.post(VERIFY, {"code": code(device)})
    assert "Nonaktifkan" not in client.get(ENROL).content.decode()
    client.post("/akun/dua-langkah/nonaktifkan/")
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_new_recovery_codes_replace_the_old_ones():
    user = make_user("bkpsdm")
    device = add_device(user)
    old = recovery_codes_replace(user=user)
    client = logged_in(user)
    client.post(VERIFY, {"code": code(device)})
    response = client.post("/akun/dua-langkah/kode-pemulihan/baru/")
    assert redirected_to(response)[0] == "/akun/dua-langkah/kode-pemulihan/"
    new = client.session[CODES_KEY]
    assert set(new).isdisjoint(old)
    assert logged_in(user).post(VERIFY, {"code": old[0]}).status_code == 400
    wait_out_throttling(StaticDevice, user)
    assert redirected_to(logged_in(user).post(VERIFY, {"code": new[0]}))[0] == "/belajar/dasbor/"


# --- Reset by BKPSDM -----------------------------------------------------------------------------


def reset_url(user) -> str:
    return f"/admin/dua-langkah/{user.pk}/reset/"


def verified(user) -> Client:
    client = logged_in(user)
    device = TOTPDevice.objects.filter(user=user).first() or add_device(user)
    assert client.post(VERIFY, {"code": code(device, steps=1)}).status_code == 302
    return client


def test_bkpsdm_resets_with_one_audit_entry():
    target = make_user("pengajar")
    add_device(target)
    recovery_codes_replace(user=target)
    bkpsdm = verified(make_user("bkpsdm"))
    page = bkpsdm.get(reset_url(target) + "?next=/admin/pegawai/")
    assert page.status_code == 200
    assert "Ya, reset verifikasi dua langkah" in page.content.decode()
    assert TOTPDevice.objects.filter(user=target).exists()  # GET changes nothing
    response = bkpsdm.post(reset_url(target), {"next": "/admin/pegawai/"})
    assert redirected_to(response)[0] == "/admin/pegawai/"
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RESET)
    assert entry.object_id == str(target.pk) and entry.actor_id != target.pk
    assert entry.details["apps"] == 1 and entry.details["recovery_code_sets"] == 1
    # The owner's next request: enrolment again.
    assert redirected_to(logged_in(target).get("/admin/"))[0] == ENROL


@pytest.mark.parametrize("role", ["admin_opd", "pengajar", "peserta", "anonymous"])
def test_others_cannot_reset(role):
    target = make_user("peserta")
    add_device(target)
    if role == "anonymous":
        client = Client()
    elif role == "peserta":
        client = verified(make_user("peserta"))
    else:
        client = verified(make_user(role))
    for call in (client.get, client.post):
        response = call(reset_url(target))
        # 403, or Wagtail's "permission denied" (back to the admin home) or its login.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == "/admin/" or "/login/" in response["Location"]
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.OTP_RESET).exists()


def test_a_superuser_only_by_a_superuser_and_the_csrf_token_is_required():
    superuser = make_user("superuser")
    add_device(superuser)
    bkpsdm = make_user("bkpsdm")
    refused = verified(bkpsdm).post(reset_url(superuser))
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=superuser).exists()

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(superuser)
    device = TOTPDevice.objects.get(user=superuser)
    page = strict.get(VERIFY)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    strict.post(VERIFY, {"code": code(device), "csrfmiddlewaretoken": token})
    add_device(bkpsdm)
    assert strict.post(reset_url(bkpsdm)).status_code == 403  # no token
    assert TOTPDevice.objects.filter(user=bkpsdm).exists()
    token = strict.cookies["csrftoken"].value
    assert strict.post(reset_url(bkpsdm), {"csrfmiddlewaretoken": token}).status_code == 302
    assert not TOTPDevice.objects.filter(user=bkpsdm).exists()


def test_the_employee_page_shows_the_panel_to_bkpsdm_only():
    from lms.people.selectors import opd_scope_ids  # noqa: F401 - people app loaded
    from lms.people.services import opd_scope_set
    from tests.factories.people import EmployeeFactory, OPDFactory

    opd = OPDFactory()
    employee = EmployeeFactory(opd=opd)
    add_device(employee.user)
    url = f"/admin/pegawai/inspect/{employee.pk}/"
    page = verified(make_user("bkpsdm")).get(url)
    assert page.status_code == 200
    assert f"{reset_url(employee.user)}?next={url}" in page.content.decode()
    admin = make_user("admin_opd")
    opd_scope_set(user=admin, opds=[opd])
    page = verified(admin).get(url)
    assert page.status_code == 200
    assert reset_url(employee.user) not in page.content.decode()


# --- Idle staff sessions -------------------------------------------------------------------------


def idle_for(client: Client, minutes: int, staff: bool) -> None:
    session = client.session
    session[ACTIVITY_KEY] = [int(time.time()) - minutes * 60, staff]
    session.save()


def test_an_idle_staff_session_is_logged_out_a_learners_is_not(settings):
    settings.LMS_STAFF_IDLE_MINUTES = 30
    staff = verified(make_user("bkpsdm"))
    assert staff.get("/admin/").status_code == 200
    idle_for(staff, 29, True)
    assert staff.get("/admin/").status_code == 200
    idle_for(staff, 31, False)  # a stale "not staff" flag is read again after a minute
    response = staff.get("/admin/pages/")
    assert redirected_to(response) == ("/akun/masuk/", "/admin/pages/")
    assert "_auth_user_id" not in staff.session
    login = staff.get("/akun/masuk/?next=/admin/pages/")
    assert "tidak ada aktivitas selama 30 menit" in login.content.decode()

    learner = logged_in(make_user("peserta"))
    assert learner.get("/belajar/dasbor/").status_code == 200
    idle_for(learner, 600, False)
    assert learner.get("/belajar/dasbor/").status_code == 200


def test_the_last_activity_is_written_at_most_once_a_minute(settings):
    settings.LMS_STAFF_IDLE_MINUTES = 30
    staff = verified(make_user("pengajar"))
    staff.get("/admin/")
    first = staff.session[ACTIVITY_KEY]
    staff.get("/admin/")
    assert staff.session[ACTIVITY_KEY] == first
    idle_for(staff, 2, True)
    staff.get("/admin/")
    assert staff.session[ACTIVITY_KEY][0] >= int(time.time()) - 1

"""Activation at scale (issue 13): HR invites the employees whose account waits for a first
password, by e-mail (Celery; eager here) or as printed letters with the link and a QR code;
per employee, per OPD (and its units), only the never-invited; ``manage.py lms_activation``.

Links work once, expire after ``LMS_ACTIVATION_LINK_DAYS``, and a new invitation spends the
old one. Admin OPD act only in their OPD (another OPD: 404 or a refused choice, nothing sent);
learners, trainers and strangers are refused."""

from __future__ import annotations

import datetime
import io
import re
import subprocess

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lms.core.downloads.services import download_build
from lms.core.models import DownloadStatus, PreparedDownload
from lms.people.letters import Letter, Sender, render_letters
from lms.people.models import OPD, OPDScope, OPDType
from lms.people.selectors import activation_candidates, activation_overview, activation_pending
from lms.people.services import activation_invite
from lms.users.models import AccountInvitation, InvitationChannel
from lms.users.roles import Role
from lms.users.services import account_activation_path
from lms.users.tokens import ActivationTokenGenerator
from tests.factories.people import EmployeeFactory, PositionFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/akun/aktivasi/[^/\s]+/[^/\s]+/)")
PASSWORD = "Sandi-Pertama-Yang-Panjang-2026"


@pytest.fixture
def opds():
    dinkes = OPD.objects.create(code="1.02", name="Dinas Kesehatan", type=OPDType.DINAS)
    puskesmas = OPD.objects.create(
        code="1.02.1", name="Puskesmas Kota", type=OPDType.UPTD, parent=dinkes
    )
    diskominfo = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    return {"dinkes": dinkes, "puskesmas": puskesmas, "diskominfo": diskominfo}


@pytest.fixture
def people(opds):
    return {
        "ani": EmployeeFactory(opd=opds["dinkes"], name="Ani Lestari"),
        "budi": EmployeeFactory(opd=opds["puskesmas"], name="Budi Santoso", email=""),
        "citra": EmployeeFactory(opd=opds["diskominfo"], name="Citra Dewi"),
    }


def _hr(role, opd=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    if opd is not None:
        OPDScope.objects.create(user=user, opd=opd)
    return user


def _activate(client, path: str) -> None:
    form = client.get(path, follow=True)
    assert form.context["validlink"], "the link was refused"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert "Akun aktif" in done.content.decode()


def _refused(client, path: str) -> bool:
    return not client.get(path, follow=True).context["validlink"]


# --- The link -----------------------------------------------------------------------------------


def test_an_e_mailed_link_activates_the_account_once_and_the_learner_logs_in(
    client, people, django_capture_on_commit_callbacks
):
    ani = people["ani"]
    with django_capture_on_commit_callbacks(execute=True):
        invitation = activation_invite(employees=[ani], channel=InvitationChannel.EMAIL, user=None)
    assert [e.pk for e in invitation.invited] == [ani.pk]
    [message] = mail.outbox
    assert message.to == [ani.user.email]
    assert message.subject.startswith("Aktifkan akun")
    assert ani.nip in message.body and "satu kali" in message.body
    path = LINK.search(message.body).group(1)
    _activate(client, path)
    assert client.login(username=ani.nip, password=PASSWORD)
    assert _refused(client, path)  # used: spent
    assert not activation_pending().filter(pk=ani.pk).exists()


def test_a_new_invitation_spends_the_earlier_link(client, people):
    ani = people["ani"]
    activation_invite(employees=[ani], channel=InvitationChannel.EMAIL, user=None)
    first = account_activation_path(user=ani.user.__class__.objects.get(pk=ani.user_id))
    activation_invite(employees=[ani], channel=InvitationChannel.LETTER, user=None)
    invitation = AccountInvitation.objects.get(user_id=ani.user_id)
    assert (invitation.count, invitation.channel) == (2, InvitationChannel.LETTER)
    assert _refused(client, first)
    _activate(client, account_activation_path(user=ani.user.__class__.objects.get(pk=ani.user_id)))


def test_the_link_expires_after_the_configured_days(client, people, settings, monkeypatch):
    settings.LMS_ACTIVATION_LINK_DAYS = 30
    [ani] = activation_invite(
        employees=[people["ani"]], channel=InvitationChannel.LETTER, user=None
    ).invited
    path = account_activation_path(user=ani.user)
    real_now = ActivationTokenGenerator._now
    monkeypatch.setattr(
        ActivationTokenGenerator,
        "_now",
        lambda self: real_now(self) + datetime.timedelta(days=30, hours=1),
    )
    assert _refused(client, path)
    monkeypatch.setattr(
        ActivationTokenGenerator,
        "_now",
        lambda self: real_now(self) + datetime.timedelta(days=29),
    )
    _activate(client, path)


@pytest.mark.parametrize(
    "token", ["", "x", "abc-def", "zzzzzzzzzzzzzzzz-1", "1-" + "0" * 32, "-", "é-é"]
)
def test_malformed_tokens_are_refused_without_an_error(client, people, token):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(people["ani"].user_id))
    response = client.get(f"/akun/aktivasi/{uid}/{token}/", follow=True)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert not response.context["validlink"]
        assert "tidak berlaku lagi" in response.content.decode()


# --- Who is invited -----------------------------------------------------------------------------


def test_only_pending_accounts_are_invited_and_an_active_one_is_never_reset(people):
    ani, citra = people["ani"], people["citra"]
    ani.user.set_password(PASSWORD)
    ani.user.save()
    citra.user.is_active = False
    citra.user.save()
    invitation = activation_invite(
        employees=[ani, citra, people["budi"]], channel=InvitationChannel.LETTER, user=None
    )
    assert [e.pk for e in invitation.invited] == [people["budi"].pk]
    ani.user.refresh_from_db()
    assert ani.user.check_password(PASSWORD)
    assert not AccountInvitation.objects.filter(user_id__in=[ani.user_id, citra.user_id]).exists()


def test_an_e_mail_cannot_reach_someone_without_an_address(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = activation_invite(
            employees=[people["ani"], people["budi"]], channel=InvitationChannel.EMAIL, user=None
        )
    assert [e.pk for e in invitation.without_email] == [people["budi"].pk]
    assert len(mail.outbox) == 1
    assert not AccountInvitation.objects.filter(user_id=people["budi"].user_id).exists()


def test_an_admin_opd_cannot_invite_outside_their_opd_and_nothing_is_recorded(opds, people):
    from django.core.exceptions import PermissionDenied

    admin = _hr(Role.ADMIN_OPD, opds["dinkes"])
    with pytest.raises(PermissionDenied):
        activation_invite(
            employees=[people["ani"], people["citra"]], channel=InvitationChannel.EMAIL, user=admin
        )
    assert not AccountInvitation.objects.exists()
    mine = activation_candidates(user=admin)
    assert {e.pk for e in mine} == {people["ani"].pk, people["budi"].pk}  # with the Puskesmas


def test_uninvited_only_keeps_the_newcomers(opds, people):
    activation_invite(employees=[people["ani"]], channel=InvitationChannel.LETTER, user=None)
    newcomers = activation_candidates(user=None, opd=opds["dinkes"], uninvited_only=True)
    assert [e.pk for e in newcomers] == [people["budi"].pk]


def test_the_overview_counts_per_opd_in_one_query(opds, people, django_assert_num_queries):
    activation_invite(employees=[people["ani"]], channel=InvitationChannel.EMAIL, user=None)
    bkpsdm = _hr(Role.BKPSDM)
    with django_assert_num_queries(2):  # the scope, the aggregate
        rows = activation_overview(user=bkpsdm)
    by_code = {row["opd__code"]: row for row in rows}
    assert by_code["1.02"] | {} == {
        **by_code["1.02"],
        "pending": 1, "uninvited": 0, "by_email": 1, "by_letter": 0, "without_email": 0,
    }  # fmt: skip
    assert (by_code["1.02.1"]["pending"], by_code["1.02.1"]["without_email"]) == (1, 1)
    admin = _hr(Role.ADMIN_OPD, opds["diskominfo"])
    assert [row["opd__code"] for row in activation_overview(user=admin)] == ["2.16"]


# --- Letters --------------------------------------------------------------------------------------


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letters.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or len(re.findall(rb"/Type /Page[^s]", data))


def test_a_letter_names_the_person_and_its_qr_code_opens_their_link(client, people, tmp_path):
    import zxingcpp
    from PIL import Image

    from lms.people.letters import letters_write

    output = io.BytesIO()
    assert letters_write(employees=[people["budi"]], user=None, output=output) == 1
    data = output.getvalue()
    text = _pdf_text(data, tmp_path)
    budi = people["budi"]
    for expected in ("Surat Aktivasi Akun", budi.full_name, budi.nip, "Puskesmas Kota",
                     "satu kali", "Lupa kata sandi?"):  # fmt: skip
        assert expected in text, expected
    (tmp_path / "l.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "l.pdf"), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "p-1.png"))
    path = LINK.search(code.text).group(1)
    assert path.replace("/", "") in text.replace("\n", "").replace(" ", "").replace("/", "")
    _activate(client, path)


def test_letters_are_one_page_each_and_hostile_names_stay_text(tmp_path):
    sender = Sender("Pemerintah Kabupaten Contoh", "BKPSDM", "http://x/akun/masuk/",
                    datetime.date(2026, 12, 3))  # fmt: skip
    letters = [
        Letter("<b>Gülşen</b> & =HYPERLINK(1)", "199003142019032007", "", "Dinas A",
               "http://x/akun/aktivasi/MQ/" + "a" * 60 + "/", datetime.date(2027, 1, 2)),
        Letter("Ani " * 40, "199003142019032008", "Analis " * 20, "Dinas B " * 15,
               "http://x/akun/aktivasi/Mg/abc-def/", datetime.date(2027, 1, 2)),
    ]  # fmt: skip
    output = io.BytesIO()
    assert render_letters(letters, output, sender=sender) == 2
    text = _pdf_text(output.getvalue(), tmp_path)
    assert "<b>Gülşen</b> & =HYPERLINK(1)" in text
    assert text.count("Surat Aktivasi Akun") == 2
    assert text.count("\f") == 2  # two pages


# --- The admin ------------------------------------------------------------------------------------


INDEX = reverse("aktivasi:index")


def test_the_admin_opd_page_lists_only_their_opds_and_sends_e_mails(
    client, opds, people, django_capture_on_commit_callbacks
):
    admin = _hr(Role.ADMIN_OPD, opds["dinkes"])
    client.force_login(admin)
    page = client.get(INDEX).content.decode()
    assert "Dinas Kesehatan" in page and "Puskesmas Kota" in page
    assert "Diskominfo" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INDEX, {"action": "email", "opd": ""}, follow=True)
    text = response.content.decode()
    assert "1 e-mail aktivasi sedang dikirim" in text
    assert "1 pegawai tidak punya alamat e-mail" in text
    assert [m.to for m in mail.outbox] == [[people["ani"].user.email]]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "email", "opd": "OTHER"},  # another OPD (filled in below)
        {"action": "email", "opd": "abc"},
        {"action": "email", "opd": "99999999999999999999"},
        {"action": "email", "opd": "-1"},
        {"action": "hapus-semua", "opd": ""},
        {"opd": ""},
    ],
)
def test_hostile_posts_get_an_indonesian_message_and_send_nothing(client, opds, people, data):
    admin = _hr(Role.ADMIN_OPD, opds["dinkes"])
    client.force_login(admin)
    if data.get("opd") == "OTHER":
        data = {**data, "opd": str(opds["diskominfo"].pk)}
    response = client.post(INDEX, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Pilih" in text  # "Pilih pilihan yang valid" / "Pilih “Kirim e-mail” …"
    assert mail.outbox == [] and not AccountInvitation.objects.exists()


def test_bulk_letters_are_a_prepared_download_of_the_owner_only(
    client, opds, people, tmp_path, settings
):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path)
    bkpsdm = _hr(Role.BKPSDM)
    client.force_login(bkpsdm)
    response = client.post(
        INDEX, {"action": "letters", "opd": str(opds["dinkes"].pk), "uninvited": "on"}
    )
    download = PreparedDownload.objects.get()
    assert response["Location"] == reverse("lms_downloads:status", args=[download.pk])
    download_build(download_id=download.pk)  # eager in tests: built already; a no-op then
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY, download.error
    assert download.download_name.startswith("surat-aktivasi-1.02-")
    data = client.get(reverse("lms_downloads:file", args=[download.pk]))
    pdf = b"".join(data.streaming_content) if data.streaming else data.content
    text = _pdf_text(pdf, tmp_path)
    assert people["ani"].nip in text and people["budi"].nip in text
    assert people["citra"].nip not in text
    other = _hr(Role.BKPSDM)
    client.force_login(other)
    assert client.get(reverse("lms_downloads:file", args=[download.pk])).status_code == 404


def test_forged_download_parameters_never_reach_another_opd(opds, people, tmp_path, settings):
    from lms.core.downloads.services import download_request

    settings.LMS_DOWNLOAD_ROOT = str(tmp_path)
    admin = _hr(Role.ADMIN_OPD, opds["dinkes"])
    for forged in ({"opd": opds["diskominfo"].pk}, {"opd": "1; DROP TABLE"}, {"opd": [1]}):
        download = download_request(owner=admin, kind="activation_letters", parameters=forged)
        download_build(download_id=download.pk)
        download.refresh_from_db()
        assert download.status == DownloadStatus.FAILED
        assert "di luar cakupan" in download.error
    assert not AccountInvitation.objects.exists()


def test_one_employee_from_their_page(client, opds, people, django_capture_on_commit_callbacks):
    admin = _hr(Role.ADMIN_OPD, opds["dinkes"])
    client.force_login(admin)
    ani, budi, citra = people["ani"], people["budi"], people["citra"]
    page = client.get(reverse("pegawai:inspect", args=[budi.pk])).content.decode()
    assert "belum pernah diundang" in page and "Cetak surat aktivasi" in page
    assert "Kirim e-mail aktivasi" not in page  # no address
    letter = client.post(reverse("aktivasi:employee_letter", args=[budi.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert "no-store" in letter["Cache-Control"]
    assert letter.content.startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("aktivasi:employee_email", args=[ani.pk]))
    assert len(mail.outbox) == 1
    page = client.get(reverse("pegawai:inspect", args=[ani.pk])).content.decode()
    assert "Undangan terakhir" in page
    # Another OPD's employee: 404, nothing sent.
    for name in ("aktivasi:employee_email", "aktivasi:employee_letter"):
        assert client.post(reverse(name, args=[citra.pk])).status_code == 404
    assert len(mail.outbox) == 1
    # An active account: back to its page with a message, never a new link.
    ani.user.set_password(PASSWORD)
    ani.user.save()
    response = client.post(reverse("aktivasi:employee_letter", args=[ani.pk]), follow=True)
    assert "tidak sedang menunggu aktivasi" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PENGAJAR, None])
def test_learners_trainers_and_strangers_are_refused(client, people, role):
    if role is not None:
        client.force_login(_hr(role))
    for response in (
        client.get(INDEX),
        client.post(INDEX, {"action": "email"}),
        client.post(reverse("aktivasi:employee_email", args=[people["ani"].pk])),
    ):
        assert response.status_code in (302, 403)
        assert (
            response.status_code == 403
            or "login" in response["Location"]
            or (response["Location"] == "/admin/")
        )
    assert mail.outbox == [] and not AccountInvitation.objects.exists()


def test_the_employee_list_filters_pending_accounts(client, opds, people):
    people["ani"].user.set_password(PASSWORD)
    people["ani"].user.save()
    activation_invite(employees=[people["citra"]], channel=InvitationChannel.LETTER, user=None)
    client.force_login(_hr(Role.BKPSDM))
    index = reverse("pegawai:index")

    def names(query):
        page = client.get(index + query).content.decode()
        return {name for name in ("Ani", "Budi", "Citra") if name in page}

    assert names("?akun=menunggu") == {"Budi", "Citra"}
    assert names("?akun=belum_diundang") == {"Budi"}
    assert names("?akun=aktif") == {"Ani"}
    assert client.get(index + "?akun=<script>").status_code == 200


# --- The command ----------------------------------------------------------------------------------


def test_the_command_writes_letters_and_sends_e_mails(
    opds, people, tmp_path, capsys, django_capture_on_commit_callbacks
):
    path = tmp_path / "surat.pdf"
    call_command("lms_activation", "--opd", "1.02", "--letters", str(path))
    assert "2 surat aktivasi" in capsys.readouterr().out
    text = _pdf_text(path.read_bytes(), tmp_path)
    assert people["ani"].nip in text and people["budi"].nip in text
    assert call_command("lms_activation", "--opd", "1.02", "--pending", "--letters",
                        str(path)) is None  # fmt: skip
    assert "0 surat aktivasi" in capsys.readouterr().out  # both invited already
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lms_activation", "--opd", "2.16", "--email")
    assert "1 e-mail aktivasi dikirim" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [[people["citra"].user.email]]


def test_the_command_line_refuses_a_missing_or_double_channel_with_exit_2(tmp_path):
    """Argument errors come from argparse before any database access (the real command line:
    ``call_command`` reports them differently)."""
    import sys

    for args in (["--opd", "1.02"], ["--opd", "1.02", "--email", "--letters", "x.pdf"]):
        result = subprocess.run(
            [sys.executable, "manage.py", "lms_activation", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert "--email" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--opd", "9.99", "--email"],  # unknown OPD
        ["--opd", "", "--email"],
        ["--opd", "1.02", "--letters", "/tidak/ada/surat.pdf"],
        ["--opd", "1.02", "--letters", "surat.txt"],
    ],
)
def test_the_command_refuses_bad_arguments_with_exit_2(opds, people, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises((CommandError, SystemExit)) as caught:
        call_command("lms_activation", *args)
    code = getattr(caught.value, "returncode", None) or getattr(caught.value, "code", None)
    assert code == 2
    assert not AccountInvitation.objects.exists() and mail.outbox == []
    assert list(tmp_path.iterdir()) == []


def test_sending_the_e_mails_costs_no_query_per_person(opds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.people.services import activation_emails_send

    def queries_for(count: int) -> int:
        people = [
            EmployeeFactory(opd=opds["dinkes"], position=PositionFactory()) for _ in range(count)
        ]
        activation_invite(employees=people, channel=InvitationChannel.EMAIL, user=None)
        with CaptureQueriesContext(connection) as queries:
            assert activation_emails_send(user_ids=[e.user_id for e in people]) == count
        return len(queries)

    assert queries_for(1) == queries_for(5)

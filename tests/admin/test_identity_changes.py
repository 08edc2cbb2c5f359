"""Issue 8, hole 4: account takeover inside the scope.

An Admin OPD could change the e-mail of an account in their OPD (a learner's or a Pengajar's)
through the employee form or the import, then reset its password to the new address; the old
address was not told and the log said nothing. Now (docs/security.md): only BKPSDM and
superusers change the identity (NIP, name, e-mail) of an existing employee or touch a staff
account; every e-mail change notifies the old address and is logged with old and new values.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from lms.people.models import Employee
from lms.users.models import User
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_employee
from tests.admin.test_imports import HEADER, token_of, upload

pytestmark = pytest.mark.django_db

ATTACKER_EMAIL = "penyerang@contoh.go.id"


def edit_post(employee: Employee, **overrides) -> dict:
    """The employee form as a browser would post it unchanged (plus ``overrides``)."""
    data = {
        "nip": employee.nip,
        "name": employee.name,
        "gelar_depan": employee.gelar_depan,
        "gelar_belakang": employee.gelar_belakang,
        "gender": employee.gender,
        "employee_type": employee.employee_type,
        "golongan": employee.golongan,
        "opd": employee.opd_id,
        "position": employee.position_id or "",
        "email": employee.email,
        "is_active": "on" if employee.is_active else "",
    }
    data = {key: value for key, value in data.items() if value != ""}
    data.update(overrides)  # an explicit "" is posted as an empty field
    return data


@pytest.fixture
def learner(world):
    """A learner of Admin OPD A's OPD whose account is activated (has a password)."""
    employee = make_employee(
        world["sd"], "199204102018012003", "Sri Handayani", email="sri.handayani@contoh.go.id"
    )
    employee.user.set_password("Sandi-Lama-2026")
    employee.user.save()
    return employee


@pytest.fixture
def trainer(world):
    """An employee of Admin OPD A's OPD whose account is also a Pengajar (staff)."""
    employee = make_employee(
        world["sd"], "198506072010011004", "Joko Prasetyo", email="joko.prasetyo@contoh.go.id"
    )
    employee.user.groups.add(Group.objects.get(name=Role.PENGAJAR))
    employee.user.set_password("Sandi-Pengajar-2026")
    employee.user.save()
    return employee


def reset_links_sent_to(address: str) -> list[str]:
    return [
        link
        for message in mail.outbox
        if address in message.to
        for link in re.findall(r"/admin/password_reset/confirm/[^\s]+", message.body)
    ]


# --- The hole, reproduced over HTTP -------------------------------------------------------------


def test_admin_opd_cannot_change_a_learners_email(
    world, learner, django_capture_on_commit_callbacks
):
    client = client_for(world["admin_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, email=ATTACKER_EMAIL)
        )
    assert response.status_code == 200  # the form comes back with the reason
    assert "Hanya BKPSDM" in response.content.decode()
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.email == learner.user.email == "sri.handayani@contoh.go.id"
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change",
    [{"name": "Nama Palsu"}, {"nip": "199204102018012011"}, {"email": ""}],
    ids=["name", "nip", "email-cleared"],
)
def test_admin_opd_cannot_change_any_identity_field(world, learner, change):
    client = client_for(world["admin_a"])
    response = client.post(f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, **change))
    assert response.status_code == 200
    learner.refresh_from_db()
    assert (learner.nip, learner.name, learner.email) == (
        "199204102018012003",
        "Sri Handayani",
        "sri.handayani@contoh.go.id",
    )
    assert User.objects.filter(username="199204102018012003").exists()


def test_admin_opd_still_edits_other_fields_of_a_learner(world, learner):
    """The identity fields are shown disabled (a browser does not post them); the rest saves."""
    client = client_for(world["admin_a"])
    form = client.get(f"/admin/pegawai/edit/{learner.pk}/").context["form"]
    assert all(form.fields[name].disabled for name in ("nip", "name", "email"))
    data = edit_post(learner, golongan="III/b", is_active="")
    for name in ("nip", "name", "email"):
        data.pop(name)
    response = client.post(f"/admin/pegawai/edit/{learner.pk}/", data)
    assert response.status_code == 302
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.golongan == "III/b"
    assert learner.user.is_active is False
    assert learner.user.email == "sri.handayani@contoh.go.id"


def test_admin_opd_cannot_open_the_edit_form_of_a_staff_account(world, trainer):
    client = client_for(world["admin_a"])
    url = f"/admin/pegawai/edit/{trainer.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, edit_post(trainer, email=ATTACKER_EMAIL, is_active=""))
    assert response.status_code == 404
    trainer.refresh_from_db()
    trainer.user.refresh_from_db()
    assert trainer.user.email == "joko.prasetyo@contoh.go.id"
    assert trainer.user.is_active is True
    # Viewing stays as it was.
    assert client.get(f"/admin/pegawai/inspect/{trainer.pk}/").status_code == 200


def test_admin_opd_cannot_delete_a_staff_employee(world, trainer):
    response = client_for(world["admin_a"]).post(f"/admin/pegawai/delete/{trainer.pk}/")
    assert response.status_code == 404
    assert Employee.objects.filter(pk=trainer.pk).exists()


@pytest.mark.parametrize("role", [Role.PENGAJAR, Role.ADMIN_OPD, Role.BKPSDM, "is_staff"])
def test_every_kind_of_staff_account_is_out_of_reach(world, role):
    employee = make_employee(
        world["sd"], "198809122012121002", "Staf Lain", email="staf@contoh.go.id"
    )
    if role == "is_staff":
        employee.user.is_staff = True
        employee.user.save()
    else:
        employee.user.groups.add(Group.objects.get(name=role))
    client = client_for(world["admin_a"])
    assert client.get(f"/admin/pegawai/edit/{employee.pk}/").status_code == 404
    assert client.get(f"/admin/pegawai/inspect/{employee.pk}/").status_code == 200


def test_admin_opd_cannot_take_over_a_staff_account_by_creating_an_employee_with_its_nip(world):
    """A staff account with no employee record yet: creating the employee would link it."""
    staff = User.objects.create_user(
        username="198702142011011003", nip="198702142011011003", email="pengajar@contoh.go.id"
    )
    staff.groups.add(Group.objects.get(name=Role.PENGAJAR))
    client = client_for(world["admin_a"])
    response = client.post(
        "/admin/pegawai/new/",
        {"nip": staff.nip, "name": "Pengajar Diambil", "gender": "L", "employee_type": "PNS",
         "opd": world["sd"].pk, "email": ATTACKER_EMAIL, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "BKPSDM" in response.content.decode()
    assert not Employee.objects.filter(nip=staff.nip).exists()
    staff.refresh_from_db()
    assert staff.email == "pengajar@contoh.go.id"


def test_admin_opd_cannot_rename_an_existing_account_by_creating_an_employee(world):
    account = User.objects.create_user(
        username="199001012015011001", nip="199001012015011001", email="lama@contoh.go.id",
        first_name="Nama Lama",
    )  # fmt: skip
    client = client_for(world["admin_a"])
    response = client.post(
        "/admin/pegawai/new/",
        {"nip": account.nip, "name": "Nama Lama", "gender": "L", "employee_type": "PNS",
         "opd": world["sd"].pk, "email": ATTACKER_EMAIL, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Employee.objects.filter(nip=account.nip).exists()
    account.refresh_from_db()
    assert account.email == "lama@contoh.go.id"


def test_admin_opd_still_creates_new_employees_with_their_email(world):
    client = client_for(world["admin_a"])
    response = client.post(
        "/admin/pegawai/new/",
        {"nip": "199203042018011005", "name": "Budi Santoso", "gender": "L",
         "employee_type": "PNS", "opd": world["sd"].pk, "email": "budi@contoh.go.id",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Employee.objects.get(nip="199203042018011005").user.email == "budi@contoh.go.id"
    form = client.get("/admin/pegawai/new/").context["form"]
    assert not any(form.fields[name].disabled for name in ("nip", "name", "email"))


def test_password_reset_cannot_be_used_to_take_over(
    world, learner, django_capture_on_commit_callbacks
):
    """The whole attack: change the e-mail, then ask for a reset at the new address."""
    attacker = client_for(world["admin_a"])
    with django_capture_on_commit_callbacks(execute=True):
        attacker.post(
            f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, email=ATTACKER_EMAIL)
        )
    anonymous = Client()
    response = anonymous.post("/admin/password_reset/", {"email": ATTACKER_EMAIL})
    assert response.status_code == 302
    assert reset_links_sent_to(ATTACKER_EMAIL) == []
    learner.user.refresh_from_db()
    assert learner.user.check_password("Sandi-Lama-2026")


# --- BKPSDM changes an e-mail: saved, old address told, logged --------------------------------


def test_bkpsdm_changes_an_email_the_old_address_is_told_and_it_is_logged(
    world, learner, django_capture_on_commit_callbacks
):
    client = client_for(world["bkpsdm"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, email="sri.baru@contoh.go.id")
        )
    assert response.status_code == 302
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.email == learner.user.email == "sri.baru@contoh.go.id"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sri.handayani@contoh.go.id"]
    assert "e-mail" in message.subject.lower()
    body = message.body
    assert world["bkpsdm"].get_full_name() in body
    assert "BKPSDM" in body  # what to do if unexpected
    assert "sri.baru@contoh.go.id" not in body  # the new address is only hinted at
    assert "password_reset" not in body and "aktivasi" not in body  # no links, no secrets

    entry = ModelLogEntry.objects.get(action="lms.people.identity_change")
    assert entry.object_id == str(learner.pk)
    assert entry.user == world["bkpsdm"]
    assert entry.data["changes"] == {
        "email": {"old": "sri.handayani@contoh.go.id", "new": "sri.baru@contoh.go.id"}
    }
    history = client.get(f"/admin/pegawai/history/{learner.pk}/").content.decode()
    assert "sri.handayani@contoh.go.id" in history and "sri.baru@contoh.go.id" in history


def test_bkpsdm_edits_a_staff_account(world, trainer, django_capture_on_commit_callbacks):
    client = client_for(world["bkpsdm"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pegawai/edit/{trainer.pk}/",
            edit_post(trainer, name="Joko Prasetyo Utomo", email="joko@contoh.go.id"),
        )
    assert response.status_code == 302
    trainer.user.refresh_from_db()
    assert (trainer.user.first_name, trainer.user.email) == (
        "Joko Prasetyo Utomo",
        "joko@contoh.go.id",
    )
    assert [message.to for message in mail.outbox] == [["joko.prasetyo@contoh.go.id"]]
    entry = ModelLogEntry.objects.get(action="lms.people.identity_change")
    assert entry.data["changes"]["name"] == {"old": "Joko Prasetyo", "new": "Joko Prasetyo Utomo"}


def test_a_name_change_is_logged_but_not_mailed(world, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world["bkpsdm"]).post(
            f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, name="Sri Handayani Putri")
        )
    assert mail.outbox == []
    entry = ModelLogEntry.objects.get(action="lms.people.identity_change")
    assert entry.data["changes"] == {"name": {"old": "Sri Handayani", "new": "Sri Handayani Putri"}}


def test_an_edit_without_identity_change_writes_no_identity_log(world, learner):
    response = client_for(world["bkpsdm"]).post(
        f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, golongan="III/c")
    )
    assert response.status_code == 302
    assert not ModelLogEntry.objects.filter(action="lms.people.identity_change").exists()
    assert mail.outbox == []


# --- The import path ----------------------------------------------------------------------------


def import_rows(client, rows: str):
    token = token_of(upload(client, (HEADER + rows).encode()))
    return token, client.get(f"/admin/impor/{token}/").context["report"]


def test_admin_opd_import_cannot_change_an_email(world, learner):
    client = client_for(world["admin_a"])
    token, report = import_rows(
        client, f"{learner.nip},Sri Handayani,P,PNS,III/a,1.01.1,,{ATTACKER_EMAIL}\n"
    )
    assert not report.ok
    assert {(error.row, error.code) for error in report.errors} == {(2, "identity_locked")}
    assert "BKPSDM" in report.errors[0].message
    client.post(f"/admin/impor/{token}/konfirmasi/")
    learner.user.refresh_from_db()
    assert learner.user.email == "sri.handayani@contoh.go.id"


def test_admin_opd_import_cannot_rename(world, learner):
    _token, report = import_rows(
        client_for(world["admin_a"]),
        f"{learner.nip},Nama Palsu,P,PNS,III/a,1.01.1,,sri.handayani@contoh.go.id\n",
    )
    assert {error.code for error in report.errors} == {"identity_locked"}


def test_admin_opd_import_cannot_touch_a_staff_account(world, trainer):
    _token, report = import_rows(
        client_for(world["admin_a"]),
        f"{trainer.nip},Joko Prasetyo,L,PNS,III/b,1.01.1,,joko.prasetyo@contoh.go.id\n",
    )
    assert {(error.row, error.code) for error in report.errors} == {(2, "staff_account")}


def test_admin_opd_import_still_updates_other_fields_and_creates(world, learner):
    client = client_for(world["admin_a"])
    token, report = import_rows(
        client,
        f"{learner.nip},Sri Handayani,P,PNS,III/c,1.01.1,,sri.handayani@contoh.go.id\n"
        "199203042018011005,Budi Santoso,L,PNS,III/a,1.01.1,,budi@contoh.go.id\n",
    )
    assert report.ok, report.errors
    client.post(f"/admin/impor/{token}/konfirmasi/")
    learner.refresh_from_db()
    assert learner.golongan == "III/c"
    assert Employee.objects.get(nip="199203042018011005").user.email == "budi@contoh.go.id"


def test_bkpsdm_import_changes_an_email_notifies_and_logs(
    world, learner, django_capture_on_commit_callbacks
):
    client = client_for(world["bkpsdm"])
    token, report = import_rows(
        client, f"{learner.nip},Sri Handayani,P,PNS,III/a,1.01.1,,sri.baru@contoh.go.id\n"
    )
    assert report.ok, report.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/impor/{token}/konfirmasi/")
    learner.user.refresh_from_db()
    assert learner.user.email == "sri.baru@contoh.go.id"
    assert [message.to for message in mail.outbox] == [["sri.handayani@contoh.go.id"]]
    entry = ModelLogEntry.objects.get(action="lms.people.identity_change")
    assert entry.object_id == str(learner.pk) and entry.user == world["bkpsdm"]
    assert entry.data["changes"] == {
        "email": {"old": "sri.handayani@contoh.go.id", "new": "sri.baru@contoh.go.id"}
    }


# --- Wagtail's own user and group admin ---------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_a", "bkpsdm", "pengajar"])
def test_hr_roles_cannot_reach_wagtails_user_and_group_admin(world, learner, who):
    client = client_for(world[who])
    group = Group.objects.get(name=Role.PESERTA)
    for url in (
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{learner.user.pk}/",
        f"/admin/users/delete/{learner.user.pk}/",
        "/admin/groups/",
        "/admin/groups/new/",
        f"/admin/groups/edit/{group.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    response = client.post(
        f"/admin/users/edit/{learner.user.pk}/",
        {"username": learner.nip, "email": ATTACKER_EMAIL, "first_name": "X", "last_name": "Y"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    learner.user.refresh_from_db()
    assert learner.user.email == "sri.handayani@contoh.go.id"
    menu = client.get("/admin/").content.decode()
    assert 'href="/admin/users/"' not in menu and 'href="/admin/groups/"' not in menu


def test_identity_change_in_the_history_is_escaped(world, learner):
    hostile = "<script>alert(1)</script>"
    client = client_for(world["bkpsdm"])
    response = client.post(f"/admin/pegawai/edit/{learner.pk}/", edit_post(learner, name=hostile))
    assert response.status_code == 302
    history = client.get(f"/admin/pegawai/history/{learner.pk}/").content.decode()
    assert "Identitas akun diubah" in history
    assert hostile not in history and "<script>alert(1)" not in history


def test_no_edit_link_to_a_staff_employee_for_admin_opd(world, learner, trainer):
    client = client_for(world["admin_a"])
    listing = client.get("/admin/pegawai/").content.decode()
    assert f"/admin/pegawai/edit/{learner.pk}/" in listing
    assert f"/admin/pegawai/edit/{trainer.pk}/" not in listing
    assert f"/admin/pegawai/inspect/{trainer.pk}/" in listing
    detail = client.get(f"/admin/pegawai/inspect/{trainer.pk}/").content.decode()
    assert f"/admin/pegawai/edit/{trainer.pk}/" not in detail
    own = client_for(world["bkpsdm"]).get(f"/admin/pegawai/inspect/{trainer.pk}/")
    assert f"/admin/pegawai/edit/{trainer.pk}/" in own.content.decode()


def test_admin_opd_import_cannot_link_a_staff_account_without_employee(world):
    staff = User.objects.create_user(
        username="198702142011011003", nip="198702142011011003", email="pengajar@contoh.go.id"
    )
    staff.groups.add(Group.objects.get(name=Role.PENGAJAR))
    _token, report = import_rows(
        client_for(world["admin_a"]),
        f"{staff.nip},Pengajar Diambil,L,PNS,III/a,1.01.1,,{ATTACKER_EMAIL}\n",
    )
    assert {(error.row, error.code) for error in report.errors} == {(2, "staff_account")}

"""The account rule at the service and selector level (docs/security.md): who may change the
identity (NIP, name, e-mail) of an account and who may touch a staff account. The HTTP side
(admin form, import, password reset) is in tests/admin/test_identity_changes.py."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.selectors import (
    employee_identity_editable,
    employees_editable_by,
    staff_accounts,
)
from lms.people.services import (
    IDENTITY_CHANGE_ACTION,
    employee_identity_change_notify,
    employee_save,
    mask_email,
    opd_save,
    opd_scope_set,
)
from lms.users.models import User
from lms.users.roles import Role
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    dikbud = opd_save(opd=OPD(code="1.01", name="Dinas Pendidikan", type=OPDType.DINAS))
    dinkes = opd_save(opd=OPD(code="1.02", name="Dinas Kesehatan", type=OPDType.DINAS))
    admin_opd = UserFactory()
    admin_opd.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    opd_scope_set(user=admin_opd, opds=[dikbud])
    bkpsdm = UserFactory(first_name="Bambang", last_name="Sutrisno")
    bkpsdm.groups.add(Group.objects.get(name=Role.BKPSDM))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return {
        "dikbud": dikbud,
        "dinkes": dinkes,
        "admin_opd": admin_opd,
        "bkpsdm": bkpsdm,
        "superuser": superuser,
    }


def new_employee(opd, nip="199003142019032007", **fields) -> Employee:
    values = {
        "nip": nip,
        "name": "Rina Marlina",
        "gender": "P" if nip[14] == "2" else "L",
        "employee_type": EmployeeType.PNS,
        "opd": opd,
        "email": "rina@contoh.go.id",
    }
    return Employee(**(values | fields))


def saved(opd, **fields) -> Employee:
    return employee_save(employee=new_employee(opd, **fields))


# --- The rule table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "case", "editable"),
    [
        ("superuser", "existing", True),
        ("bkpsdm", "existing", True),
        ("admin_opd", "existing", False),
        ("admin_opd", "new", True),
        ("admin_opd", "new_with_existing_account", False),
        ("bkpsdm", "new_with_existing_account", True),
        (None, "existing", True),  # trusted code: demo seed, commands
    ],
)
def test_identity_editable_table(org, who, case, editable):
    user = org[who] if who else None
    if case == "existing":
        employee = saved(org["dikbud"])
    elif case == "new":
        employee = new_employee(org["dikbud"])
    else:
        User.objects.create_user(username="199003142019032007", nip="199003142019032007")
        employee = new_employee(org["dikbud"])
    assert employee_identity_editable(user, employee) is editable


def test_inactive_bkpsdm_manages_nothing(org):
    org["bkpsdm"].is_active = False
    org["bkpsdm"].save()
    bkpsdm = User.objects.get(pk=org["bkpsdm"].pk)
    assert employee_identity_editable(bkpsdm, saved(org["dikbud"])) is False


def test_staff_accounts_are_not_editable_by_admin_opd_but_unlinked_employees_are(org):
    learner = saved(org["dikbud"])
    trainer = saved(org["dikbud"], nip="198506072010011004", name="Joko", email="joko@contoh.go.id")
    trainer.user.groups.add(Group.objects.get(name=Role.PENGAJAR))
    orphan = saved(org["dikbud"], nip="198809122012121002", name="Tanpa Akun", email="")
    Employee.objects.filter(pk=orphan.pk).update(user=None)  # as after the account's deletion
    orphan.refresh_from_db()
    assert orphan.user_id is None
    assert set(employees_editable_by(org["admin_opd"])) == {learner, orphan}
    assert set(employees_editable_by(org["bkpsdm"])) == {learner, trainer, orphan}
    assert trainer.user in staff_accounts() and learner.user not in staff_accounts()
    assert staff_accounts().filter(pk=org["superuser"].pk).count() == 1  # distinct


# --- employee_save with an actor ----------------------------------------------------------------


def test_service_refuses_admin_opd_identity_change_whatever_the_caller(org):
    employee = saved(org["dikbud"])
    employee.email = "penyerang@contoh.go.id"
    with pytest.raises(ValidationError) as error:
        employee_save(employee=employee, user=org["admin_opd"])
    assert error.value.message_dict["email"][0].startswith("Hanya BKPSDM")
    assert User.objects.get(pk=employee.user_id).email == "rina@contoh.go.id"
    assert Employee.objects.get(pk=employee.pk).email == "rina@contoh.go.id"


def test_service_refuses_admin_opd_on_a_staff_account(org):
    employee = saved(org["dikbud"])
    employee.user.groups.add(Group.objects.get(name=Role.PENGAJAR))
    employee = Employee.objects.get(pk=employee.pk)
    employee.golongan = "III/b"
    with pytest.raises(ValidationError) as error:
        employee_save(employee=employee, user=org["admin_opd"])
    assert "akun staf" in error.value.message_dict["nip"][0]
    assert Employee.objects.get(pk=employee.pk).golongan == ""


def test_service_refuses_an_opd_outside_the_scope(org):
    with pytest.raises(ValidationError) as error:
        employee_save(employee=new_employee(org["dinkes"]), user=org["admin_opd"])
    assert "opd" in error.value.message_dict
    theirs = saved(org["dinkes"])
    theirs.opd = org["dikbud"]  # pulling someone else's employee into one's own OPD
    with pytest.raises(ValidationError):
        employee_save(employee=theirs, user=org["admin_opd"])
    assert Employee.objects.get(pk=theirs.pk).opd == org["dinkes"]


def test_admin_opd_saves_other_fields_and_creates(org):
    employee = saved(org["dikbud"])
    employee.golongan = "III/b"
    employee_save(employee=employee, user=org["admin_opd"])
    created = employee_save(
        employee=new_employee(org["dikbud"], nip="199203042018011005", name="Budi", gender="L",
                              email="budi@contoh.go.id"),
        user=org["admin_opd"],
    )  # fmt: skip
    assert created.user.email == "budi@contoh.go.id"
    assert not ModelLogEntry.objects.filter(action=IDENTITY_CHANGE_ACTION).exists()


def test_bkpsdm_change_is_logged_and_mailed_once_after_commit(
    org, django_capture_on_commit_callbacks
):
    employee = saved(org["dikbud"])
    employee.email = "rina.baru@contoh.go.id"
    employee.nip = "199003142019032015"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        employee_save(employee=employee, user=org["bkpsdm"])
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["rina@contoh.go.id"]]
    entry = ModelLogEntry.objects.get(action=IDENTITY_CHANGE_ACTION)
    assert entry.data["changes"] == {
        "nip": {"old": "199003142019032007", "new": "199003142019032015"},
        "email": {"old": "rina@contoh.go.id", "new": "rina.baru@contoh.go.id"},
    }
    user = User.objects.get(pk=employee.user_id)
    assert (user.username, user.nip) == ("199003142019032015", "199003142019032015")


def test_a_rolled_back_change_sends_nothing(org, django_capture_on_commit_callbacks):
    taken = UserFactory(email="dipakai@contoh.go.id")
    employee = saved(org["dikbud"])
    employee.email = taken.email
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        employee_save(employee=employee, user=org["bkpsdm"])
    assert mail.outbox == []
    assert not ModelLogEntry.objects.filter(action=IDENTITY_CHANGE_ACTION).exists()


def test_setting_a_first_email_is_logged_without_a_notice(org, django_capture_on_commit_callbacks):
    employee = saved(org["dikbud"], email="")
    employee.email = "rina@contoh.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        employee_save(employee=employee, user=org["bkpsdm"])
    assert mail.outbox == []
    entry = ModelLogEntry.objects.get(action=IDENTITY_CHANGE_ACTION)
    assert entry.data["changes"] == {"email": {"old": "", "new": "rina@contoh.go.id"}}


# --- The notice -------------------------------------------------------------------------------


def test_notice_says_who_when_and_what_to_do_without_secrets(
    org, django_capture_on_commit_callbacks
):
    employee = saved(org["dikbud"], gelar_belakang="S.Pd.")
    employee.email = "rina.baru@contoh.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        employee_save(employee=employee, user=org["bkpsdm"])
    (message,) = mail.outbox
    body = message.body
    assert message.subject == "Alamat e-mail akun LMS ASN Anda telah diubah"
    assert "Yth. Rina Marlina, S.Pd.," in body
    assert "Bambang Sutrisno" in body
    assert "WIB" in body  # the time, in the platform's time zone
    assert "r********@contoh.go.id" in body and "rina.baru@" not in body
    assert "hubungi BKPSDM" in body
    assert "http" not in body  # no link of any kind


def test_notice_with_no_old_address_sends_nothing(org):
    employee = saved(org["dikbud"])
    entry = ModelLogEntry.objects.log_action(
        employee, IDENTITY_CHANGE_ACTION, data={"changes": {"email": {"old": "", "new": "x@y.id"}}}
    )
    assert employee_identity_change_notify(log_entry_id=entry.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("address", "masked"),
    [("sri.baru@contoh.go.id", "s*******@contoh.go.id"), ("a@b.id", "a***@b.id"), ("x", "***")],
)
def test_mask_email(address, masked):
    assert mask_email(address) == masked

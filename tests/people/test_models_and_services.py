"""OPD tree and history, positions, employees and their accounts: the model rules."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.selectors import opds_valid_in
from lms.people.services import (
    employee_account_ensure,
    employee_save,
    opd_save,
    position_save,
)
from lms.users.roles import Role
from lms.users.services import account_activation_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def diskominfo():
    return opd_save(
        opd=OPD(code="2.16", name="Dinas Komunikasi dan Informatika", type=OPDType.DINAS)
    )


def make_employee(opd, **fields) -> Employee:
    values = {
        "nip": "199003142019032007",
        "name": "Rina Marlina",
        "gender": "P",
        "employee_type": EmployeeType.PNS,
        "golongan": "III/a",
        "opd": opd,
    }
    return Employee(**(values | fields))


def test_opd_cannot_end_before_it_starts(diskominfo):
    diskominfo.valid_from = datetime.date(2026, 1, 1)
    diskominfo.valid_to = datetime.date(2025, 12, 31)
    with pytest.raises(ValidationError) as error:
        opd_save(opd=diskominfo)
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in str(error.value)


def test_opd_tree_cannot_loop(diskominfo):
    unit = opd_save(
        opd=OPD(code="2.16.1", name="Bidang Aptika", type=OPDType.LAINNYA, parent=diskominfo)
    )
    diskominfo.parent = unit
    with pytest.raises(ValidationError) as error:
        opd_save(opd=diskominfo)
    assert "parent" in error.value.message_dict


def test_merge_keeps_history_and_each_year_sees_its_own_structure():
    koperasi = opd_save(
        opd=OPD(
            code="2.17",
            name="Dinas Koperasi dan UKM",
            type=OPDType.DINAS,
            valid_to=datetime.date(2025, 12, 31),
        )
    )
    dagang = opd_save(
        opd=OPD(
            code="3.30",
            name="Dinas Perdagangan",
            type=OPDType.DINAS,
            valid_to=datetime.date(2025, 12, 31),
        )
    )
    merged = opd_save(
        opd=OPD(
            code="2.17.3.30",
            name="Dinas Koperasi, UKM dan Perdagangan",
            type=OPDType.DINAS,
            valid_from=datetime.date(2026, 1, 1),
        )
    )
    koperasi.successors.add(merged)
    dagang.successors.add(merged)
    assert set(merged.predecessors.all()) == {koperasi, dagang}
    assert set(opds_valid_in(2025)) == {koperasi, dagang}
    assert set(opds_valid_in(2026)) == {merged}
    assert koperasi.is_valid_in(2025) and not koperasi.is_valid_in(2026)


def test_position_jenjang_must_fit_jenis_jabatan():
    with pytest.raises(ValidationError) as error:
        position_save(
            position=Position(
                code="X1",
                name="Pranata Komputer",
                jenis_jabatan=JenisJabatan.PELAKSANA,
                jenjang="ahli_muda",
            )
        )
    assert "jenjang" in error.value.message_dict
    ok = position_save(
        position=Position(
            code="X2",
            name="Pranata Komputer Ahli Muda",
            jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN,
            jenjang="ahli_muda",
        )
    )
    assert ok.pk


def test_new_employee_gets_an_inactive_password_account_in_the_peserta_group(diskominfo):
    employee = employee_save(employee=make_employee(diskominfo, nip="19900314 201903 2 007"))
    assert employee.nip == "199003142019032007"
    user = employee.user
    assert user.username == user.nip == employee.nip
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [Role.PESERTA]


def test_account_is_activated_once_through_the_link(client, diskominfo):
    employee = employee_save(employee=make_employee(diskominfo))
    path = account_activation_path(user=employee.user)
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345", "new_password2": "12345"})
    assert weak.context["form"].errors  # too short and numeric: rejected, nothing saved
    employee.user.refresh_from_db()
    assert not employee.user.has_usable_password()
    done = client.post(
        set_url, {"new_password1": "Belajar-Terus-2026", "new_password2": "Belajar-Terus-2026"}
    )
    assert done.status_code == 302
    assert client.login(username=employee.nip, password="Belajar-Terus-2026")
    client.logout()
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "tidak berlaku lagi" in again.content.decode()


def test_existing_account_keeps_password_and_roles(diskominfo, django_user_model):
    user = django_user_model.objects.create_user(
        username="199003142019032007", nip="199003142019032007", password="Sudah-Punya-2026"
    )
    user.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    employee = employee_save(employee=make_employee(diskominfo))
    assert employee.user == user
    user.refresh_from_db()
    assert user.check_password("Sudah-Punya-2026")
    assert list(user.groups.values_list("name", flat=True)) == [Role.ADMIN_OPD]
    assert user.first_name == "Rina Marlina"


def test_deactivating_the_employee_deactivates_the_login(diskominfo):
    employee = employee_save(employee=make_employee(diskominfo))
    employee.is_active = False
    employee_save(employee=employee)
    employee.user.refresh_from_db()
    assert not employee.user.is_active
    assert employee_account_ensure(employee=employee) == employee.user  # idempotent


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"nip": "1.98501E+17"}, "nip", "Excel"),
        ({"nip": "19900314201903200"}, "nip", "18 digit"),
        ({"gender": "L"}, "gender", "digit ke-15"),
        ({"golongan": "IX"}, "golongan", "tidak berlaku untuk PNS"),
        # A PPPK number (contract count 21 at digits 13-14) is not a valid PNS NIP...
        ({"nip": "198805172022211002", "gender": "L"}, "nip", "bulan TMT"),
    ],
)
def test_employee_rules_give_clear_indonesian_messages(diskominfo, fields, field, fragment):
    with pytest.raises(ValidationError) as error:
        employee_save(employee=make_employee(diskominfo, **fields))
    assert any(fragment in message for message in error.value.message_dict[field])
    assert not Employee.objects.exists()


def test_pppk_uses_its_own_nip_rule_and_golongan(diskominfo):
    # ...but is valid for a PPPK with a PPPK golongan.
    employee = employee_save(
        employee=make_employee(
            diskominfo,
            nip="198805172022211002",
            gender="L",
            employee_type=EmployeeType.PPPK,
            golongan="IX",
        )
    )
    assert employee.pk


def test_nip_is_unique(diskominfo):
    employee_save(employee=make_employee(diskominfo))
    with pytest.raises(ValidationError) as error:
        employee_save(employee=make_employee(diskominfo, name="Orang Lain"))
    assert "nip" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_employee(diskominfo, name="Lewat Samping").save()


def test_full_name_carries_gelar(diskominfo):
    employee = make_employee(diskominfo, gelar_depan="Dr.", gelar_belakang="S.Kom., M.Si.")
    assert employee.full_name == "Dr. Rina Marlina, S.Kom., M.Si."

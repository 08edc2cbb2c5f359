"""People admin: writes go through the services, choices are scoped, errors come back as form
errors (never a 500), and names with HTML are escaped on every page that shows them."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from lms.competencies.models import PositionRequirement
from lms.people.models import OPD, Employee, OPDScope, Position
from lms.users.models import User
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_employee

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def form_data(form) -> dict:
    """POST data reproducing a rendered form as it stands (fields and inline formsets)."""
    data = {}
    forms = [("", form)]
    for name, formset in getattr(form, "formsets", {}).items():
        management = formset.management_form
        for field in management:
            data[field.html_name] = field.value()
        data[f"{name}-TOTAL_FORMS"] = len(formset.forms)
        forms += [("", child) for child in formset.forms]
    for _prefix, current in forms:
        for field in current:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def employee_post(world, **overrides) -> dict:
    data = {
        "nip": "19920304 201801 1 005",
        "name": "Budi Santoso",
        "gelar_depan": "",
        "gelar_belakang": "S.Kom.",
        "gender": "L",
        "employee_type": "PNS",
        "golongan": "III/a",
        "opd": world["sd"].pk,
        "position": world["guru"].pk,
        "email": "budi.santoso@contoh.go.id",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- Bad input first --------------------------------------------------------------------------


def test_nip_mangled_by_excel_is_refused_with_a_clear_message(world):
    client = client_for(world["bkpsdm"])
    response = client.post("/admin/pegawai/new/", employee_post(world, nip="1.98501E+17"))
    assert response.status_code == 200
    assert "notasi ilmiah" in response.content.decode()
    assert not Employee.objects.filter(name="Budi Santoso").exists()


def test_gender_that_contradicts_the_nip_is_refused(world):
    client = client_for(world["bkpsdm"])
    response = client.post("/admin/pegawai/new/", employee_post(world, gender="P"))
    assert response.status_code == 200
    assert "digit ke-15" in response.content.decode()
    assert not Employee.objects.filter(name="Budi Santoso").exists()


def test_duplicate_nip_is_refused(world):
    client = client_for(world["bkpsdm"])
    response = client.post("/admin/pegawai/new/", employee_post(world, nip=world["mine"].nip))
    assert response.status_code == 200
    assert Employee.objects.filter(nip=world["mine"].nip).count() == 1


def test_account_conflict_from_the_service_is_a_form_error_and_nothing_is_saved(world):
    """employee_save → employee_account_ensure refuses an e-mail another account already uses;
    the admin shows that on the form and rolls the employee back."""
    taken = world["pengajar"].email
    client = client_for(world["bkpsdm"])
    response = client.post("/admin/pegawai/new/", employee_post(world, email=taken.upper()))
    assert response.status_code == 200
    assert "sudah dipakai akun lain" in response.content.decode()
    assert not Employee.objects.filter(name="Budi Santoso").exists()
    assert not User.objects.filter(username="199203042018011005").exists()


def test_admin_opd_cannot_place_an_employee_outside_their_scope(world):
    client = client_for(world["admin_a"])
    response = client.post(
        "/admin/pegawai/new/",
        employee_post(world, opd=world["dinkes"].pk, position=world["perawat"].pk),
    )
    assert response.status_code == 200
    assert not Employee.objects.filter(name="Budi Santoso").exists()
    form = response.context["form"]
    assert "opd" in form.errors and "position" in form.errors


def test_admin_opd_cannot_move_their_employee_to_another_opd(world):
    client = client_for(world["admin_a"])
    mine = world["mine"]
    response = client.post(
        f"/admin/pegawai/edit/{mine.pk}/",
        employee_post(world, nip=mine.nip, name=mine.name, opd=world["dinkes"].pk),
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.opd == world["sd"]


def test_employee_form_offers_only_choices_in_scope(world):
    form = client_for(world["admin_a"]).get("/admin/pegawai/new/").context["form"]
    assert set(form.fields["opd"].queryset) == {world["dikbud"], world["sd"]}
    positions = set(form.fields["position"].queryset)
    assert world["guru"] in positions and world["pelaksana"] in positions  # own and shared
    assert world["perawat"] not in positions


# --- Service hooks ----------------------------------------------------------------------------


def test_employee_created_in_the_admin_gets_an_account(world):
    client = client_for(world["admin_a"])
    response = client.post("/admin/pegawai/new/", employee_post(world))
    assert response.status_code == 302
    employee = Employee.objects.get(nip="199203042018011005")  # spaces removed
    assert employee.user is not None
    assert employee.user.username == employee.nip
    assert employee.user.email == "budi.santoso@contoh.go.id"
    assert not employee.user.has_usable_password()  # activated through the one-time link
    assert employee.user.groups.filter(name=Role.PESERTA).exists()


def test_employee_edit_keeps_the_account_in_step(world):
    client = client_for(world["bkpsdm"])
    mine = world["mine"]
    response = client.post(
        f"/admin/pegawai/edit/{mine.pk}/",
        employee_post(world, nip=mine.nip, name="Andi Wijaya Putra", email="andi@contoh.go.id",
                      is_active=""),
    )  # fmt: skip
    assert response.status_code == 302
    mine.refresh_from_db()
    mine.user.refresh_from_db()
    assert mine.user.email == "andi@contoh.go.id"
    assert mine.user.first_name == "Andi Wijaya Putra"
    assert mine.user.is_active is False


def test_it_position_gets_the_spbe_floor(world, django_capture_on_commit_callbacks):
    from lms.competencies.catalogue import IT_ROLE_OVERRIDES

    client = client_for(world["bkpsdm"])
    with django_capture_on_commit_callbacks(execute=True):  # position_saved runs after commit
        response = client.post(
            "/admin/jabatan/new/",
            {"code": "J-PRAKOM", "name": "Pranata Komputer Ahli Pertama",
             "jenis_jabatan": "fungsional_keahlian", "jenjang": "ahli_pertama",
             "opd": world["dikbud"].pk, "is_it_role": "on"},
        )  # fmt: skip
    assert response.status_code == 302
    position = Position.objects.get(code="J-PRAKOM")
    overrides = dict(
        PositionRequirement.objects.filter(position=position).values_list(
            "competency__code", "required_level"
        )
    )
    assert overrides == dict(IT_ROLE_OVERRIDES)


def test_position_with_a_jenjang_of_another_jenis_is_refused(world):
    response = client_for(world["bkpsdm"]).post(
        "/admin/jabatan/new/",
        {"code": "J-X", "name": "Jabatan Salah", "jenis_jabatan": "pelaksana",
         "jenjang": "ahli_madya"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Position.objects.filter(code="J-X").exists()


def test_opd_dates_are_validated_by_the_service(world):
    response = client_for(world["bkpsdm"]).post(
        "/admin/opd/new/",
        {"code": "9.99", "name": "Badan Baru", "type": "badan", "valid_from": "2026-01-01",
         "valid_to": "2025-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not OPD.objects.filter(code="9.99").exists()


def test_opd_cannot_become_its_own_ancestor(world):
    dikbud = world["dikbud"]
    response = client_for(world["bkpsdm"]).post(
        f"/admin/opd/edit/{dikbud.pk}/",
        {"code": dikbud.code, "name": dikbud.name, "type": dikbud.type,
         "parent": world["sd"].pk, "valid_from": "2000-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    dikbud.refresh_from_db()
    assert dikbud.parent is None


def test_opd_in_use_cannot_be_deleted_and_says_why(world):
    client = client_for(world["bkpsdm"])
    response = client.post(f"/admin/opd/delete/{world['dinkes'].pk}/", follow=True)
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()
    assert OPD.objects.filter(pk=world["dinkes"].pk).exists()


def test_bkpsdm_binds_an_admin_opd_to_an_opd(world):
    client = client_for(world["bkpsdm"])
    form = client.get("/admin/cakupan-opd/new/").context["form"]
    users = set(form.fields["user"].queryset)
    assert world["admin_a"] in users and world["pengajar"] not in users
    response = client.post(
        "/admin/cakupan-opd/new/", {"user": world["admin_a"].pk, "opd": world["dinkes"].pk}
    )
    assert response.status_code == 302
    assert set(OPDScope.objects.filter(user=world["admin_a"]).values_list("opd", flat=True)) == {
        world["dikbud"].pk,
        world["dinkes"].pk,
    }
    # A peserta cannot be made an Admin OPD through this screen.
    response = client.post(
        "/admin/cakupan-opd/new/", {"user": world["peserta"].pk, "opd": world["dinkes"].pk}
    )
    assert response.status_code == 200
    assert not OPDScope.objects.filter(user=world["peserta"]).exists()


# --- Escaping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_html_in_names_is_escaped_on_every_page(world, hostile):
    employee = make_employee(world["sd"], "199002152015031009", hostile, gelar_belakang=hostile)
    client = client_for(world["bkpsdm"])
    pages = [
        "/admin/pegawai/",
        f"/admin/pegawai/?q={employee.nip}",
        f"/admin/pegawai/results/?q={employee.nip}",
        f"/admin/pegawai/inspect/{employee.pk}/",
        f"/admin/pegawai/edit/{employee.pk}/",
        f"/admin/pegawai/delete/{employee.pk}/",
        f"/admin/pegawai/history/{employee.pk}/",
        "/admin/bukti-kompetensi/",
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert hostile not in content, url
        assert "<script>alert(1)" not in content, url
        assert "<img src=x" not in content, url


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_html_in_a_new_name_is_escaped_in_the_success_message(world, hostile):
    client = client_for(world["bkpsdm"])
    response = client.post("/admin/pegawai/new/", employee_post(world, name=hostile), follow=True)
    assert response.status_code == 200
    assert Employee.objects.filter(name=hostile).exists()
    content = response.content.decode()
    assert hostile not in content
    assert "<img src=x" not in content and "<script>alert(1)" not in content


# --- Employee detail --------------------------------------------------------------------------


def test_employee_detail_shows_identity_account_profile_and_jp(world):
    mine = world["mine"]
    mine.gelar_depan, mine.gelar_belakang = "Dr.", "M.Pd."
    mine.save()
    content = client_for(world["admin_a"]).get(f"/admin/pegawai/inspect/{mine.pk}/")
    text = content.content.decode()
    assert "Dr. Andi Wijaya, M.Pd." in text
    assert mine.nip in text
    assert "UPTD SD 1" in text and "Guru Ahli Pertama" in text
    assert "Menunggu aktivasi" in text
    assert "Profil kompetensi dan JP" in text
    assert escape(world["competency"].name) in text
    year = timezone.localdate().year
    assert f"JP tahun {year}: <strong>12</strong> JP" in text


def test_forms_are_csrf_protected(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["bkpsdm"])
    response = client.post("/admin/pegawai/new/", employee_post(world))
    assert response.status_code == 403
    assert not Employee.objects.filter(name="Budi Santoso").exists()

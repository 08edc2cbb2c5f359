"""OPD scopes: Admin OPD sees only their OPD(s) and sub-units; BKPSDM sees all."""

import pytest
from django.contrib.auth.models import Group

from lms.people.models import OPD, Employee, EmployeeType, OPDScope, OPDType, Position
from lms.people.selectors import (
    employees_visible_to,
    in_opd_scope,
    opd_scope_ids,
    opds_visible_to,
    positions_editable_by,
    positions_visible_to,
)
from lms.people.services import opd_scope_set
from lms.users.roles import Role
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    dikbud = OPD.objects.create(code="1.01", name="Dinas Pendidikan", type=OPDType.DINAS)
    sd = OPD.objects.create(code="1.01.1", name="UPTD SD 1", type=OPDType.UPTD, parent=dikbud)
    sd_kelas = OPD.objects.create(
        code="1.01.1.1", name="Unit Kelas", type=OPDType.LAINNYA, parent=sd
    )
    dinkes = OPD.objects.create(code="1.02", name="Dinas Kesehatan", type=OPDType.DINAS)
    puskesmas = OPD.objects.create(
        code="1.02.1", name="Puskesmas", type=OPDType.UPTD, parent=dinkes
    )
    return {"dikbud": dikbud, "sd": sd, "kelas": sd_kelas, "dinkes": dinkes, "puskesmas": puskesmas}


def employee_in(opd, nip):
    return Employee.objects.create(
        nip=nip, name=f"Pegawai {nip[-3:]}", gender="L", employee_type=EmployeeType.PNS, opd=opd
    )


def user_in(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_admin_opd_sees_their_opd_and_every_level_below(tree):
    admin = user_in(Role.ADMIN_OPD)
    opd_scope_set(user=admin, opds=[tree["dikbud"]])
    assert opd_scope_ids(admin) == {tree["dikbud"].pk, tree["sd"].pk, tree["kelas"].pk}
    assert set(opds_visible_to(admin)) == {tree["dikbud"], tree["sd"], tree["kelas"]}


def test_admin_opd_never_sees_another_opds_people(tree):
    admin = user_in(Role.ADMIN_OPD)
    opd_scope_set(user=admin, opds=[tree["dikbud"]])
    mine = employee_in(tree["kelas"], "198501012010011001")
    theirs = employee_in(tree["puskesmas"], "198501012010011002")
    visible = employees_visible_to(admin)
    assert list(visible) == [mine]
    assert not visible.filter(pk=theirs.pk).exists()


def test_scope_with_two_opds_and_reassignment(tree):
    admin = user_in(Role.ADMIN_OPD)
    opd_scope_set(user=admin, opds=[tree["sd"], tree["puskesmas"]])
    assert opd_scope_ids(admin) == {tree["sd"].pk, tree["kelas"].pk, tree["puskesmas"].pk}
    opd_scope_set(user=admin, opds=[tree["dinkes"]])
    admin = type(admin).objects.get(pk=admin.pk)  # the scope is cached per user object
    assert opd_scope_ids(admin) == {tree["dinkes"].pk, tree["puskesmas"].pk}


def test_bkpsdm_and_superuser_see_everything(tree):
    employee_in(tree["puskesmas"], "198501012010011003")
    for user in (user_in(Role.BKPSDM), UserFactory(is_superuser=True)):
        assert opd_scope_ids(user) is None
        assert employees_visible_to(user).count() == 1
        assert opds_visible_to(user).count() == 5


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PENGAJAR, Role.ADMIN_OPD])
def test_roles_without_a_scope_see_nothing(tree, role):
    employee_in(tree["dikbud"], "198501012010011004")
    user = user_in(role)
    assert opd_scope_ids(user) == frozenset()
    assert not employees_visible_to(user).exists()
    assert not opds_visible_to(user).exists()


def test_inactive_bkpsdm_sees_nothing(tree):
    user = user_in(Role.BKPSDM)
    user.is_active = False
    assert opd_scope_ids(user) == frozenset()


def test_positions_in_scope_include_shared_ones(tree):
    admin = user_in(Role.ADMIN_OPD)
    opd_scope_set(user=admin, opds=[tree["dikbud"]])
    shared = Position.objects.create(
        code="P1", name="Pengadministrasi Perkantoran", jenis_jabatan="pelaksana"
    )
    own = Position.objects.create(
        code="P2", name="Guru Ahli Pertama", jenis_jabatan="fungsional_keahlian", opd=tree["sd"]
    )
    Position.objects.create(
        code="P3",
        name="Perawat Terampil",
        jenis_jabatan="fungsional_keterampilan",
        opd=tree["puskesmas"],
    )
    assert set(positions_visible_to(admin)) == {shared, own}
    assert set(positions_editable_by(user=admin)) == {own}  # shared ones: BKPSDM only
    assert positions_editable_by(user=user_in(Role.BKPSDM)).count() == 3


def test_in_opd_scope_narrows_any_query_to_the_visible_opds(tree):
    admin = user_in(Role.ADMIN_OPD)
    other = user_in(Role.ADMIN_OPD)
    opd_scope_set(user=admin, opds=[tree["sd"]])
    opd_scope_set(user=other, opds=[tree["dinkes"]])
    scopes = OPDScope.objects.all()
    assert {s.opd for s in in_opd_scope(scopes, user=admin)} == {tree["sd"]}
    assert in_opd_scope(scopes, user=user_in(Role.BKPSDM)).count() == 2
    assert not in_opd_scope(scopes, user=user_in(Role.PESERTA)).exists()


def test_scope_costs_three_queries_then_is_cached(tree, django_assert_num_queries):
    admin = user_in(Role.ADMIN_OPD)
    opd_scope_set(user=admin, opds=[tree["dikbud"]])
    admin = type(admin).objects.get(pk=admin.pk)
    with django_assert_num_queries(3):  # role check, scope roots, the (id, parent) tree
        opd_scope_ids(admin)
    with django_assert_num_queries(0):
        opd_scope_ids(admin)

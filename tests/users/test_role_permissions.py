import pytest
from django.contrib.auth.models import Group

from lms.users.roles import Role

pytestmark = pytest.mark.django_db


def perms(role):
    return set(
        Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename")
    )


def test_admin_opd_maintains_employees_and_reads_the_rest():
    granted = perms(Role.ADMIN_OPD)
    assert {("people", "add_employee"), ("people", "change_employee")} <= granted
    assert ("people", "delete_employee") not in granted
    assert ("people", "change_opd") not in granted
    assert ("competencies", "view_learningrecord") in granted


def test_nobody_deletes_employees_they_are_deactivated():
    for role in Role:
        assert ("people", "delete_employee") not in perms(role)


def test_bkpsdm_maintains_people_and_requirements():
    granted = perms(Role.BKPSDM)
    assert {
        ("people", "add_opd"),
        ("people", "add_opdscope"),
        ("competencies", "change_positionrequirement"),
    } <= granted


@pytest.mark.parametrize("role", list(Role))
def test_learner_records_are_never_editable(role):
    granted = perms(role)
    for model in ("competencyevidence", "learningrecord"):
        assert ("competencies", f"change_{model}") not in granted
        assert ("competencies", f"delete_{model}") not in granted


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PENGAJAR])
def test_learners_and_trainers_get_no_hr_permissions(role):
    assert not {p for p in perms(role) if p[0] in {"people", "competencies"}}


@pytest.mark.parametrize("role", list(Role))
def test_no_role_manages_accounts_or_groups(role):
    """Accounts and groups are managed by superusers only: an Admin OPD (or anyone) with
    users.change_user or auth.change_group could rewrite any account's e-mail or make
    themselves BKPSDM through Wagtail's user and group admin (issue 8, hole 4)."""
    granted = perms(role)
    assert not {p for p in granted if p[0] == "users" or p[1].endswith("_group")}
    assert ("auth", "change_permission") not in granted

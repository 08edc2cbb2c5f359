"""Who may import and export each kind (issue 8, hole 3; the table in docs/security.md).

The permissions each kind declares are pinned here, every one must exist, and the seeded roles
(permissions from the data migrations only, nothing granted by the test) get exactly the kinds
the security table says.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from lms.core.imports import KindNotAllowed, get_kind, import_kinds, kinds_for, run_export
from lms.core.imports.registry import ImportKind, has_permissions
from lms.users.models import User
from lms.users.roles import Role

pytestmark = pytest.mark.django_db

# kind -> (import permissions, export permissions): the table for docs/security.md.
KIND_PERMISSIONS = {
    "opds": (("people.add_opd", "people.change_opd"), ("people.view_opd",)),
    "positions": (("people.add_position", "people.change_position"), ("people.view_position",)),
    "employees": (("people.add_employee", "people.change_employee"), ("people.view_employee",)),
    "requirements": (
        ("competencies.add_positionrequirement", "competencies.change_positionrequirement"),
        ("competencies.view_positionrequirement",),
    ),
    "training-records": (
        ("competencies.add_learningrecord",),
        ("competencies.view_learningrecord",),
    ),
    "questions": (
        ("assessments.add_question", "assessments.change_question", "assessments.add_questionbank"),
        ("assessments.view_question", "assessments.view_questionbank"),
    ),
    "h5p": (("assessments.add_h5ppackage",), ()),  # never exported
}
ALL = set(KIND_PERMISSIONS)
# role -> (kinds it may import, kinds it may export)
ROLE_KINDS = {
    Role.PESERTA: (set(), set()),
    Role.PENGAJAR: ({"questions", "h5p"}, {"questions"}),
    Role.ADMIN_OPD: ({"employees"}, ALL - {"questions", "h5p"}),
    Role.BKPSDM: (ALL - {"questions"}, ALL - {"h5p"}),
}


def test_every_kind_declares_its_permissions():
    declared = {
        name: (kind.import_permissions, kind.export_permissions)
        for name, kind in import_kinds().items()
    }
    assert declared == KIND_PERMISSIONS


def test_every_declared_permission_exists():
    for name, (imports, exports) in KIND_PERMISSIONS.items():
        for dotted in (*imports, *exports):
            app_label, codename = dotted.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), (name, dotted)


@pytest.mark.parametrize("role", list(ROLE_KINDS))
def test_seeded_roles_get_exactly_their_kinds(role):
    user = User.objects.create_user(username=f"{role}@contoh.go.id")
    user.groups.add(Group.objects.get(name=role))
    imports, exports = ROLE_KINDS[role]
    kinds = import_kinds().values()
    assert {kind.name for kind in kinds if kind.can_import(user)} == imports
    assert {kind.name for kind in kinds if kind.can_export(user)} == exports
    assert set(kinds_for(user)) == imports | exports


def test_superusers_may_use_every_kind_and_inactive_or_anonymous_users_none():
    from django.contrib.auth.models import AnonymousUser

    root = User.objects.create_superuser(username="root@contoh.go.id", password="x")
    assert set(kinds_for(root)) == ALL
    root.is_active = False
    assert kinds_for(root) == {}
    assert kinds_for(AnonymousUser()) == {}
    assert kinds_for(None) == {}


def test_a_kind_that_declares_nothing_is_for_superusers_only():
    kind = ImportKind(name="x", label="x", template_columns=[])
    bkpsdm = User.objects.create_user(username="b@contoh.go.id")
    bkpsdm.groups.add(Group.objects.get(name=Role.BKPSDM))
    assert not kind.can_import(bkpsdm) and not kind.can_export(bkpsdm)
    assert kind.can_import(User.objects.create_superuser(username="r@contoh.go.id", password="x"))
    assert not has_permissions(bkpsdm, ())


def test_the_engine_refuses_before_reading_anything():
    admin_opd = User.objects.create_user(username="a@contoh.go.id")
    admin_opd.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    with pytest.raises(KindNotAllowed) as refused:
        run_export("questions", "csv", user=admin_opd)
    assert refused.value.kind == "questions" and refused.value.action == "export"
    assert "assessments.view_question" in refused.value.message
    from lms.core.imports import run_import

    with pytest.raises(KindNotAllowed):
        run_import("opds", b"not even a file", "x.csv", user=admin_opd, commit=True)
    # None is the system (the command line without --as).
    assert run_export("questions", "csv", user=None)
    assert get_kind("questions").check_import(None) is None

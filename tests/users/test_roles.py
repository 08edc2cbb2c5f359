import pytest
from django.contrib.auth.models import Group

from lms.users.roles import STAFF_ROLES, Role

pytestmark = pytest.mark.django_db


def test_migration_creates_the_four_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.parametrize("role", list(Role))
def test_only_staff_roles_enter_the_wagtail_admin(role):
    perms = set(
        Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename")
    )
    assert (("wagtailadmin", "access_admin") in perms) == (role in STAFF_ROLES)


def test_learner_is_sent_away_from_the_admin(client, demo):
    from lms.users.models import User

    client.force_login(User.objects.get(username="198703152010012003"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_trainer_reaches_the_admin(client, demo):
    from lms.users.models import User

    client.force_login(User.objects.get(username="198106212006041002"))
    assert client.get("/admin/").status_code == 200

"""Issue 8, hole 4: an account's e-mail changes only through the employee record (logged, the old
address told). Staff cannot change their own in Wagtail's account page."""

import pytest
from django.contrib.auth.models import Group

from lms.users.roles import Role
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.PENGAJAR, Role.ADMIN_OPD, Role.BKPSDM])
def test_staff_cannot_change_their_own_email_in_the_admin(client, role):
    user = UserFactory(email="lama@contoh.go.id")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    client.post("/admin/account/", {"email": "penyerang@contoh.go.id", "first_name": "X"})
    user.refresh_from_db()
    assert user.email == "lama@contoh.go.id"

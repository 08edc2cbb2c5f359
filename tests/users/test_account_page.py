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
    html = page.content.decode()
    assert 'name="name_email-first_name"' in html  # the panel is there, without the e-mail
    assert 'name="name_email-email"' not in html
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "X",
            "name_email-last_name": "Y",
            "name_email-email": "penyerang@contoh.go.id",
        },
    )
    user.refresh_from_db()
    assert user.email == "lama@contoh.go.id"

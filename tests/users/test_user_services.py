"""``user_save``: the one write of an account outside the employee mirror."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from lms.users.models import User
from lms.users.roles import Role
from lms.users.services import user_save

pytestmark = pytest.mark.django_db


def test_user_save_hashes_the_password_and_sets_exactly_the_groups():
    user = user_save(
        user=User(username="tamu@contoh.go.id", email="tamu@contoh.go.id"),
        password="Rahasia-Panjang-2026",
        groups=[Group.objects.get(name=Role.PENGAJAR)],
    )
    user.refresh_from_db()
    assert user.check_password("Rahasia-Panjang-2026") and user.password != "Rahasia-Panjang-2026"
    assert list(user.groups.values_list("name", flat=True)) == [Role.PENGAJAR]
    user_save(user=user, groups=[Group.objects.get(name=Role.BKPSDM)])
    assert list(user.groups.values_list("name", flat=True)) == [Role.BKPSDM]
    assert user.check_password("Rahasia-Panjang-2026")  # no password given: unchanged


def test_user_save_validates():
    with pytest.raises(ValidationError) as exc:
        user_save(user=User(username="x", nip="12345"))
    assert "nip" in exc.value.error_dict
    assert not User.objects.filter(username="x").exists()

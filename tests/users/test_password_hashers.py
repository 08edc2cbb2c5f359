"""The production password hasher (lms.users.hashers; docs/security.md "Passwords"): Argon2id at
OWASP's minimum, and the PBKDF2 hashes made before it still log in and are rehashed with it.

The test settings hash with MD5 for speed; these tests put back the production list."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client, override_settings
from django.urls import reverse

from lms.settings import base
from lms.users.hashers import Argon2idHasher
from lms.users.models import User
from tests.factories.users import UserFactory

PASSWORD = "Rahasia-Kuat-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_hashers():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        yield


def test_production_hashes_with_argon2id_at_owasps_minimum():
    assert base.PASSWORD_HASHERS[0] == "lms.users.hashers.Argon2idHasher"
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idHasher)
    assert check_password(PASSWORD, encoded) and not check_password("salah", encoded)


def test_the_test_settings_keep_md5():
    """Non-login tests stay fast (quality.md P7: fast hashers only where login is not tested)."""
    from lms.settings import test

    assert test.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_pbkdf2_hash_logs_in_and_is_rehashed_with_argon2id():
    user = UserFactory()
    # An account from before: Django 5.2's default PBKDF2, 1,000,000 iterations.
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert User.objects.get(pk=user.pk).password.startswith("pbkdf2_sha256$")
    response = Client().post(reverse("users:login"), {"username": user.nip, "password": PASSWORD})
    assert response.status_code == 302
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, stored)


def test_a_wrong_password_leaves_the_old_hash_alone():
    user = UserFactory()
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=user.pk).update(password=old)
    response = Client().post(
        reverse("users:login"), {"username": user.nip, "password": "salah-123"}
    )
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).password == old


def test_an_argon2_hash_with_other_parameters_is_brought_to_ours():
    """Django's own Argon2 defaults (100 MiB, 8 lanes) or a later change of ours: rehashed at
    the next login, no migration."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = UserFactory()
    other = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    User.objects.filter(pk=user.pk).update(password=other)
    assert (
        Client()
        .post(reverse("users:login"), {"username": user.nip, "password": PASSWORD})
        .status_code
        == 302
    )
    assert "m=19456,t=2,p=1" in User.objects.get(pk=user.pk).password

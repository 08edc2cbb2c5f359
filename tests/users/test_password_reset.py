""" "Lupa kata sandi?" (issue 13): the same answer whether the address is known, an e-mail (by a
Celery task; eager in tests) only to an active account with a password, a link that works once,
and Indonesian messages for bad input."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("users:password_reset")
DONE = reverse("users:password_reset_done")


def _link(message) -> str:
    return re.search(r"http://testserver(/akun/sandi-baru/\S+/)", message.body).group(1)


def test_the_login_page_offers_it(client):
    assert f'href="{URL}"' in client.get(reverse("users:login")).content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "harus diisi"),
        ("bukan-email", "alamat email yang valid"),
        ("a" * 300 + "@contoh.go.id", "paling banyak 254 karakter"),
    ],
)
def test_bad_input_gets_an_indonesian_message_and_sends_nothing(client, email, message):
    response = client.post(URL, {"email": email})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mail.outbox == []


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(URL, {"email": "tidak.ada@contoh.go.id"})
    assert response.status_code == 302 and response["Location"] == DONE
    assert mail.outbox == []
    assert "Bila alamat itu tercatat" in client.get(DONE).content.decode()


def test_a_pending_account_gets_no_mail(client):
    """An imported employee not yet activated has no usable password: activation is HR's."""
    user = UserFactory(email="baru@contoh.go.id")
    user.set_unusable_password()
    user.save()
    assert client.post(URL, {"email": "baru@contoh.go.id"})["Location"] == DONE
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once(client):
    user = UserFactory(email="siti@contoh.go.id")
    assert client.post(URL, {"email": "SITI@contoh.go.id"})["Location"] == DONE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@contoh.go.id"]
    assert message.subject == "Kata sandi baru untuk akun Pembelajaran ASN"
    link = _link(message)
    form = client.get(link, follow=True)  # Django moves the token into the session first
    assert "Buat kata sandi baru" in form.content.decode()
    new = "Sandi-Baru-Yang-Panjang-2027"
    done = client.post(form.redirect_chain[-1][0],
                       {"new_password1": new, "new_password2": new}, follow=True)  # fmt: skip
    assert "Kata sandi baru tersimpan" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
    again = client.get(link, follow=True).content.decode()
    assert "tidak berlaku lagi atau sudah dipakai" in again


def test_a_forged_link_is_refused(client):
    page = client.get(reverse("users:password_reset_confirm", args=["MQ", "salah-token"]))
    assert "tidak berlaku lagi atau sudah dipakai" in page.content.decode()


def test_the_activation_link_sets_the_first_password_once(client):
    """The activation page shares the one-time link mechanism (views.SetPasswordFromLinkView),
    with its own token (lms.users.tokens): a forgotten-password token does not open it."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from lms.users.services import account_activation_path

    user = UserFactory()
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset_token = reverse("users:activate", args=[uid, default_token_generator.make_token(user)])
    refused = client.get(reset_token, follow=True).content.decode()
    assert "Tautan aktivasi ini tidak berlaku lagi" in refused
    link = account_activation_path(user=user)
    form = client.get(link, follow=True)
    assert "Buat kata sandi untuk akun Anda" in form.content.decode()
    new = "Sandi-Pertama-Yang-Panjang-2026"
    done = client.post(form.redirect_chain[-1][0],
                       {"new_password1": new, "new_password2": new}, follow=True)  # fmt: skip
    assert "Akun aktif" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
    again = client.get(link, follow=True).content.decode()
    assert "Tautan aktivasi ini tidak berlaku lagi" in again

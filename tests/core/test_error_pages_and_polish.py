"""The small things a new user meets first (issue 13, "Polish"): a site icon instead of a 404 on
every visit, Indonesian 404 and 500 pages, a word after logging out, and an admin that calls
nothing on wagtail.org (it fails offline and is in English)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from lms.users.roles import Role
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served_instead_of_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/lms/img/favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)


def test_every_page_names_its_icon(client):
    html = client.get("/akun/masuk/").content.decode()
    assert 'rel="icon" href="/static/lms/img/favicon.svg"' in html


@pytest.mark.parametrize("path", ["/tidak-ada/", "/belajar/kursus/99999999/", "/%00/"])
def test_an_unknown_address_gets_an_indonesian_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html and "Ke beranda" in html
    assert "Not Found" not in html


def test_the_500_page_is_indonesian_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi gangguan" in html and "Server Error" not in html


def test_logging_out_says_so(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/akun/keluar/", follow=True)
    assert "Anda sudah keluar" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_links_nothing_on_wagtail_org():
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=Role.PENGAJAR))
    client = Client()
    client.force_login(trainer)
    html = client.get("/admin/").content.decode()
    assert "Editor Guide" not in html and "guide.wagtail.org" not in html
    assert "What's new in Wagtail" not in html
    assert "releases.wagtail.io" not in html and "wagtail-latest" not in html

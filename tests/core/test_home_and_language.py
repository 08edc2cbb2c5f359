import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.weights import BUDGET, page_weight

# The demo is seeded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_demo_committed")]


def test_home_page_is_indonesian_with_institution_login_box_and_catalogue(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in html
    assert "Pemerintah Kabupaten Contoh" in html
    assert 'name="username"' in html and 'name="password"' in html
    assert 'href="/kursus/"' in html
    assert "Langsung ke konten utama" in html


def test_browser_language_does_not_switch_away_from_indonesian(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert "Masuk" in html


def test_english_is_selectable_and_sticks(client, demo):
    response = client.post("/bahasa/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Skip to main content" in html


def test_unknown_language_choice_falls_back_to_indonesian(demo):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="id">' in client.get("/").content.decode()


def test_wagtail_admin_is_in_indonesian(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Dasbor" in html or "Halaman" in html


def test_catalogue_link_leads_to_a_live_page(client, demo):
    assert client.get("/kursus/").status_code == 200


def test_learner_home_page_weighs_under_100_kb(client, demo):
    from lms.users.models import User

    client.force_login(User.objects.get(username="198703152010012003"))
    weight = page_weight(client, "/")
    assert weight <= BUDGET, weight


def test_no_css_or_js_comes_from_another_origin(client, demo):
    html = client.get("/").content.decode()
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


def test_gettext_default_is_indonesian():
    assert settings.LANGUAGE_CODE == "id"
    with translation.override("id"):
        assert translation.gettext("Masuk") == "Masuk"


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}

"""The page tree is locked: the catalogue lives under the home page only, once."""

import pytest
from wagtail.models import Page

from courses.models import CourseIndexPage
from lms.core.models import HomePage
from tests.factories.pages import CourseIndexPageFactory

pytestmark = pytest.mark.django_db


def test_migration_creates_one_home_page_as_the_site_root(client):
    home = HomePage.objects.get()
    assert home.get_site().is_default_site
    assert client.get("/").status_code == 200


def test_catalogue_can_only_sit_under_the_home_page_once():
    home = HomePage.objects.get()
    catalogue = CourseIndexPage.objects.get()  # created by the courses migration
    assert catalogue.get_parent().specific == home
    assert not CourseIndexPage.can_create_at(home)  # max_count = 1
    assert not CourseIndexPage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(catalogue)
    catalogue.delete()
    assert CourseIndexPage.can_create_at(HomePage.objects.get())
    assert CourseIndexPageFactory(parent=HomePage.objects.get()).url == "/kursus/"


def test_empty_catalogue_says_so(client):
    response = client.get(CourseIndexPage.objects.get().url)
    assert response.status_code == 200
    assert "Tidak ada kursus yang cocok." in response.content.decode()


def test_home_links_the_chosen_catalogue_from_every_page(client):
    catalogue = CourseIndexPage.objects.get()
    assert f'href="{catalogue.url}"' in client.get("/akun/masuk/").content.decode()
    catalogue.unpublish()
    assert f'href="{catalogue.url}"' not in client.get("/akun/masuk/").content.decode()

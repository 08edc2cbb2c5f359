"""Assigning a mandatory course in the Wagtail admin, within the assigner's OPD scope."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Assignment, Enrollment
from tests.admin.conftest import client_for
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db
URL = "/admin/penugasan/"


def form(course, **fields):
    data = {
        "course": course.pk,
        "target": "opd",
        "opd": "",
        "position": "",
        "nips": "",
        "due_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "note": "",
    }
    return data | fields


def test_admin_opd_assigns_their_opd_and_employees_are_enrolled(
    world, django_capture_on_commit_callbacks
):
    course = build_course()
    client = client_for(world["admin_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}new/", form(course, opd=world["dikbud"].pk))
    assert response.status_code == 302, response.context["form"].errors
    assignment = Assignment.objects.get()
    assert assignment.created_by == world["admin_a"] and assignment.enrolled_count == 1
    assert list(Enrollment.objects.values_list("user__employee__name", "source")) == [
        ("Andi Wijaya", "assigned")
    ]
    listing = client.get(URL).content.decode()
    assert course.title in listing


def test_other_opd_is_not_offered_and_is_refused(world):
    course = build_course()
    client = client_for(world["admin_a"])
    page = client.get(f"{URL}new/").content.decode()
    assert "Dinas Pendidikan" in page and "Dinas Kesehatan" not in page
    response = client.post(f"{URL}new/", form(course, opd=world["dinkes"].pk))
    assert response.status_code == 200
    assert "opd" in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_listed_nips_must_all_be_in_scope(world):
    course = build_course()
    client = client_for(world["admin_a"])
    nips = f"{world['mine'].nip}\n{world['theirs'].nip}\n12345"
    response = client.post(f"{URL}new/", form(course, target="employees", nips=nips))
    errors = response.context["form"].errors["nips"][0]
    assert world["theirs"].nip in errors and "12345" in errors and world["mine"].nip not in errors
    assert not Assignment.objects.exists()


def test_past_due_date_is_refused_in_indonesian(world):
    course = build_course()
    response = client_for(world["bkpsdm"]).post(
        f"{URL}new/", form(course, opd=world["dinkes"].pk, due_date="2020-01-01")
    )
    assert response.context["form"].errors["due_date"] == ["Batas waktu harus setelah hari ini."]


def test_assignments_of_another_opd_are_invisible(world):
    course = build_course()
    client_for(world["bkpsdm"]).post(f"{URL}new/", form(course, opd=world["dinkes"].pk))
    assignment = Assignment.objects.get()
    client = client_for(world["admin_a"])
    assert course.title not in client.get(URL).content.decode()
    assert client.get(f"{URL}inspect/{assignment.pk}/").status_code == 404
    assert client.get(f"{URL}edit/{assignment.pk}/").status_code in {
        302,
        403,
        404,
    }  # never editable


@pytest.mark.parametrize("role", ["pengajar", "mine"])
def test_learners_and_trainers_cannot_assign(world, role):
    user = world[role].user if role == "mine" else world[role]
    response = client_for(user).get(f"{URL}new/")
    assert response.status_code in {302, 403}

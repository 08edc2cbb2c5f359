"""Pengajar author under the catalogue; BKPSDM approve and publish through the workflow."""

import pytest
from django.contrib.auth.models import Group

from courses.models import CourseIndexPage, CoursePage
from courses.services import course_trainers_set
from lms.users.roles import Role
from tests.factories.courses import build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def member(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_migration_creates_the_catalogue_linked_from_home(client):
    catalogue = CourseIndexPage.objects.get()
    assert catalogue.live and catalogue.url == "/kursus/"
    assert catalogue.get_parent().specific.catalogue_page_id == catalogue.pk
    assert client.get("/kursus/").status_code == 200


def test_trainer_can_author_but_not_publish():
    catalogue = CourseIndexPage.objects.get()
    trainer = member(Role.PENGAJAR)
    perms = catalogue.permissions_for_user(trainer)
    assert perms.can_add_subpage()
    assert not perms.can_edit()  # the catalogue page itself is BKPSDM's
    assert not perms.can_publish()
    course = build_course()
    assert not course.permissions_for_user(trainer).can_edit()  # not their course
    course_trainers_set(course=course, users=[trainer])
    assert course.permissions_for_user(trainer).can_edit()
    assert not course.permissions_for_user(trainer).can_publish()


def test_bkpsdm_publishes_and_learners_cannot_author():
    catalogue = CourseIndexPage.objects.get()
    assert catalogue.permissions_for_user(member(Role.BKPSDM)).can_publish()
    for role in (Role.PESERTA, Role.ADMIN_OPD):
        assert not catalogue.permissions_for_user(member(role)).can_add_subpage()


def test_courses_go_through_the_bkpsdm_moderation_workflow():
    course = build_course()
    workflow = course.get_workflow()
    assert workflow.name == "Moderasi kursus"
    (task,) = [t.specific for t in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [Role.BKPSDM]


def test_submitted_course_is_published_only_after_approval():
    trainer, reviewer = member(Role.PENGAJAR), member(Role.BKPSDM)
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage(
        title="Kursus Baru", code="BARU-1", summary="Ringkas", jp=2, category="spbe", live=False
    )
    catalogue.add_child(instance=course)
    revision = course.save_revision(user=trainer)
    state = course.get_workflow().start(course, trainer)
    course.refresh_from_db()
    assert not course.live and state.status == "in_progress"
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(course, reviewer)
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    course.refresh_from_db()
    assert course.live
    assert course.live_revision_id == revision.pk

"""Pre/post normalised gain per course, shown to trainers in the admin."""

import pytest
from django.contrib.auth.models import Group

from assessments.services import attempt_start, attempt_submit
from courses.selectors import course_learning_gains, course_lessons
from courses.services import course_trainers_set, enrollment_create
from lms.users.roles import Role
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.courses import add_quiz, build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def take(user, quiz, lesson, right: int):
    attempt = attempt_start(user=user, quiz=quiz, page_id=lesson.pk)
    answers = dict(list(correct_answers(attempt).items())[:right])
    return attempt_submit(attempt=attempt, user=user, answers=answers)


def test_gain_per_course_from_its_pre_and_post_tests(client):
    course = build_course(modules=1, lessons=2)
    other = build_course(title="Tanpa tes")
    pre = make_quiz(kind="pre", title="Awal", banks=(("SP.01", 2, 4, 4),))
    post = make_quiz(kind="post", title="Akhir", banks=(("SP.01", 2, 4, 4),))
    first, last = course_lessons(course)
    for lesson, quiz in ((first, pre), (last, post)):
        add_quiz(lesson, quiz, required=quiz is post)
    for pre_right, post_right in ((1, 3), (2, 4)):  # 25→75 (g=2/3), 50→100 (g=1)
        user = UserFactory()
        enrollment_create(user=user, course=course)
        take(user, pre, first, pre_right)
        take(user, post, last, post_right)
    gains = {g.course.pk: g for g in course_learning_gains()}
    figures = gains[course.pk].figures
    assert (figures["n"], figures["pre_mean"], figures["post_mean"]) == (2, 37.5, 87.5)
    assert figures["gain"] == pytest.approx((2 / 3 + 1) / 2)
    assert gains[other.pk].figures is None

    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=Role.PENGAJAR))
    course_trainers_set(course=course, users=[trainer])  # a trainer sees the courses they teach
    client.force_login(trainer)
    page = client.get("/admin/hasil-belajar/")
    assert page.status_code == 200
    html = page.content.decode()
    assert course.title in html and ("0,83" in html or "0.83" in html)
    assert other.title not in html


def test_learners_cannot_open_the_gain_report(client):
    learner = UserFactory()
    learner.groups.add(Group.objects.get(name=Role.PESERTA))
    client.force_login(learner)
    assert client.get("/admin/hasil-belajar/").status_code in {302, 403}

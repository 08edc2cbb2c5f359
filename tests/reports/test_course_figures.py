"""Completion and Hake's normalised gain per OPD and course, computed by hand."""

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptState
from assessments.statistics import normalised_gain
from courses.models import Enrollment, EnrollmentStatus
from courses.selectors import course_lessons
from courses.services import enrollment_create
from lms.reports.selectors import course_summary, report_filters
from tests.factories.assessments import make_quiz
from tests.factories.courses import add_quiz, build_course


def this_year() -> int:
    """Enrolments and attempts are stamped now: the figures are those of the current year."""
    return timezone.localdate().year


@pytest.fixture
def course(regency):
    course = build_course(modules=1, lessons=2, targets=(("LD.01", 2),), code="SPBE-1")
    first, last = course_lessons(course)
    pre = make_quiz(kind="pre", title="Tes awal", banks=(("LD.01", 2, 2, 1),))
    post = make_quiz(kind="post", title="Tes akhir", banks=(("LD.01", 3, 2, 1),))
    add_quiz(first, pre, required=False)
    add_quiz(last, post)
    people = regency["people"]
    for key, status in (
        ("e1", "completed"),
        ("e2", "active"),
        ("e4", "completed"),
        ("e5", "withdrawn"),
    ):
        enrollment = enrollment_create(user=people[key].user, course=course)
        now = timezone.now()
        Enrollment.objects.filter(pk=enrollment.pk).update(
            status=status,
            completed_at=now if status == "completed" else None,
            withdrawn_at=now if status == "withdrawn" else None,
        )
    # (person, quiz, attempt number, %): the first pre-test and the latest post-test count.
    for key, quiz, number, percent in (
        ("e1", pre, 1, 40),
        ("e1", pre, 2, 60),
        ("e1", post, 1, 70),
        ("e1", post, 2, 85),
        ("e2", pre, 1, 100),
        ("e2", post, 1, 100),
        ("e4", pre, 1, 50),
        ("e4", post, 1, 75),
        ("e5", pre, 1, 20),  # no post-test: not counted
    ):
        Attempt.objects.create(
            user=people[key].user,
            quiz=quiz,
            number=number,
            state=AttemptState.SUBMITTED,
            seed=1,
            finished_at=now,
            percent=percent,
        )
    return course, pre, post


def test_completion_and_gain_per_opd_by_hand(regency, course):
    course_page, pre, post = course
    summary = course_summary(report_filters(viewer=regency["bkpsdm"], year=this_year()))
    assert summary.courses == [(course_page.pk, "SPBE-1", course_page.title)]
    rows = {row.opd.code: row.courses for row in summary.rows}
    root = rows["1.01"][course_page.pk]  # E1 completed, E2 active
    assert (root.enrolled, root.completed, root.completion_rate) == (2, 1, 0.5)
    # E1: g = (85 - 40) / (100 - 40) = 0.75; E2 pre 100: in the means, not in <g>.
    assert (root.gain_learners, root.gain_n, root.gain) == (2, 1, 0.75)
    assert (root.pre_mean, root.post_mean) == (70.0, 92.5)
    new = rows["2.03"][course_page.pk]  # E4 completed (E5 withdrew); g = 25 / 50
    assert (new.enrolled, new.completed, new.gain_learners, new.gain) == (1, 1, 1, 0.5)
    assert rows["2.01"] == {}
    whole = summary.per_course()[course_page.pk]
    assert (whole.enrolled, whole.completed, whole.gain_n, whole.gain) == (3, 2, 2, 0.625)
    # The same rule as the assessments app's course-wide figure.
    assert normalised_gain(pre.pk, post.pk)["gain"] == pytest.approx(whole.gain)


def test_admin_opd_sees_their_opd_only(regency, course):
    course_page, _pre, _post = course
    summary = course_summary(report_filters(viewer=regency["admin_new"], year=this_year()))
    assert [row.opd.code for row in summary.rows] == ["2.03"]
    assert summary.rows[0].courses[course_page.pk].enrolled == 1


def test_a_year_without_activity_has_no_figures(regency, course):
    summary = course_summary(report_filters(viewer=regency["bkpsdm"], year=2024))
    assert summary.courses == [] and all(row.courses == {} for row in summary.rows)


def test_withdrawn_is_excluded(regency, course):
    assert Enrollment.objects.filter(status=EnrollmentStatus.WITHDRAWN).count() == 1

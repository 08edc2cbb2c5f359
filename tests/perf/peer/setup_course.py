"""Builds the peer's course for `make bench-peer`: ``python -m tests.perf.peer.setup_course``.

Runs in .bench/peer-venv with ``DJANGO_SETTINGS_MODULE=tests.perf.peer.settings`` after
``migrate``. The course mirrors ours (tests/perf/lesson_course.py): the same lesson titles and
rich text as wagtail-lms H5P lesson pages (its pages for text) under a CoursePage on the default
site's home page, and the same learner enrolled (wagtail-lms's CourseEnrollment). Prints
``LESSON <path>`` of the lesson the benchmark loads.
"""

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonPage  # noqa: E402

from tests.perf import lesson_course as spec  # noqa: E402


def main() -> None:
    course = CoursePage.objects.filter(title=spec.COURSE_TITLE).first()
    if course is None:
        home = Page.objects.get(depth=2)
        course = CoursePage(title=spec.COURSE_TITLE, description="<p>Uji beban</p>")
        home.add_child(instance=course)
        # wagtail-lms has no modules: the lessons of every module are children of the course.
        for m in range(spec.MODULES):
            for n in range(spec.LESSONS_PER_MODULE):
                lesson = H5PLessonPage(
                    title=f"Pelajaran {m + 1}.{n + 1}",
                    body=[("paragraph", spec.LESSON_TEXT)] * spec.LESSON_BLOCKS,
                )
                course.add_child(instance=lesson)
    learner, _ = get_user_model().objects.get_or_create(username=spec.LEARNER_USERNAME)
    learner.set_password(spec.LEARNER_PASSWORD)
    learner.save()
    CourseEnrollment.objects.get_or_create(user=learner, course=course)
    lesson = H5PLessonPage.objects.child_of(course).order_by("path")[1]
    print("LESSON", lesson.url)  # noqa: T201


if __name__ == "__main__":
    main()

"""Course trees for tests: a published course with modules and lessons under the catalogue."""

from decimal import Decimal

import factory
import wagtail_factories

from courses.models import CourseCompetency, CourseIndexPage, CoursePage, LessonPage, ModulePage
from lms.competencies.models import Competency
from lms.core.models import HomePage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kursus {n}")
    code = factory.Sequence(lambda n: f"K-{n:03d}")
    summary = "Ringkasan kursus untuk ASN."
    jp = Decimal("4")
    category = "spbe"

    class Meta:
        model = CoursePage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Modul {n}")

    class Meta:
        model = ModulePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pelajaran {n}")
    body = factory.LazyFunction(lambda: [("text", "<p>Isi pelajaran tentang SPBE untuk ASN.</p>")])

    class Meta:
        model = LessonPage


def catalogue() -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.get()
    page = CourseIndexPage(title="Katalog Kursus", slug="kursus")
    home.add_child(instance=page)
    return page


def build_course(
    *, modules: int = 2, lessons: int = 2, targets=(("SP.01", 2),), **fields
) -> CoursePage:
    """A live course with ``modules`` × ``lessons`` required lessons and competency targets."""
    course = CoursePageFactory(parent=catalogue(), **fields)
    for code, level in targets:
        CourseCompetency.objects.create(
            course=course, competency=Competency.objects.get(code=code), target_level=level
        )
    for _m in range(modules):
        module = ModulePageFactory(parent=course)
        for _l in range(lessons):
            LessonPageFactory(parent=module)
    return course


def add_quiz(lesson: LessonPage, quiz, *, required: bool = True) -> None:
    """Appends a quiz block to ``lesson`` and publishes it (the lesson then holds the quiz)."""
    lesson.body.append(("quiz", {"quiz": quiz, "required": required}))
    lesson.save_revision().publish()


def place_quiz(quiz, *, learners=(), required: bool = True) -> LessonPage:
    """A live one-lesson course holding ``quiz``, with ``learners`` enrolled: the lesson is
    where the quiz access rule lets them start it (pass ``page_id=lesson.pk``)."""
    from courses.selectors import course_lessons
    from courses.services import enrollment_create

    course = build_course(modules=1, lessons=1, title=f"Kursus {quiz.title}")
    (lesson,) = course_lessons(course)
    add_quiz(lesson, quiz, required=required)
    for learner in learners:
        enrollment_create(user=learner, course=course)
    return LessonPage.objects.get(pk=lesson.pk)

"""The course the lesson-page benchmarks load (docs/quality.md P3), for our side and the peer's.

Both sides get the same lesson: two rich-text blocks of about 1.3 KB each (about 2 KB of text
in the page), read by the demo learner of ``seed_demo``. ``test_lesson_page.py`` and
``bench_peer.py`` build ours with :func:`prepare_ours`; ``peer/setup_course.py`` builds the
peer's from the same constants (it runs in the peer's virtualenv, so this module imports nothing
from Django or the project at module level).
"""

LEARNER_USERNAME = "198703152010012003"  # seed_demo's learner (no second login step)
LEARNER_PASSWORD = "Peserta-Belajar-2026"  # noqa: S105 - the demo account's published password
COURSE_TITLE = "Kursus uji beban"
MODULES = 3
LESSONS_PER_MODULE = 4
# The lesson measured: the second of the first module (ours) or of the course (the peer's).
LESSON_TITLE = "Pelajaran 1.2"
LESSON_PHRASE = "SPBE menuntut keterpaduan layanan"
LESSON_TEXT = (
    "<h2>Prinsip SPBE</h2><p>"
    + f"{LESSON_PHRASE}, data dan aplikasi antar-OPD agar pelayanan publik efektif dan efisien. "
    * 12
    + "</p>"
)
LESSON_BLOCKS = 2

OURS_SETUP = f"""
from decimal import Decimal
from courses.models import CourseCompetency, CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.services import enrollment_create
from lms.competencies.models import Competency
from lms.users.models import User
catalogue = CourseIndexPage.objects.get()
course = CoursePage.objects.filter(code="BENCH-1").first()
if course is None:
    course = CoursePage(title={COURSE_TITLE!r}, code="BENCH-1", summary="Uji beban",
                        jp=Decimal(2), category="spbe")
    catalogue.add_child(instance=course)
    CourseCompetency.objects.create(course=course, competency=Competency.objects.get(code="SP.01"),
                                    target_level=2)
    body = [("text", {LESSON_TEXT!r})] * {LESSON_BLOCKS}
    for m in range({MODULES}):
        module = ModulePage(title=f"Modul {{m + 1}}")
        course.add_child(instance=module)
        for n in range({LESSONS_PER_MODULE}):
            module.add_child(instance=LessonPage(title=f"Pelajaran {{m + 1}}.{{n + 1}}", body=body))
learner = User.objects.get(username={LEARNER_USERNAME!r})
enrollment_create(user=learner, course=course)
print("LESSON", LessonPage.objects.descendant_of(course).order_by("path")[1].url)
"""


def prepare_ours(env: dict[str, str]) -> str:
    """Migrates a fresh bench database, loads the demo and the course; returns the lesson's path."""
    import re

    from tests.perf.harness import manage

    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    return re.search(r"LESSON (\S+)", manage(env, "shell", input_text=OURS_SETUP)).group(1)

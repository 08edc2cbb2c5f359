"""H5P activities placed in lessons: which lesson holds which activity, and the course side
of the H5P access rule (docs/security.md), mirroring :mod:`.quizzes`."""

from assessments.h5p.selectors import playable_packages
from lms.users.models import User

from ..models import LessonPage
from .progress import course_for_lesson, current_enrollment


def _package_id(value) -> int | None:
    package = value.get("package") if isinstance(value, dict) else None
    if isinstance(package, int) and not isinstance(package, bool):
        return package
    if isinstance(package, str) and package.isdigit():
        return int(package)
    return None


def lesson_h5p_blocks(lessons) -> dict[int, list[tuple[int, bool]]]:
    """{lesson_id: [(package_id, completes_lesson), ...]} from the stream's raw data (no
    queries)."""
    found: dict[int, list[tuple[int, bool]]] = {}
    for lesson in lessons:
        for block in lesson.body.raw_data:
            if block["type"] != "h5p":
                continue
            package_id = _package_id(block["value"])
            if package_id is not None:
                found.setdefault(lesson.pk, []).append(
                    (package_id, bool(block["value"].get("completes_lesson", True)))
                )
    return found


def h5p_lesson_for(user: User, package_id: int, page_id: int) -> tuple[LessonPage, bool] | None:
    """(the live lesson ``page_id``, whether its block completes it) if it holds activity
    ``package_id`` and ``user`` is enrolled (not withdrawn) in its course; else None. No role
    is exempt. Three queries."""
    if not user.is_authenticated:
        return None
    lesson = LessonPage.objects.live().filter(pk=page_id).first()
    if lesson is None:
        return None
    placed = [
        done for pid, done in lesson_h5p_blocks([lesson]).get(lesson.pk, []) if pid == package_id
    ]
    if not placed or current_enrollment(user, course_for_lesson(lesson)) is None:
        return None
    return lesson, any(placed)


def playable_h5p_ids(refs: dict[int, list[tuple[int, bool]]]) -> set[int]:
    """The ids among ``lesson_h5p_blocks``' that the player serves (installed, main library
    enabled): a block may name a deleted, rejected or disabled activity. One query."""
    ids = {package_id for placed in refs.values() for package_id, _done in placed}
    if not ids:
        return set()
    return set(playable_packages().filter(pk__in=ids).values_list("pk", flat=True))

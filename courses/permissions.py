"""Who may author which course: Wagtail page permissions, per course (docs/security.md).

The grants (migrations ``0002_catalogue_and_moderation`` and ``0007_trainer_scope``):

* Pengajar hold "add" on the catalogue: they may create courses there.
* Every course may have a trainer group (:class:`~courses.models.CourseTrainerGroup`) holding
  "add" and "change" on the course page; its members are the course's trainers. BKPSDM sets
  them (``services.course_trainers_set``); whoever creates a course becomes its first trainer
  (``wagtail_hooks``). Modules and lessons follow their course (page permissions propagate
  down the tree).
* BKPSDM hold "add", "change" and "publish" on the catalogue: every course.

Wagtail lets an "add" permission reach the whole subtree below the page it is granted on, so
the catalogue's "add" would let any Pengajar add a module to any course, and then edit the
pages they own there. One narrowing closes that: **inside a course, an "add" granted above the
course counts only together with a "change" granted above it** (BKPSDM); the course's own
grants always count. Ownership gives no right inside a course by itself: removing a trainer
from the course removes their access, whoever created the pages.

Two Wagtail extension points apply the narrowing everywhere:

* :class:`CourseTreePermissionTester`, returned by ``permissions_for_user`` of the course,
  module and lesson pages (Wagtail dispatches to the specific class even from a plain ``Page``
  instance): editor, create, copy, move, delete, history, preview and the moderation actions.
* :class:`CoursePagePermissionPolicy`, registered for ``Page`` in ``CoursesConfig.ready()``:
  pages of a course the user may not author are not explorable, so they are absent from the
  explorer, the admin page search, the admin API behind the side menu and the site history.
  The page chooser hides their drafts too (``wagtail_hooks``); published pages are public.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from lms.users.models import User

_CATALOGUES_CACHE = "_lms_course_catalogues"


def _action(perm) -> str:
    """ "add_page" → "add"."""
    return perm.permission.codename.rsplit("_", maxsplit=1)[0]


def _page_permissions(user: User) -> list:
    """The user's GroupPagePermission rows (with page and permission), cached on the user
    object by Wagtail for the request."""
    return list(policy_registry.get_by_type(Page).get_cached_permissions_for_user(user))


def course_tree_actions(user: User, page_path: str, course_path: str) -> set[str]:
    """The page actions ("add", "change", "publish", ...) ``user`` holds on the page at
    ``page_path`` inside the course at ``course_path``, with the narrowing of the module doc:
    an "add" granted above the course counts only with a "change" granted above it."""
    above: set[str] = set()
    within: set[str] = set()
    for perm in _page_permissions(user):
        granted_at = perm.page.path
        if not page_path.startswith(granted_at):
            continue
        (within if granted_at.startswith(course_path) else above).add(_action(perm))
    if "change" not in above:
        above.discard("add")
    return above | within


class CourseTreePermissionTester(PagePermissionTester):
    """Wagtail's page permission tester with the course narrowing (module doc)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if self.user.is_active and not self.user.is_superuser and page.path:
            self.permissions = course_tree_actions(user, page.path, page.course_path)


def _catalogues(user: User) -> list[tuple[str, int]]:
    """(path, depth) of the course catalogues; one query, cached on the user for the request."""
    cached = getattr(user, _CATALOGUES_CACHE, None)
    if cached is None:
        from .models import CourseIndexPage

        cached = list(CourseIndexPage.objects.values_list("path", "depth"))
        setattr(user, _CATALOGUES_CACHE, cached)
    return cached


def hidden_course_pages(user: User) -> Q | None:
    """A filter matching the course, module and lesson pages of the courses ``user`` holds
    no grant in (after the narrowing), or None when every course is open to them."""
    if user.is_superuser:
        return None
    perms = _page_permissions(user) if user.is_active else []
    hidden = []
    for path, depth in _catalogues(user):
        if any(path.startswith(p.page.path) and _action(p) != "add" for p in perms):
            continue  # e.g. BKPSDM: "change" on the catalogue covers every course
        course_length = (depth + 1) * Page.steplen
        own = {
            p.page.path[:course_length]
            for p in perms
            if p.page.path.startswith(path) and p.page.depth > depth
        }
        in_tree = Q(path__startswith=path, depth__gt=depth)
        if own:
            in_tree &= ~reduce(or_, (Q(path__startswith=course) for course in sorted(own)))
        hidden.append(in_tree)
    return reduce(or_, hidden) if hidden else None


class CoursePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permission policy; pages of courses the user may not author are not
    explorable (module doc)."""

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        hidden = hidden_course_pages(user)
        return pages.exclude(hidden) if hidden is not None else pages


def page_permission_policy_register() -> None:
    """Registers :class:`CoursePagePermissionPolicy` for ``Page`` (from ``AppConfig.ready``)."""
    from wagtail.permissions import register_permission_policy

    if not isinstance(policy_registry.get_by_type(Page), CoursePagePermissionPolicy):
        register_permission_policy(Page, CoursePagePermissionPolicy(Page))


def courses_editable_by(user: User) -> QuerySet:
    """The courses ``user`` may edit (with their modules and lessons): every course for
    superusers and holders of "change" above the courses (BKPSDM), else the courses whose own
    page permissions include "change" for them (their trainer group)."""
    from .models import CoursePage

    if not (user.is_authenticated and user.is_active):
        return CoursePage.objects.none()
    if user.is_superuser:
        return CoursePage.objects.all()
    roots = {perm.page.path for perm in _page_permissions(user) if _action(perm) == "change"}
    if not roots:
        return CoursePage.objects.none()
    return CoursePage.objects.filter(reduce(or_, (Q(path__startswith=p) for p in sorted(roots))))


def course_editable_by(user: User, course) -> bool:
    return course.permissions_for_user(user).can_edit()


def quiz_ids_of_courses_editable_by(user: User) -> set[int]:
    """Ids of the quizzes placed (quiz blocks) in any lesson, draft or live, of the courses
    ``user`` may edit: the courses app's answer to "which quizzes belong to this trainer's
    courses", answered to ``assessments.signals.quiz_scope_requested``. Two queries."""
    from .models import LessonPage
    from .selectors import lesson_quizzes

    paths = list(courses_editable_by(user).values_list("path", flat=True))
    if not paths:
        return set()
    lessons = LessonPage.objects.filter(
        reduce(or_, (Q(path__startswith=path) for path in paths))
    ).only("pk", "body")
    return {quiz_id for refs in lesson_quizzes(list(lessons)).values() for quiz_id, _r in refs}


def h5p_package_ids_of_courses_editable_by(user: User) -> set[int]:
    """Ids of the H5P packages placed ("h5p" blocks) in any lesson, draft or live, of the
    courses ``user`` may edit: the courses app's answer to "which activities belong to this
    trainer's courses", answered to ``assessments.h5p.signals.h5p_scope_requested``. Two
    queries."""
    from .models import LessonPage
    from .selectors import lesson_h5p_blocks

    paths = list(courses_editable_by(user).values_list("path", flat=True))
    if not paths:
        return set()
    lessons = LessonPage.objects.filter(
        reduce(or_, (Q(path__startswith=path) for path in paths))
    ).only("pk", "body")
    return {pid for refs in lesson_h5p_blocks(list(lessons)).values() for pid, _done in refs}


def course_trainers(course) -> QuerySet[User]:
    """The trainers assigned to ``course`` (the members of its trainer group)."""
    from .models import CourseTrainerGroup

    return User.objects.filter(
        groups__in=CourseTrainerGroup.objects.filter(course=course).values("group")
    ).order_by("first_name", "last_name", "username")

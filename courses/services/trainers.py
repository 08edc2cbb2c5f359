"""Course trainers: the Pengajar who author a course (docs/security.md)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from lms.users.models import User
from lms.users.selectors import display_names, trainers_split

from ..models import CoursePage, CourseTrainerGroup
from ..permissions import course_trainers

#: Wagtail page permissions the trainer group of a course holds on the course page.
TRAINER_PAGE_ACTIONS = ("add", "change")
#: Cached permission data Wagtail and ``courses.permissions`` keep on a user object.
_PERMISSION_CACHES = ("_page_permission_cache", "_explorable_root_page_cache")


def _trainer_group(course: CoursePage) -> Group:
    """The course's trainer group with its page permissions, created on first use."""
    link = CourseTrainerGroup.objects.select_related("group").filter(course=course).first()
    if link is None:
        group, _created = Group.objects.get_or_create(
            name=f"Pengajar kursus #{course.pk} {course.code}"[:150]
        )
        link = CourseTrainerGroup.objects.create(course=course, group=group)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=[f"{action}_page" for action in TRAINER_PAGE_ACTIONS],
    )
    for permission in permissions:  # one query for the permissions, not one per action
        GroupPagePermission.objects.get_or_create(
            group=link.group, page=course.page_ptr, permission=permission
        )
    return link.group


def _forget_cached_permissions(users: Iterable[User]) -> None:
    for user in users:
        for name in _PERMISSION_CACHES:
            if hasattr(user, name):
                delattr(user, name)


@transaction.atomic
def course_trainers_set(
    *, course: CoursePage, users: Iterable[User], by: User | None = None
) -> list[User]:
    """Makes ``users`` exactly the trainers of ``course``: the members of its trainer group,
    which holds Wagtail's "add" and "change" page permissions on the course page, so they may
    edit the course, its modules and lessons and submit them for moderation (never publish).

    Every user must be an active Pengajar (``ValidationError`` on ``trainers`` otherwise).
    Atomic and idempotent; a change is written to the course's history (who was added and
    removed, by ``by``). Called by BKPSDM's "Pengajar kursus" screen (permission
    ``courses.assign_course_trainers``), the demo seed and :func:`course_trainer_add`.
    """
    users, refused = trainers_split(users)
    if refused:
        raise ValidationError(
            {
                "trainers": _(
                    "Hanya akun Pengajar yang aktif yang dapat menjadi pengajar kursus: %(names)s."
                )
                % {"names": display_names(refused)}
            }
        )
    group = _trainer_group(course)
    before = {user.pk: user for user in group.user_set.all()}
    group.user_set.set(users)
    kept = {user.pk for user in users}
    added = [user for user in users if user.pk not in before]
    removed = [user for pk, user in before.items() if pk not in kept]
    if added or removed:
        log(
            instance=course,
            action="lms.course_trainers",
            user=by,
            data={
                "added": [user.username for user in added],
                "removed": [user.username for user in removed],
            },
        )
    _forget_cached_permissions([*users, *removed, *([by] if by else [])])
    return users


def course_trainer_add(*, course: CoursePage, user: User, by: User | None = None) -> list[User]:
    """Adds ``user`` to the trainers of ``course`` (idempotent); see :func:`course_trainers_set`."""
    current = list(course_trainers(course))
    if any(trainer.pk == user.pk for trainer in current):
        return current
    return course_trainers_set(course=course, users=[*current, user], by=by)

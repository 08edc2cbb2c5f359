"""Wagtail's user screens (superusers only) change roles: groups and the superuser, staff and
active flags. Each save that changes any of them writes one ``ROLE_CHANGED`` audit entry, with
the groups before and after, however many groups the edit changed (docs/security.md, "Audit
log"). The before state is read when the edit view starts (``before_edit_user`` runs on GET and
POST) and compared after the save; registration only, the work is in the selectors and
services."""

from wagtail import hooks

from .selectors import user_roles_snapshot
from .services import user_roles_change_record

_BEFORE = "_lms_roles_before"


@hooks.register("before_edit_user")
def remember_roles(request, user):
    if request.method == "POST":
        setattr(request, _BEFORE, user_roles_snapshot(user))


@hooks.register("after_edit_user")
def record_role_change(request, user):
    before = getattr(request, _BEFORE, None)
    if before is not None:
        user_roles_change_record(user=user, before=before, after=user_roles_snapshot(user))


@hooks.register("after_create_user")
def record_new_roles(request, user):
    user_roles_change_record(user=user, before=None, after=user_roles_snapshot(user))

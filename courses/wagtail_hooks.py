from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from lms.users.roles import Role

from .models import CoursePage
from .permissions import course_editable_by, hidden_course_pages
from .services import course_trainer_add
from .viewsets import AssignmentViewSet, CourseTrainersView, LearningGainView


@hooks.register("register_admin_viewset")
def register_assignments():
    return AssignmentViewSet()


@hooks.register("register_admin_urls")
def register_gain_report():
    return [
        path("hasil-belajar/", LearningGainView.as_view(), name="courses_learning_gain"),
        path(
            "kursus/<int:course_id>/pengajar/",
            CourseTrainersView.as_view(),
            name="courses_trainers",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_gain_menu_item():
    class GainMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("assessments.view_attempt")

    return GainMenuItem(
        _("Hasil belajar kursus"), reverse("courses_learning_gain"), icon_name="pick", order=700
    )


# --- Per-course trainer scope (courses.permissions, docs/security.md) ---------------------------


@hooks.register("after_create_page")
def creator_becomes_trainer(request, page):
    """A Pengajar who creates a course becomes its first trainer: the catalogue's "add" lets
    them create it, the course's trainer group lets them go on editing it."""
    user = request.user
    if (
        page.specific_class is CoursePage
        and user.groups.filter(name=Role.PENGAJAR).exists()
        and not course_editable_by(user, page)
    ):
        course_trainer_add(course=page.specific, user=user, by=user)


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_of_other_courses(pages, request):
    """The page chooser leaves out unpublished pages of courses the user may not author
    (published pages are public anyway)."""
    hidden = hidden_course_pages(request.user)
    return pages if hidden is None else pages.exclude(hidden & Q(live=False))


def _trainers_button(page, user, priority: int):
    if page.specific_class is CoursePage and user.has_perm("courses.assign_course_trainers"):
        yield Button(
            _("Pengajar kursus"),
            url=reverse("courses_trainers", args=(page.pk,)),
            icon_name="group",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def trainers_listing_button(page, user, next_url=None):
    yield from _trainers_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def trainers_header_button(page, user, view_name, next_url=None):
    yield from _trainers_button(page, user, priority=55)


@hooks.register("register_log_actions")
def register_trainer_log_actions(actions):
    @actions.register_action("lms.course_trainers")
    class CourseTrainersChanged(LogFormatter):
        label = _("Ubah pengajar kursus")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Pengajar kursus diubah. Ditambahkan: %(added)s. Dihapus: %(removed)s.") % {
                "added": ", ".join(data.get("added", [])) or "–",
                "removed": ", ".join(data.get("removed", [])) or "–",
            }

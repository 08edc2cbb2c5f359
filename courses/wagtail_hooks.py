from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .viewsets import AssignmentViewSet, LearningGainView


@hooks.register("register_admin_viewset")
def register_assignments():
    return AssignmentViewSet()


@hooks.register("register_admin_urls")
def register_gain_report():
    return [path("hasil-belajar/", LearningGainView.as_view(), name="courses_learning_gain")]


@hooks.register("register_reports_menu_item")
def register_gain_menu_item():
    class GainMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("assessments.view_attempt")

    return GainMenuItem(
        _("Hasil belajar kursus"), reverse("courses_learning_gain"), icon_name="pick", order=700
    )

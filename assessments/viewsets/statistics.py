"""The "Statistik butir" page of a quiz."""

from typing import Any

from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..models import (
    Quiz,
)
from ..selectors import (
    quizzes_visible_to,
)
from ..statistics import MIN_RELIABLE_ATTEMPTS, quiz_item_statistics


class QuizStatisticsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """ "Statistik butir": facility, discrimination and distractor counts per question version
    (``statistics.quiz_item_statistics``); a fixed number of queries whatever the attempts."""

    model = Quiz
    any_permission_required = ["add", "change", "view"]
    template_name = "assessments/admin/quiz_statistics.html"
    page_title = _("Statistik butir")
    header_icon = "table"
    index_url_name: str | None = None
    edit_url_name: str | None = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(
            quizzes_visible_to(request.user), pk=unquote(str(kwargs["pk"]))
        )

    def get_page_subtitle(self) -> str:
        return str(self.quiz)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dasbor")},
            {"url": reverse(self.index_url_name), "label": _("Kuis")},
            {"url": reverse(self.edit_url_name, args=(quote(self.quiz.pk),)), "label": self.quiz},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["quiz"] = self.quiz
        context["edit_url"] = (
            reverse(self.edit_url_name, args=(quote(self.quiz.pk),))
            if self.user_has_permission("change")
            else None
        )
        context["stats"] = quiz_item_statistics(self.quiz.pk)
        context["min_reliable"] = MIN_RELIABLE_ATTEMPTS
        return context

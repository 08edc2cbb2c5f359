"""Admin of attempts ("Percobaan"): learner records, read-only."""

from typing import Any

import django_filters
from django.db.models import (
    QuerySet,
)
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn

from lms.core.nip import mask_nip
from lms.core.viewsets import (
    ReadOnlyScopedViewSet,
    ScopedIndexView,
    ScopedInspectView,
)
from lms.users.models import User

from ..models import (
    Attempt,
    AttemptState,
)
from ..selectors import (
    attempts_visible_to,
)
from .common import format_key, format_response, learner_label, plain, quizzes_of_request


class AttemptFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(label=_("Kuis"), queryset=quizzes_of_request)
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=AttemptState.choices, empty_label=_("Semua")
    )
    passed = django_filters.BooleanFilter(label=_("Lulus"))

    class Meta:
        model = Attempt
        fields = ["quiz", "state", "passed"]


class AttemptIndexView(ScopedIndexView):
    @cached_property
    def columns(self) -> list:
        columns = super().columns
        columns[0] = TitleColumn(
            "learner",
            label=_("Peserta"),
            accessor=lambda attempt: attempt.user.get_full_name() or learner_label(attempt.user),
            sort_key="user__first_name",
            width="22%",
            get_url=lambda obj: self.get_inspect_url(obj),
        )
        return columns


class AttemptInspectView(ScopedInspectView):
    template_name = "assessments/admin/attempt_inspect.html"

    def get_page_subtitle(self) -> str:
        return f"{learner_label(self.object.user)} · {self.object.quiz.title}"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        attempt = self.object
        answers = attempt.answers.select_related("version__question").order_by("position")
        context["attempt"] = attempt
        context["learner"] = learner_label(attempt.user)
        context["answers"] = [
            {
                "position": answer.position + 1,
                "question_id": answer.version.question_id,
                "version": answer.version.number,
                "type": answer.version.question.get_type_display(),
                "text": plain(answer.version.text, 300),
                "response": format_response(
                    answer.version.question.type, answer.version.data, answer.response
                ),
                "key": format_key(answer.version.question.type, answer.version.data),
                "score": answer.score,
                "points": answer.version.points,
            }
            for answer in answers
        ]
        return context


class AttemptViewSet(ReadOnlyScopedViewSet):
    """Learner records: list and inspect only (no add, edit, delete, history or usage)."""

    model = Attempt
    name = "percobaan"
    url_prefix = "asesmen/percobaan"
    icon = "clipboard-list"
    menu_label = _("Percobaan")
    ordering = ["-started_at"]
    search_fields = ["user__first_name", "user__last_name", "quiz__title"]
    filterset_class = AttemptFilterSet
    index_view_class = AttemptIndexView
    inspect_view_class = AttemptInspectView
    phone_columns = ("percent",)
    list_display = [
        "user",
        Column(
            "nip",
            label=_("NIP"),
            accessor=lambda attempt: mask_nip(attempt.user.nip) if attempt.user.nip else "—",
        ),
        Column("quiz", label=_("Kuis"), accessor="quiz.title", sort_key="quiz__title"),
        Column("number", label=_("Ke"), sort_key="number"),
        Column("state", label=_("Status"), accessor="get_state_display", sort_key="state"),
        Column("percent", label=_("Nilai (%)"), sort_key="percent"),
        BooleanColumn("passed", label=_("Lulus"), sort_key="passed"),
        DateColumn("started_at", label=_("Mulai"), sort_key="started_at"),
        DateColumn("finished_at", label=_("Selesai"), sort_key="finished_at"),
    ]

    def visible_queryset(self, user: User) -> QuerySet[Attempt]:
        """Attempts at the quizzes the user may see (selectors.attempts_visible_to)."""
        return attempts_visible_to(user).select_related("user", "quiz")

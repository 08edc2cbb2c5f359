"""Admin of quizzes ("Kuis", a snippet): rules, draws and bands in one form, and the chooser."""

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.db import transaction
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    ProtectedError,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import (
    CreateView as SnippetCreateView,
)
from wagtail.snippets.views.snippets import (
    DeleteView as SnippetDeleteView,
)
from wagtail.snippets.views.snippets import (
    EditView as SnippetEditView,
)
from wagtail.snippets.views.snippets import (
    HistoryView as SnippetHistoryView,
)
from wagtail.snippets.views.snippets import (
    IndexView as SnippetIndexView,
)
from wagtail.snippets.views.snippets import (
    InspectView as SnippetInspectView,
)
from wagtail.snippets.views.snippets import (
    SnippetViewSet,
)
from wagtail.snippets.views.snippets import (
    UsageView as SnippetUsageView,
)

from lms.core.viewsets import PhoneColumnsMixin
from lms.users.models import User

from ..admin_forms import (
    InlineFormsetPanel,
    QuizForm,
    QuizKindFieldPanel,
    banks_with_active_counts,
)
from ..models import (
    Attempt,
    Quiz,
    QuizDraw,
    QuizKind,
    ReviewPolicy,
)
from ..selectors import (
    banks_editable_by,
    quiz_key_warnings,
    quizzes_editable_by,
    quizzes_placeable_by,
    quizzes_visible_to,
)
from ..statistics import FINISHED_STATES
from .common import ListingScopeMixin, ObjectScopeMixin, PlaceableChooserMixin, ScopeMixin
from .statistics import QuizStatisticsView


class QuizFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=QuizKind.choices, empty_label=_("Semua")
    )
    review_policy = django_filters.ChoiceFilter(
        label=_("Pembahasan"), choices=ReviewPolicy.choices, empty_label=_("Semua")
    )

    class Meta:
        model = Quiz
        fields = ["kind", "review_policy"]


def _statistics_url_name() -> str:
    return "wagtailsnippets_assessments_quiz:statistics"


def scope_draw_banks(quiz_form, user: User) -> None:
    """The draw rows of ``quiz_form`` offer (and accept) only banks ``user`` may edit, plus the
    banks the quiz already draws from (so saving keeps a draw BKPSDM or a co-trainer set up)."""
    allowed = Q(pk__in=banks_editable_by(user).values("pk"))
    if quiz_form.instance.pk:
        allowed |= Q(pk__in=QuizDraw.objects.filter(quiz=quiz_form.instance).values("bank_id"))
    banks = banks_with_active_counts().filter(allowed)
    formset = quiz_form.inline_formsets["draws"]

    class ScopedDrawForm(formset.form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["bank"].queryset = banks

    formset.form = ScopedDrawForm


class QuizScopeMixin(ScopeMixin):
    """Quiz views in the user's scope: the quizzes they author (BKPSDM reads them all)."""

    change_permission = "assessments.change_quiz"
    scope_visible = staticmethod(quizzes_visible_to)
    scope_editable = staticmethod(quizzes_editable_by)


class QuizObjectScopeMixin(QuizScopeMixin, ObjectScopeMixin):
    pass


class QuizListingScopeMixin(QuizScopeMixin, ListingScopeMixin):
    pass


class QuizIndexView(PhoneColumnsMixin, SnippetIndexView):
    phone_columns = ("kind",)  # and the title; the rest is hidden on a phone

    def get_list_more_buttons(self, instance: Quiz) -> list:
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Statistik butir"),
                url=reverse(_statistics_url_name(), args=(quote(instance.pk),)),
                icon_name="table",
                priority=15,
            )
        )
        return buttons


class KeyWarningsMixin:
    """Shows the quiz form's ``key_warnings`` (``assessments.selectors.quiz_key_warnings``)
    once the quiz is saved: a warning, never a refusal."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for warning in form.key_warnings:
            messages.warning(self.request, warning)
        return response


class QuizCreateView(KeyWarningsMixin, SnippetCreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        scope_draw_banks(form, self.request.user)
        return form

    def save_instance(self) -> Quiz:
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class QuizEditView(KeyWarningsMixin, QuizObjectScopeMixin, SnippetEditView):
    editable_scope = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        scope_draw_banks(form, self.request.user)
        return form

    def get(self, request, *args, **kwargs):
        """Opening a stored quiz repeats its warnings until they are resolved."""
        response = super().get(request, *args, **kwargs)
        quiz = self.object
        for warning in quiz_key_warnings(
            kind=quiz.kind,
            review_policy=quiz.review_policy,
            closes_at=quiz.closes_at,
            bank_ids=quiz.draws.values_list("bank_id", flat=True),
            quiz_id=quiz.pk,
        ):
            messages.warning(request, warning)
        return response

    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Statistik butir"),
                url=reverse(_statistics_url_name(), args=(quote(self.object.pk),)),
                icon_name="table",
                priority=5,
            )
        )
        return buttons


class QuizInspectView(QuizScopeMixin, SnippetInspectView):
    def get_object(self, queryset=None) -> Quiz:
        return get_object_or_404(self.scoped(), pk=unquote(str(self.pk)))


class QuizHistoryView(QuizListingScopeMixin, SnippetHistoryView):
    pass


class QuizUsageView(QuizListingScopeMixin, SnippetUsageView):
    pass


class QuizDeleteView(QuizObjectScopeMixin, SnippetDeleteView):
    """A quiz with attempts cannot be deleted (attempts are learner records)."""

    editable_scope = True

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("Kuis yang sudah dikerjakan peserta tidak dapat dihapus."),
            )
            return HttpResponseRedirect(self.get_success_url())


class QuizChooserMixin(PlaceableChooserMixin):
    """The quiz chooser of the lesson block: for users holding a quiz permission (Pengajar,
    BKPSDM), listing the quizzes they may place."""

    placeable = staticmethod(quizzes_placeable_by)

    def may_read(self, user) -> bool:
        return any(user.has_perm(f"assessments.{a}_quiz") for a in ("view", "add", "change"))


class QuizChooseView(QuizChooserMixin, ChooseView):
    pass


class QuizChooseResultsView(QuizChooserMixin, ChooseResultsView):
    pass


class QuizChosenView(QuizChooserMixin, SnippetChosenView):
    pass


class QuizChosenMultipleView(QuizChooserMixin, SnippetChosenMultipleView):
    pass


class QuizChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuizChooseView
    choose_results_view_class = QuizChooseResultsView
    chosen_view_class = QuizChosenView
    chosen_multiple_view_class = QuizChosenMultipleView


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Kuis")
    menu_name = "kuis"
    copy_view_enabled = False  # a copy would lose the draws and bands
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "kind",
        "instructions",
        "time_limit_minutes",
        "max_attempts",
        "pass_percent",
        "competency_pass_percent",
        "review_policy",
        "opens_at",
        "closes_at",
        "shuffle_questions",
        "shuffle_choices",
        "open_access",
    ]
    search_fields = ["title", "instructions"]
    search_backend_name = None
    filterset_class = QuizFilterSet
    ordering = ["title"]
    index_view_class = QuizIndexView
    add_view_class = QuizCreateView
    edit_view_class = QuizEditView
    delete_view_class = QuizDeleteView
    inspect_view_class = QuizInspectView
    history_view_class = QuizHistoryView
    usage_view_class = QuizUsageView
    chooser_viewset_class = QuizChooserViewSet
    list_display = [
        "title",
        Column("kind", label=_("Jenis"), accessor="get_kind_display", sort_key="kind"),
        Column("question_count", label=_("Soal per percobaan"), sort_key="question_count"),
        Column("finished_count", label=_("Percobaan selesai"), sort_key="finished_count"),
        Column("review_policy", label=_("Pembahasan"), accessor="get_review_policy_display"),
        DateColumn("closes_at", label=_("Ditutup"), sort_key="closes_at"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
                    FieldPanel("instructions"),
                ],
                heading=_("Kuis"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]),
                    FieldRowPanel(
                        [
                            QuizKindFieldPanel("pass_percent"),
                            QuizKindFieldPanel("competency_pass_percent"),
                        ]
                    ),
                    FieldPanel("review_policy"),
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                    QuizKindFieldPanel("open_access"),
                ],
                heading=_("Aturan"),
            ),
            InlineFormsetPanel(
                "draws",
                heading=_("Soal yang diambil per bank"),
                help_text=_(
                    "Setiap percobaan mengambil sejumlah soal aktif secara acak dari setiap "
                    "bank. Perubahan hanya berlaku untuk percobaan baru."
                ),
            ),
            InlineFormsetPanel(
                "bands",
                kind_key="bands",
                heading=_("Pita penempatan (khusus tes penempatan)"),
                help_text=_(
                    "Nilai per kompetensi yang mencapai nilai minimal sebuah pita menetapkan "
                    "level peserta. Kosongkan untuk jenis kuis lain."
                ),
            ),
        ],
        base_form_class=QuizForm,
    )

    def get_queryset(self, request) -> QuerySet[Quiz]:
        per_attempt = (
            QuizDraw.objects.filter(quiz=OuterRef("pk"))
            .order_by()
            .values("quiz")
            .annotate(total=Sum("count"))
            .values("total")
        )
        finished = (
            Attempt.objects.filter(quiz=OuterRef("pk"), state__in=FINISHED_STATES)
            .order_by()
            .values("quiz")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Quiz.objects.filter(pk__in=quizzes_visible_to(request.user).values("pk")).annotate(
            question_count=Coalesce(Subquery(per_attempt, output_field=IntegerField()), 0),
            finished_count=Coalesce(Subquery(finished, output_field=IntegerField()), 0),
        )

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("statistics/<str:pk>/", self.statistics_view, name="statistics"),
        ]

    @property
    def statistics_view(self):
        return QuizStatisticsView.as_view(
            index_url_name=self.get_url_name("list"), edit_url_name=self.get_url_name("edit")
        )

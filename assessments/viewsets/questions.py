"""Admin of questions ("Soal"): a form per type, versioned saves, activation, deletion."""

from typing import Any

import django_filters
from django.contrib.admin.utils import quote, unquote
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lms.competencies.models import Competency, Level
from lms.core.viewsets import (
    TITLE_CLASS,
    ScopedCreateView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
)
from lms.users.models import User

from ..admin_forms import (
    QUESTION_TYPE_HELP,
    question_edit_handler,
)
from ..importers.sanitize import clean_html
from ..models import (
    AttemptAnswer,
    Question,
    QuestionType,
)
from ..selectors import (
    question_used,
    questions_editable_by,
    questions_visible_to,
)
from ..services.questions import question_active_set, question_delete, question_save
from .common import BankFilter, banks_of_request, format_key, plain, warn_short_draws


class QuestionFilterSet(WagtailFilterSet):
    bank = BankFilter(label=_("Bank soal"), queryset=banks_of_request)
    type = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=QuestionType.choices, empty_label=_("Semua")
    )
    competency = django_filters.ModelChoiceFilter(
        label=_("Kompetensi"),
        field_name="bank__competency",
        queryset=Competency.objects.filter(is_active=True),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="bank__level", choices=Level.choices, empty_label=_("Semua")
    )
    is_active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = Question
        fields = ["bank", "type", "competency", "level", "is_active"]


def _question_text(question: Question) -> str:
    if question.current_version_id is None:
        return _("(tanpa isi)")
    return plain(question.current_version.text)


class QuestionIndexView(ScopedIndexView):
    @cached_property
    def columns(self) -> list:
        columns = super().columns
        columns[0] = TitleColumn(
            "text",
            label=_("Soal"),
            accessor=_question_text,
            sort_key="current_version__text",
            width="40%",
            classname=TITLE_CLASS,
            get_url=lambda obj: self.get_edit_url(obj) or self.get_inspect_url(obj),
        )
        return columns


class QuestionInspectView(ScopedInspectView):
    """The current content with its key, and every version with the answers that used it."""

    template_name = "assessments/admin/question_inspect.html"

    def get_page_subtitle(self) -> str:
        return _question_text(self.object)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        question = self.object
        version = question.current_version
        used = (
            AttemptAnswer.objects.filter(version=OuterRef("pk"))
            .order_by()
            .values("version")
            .annotate(n=Count("pk"))
            .values("n")
        )
        context["question"] = question
        context["version"] = version
        context["key"] = format_key(question.type, version.data) if version else ""
        # sanitised again on display, like the learner's pages (assessments.selectors.learner)
        context["text_html"] = clean_html(version.text) if version else ""
        context["explanation_html"] = clean_html(version.explanation) if version else ""
        context["choices"] = [
            {**choice, "text": plain(choice.get("text", ""), 300)}
            for choice in (version.data.get("choices", []) if version else [])
        ]
        context["versions"] = question.versions.annotate(
            answers=Coalesce(Subquery(used, output_field=IntegerField()), 0)
        ).order_by("-number")
        return context


#: The list's order after a save: the question just saved comes first (its version is newest).
SAVED_ORDERING = "-current_version__created_at"


class SavedQuestionMixin:
    """After a save, the list of the question's bank, newest version first: the saved question
    is the first row whatever page or filter the list was on (with every question of every
    bank, 50 to a page, it used to sit on a later page). The message links to it."""

    def get_success_url(self) -> str:
        query = urlencode({"bank": self.object.bank_id, "ordering": SAVED_ORDERING})
        return f"{reverse(self.index_url_name)}?{query}"

    def get_success_buttons(self) -> list:
        return [messages.button(self.get_edit_url(), _("Buka soal ini"))]


class QuestionTypeMixin:
    """The question type of the form: the object's on edit, ``?type=`` on create."""

    question_type: str | None = None

    def get_panel(self):
        return question_edit_handler(self.question_type or QuestionType.SINGLE)

    def get_form_class(self):
        return self.panel.get_form_class()


class QuestionCreateView(SavedQuestionMixin, QuestionTypeMixin, ScopedCreateView):
    chooser_template_name = "assessments/admin/question_type_chooser.html"

    def setup(self, request, *args, **kwargs):
        requested = request.GET.get("type", "")
        self.question_type = requested if requested in QuestionType.values else None
        super().setup(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.question_type is None:
            return self.render_type_chooser()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.question_type is None:
            return self.render_type_chooser()
        return super().post(request, *args, **kwargs)

    def render_type_chooser(self) -> TemplateResponse:
        self.object = None
        base = reverse(self.add_url_name)
        context = self.get_context_data()
        context["types"] = [
            {"label": label, "help": QUESTION_TYPE_HELP[value], "url": f"{base}?type={value}"}
            for value, label in QuestionType.choices
        ]
        return TemplateResponse(self.request, self.chooser_template_name, context)

    def get_page_subtitle(self) -> str:
        if self.question_type:
            return QuestionType(self.question_type).label
        return super().get_page_subtitle()

    def get_add_url(self) -> str:
        return f"{reverse(self.add_url_name)}?type={self.question_type}"

    def get_success_message(self, instance: Question) -> str:
        return _("Soal #%(pk)d disimpan (versi %(number)d).") % {
            "pk": instance.pk,
            "number": instance.current_version.number,
        }


class QuestionEditView(SavedQuestionMixin, QuestionTypeMixin, ScopedEditView):
    def setup(self, request, *args, **kwargs):
        pk = unquote(str(kwargs.get("pk", "")))
        self.question_type = (
            Question.objects.filter(pk=pk).values_list("type", flat=True).first()
            if pk.isdigit()
            else None
        )
        super().setup(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Question]:
        return super().get_queryset().select_related("current_version")

    def get_page_subtitle(self) -> str:
        # whole words, not the first 60 characters
        return f"#{self.object.pk} {_question_text(self.object)}"

    def get_success_message(self) -> str:
        number = self.object.current_version.number
        if self.form.unchanged:
            return _("Isi soal tidak berubah; soal tetap versi %(number)d.") % {"number": number}
        return _(
            "Soal disimpan sebagai versi %(number)d. Percobaan yang sudah dimulai tetap memakai "
            "versi yang mereka tampilkan."
        ) % {"number": number}

    def save_action(self):
        response = super().save_action()
        if not self.object.is_active:
            warn_short_draws(self.request, self.object)
        return response


class QuestionDeleteView(ScopedDeleteView):
    """A question used in an attempt is deactivated instead; an unused one is deleted with its
    versions (superusers only: nobody else has the ``delete`` permission)."""

    template_name = "assessments/admin/question_delete.html"
    active_url_name: str | None = None

    @cached_property
    def used(self) -> bool:
        return question_used(self.object)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["used"] = self.used
        context["deactivate_url"] = reverse(self.active_url_name, args=(quote(self.object.pk),))
        return context

    def form_valid(self, form):
        if self.used:
            messages.error(
                self.request,
                _(
                    "Soal ini sudah dipakai dalam percobaan peserta dan tidak dapat dihapus. "
                    "Nonaktifkan soal ini agar tidak diambil lagi."
                ),
            )
            return redirect(self.edit_url_name, quote(self.object.pk))
        return super().form_valid(form)

    def delete_action(self) -> None:
        question_delete(question=self.object, user=self.request.user)


class QuestionActiveView(PermissionCheckedMixin, View):
    """POST ``active=0|1``: deactivates or reactivates a question (``change`` permission)."""

    model = Question
    permission_required = "change"
    edit_url_name: str | None = None
    http_method_names = ["post"]

    def post(self, request, pk):
        question = get_object_or_404(questions_editable_by(request.user), pk=unquote(str(pk)))
        active = request.POST.get("active") == "1"
        question_active_set(question=question, active=active)
        if active:
            messages.success(request, _("Soal diaktifkan kembali."))
        else:
            messages.success(request, _("Soal dinonaktifkan; tidak diambil untuk percobaan baru."))
            warn_short_draws(request, question)
        return redirect(self.edit_url_name, quote(question.pk))


class QuestionViewSet(ScopedModelViewSet):
    model = Question
    name = "soal"
    url_prefix = "asesmen/soal"
    icon = "help"
    menu_label = _("Soal")
    inspect_view_class = QuestionInspectView
    ordering = ["bank__competency__code", "bank__level", "pk"]
    search_fields = ["current_version__text"]
    filterset_class = QuestionFilterSet
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    phone_columns = ("is_active",)
    list_display = [
        "type",
        Column("type", label=_("Jenis"), accessor="get_type_display", sort_key="type"),
        Column("bank", label=_("Bank soal"), accessor="bank.name", sort_key="bank__name"),
        Column(
            "competency",
            label=_("Kompetensi"),
            accessor=lambda q: f"{q.bank.competency.code} · L{q.bank.level}",
        ),
        Column(
            "version",
            label=_("Versi"),
            accessor=lambda q: q.current_version.number if q.current_version_id else "—",
        ),
        DateColumn(
            "changed",
            label=_("Diubah"),
            accessor="current_version.created_at",
            sort_key="current_version__created_at",
        ),
        BooleanColumn("is_active", label=_("Aktif"), sort_key="is_active"),
    ]
    edit_handler = question_edit_handler(QuestionType.SINGLE)

    def visible_queryset(self, user: User) -> QuerySet[Question]:
        return questions_visible_to(user).select_related("current_version", "bank__competency")

    def editable_queryset(self, user: User) -> QuerySet[Question]:
        if not user.has_perm("assessments.change_question"):
            return self.visible_queryset(user)  # Wagtail's permission check refuses them
        return questions_editable_by(user).select_related("current_version", "bank__competency")

    def persist(self, *, form, user: User, created: bool) -> Question:
        data = form.cleaned_data
        question = None if created else form.instance
        if created or not form.unchanged:
            question = question_save(
                bank=data["bank"] if created else form.instance.bank,
                question_type=form.question_type,
                text=data["text"],
                data=form.question_data,
                explanation=data.get("explanation") or "",
                points=data["points"],
                question=question,
            )
        # question_save writes only the version link; the active flag is saved on its own.
        return question_active_set(question=question, active=data.get("is_active", True))

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(active_url_name=self.get_url_name("active"), **kwargs)

    @property
    def active_view(self):
        return QuestionActiveView.as_view(edit_url_name=self.get_url_name("edit"))

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("active/<str:pk>/", self.active_view, name="active"),
        ]

"""Wagtail admin of the assessments app: the "Asesmen" menu.

* **Bank soal**: banks per competency and level, with their number of active questions.
* **Soal**: questions, filtered by bank, type, competency, level and state, searched in the text
  of their current version. "Tambah soal" first asks for the question type, then shows the
  form of that type. Saving goes through ``questions.question_save``: a changed question gets
  a new version and attempts keep the version they showed. A question used in an attempt is
  never deleted (its versions are protected): it is deactivated instead.
* **Kuis** (a snippet, so ``QuizBlock``'s chooser works): rules, draws per bank and placement
  bands in one form (``admin_forms.QuizForm``), and the "Statistik butir" page of each quiz.
* **Percobaan**: learner records, read-only (list and inspect; no add, edit or delete route).

Permissions are Django model permissions (migration ``0002_trainer_permissions``): Pengajar
maintains banks, questions and quizzes and reads attempts; BKPSDM reads everything. On top of
them the authoring scope of ``selectors`` (docs/security.md): a Pengajar lists, opens, edits,
chooses and draws from only their own quizzes and banks, those of the courses they author and
the banks BKPSDM shared with them ("Akses pengajar" of a bank); questions follow their bank and
attempts their quiz. Anything outside the scope is a 404 in every view, and absent from
listings, filters, the quiz chooser of the lesson block and the draw form. Learner names are
shown with a masked NIP (quality.md R5: trainers do not need the full NIP).

Other apps add items to the menu through the ``ASESMEN_MENU_HOOK`` hook (e.g. the question
import screen).
"""

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
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
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import MenuItem
from wagtail.log_actions import log
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
    SnippetViewSetGroup,
)
from wagtail.snippets.views.snippets import (
    UsageView as SnippetUsageView,
)

from lms.competencies.models import Competency, Level
from lms.competencies.viewsets import ReadOnlyScopedViewSet
from lms.core.nip import mask_nip
from lms.people.viewsets import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
)
from lms.users.models import User
from lms.users.roles import Role

from .admin_forms import (
    QUESTION_TYPE_HELP,
    InlineFormsetPanel,
    QuestionBankForm,
    QuizForm,
    banks_with_active_counts,
    question_edit_handler,
)
from .models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Question,
    QuestionBank,
    QuestionType,
    Quiz,
    QuizDraw,
    QuizKind,
    ReviewPolicy,
)
from .questions import question_save
from .selectors import (
    attempts_visible_to,
    banks_editable_by,
    banks_visible_to,
    questions_editable_by,
    questions_visible_to,
    quizzes_editable_by,
    quizzes_placeable_by,
    quizzes_visible_to,
)
from .statistics import FINISHED_STATES, MIN_RELIABLE_ATTEMPTS, quiz_item_statistics

ASESMEN_MENU_HOOK = "register_asesmen_menu_item"


def plain(text: str, length: int = 90) -> str:
    """Question or choice text as plain text for listings (tags removed, shortened)."""
    return Truncator(strip_tags(text or "")).chars(length)


def learner_label(user: User) -> str:
    """Full name and a masked NIP: trainers identify learners without their full NIP."""
    name = user.get_full_name()
    login = mask_nip(user.nip) if user.nip else user.username
    return f"{name} ({login})" if name else login


def _choice_texts(data: dict) -> dict[str, str]:
    return {choice["id"]: plain(choice.get("text", ""), 200) for choice in data.get("choices", [])}


def format_response(question_type: str, data: dict, response) -> str:
    """A learner's response as plain text for the trainer ("—" when unanswered)."""
    if response in (None, "", [], {}):
        return "—"
    if question_type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return _choice_texts(data).get(str(response), str(response))
    if question_type == QuestionType.MULTIPLE and isinstance(response, list):
        texts = _choice_texts(data)
        return "; ".join(texts.get(str(item), str(item)) for item in response)
    if question_type == QuestionType.MATCHING and isinstance(response, dict):
        return "; ".join(
            f"{plain(pair['prompt'], 80)} → {response.get(pair['id']) or '—'}"
            for pair in data.get("pairs", [])
        )
    return str(response)


def format_key(question_type: str, data: dict) -> str:
    """The answer key as plain text."""
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        return "; ".join(
            plain(choice.get("text", ""), 200)
            for choice in data.get("choices", [])
            if choice.get("correct")
        )
    if question_type == QuestionType.SHORT:
        return " / ".join(data.get("accepted", []))
    if question_type == QuestionType.NUMERIC:
        return f"{data.get('answer')} ± {data.get('tolerance', 0)}"
    if question_type == QuestionType.MATCHING:
        return "; ".join(
            f"{plain(pair['prompt'], 80)} → {plain(pair['answer'], 80)}"
            for pair in data.get("pairs", [])
        )
    return ""


# --- Writes that belong in ``questions.py`` (see the report) -----------------------------------


def question_used(question: Question) -> bool:
    return AttemptAnswer.objects.filter(version__question=question).exists()


@transaction.atomic
def question_active_set(*, question: Question, active: bool) -> Question:
    """Activates or deactivates a question (no new version: the content is unchanged)."""
    question.is_active = active
    question.save(update_fields=["is_active"])
    return question


def short_draws(question: Question) -> list[QuizDraw]:
    """Draws from the question's bank that ask for more questions than it has active."""
    active = Question.objects.filter(
        bank_id=question.bank_id, is_active=True, current_version__isnull=False
    ).count()
    return list(
        QuizDraw.objects.filter(bank_id=question.bank_id, count__gt=active).select_related("quiz")
    )


def warn_short_draws(request, question: Question) -> None:
    draws = short_draws(question)
    if draws:
        messages.warning(
            request,
            _(
                "Bank soal ini kini berisi terlalu sedikit soal aktif untuk kuis: %(quizzes)s. "
                "Peserta tidak dapat memulai kuis tersebut sampai jumlah pengambilan soalnya "
                "dikurangi atau soal lain diaktifkan."
            )
            % {"quizzes": ", ".join(draw.quiz.title for draw in draws)},
        )


def trainer_accounts() -> QuerySet[User]:
    """Active Pengajar accounts: the users a bank can be shared with."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.PENGAJAR)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def bank_editors_set(*, bank: QuestionBank, users, by: User | None = None) -> QuestionBank:
    """Makes ``users`` exactly the trainers ``bank`` is shared with (``QuestionBank.editors``):
    they may then edit it, write questions into it and draw from it. Each must be an active
    Pengajar (``ValidationError`` otherwise). Idempotent; a change is logged with who was
    added and removed. Who may call it: BKPSDM (``assessments.share_questionbank``)."""
    users = list({user.pk: user for user in users}.values())
    eligible = set(
        trainer_accounts().filter(pk__in=[user.pk for user in users]).values_list("pk", flat=True)
    )
    refused = [user for user in users if user.pk not in eligible]
    if refused:
        raise ValidationError(
            {
                "editors": _(
                    "Bank soal hanya dapat dibagikan kepada akun Pengajar yang aktif: %(names)s."
                )
                % {"names": ", ".join(user.get_full_name() or user.username for user in refused)}
            }
        )
    before = {user.pk: user for user in bank.editors.all()}
    bank.editors.set(users)
    added = [user.username for user in users if user.pk not in before]
    removed = [user.username for pk, user in before.items() if pk not in eligible]
    if added or removed:
        log(
            instance=bank,
            action="lms.bank_editors",
            user=by,
            data={"added": added, "removed": removed},
        )
    return bank


# --- Question banks ----------------------------------------------------------------------------


class QuestionBankFilterSet(WagtailFilterSet):
    competency = django_filters.ModelChoiceFilter(
        label=_("Kompetensi"), queryset=Competency.objects.filter(is_active=True)
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("Semua")
    )

    class Meta:
        model = QuestionBank
        fields = ["competency", "level"]


class QuestionBankIndexView(ScopedIndexView):
    access_url_name: str | None = None

    def get_list_more_buttons(self, instance: QuestionBank) -> list:
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("assessments.share_questionbank"):
            buttons.append(
                MenuItem(
                    _("Akses pengajar"),
                    url=reverse(self.access_url_name, args=(quote(instance.pk),)),
                    icon_name="group",
                    priority=25,
                )
            )
        return buttons


class BankAccessForm(forms.Form):
    editors = forms.ModelMultipleChoiceField(
        label=_("Pengajar yang boleh mengubah bank soal ini"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Selain pembuatnya dan pengajar kursus yang kuisnya mengambil soal dari bank ini."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["editors"]
        field.queryset = trainer_accounts()
        field.label_from_instance = learner_label


class QuestionBankAccessView(WagtailAdminTemplateMixin, FormView):
    """BKPSDM shares a bank with Pengajar accounts (``QuestionBank.editors``)."""

    form_class = BankAccessForm
    template_name = "assessments/admin/bank_access.html"
    page_title = _("Akses pengajar")
    header_icon = "group"
    index_url_name: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("assessments.share_questionbank"):
            raise PermissionDenied
        self.bank = get_object_or_404(banks_visible_to(request.user), pk=unquote(str(kwargs["pk"])))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.bank)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dasbor")},
            {"url": reverse(self.index_url_name), "label": _("Bank soal")},
            {"url": "", "label": self.bank},
        ]

    def get_initial(self) -> dict:
        return {"editors": list(self.bank.editors.all())}

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["bank"] = self.bank
        context["creator"] = learner_label(self.bank.created_by) if self.bank.created_by else None
        return context

    def form_valid(self, form):
        try:
            bank_editors_set(
                bank=self.bank, users=form.cleaned_data["editors"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error("editors", error.message_dict.get("editors", error.messages))
            return self.form_invalid(form)
        messages.success(self.request, _("Akses pengajar bank soal disimpan."))
        return redirect(self.index_url_name)


class QuestionBankDeleteView(ScopedDeleteView):
    """Only an empty bank that no quiz draws from can be deleted (superusers only)."""

    def form_valid(self, form):
        if self.object.questions.exists():
            messages.error(
                self.request,
                _("Bank soal yang masih berisi soal tidak dapat dihapus. Nonaktifkan soalnya."),
            )
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class QuestionBankViewSet(ScopedModelViewSet):
    model = QuestionBank
    name = "bank-soal"
    url_prefix = "asesmen/bank-soal"
    icon = "folder-open-inverse"
    menu_label = _("Bank soal")
    ordering = ["competency__code", "level", "name"]
    search_fields = ["name", "competency__code", "competency__name"]
    filterset_class = QuestionBankFilterSet
    index_view_class = QuestionBankIndexView
    delete_view_class = QuestionBankDeleteView
    list_display = [
        "name",
        Column("competency", label=_("Kompetensi"), sort_key="competency__code"),
        Column("level", label=_("Level"), accessor="get_level_display", sort_key="level"),
        Column("active_count", label=_("Soal aktif"), sort_key="active_count"),
        Column("question_count", label=_("Semua soal"), sort_key="question_count"),
    ]
    inspect_view_fields = ["name", "competency", "level", "description", "created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("competency"), FieldPanel("level")]),
            FieldPanel("description"),
        ],
        base_form_class=QuestionBankForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[QuestionBank]:
        return (
            banks_with_active_counts()
            .filter(pk__in=banks_visible_to(user).values("pk"))
            .annotate(question_count=Count("questions"))
        )

    def editable_queryset(self, user: User) -> QuerySet[QuestionBank]:
        if not user.has_perm("assessments.change_questionbank"):
            return self.visible_queryset(user)  # Wagtail's permission check refuses them
        return QuestionBank.objects.filter(pk__in=banks_editable_by(user).values("pk"))

    def persist(self, *, form, user: User, created: bool) -> QuestionBank:
        if created:
            form.instance.created_by = user
        return form.save()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(access_url_name=self.get_url_name("access"), **kwargs)

    @property
    def access_view(self):
        return QuestionBankAccessView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("akses/<str:pk>/", self.access_view, name="access"),
        ]


# --- Questions ---------------------------------------------------------------------------------


def _visible_banks(request) -> QuerySet[QuestionBank]:
    if request is None:
        return QuestionBank.objects.none()
    return banks_visible_to(request.user).select_related("competency")


def _visible_quizzes(request) -> QuerySet[Quiz]:
    return quizzes_visible_to(request.user) if request is not None else Quiz.objects.none()


class QuestionFilterSet(WagtailFilterSet):
    bank = django_filters.ModelChoiceFilter(label=_("Bank soal"), queryset=_visible_banks)
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
        context["choices"] = [
            {**choice, "text": plain(choice.get("text", ""), 300)}
            for choice in (version.data.get("choices", []) if version else [])
        ]
        context["versions"] = question.versions.annotate(
            answers=Coalesce(Subquery(used, output_field=IntegerField()), 0)
        ).order_by("-number")
        return context


class QuestionTypeMixin:
    """The question type of the form: the object's on edit, ``?type=`` on create."""

    question_type: str | None = None

    def get_panel(self):
        return question_edit_handler(self.question_type or QuestionType.SINGLE)

    def get_form_class(self):
        return self.panel.get_form_class()


class QuestionCreateView(QuestionTypeMixin, ScopedCreateView):
    chooser_template_name = "assessments/admin/question_type_chooser.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "bank" in form.fields:  # only banks the user may write into
            form.fields["bank"].queryset = banks_editable_by(self.request.user).select_related(
                "competency"
            )
        return form

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


class QuestionEditView(QuestionTypeMixin, ScopedEditView):
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
        with transaction.atomic():
            # The current-version link protects the versions; an unused question has none
            # that an attempt needs, so it goes with all of them.
            Question.objects.filter(pk=self.object.pk).update(current_version=None)
            self.object.current_version = None
            return super().form_valid(form)


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


# --- Quizzes (snippet) -------------------------------------------------------------------------


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


class QuizScopeMixin:
    """Snippet views that look quizzes up in the user's scope only (404 outside it)."""

    editable_scope = False

    def scoped_quizzes(self) -> QuerySet[Quiz]:
        """Visible quizzes, or for editing views the editable ones. A reader without the
        change permission (BKPSDM) gets the visible ones, and Wagtail's own permission check
        then refuses them the view."""
        user = self.request.user
        if self.editable_scope and user.has_perm("assessments.change_quiz"):
            return quizzes_editable_by(user)
        return quizzes_visible_to(user)


class QuizObjectScopeMixin(QuizScopeMixin):
    """For views that look their quiz up with ``get_queryset`` (edit, delete)."""

    def get_queryset(self) -> QuerySet[Quiz]:
        return self.scoped_quizzes()


class QuizListingScopeMixin(QuizScopeMixin):
    """For listing views of one quiz (history, usage): ``get_queryset`` lists their rows."""

    def get_base_object_queryset(self) -> QuerySet[Quiz]:
        return self.scoped_quizzes()


class QuizIndexView(SnippetIndexView):
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


class QuizCreateView(SnippetCreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        scope_draw_banks(form, self.request.user)
        return form

    def save_instance(self) -> Quiz:
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class QuizEditView(QuizObjectScopeMixin, SnippetEditView):
    editable_scope = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        scope_draw_banks(form, self.request.user)
        return form

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
        return get_object_or_404(self.scoped_quizzes(), pk=unquote(str(self.pk)))


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


class QuizReaderRequiredMixin:
    """Chooser views are for users holding a quiz permission (Pengajar, BKPSDM)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not any(user.has_perm(f"assessments.{a}_quiz") for a in ("view", "add", "change")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QuizChooseMixin(QuizReaderRequiredMixin):
    """The quiz chooser of the lesson block lists the quizzes the user may place."""

    def get_object_list(self) -> QuerySet[Quiz]:
        return quizzes_placeable_by(self.request.user)


class QuizChooseView(QuizChooseMixin, ChooseView):
    pass


class QuizChooseResultsView(QuizChooseMixin, ChooseResultsView):
    pass


class QuizChosenView(QuizReaderRequiredMixin, SnippetChosenView):
    def get_object(self, pk) -> Quiz:
        return quizzes_placeable_by(self.request.user).get(pk=pk)


class QuizChosenMultipleView(QuizReaderRequiredMixin, SnippetChosenMultipleView):
    def get_objects(self, pks) -> QuerySet[Quiz]:
        return quizzes_placeable_by(self.request.user).filter(pk__in=pks)


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
                        [FieldPanel("pass_percent"), FieldPanel("competency_pass_percent")]
                    ),
                    FieldPanel("review_policy"),
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                    FieldPanel("open_access"),
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


# --- Attempts (read-only) ----------------------------------------------------------------------


class AttemptFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(label=_("Kuis"), queryset=_visible_quizzes)
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


# --- Menu --------------------------------------------------------------------------------------


class AsesmenGroup(SnippetViewSetGroup):
    menu_label = _("Asesmen")
    menu_name = "asesmen"
    menu_icon = "form"
    menu_order = 230
    submenu_hook = ASESMEN_MENU_HOOK
    items = (QuestionBankViewSet, QuestionViewSet, QuizViewSet, AttemptViewSet)

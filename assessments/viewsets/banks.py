"""Admin of question banks ("Bank soal") and who they are shared with."""

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    QuerySet,
)
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import MenuItem

from lms.competencies.models import Competency, Level
from lms.core.viewsets import (
    ScopedDeleteView,
    ScopedIndexView,
    ScopedModelViewSet,
)
from lms.users.models import User
from lms.users.selectors import trainer_accounts

from ..admin_forms import QuestionBankForm
from ..models import (
    QuestionBank,
)
from ..selectors import (
    banks_editable_by,
    banks_visible_to,
)
from ..selectors.authoring import banks_with_sizes
from ..services.banks import bank_editors_set, bank_save
from .common import learner_label


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
    phone_columns = ("active_count",)
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
        return banks_with_sizes(banks_visible_to(user))

    def editable_queryset(self, user: User) -> QuerySet[QuestionBank]:
        if not user.has_perm("assessments.change_questionbank"):
            return self.visible_queryset(user)  # Wagtail's permission check refuses them
        return QuestionBank.objects.filter(pk__in=banks_editable_by(user).values("pk"))

    def persist(self, *, form, user: User, created: bool) -> QuestionBank:
        if created:
            form.instance.created_by = user
        return bank_save(bank=form.save(commit=False))

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

"""Wagtail admin: mandatory-course assignments by Admin OPD (own OPD) and BKPSDM (all), the
trainers of a course (BKPSDM) and the learning-gain report (trainers: their courses)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from assessments.selectors import authoring_sees_all
from lms.core.nip import NIPError, normalize_nip
from lms.core.viewsets import ScopedModelViewSet
from lms.people.admin_forms import ScopedModelForm
from lms.people.selectors import ALL, employees_visible_to, opd_scope_ids
from lms.users.models import User
from lms.users.selectors import trainer_accounts

from .models import Assignment, AssignmentTarget, CoursePage
from .permissions import course_trainers, courses_editable_by
from .selectors import course_learning_gains
from .services import assignment_create, course_trainers_set


class AssignmentForm(ScopedModelForm):
    """Course, one target and a due date. Listed employees are typed as NIPs, one per line
    (HR copies them from a spreadsheet); every NIP must belong to the user's scope.
    """

    opd_fields = ("opd",)
    position_fields = ("position",)

    nips = forms.CharField(
        label=_("NIP pegawai (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_('Hanya untuk sasaran "Pegawai tertentu".'),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "course" in self.fields:
            self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        if "target" in self.fields:
            self.fields["target"].widget = forms.RadioSelect(choices=AssignmentTarget.choices)

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target == AssignmentTarget.OPD and not cleaned.get("opd"):
            self.add_error("opd", _("Pilih OPD."))
        if target == AssignmentTarget.POSITION and not cleaned.get("position"):
            self.add_error("position", _("Pilih jabatan."))
        if target == AssignmentTarget.EMPLOYEES:
            cleaned["employee_list"] = self._employees(cleaned.get("nips", ""))
        return cleaned

    def _employees(self, text: str) -> list:
        nips, bad = [], []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                nips.append(normalize_nip(line))
            except NIPError:
                bad.append(line.strip())
        found = {e.nip: e for e in employees_visible_to(self.for_user).filter(nip__in=nips)}
        unknown = [nip for nip in nips if nip not in found] + bad
        if unknown:
            self.add_error(
                "nips",
                _("NIP tidak ditemukan di cakupan Anda: %(nips)s")
                % {"nips": ", ".join(unknown[:20])},
            )
        elif not nips:
            self.add_error("nips", _("Isi paling sedikit satu NIP."))
        return list(found.values())


class AssignmentViewSet(ScopedModelViewSet):
    model = Assignment
    name = "penugasan"
    icon = "date"
    menu_label = _("Penugasan kursus")
    menu_order = 220
    add_to_admin_menu = True
    ordering = "-created_at"
    search_fields = ["course__title", "note"]
    list_filter = ["target"]
    phone_columns = ("due_date",)
    list_display = [
        "course",
        "target",
        Column("due_date", label=_("Batas waktu"), sort_key="due_date"),
        Column("enrolled_count", label=_("Peserta")),
        "created_by",
    ]
    inspect_view_fields = [
        "course", "target", "opd", "position", "due_date", "note", "created_by", "created_at",
        "applied_at", "enrolled_count",
    ]  # fmt: skip
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("target"),
            FieldRowPanel([FieldPanel("opd"), FieldPanel("position")]),
            FieldPanel("nips"),
            FieldRowPanel([FieldPanel("due_date"), FieldPanel("note")]),
        ],
        base_form_class=AssignmentForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[Assignment]:
        queryset = Assignment.objects.select_related("course", "opd", "position", "created_by")
        scope = opd_scope_ids(user)
        if scope is ALL:
            return queryset
        return queryset.filter(Q(created_by=user) | Q(opd_id__in=scope))

    def editable_queryset(self, user: User) -> QuerySet[Assignment]:
        return Assignment.objects.none()  # an assignment is not edited: make a new one

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> Assignment:
        data = form.cleaned_data
        target = data["target"]
        try:
            return assignment_create(
                course=data["course"],
                created_by=user,
                due_date=data["due_date"],
                opd=data.get("opd") if target == AssignmentTarget.OPD else None,
                position=data.get("position") if target == AssignmentTarget.POSITION else None,
                employees=data.get("employee_list")
                if target == AssignmentTarget.EMPLOYEES
                else None,
                note=data.get("note", ""),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "employees" in error.error_dict:
                error.error_dict["nips"] = error.error_dict.pop("employees")
            raise


class LearningGainView(TemplateView):
    """Pre/post-test results and Hake's normalised gain per course, for trainers and HR."""

    template_name = "courses/admin/learning_gain.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("assessments.view_attempt"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        gains = course_learning_gains()
        user = self.request.user
        if not authoring_sees_all(user):  # a trainer sees the courses they author
            mine = set(courses_editable_by(user).values_list("pk", flat=True))
            gains = [gain for gain in gains if gain.course.pk in mine]
        return {**super().get_context_data(**kwargs), "gains": gains}


def _trainer_label(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class CourseTrainersForm(forms.Form):
    trainers = forms.ModelMultipleChoiceField(
        label=_("Pengajar kursus ini"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pengajar yang dicentang dapat mengubah kursus ini beserta modul, pelajaran, kuis "
            "dan bank soalnya, lalu mengajukannya ke moderasi. Hanya BKPSDM yang menerbitkan."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainer_accounts()
        self.fields["trainers"].label_from_instance = _trainer_label


class CourseTrainersView(WagtailAdminTemplateMixin, FormView):
    """ "Pengajar kursus": BKPSDM chooses the Pengajar who author a course
    (``services.course_trainers_set``; docs/security.md)."""

    form_class = CourseTrainersForm
    template_name = "courses/admin/course_trainers.html"
    page_title = _("Pengajar kursus")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("courses.assign_course_trainers"):
            raise PermissionDenied
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.course.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dasbor")},
            {
                "url": reverse("wagtailadmin_explore", args=(self.course.get_parent().pk,)),
                "label": _("Katalog kursus"),
            },
            {
                "url": reverse("wagtailadmin_pages:edit", args=(self.course.pk,)),
                "label": self.course,
            },
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self) -> dict:
        return {"trainers": list(course_trainers(self.course))}

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["owner"] = _trainer_label(self.course.owner) if self.course.owner else None
        return context

    def form_valid(self, form):
        try:
            course_trainers_set(
                course=self.course, users=form.cleaned_data["trainers"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error("trainers", error.message_dict.get("trainers", error.messages))
            return self.form_invalid(form)
        messages.success(self.request, _("Pengajar kursus disimpan."))
        return redirect("wagtailadmin_explore", self.course.get_parent().pk)

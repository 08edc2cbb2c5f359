"""Admin of H5P activities ("Aktivitas H5P", a snippet, so the lesson block's
``SnippetChooserBlock("assessments.H5PPackage")`` has its chooser) and of the installed H5P
libraries ("Pustaka H5P", read-only with "Nonaktifkan"/"Aktifkan").

* A package is never made with a model form: "Tambah" opens the generic import screen for the
  kind ``h5p`` (upload → preview report → confirm; ``lms.core.imports``), and the add URL of
  the snippet redirects there. The edit form changes the title only
  (``services.h5p_package_title_set``).
* The inspect page shows the package's metadata, the libraries it uses, the problems that
  rejected it and its results, which the browser reports: they never count toward a certificate
  or a competency requirement. Its number of queries does not depend on the number of results.
* Scope (``assessments.h5p.selectors_scope``, docs/security.md): superusers and BKPSDM see every
  package; a Pengajar the packages they uploaded and those placed in the lessons of the courses
  they may edit. Anything else is a 404 in every view and absent from the list and the chooser,
  which offers only ready packages whose libraries are all enabled.
* Libraries are shared by every package; whoever holds ``view_h5plibrary`` lists them, and
  ``change_h5plibrary`` (BKPSDM) enables or disables one with a POST (CSRF-protected) that calls
  ``services.h5p_library_set_enabled``. A disabled library is refused to new packages
  and its content is not played.
"""

from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import (
    CreateView as SnippetCreateFormView,
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

from lms.core.viewsets import (
    PhoneColumnsMixin,
    ReadOnlyScopedViewSet,
    ScopedIndexView,
    ScopedInspectView,
)
from lms.users.models import User

from ..h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus
from ..h5p.selectors_scope import (
    h5p_libraries_listed,
    h5p_package_libraries,
    h5p_package_results,
    h5p_packages_editable_by,
    h5p_packages_placeable_by,
    h5p_packages_visible_to,
)
from ..h5p.services import (
    h5p_library_set_enabled,
    h5p_package_delete,
    h5p_package_title_set,
)
from .common import (
    ListingScopeMixin,
    ObjectScopeMixin,
    PlaceableChooserMixin,
    ScopeMixin,
    learner_label,
)

#: The import kind of H5P packages (``lms.core.imports``; registered by the H5P importer).
H5P_IMPORT_KIND = "h5p"
RESULTS_NOTE = _(
    "Nilai ini dilaporkan peramban — tidak dihitung untuk sertifikat atau pemenuhan kompetensi."
)


def h5p_upload_url() -> str:
    """The generic import screen with the H5P kind chosen: where every package is uploaded."""
    return f"{reverse('lms_imports:upload')}?jenis={H5P_IMPORT_KIND}"


def _reads_packages(user: User) -> bool:
    return any(user.has_perm(f"assessments.{a}_h5ppackage") for a in ("view", "add", "change"))


# --- Packages ----------------------------------------------------------------------------------


class H5PPackageFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=H5PPackageStatus.choices, empty_label=_("Semua")
    )

    class Meta:
        model = H5PPackage
        fields = ["status"]


class H5PPackageForm(WagtailAdminModelForm):
    """The title only; saved by ``h5p_package_title_set`` (the view's transaction)."""

    def save(self, commit: bool = True) -> H5PPackage:
        package = super().save(commit=False)
        if commit:
            package = h5p_package_title_set(package=package, title=self.cleaned_data["title"])
        return package


class H5PPackageScopeMixin(ScopeMixin):
    """Package views in the user's scope (``selectors_scope``)."""

    change_permission = "assessments.change_h5ppackage"
    scope_visible = staticmethod(h5p_packages_visible_to)
    scope_editable = staticmethod(h5p_packages_editable_by)


class H5PPackageObjectScopeMixin(H5PPackageScopeMixin, ObjectScopeMixin):
    pass


class H5PPackageListingScopeMixin(H5PPackageScopeMixin, ListingScopeMixin):
    pass


class H5PPackageIndexView(PhoneColumnsMixin, SnippetIndexView):
    phone_columns = ("status",)

    @cached_property
    def columns(self) -> list:
        """The title opens the inspect page (status, problems, results): the edit form only
        renames."""
        columns = super().columns
        column_class = self._get_title_column_class(TitleColumn)
        columns[0] = column_class(
            "title",
            label=_("Judul"),
            sort_key="title",
            width="30%",
            classname=columns[0].classname,
            get_url=self.get_inspect_url,
        )
        return columns

    def get_add_url(self) -> str | None:
        """ "Tambah" opens the import screen of the kind ``h5p``."""
        if self.user_has_permission("add"):
            return h5p_upload_url()
        return None


class H5PPackageCreateView(SnippetCreateFormView):
    """No model form: an H5P package only comes in through the import pipeline. The add URL
    (after Wagtail's "add" permission check) redirects to the import screen."""

    def get(self, request, *args, **kwargs):
        return redirect(h5p_upload_url())

    def post(self, request, *args, **kwargs):
        return redirect(h5p_upload_url())


class H5PPackageEditView(H5PPackageObjectScopeMixin, SnippetEditView):
    editable_scope = True

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class H5PPackageInspectView(H5PPackageScopeMixin, SnippetInspectView):
    template_name = "assessments/admin/h5p_package_inspect.html"

    def get_object(self, queryset=None) -> H5PPackage:
        return get_object_or_404(
            self.scoped().select_related("uploaded_by", "main_library"),
            pk=unquote(str(self.pk)),
        )

    def get_page_subtitle(self) -> str:
        return self.object.title

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        package = self.object
        context["package"] = package
        context["uploader"] = learner_label(package.uploaded_by) if package.uploaded_by else None
        context["libraries"] = h5p_package_libraries(package)
        context["problems"] = [
            {
                "code": str(problem.get("code", "")),
                "message": str(problem.get("message", "")),
                "entry": str(problem.get("entry") or ""),
            }
            for problem in (package.problems or [])
            if isinstance(problem, dict)
        ]
        context["results_note"] = RESULTS_NOTE
        context["show_results"] = self.request.user.has_perm("assessments.view_h5presult")
        if context["show_results"]:
            results = h5p_package_results(package)
            context["results"] = [
                {
                    "learner": learner_label(result.user),
                    "page_id": result.page_id,
                    "raw": result.raw_score,
                    "max": result.max_score,
                    "percent": result.percent,
                    "completed": result.completed,
                    "success": result.success,
                    "updated_at": result.updated_at,
                }
                for result in results.rows
            ]
            context["results_total"] = results.total
            context["results_truncated"] = results.truncated
        return context


class H5PPackageHistoryView(H5PPackageListingScopeMixin, SnippetHistoryView):
    pass


class H5PPackageUsageView(H5PPackageListingScopeMixin, SnippetUsageView):
    pass


class H5PPackageDeleteView(H5PPackageObjectScopeMixin, SnippetDeleteView):
    editable_scope = True

    def delete_action(self):
        # The service also removes the package's files (permission checked by the view).
        h5p_package_delete(package=self.object, user=self.request.user)


class H5PNoCreationMixin:
    """The chooser has no creation form: packages come in through the import screen."""

    def can_create(self) -> bool:
        return False


class H5PChooserMixin(H5PNoCreationMixin, PlaceableChooserMixin):
    """The H5P chooser of the lesson block: for users holding an H5P package permission
    (Pengajar, BKPSDM), listing the ready packages they may place."""

    placeable = staticmethod(h5p_packages_placeable_by)

    def may_read(self, user) -> bool:
        return _reads_packages(user)


class H5PChooseView(H5PChooserMixin, ChooseView):
    pass


class H5PChooseResultsView(H5PChooserMixin, ChooseResultsView):
    pass


class H5PChosenView(H5PChooserMixin, SnippetChosenView):
    pass


class H5PChosenMultipleView(H5PChooserMixin, SnippetChosenMultipleView):
    pass


class H5PChooserCreateView(H5PNoCreationMixin, SnippetCreateView):
    """Refused to everyone: the upload goes through the import screen."""


class H5PPackageChooserViewSet(SnippetChooserViewSet):
    choose_view_class = H5PChooseView
    choose_results_view_class = H5PChooseResultsView
    chosen_view_class = H5PChosenView
    chosen_multiple_view_class = H5PChosenMultipleView
    create_view_class = H5PChooserCreateView


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    icon = "media"
    menu_label = _("Aktivitas H5P")
    menu_name = "aktivitas-h5p"
    copy_view_enabled = False  # a copy would share the content token
    inspect_view_enabled = True
    search_fields = ["title"]
    search_backend_name = None
    filterset_class = H5PPackageFilterSet
    ordering = ["-created_at"]
    index_view_class = H5PPackageIndexView
    add_view_class = H5PPackageCreateView
    edit_view_class = H5PPackageEditView
    delete_view_class = H5PPackageDeleteView
    inspect_view_class = H5PPackageInspectView
    history_view_class = H5PPackageHistoryView
    usage_view_class = H5PPackageUsageView
    chooser_viewset_class = H5PPackageChooserViewSet
    list_display = [
        "title",
        Column("main_library_name", label=_("Jenis konten"), sort_key="main_library_name"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            sort_key="status",
            primary=lambda package: package.status == H5PPackageStatus.READY,
        ),
        Column(
            "uploaded_by",
            label=_("Diunggah oleh"),
            accessor=lambda package: (
                learner_label(package.uploaded_by) if package.uploaded_by else "—"
            ),
        ),
        DateColumn("created_at", label=_("Tanggal"), sort_key="created_at"),
    ]
    edit_handler = ObjectList([FieldPanel("title")], base_form_class=H5PPackageForm)

    def get_queryset(self, request) -> QuerySet[H5PPackage]:
        return H5PPackage.objects.filter(
            pk__in=h5p_packages_visible_to(request.user).values("pk")
        ).select_related("uploaded_by")


# --- Libraries ---------------------------------------------------------------------------------


class H5PLibraryActionsColumn(Column):
    """ "Nonaktifkan" / "Aktifkan" as a POST form with the CSRF token, for holders of
    ``change_h5plibrary`` (empty for the others)."""

    cell_template_name = "assessments/admin/h5p_library_action_cell.html"

    def __init__(self, *args, url_names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.url_names = url_names

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["library"] = instance
        context["may_change"] = bool(
            request and request.user.has_perm("assessments.change_h5plibrary")
        )
        action = "disable" if instance.enabled else "enable"
        context["action_url"] = reverse(self.url_names[action], args=(quote(instance.pk),))
        context["csrf_token"] = get_token(request) if request else ""
        return context


class H5PLibraryIndexView(ScopedIndexView):
    enable_url_name: str | None = None
    disable_url_name: str | None = None

    @cached_property
    def columns(self) -> list:
        columns = super().columns
        columns.append(
            H5PLibraryActionsColumn(
                "actions",
                label=_("Tindakan"),
                url_names={"enable": self.enable_url_name, "disable": self.disable_url_name},
            )
        )
        return columns


class H5PLibraryInspectView(ScopedInspectView):
    template_name = "assessments/admin/h5p_library_inspect.html"
    enable_url_name: str | None = None
    disable_url_name: str | None = None

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        library = self.object
        context["library"] = library
        context["installer"] = learner_label(library.installed_by) if library.installed_by else None
        context["may_change"] = self.request.user.has_perm("assessments.change_h5plibrary")
        name = self.disable_url_name if library.enabled else self.enable_url_name
        context["action_url"] = reverse(name, args=(quote(library.pk),))
        return context


class H5PLibraryEnabledView(PermissionCheckedMixin, View):
    """POST only (CSRF-protected like every POST): enables or disables a library
    (``change_h5plibrary``), then back to the list, or to its page with ``kembali=inspect``."""

    model = H5PLibrary
    permission_required = "change"
    http_method_names = ["post"]
    enabled = True
    index_url_name: str | None = None
    inspect_url_name: str | None = None

    def post(self, request, pk):
        if not request.user.has_perm("assessments.change_h5plibrary"):
            raise PermissionDenied
        library = get_object_or_404(h5p_libraries_listed(), pk=unquote(str(pk)))
        library = h5p_library_set_enabled(library=library, enabled=self.enabled, user=request.user)
        if self.enabled:
            messages.success(
                request,
                _("Pustaka %(library)s diaktifkan kembali; kontennya dapat diputar lagi.")
                % {"library": library},
            )
        else:
            messages.success(
                request,
                _(
                    "Pustaka %(library)s dinonaktifkan: tidak dipakai untuk paket baru dan "
                    "kontennya tidak diputar."
                )
                % {"library": library},
            )
        if request.POST.get("kembali") == "inspect":
            return redirect(self.inspect_url_name, quote(library.pk))
        return redirect(self.index_url_name)


class H5PLibraryViewSet(ReadOnlyScopedViewSet):
    """Installed libraries: list and inspect (no add, edit or delete route), with the enable
    and disable actions."""

    model = H5PLibrary
    name = "pustaka-h5p"
    url_prefix = "asesmen/pustaka-h5p"
    icon = "code"
    menu_label = _("Pustaka H5P")
    ordering = ["machine_name", "major_version", "minor_version"]
    search_fields = ["machine_name", "title"]
    index_view_class = H5PLibraryIndexView
    inspect_view_class = H5PLibraryInspectView
    phone_columns = ("enabled",)
    list_display = [
        "machine_name",
        Column("version", label=_("Versi"), accessor="version", sort_key="major_version"),
        Column("title", label=_("Judul"), sort_key="title"),
        Column(
            "runnable",
            label=_("Jenis konten utama"),
            accessor=lambda lib: _("Ya") if lib.runnable else _("Tidak"),
            sort_key="runnable",
        ),
        StatusTagColumn(
            "enabled",
            label=_("Status"),
            accessor=lambda lib: _("Aktif") if lib.enabled else _("Nonaktif"),
            sort_key="enabled",
            primary=lambda lib: lib.enabled,
        ),
        Column("package_count", label=_("Dipakai paket"), sort_key="package_count"),
        Column(
            "installed_by",
            label=_("Dipasang oleh"),
            accessor=lambda lib: learner_label(lib.installed_by) if lib.installed_by else "—",
        ),
        DateColumn("installed_at", label=_("Dipasang"), sort_key="installed_at"),
    ]

    def visible_queryset(self, user: User) -> QuerySet[H5PLibrary]:
        if not (
            user.has_perm("assessments.view_h5plibrary")
            or user.has_perm("assessments.change_h5plibrary")
        ):
            return H5PLibrary.objects.none()
        return h5p_libraries_listed()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            enable_url_name=self.get_url_name("enable"),
            disable_url_name=self.get_url_name("disable"),
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            enable_url_name=self.get_url_name("enable"),
            disable_url_name=self.get_url_name("disable"),
            **kwargs,
        )

    def _enabled_view(self, enabled: bool):
        return H5PLibraryEnabledView.as_view(
            enabled=enabled,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self) -> list:
        conv = self.pk_path_converter
        return [
            *super().get_urlpatterns(),
            path(f"aktifkan/<{conv}:pk>/", self._enabled_view(True), name="enable"),
            path(f"nonaktifkan/<{conv}:pk>/", self._enabled_view(False), name="disable"),
        ]

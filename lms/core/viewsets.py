"""The generic scoped admin: Wagtail model viewsets whose every view reads through the
viewset's scope functions and whose every save goes through a service.

Used by the people, competencies, assessments and courses admins. The rule it enforces:

* every object lookup (list, search, filters, inspect, edit, delete, history, usage) goes
  through ``visible_queryset(user)`` or, for changes, ``editable_queryset(user)``, so an object
  outside the user's scope is a 404 whatever view its id is put into;
* create and edit views save through the viewset's ``persist(form=, user=, created=)``, which
  calls the app's service (docs/architecture.md, "The write path"); a service's
  ``ValidationError`` or ``ApplicationError`` rolls the transaction back and comes back as form
  errors, never a 500.

What "scope" means is the app's business (the people app: the user's OPDs and their sub-units).
"""

from collections.abc import Callable, Collection
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from lms.core.errors import ApplicationError

ScopeFunction = Callable[[Any], QuerySet]


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ``ValidationError`` on the form (unknown fields become form errors)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Views -------------------------------------------------------------------------------------


class ScopedViewMixin:
    """Views get the viewset's scope functions; every object lookup goes through them."""

    visible_queryset: ScopeFunction | None = None
    editable_queryset: ScopeFunction | None = None

    def scoped_queryset(self, *, editable: bool = False) -> QuerySet:
        scope = self.editable_queryset if editable else self.visible_queryset
        return scope(self.request.user)


PHONE_HIDDEN = "lms-col-secondary"  # hidden below 50em (lms/core/static/lms/css/admin.css)
TITLE_CLASS = "lms-col-title"


def _add_class(column: Any, name: str) -> None:
    classes = (column.classname or "").split()
    if name not in classes:
        column.classname = " ".join([*classes, name])


def phone_layout(columns: list, keep: Collection[str] | None) -> list:
    """Marks the columns a phone hides: all but the title column and those named in ``keep``
    (None: the list shows every column everywhere). The classes are the same on every request,
    so marking a column declared once in ``list_display`` twice changes nothing."""
    for column in columns:
        if isinstance(column, TitleColumn):
            _add_class(column, TITLE_CLASS)
        elif keep is not None and column.name not in keep:
            _add_class(column, PHONE_HIDDEN)
    return columns


class PhoneColumnsMixin:
    """Index views whose list keeps only ``phone_columns`` (and the title) on a phone."""

    phone_columns: Collection[str] | None = None

    @cached_property
    def columns(self) -> list:
        return phone_layout(super().columns, self.phone_columns)


class ScopedIndexView(ScopedViewMixin, generic.IndexView):
    """Listing, search, filters and spreadsheet export, all over the scoped queryset.

    ``phone_columns`` (from the viewset) names the columns kept on a phone besides the title;
    the others are hidden there (:func:`phone_layout`)."""

    title_column: tuple[str, Any, str] | None = None  # (accessor, label, sort key)
    phone_columns: Collection[str] | None = None

    def get_base_queryset(self) -> QuerySet:
        return self.scoped_queryset()

    @cached_property
    def columns(self) -> list:
        columns = super().columns
        if self.title_column:
            accessor, label, sort_key = self.title_column
            column_class = self._get_title_column_class(TitleColumn)
            columns[0] = column_class(
                accessor.replace(".", "_"),
                label=label,
                accessor=accessor,
                sort_key=sort_key,
                width="24%",
                get_url=lambda obj: self.get_edit_url(obj) or self.get_inspect_url(obj),
            )
        return phone_layout(columns, self.phone_columns)


class ServiceSaveMixin:
    """Create/edit views that save through the viewset's ``persist`` (a service call).

    A ``ValidationError`` or ``ApplicationError`` from the service rolls the transaction back
    and re-renders the form with the message, instead of failing with a server error.
    """

    persist: Callable[..., models.Model] | None = None
    is_create = False

    def save_instance(self) -> models.Model:
        instance = self.persist(form=self.form, user=self.request.user, created=self.is_create)
        log(
            instance=instance,
            action="wagtail.create" if self.is_create else "wagtail.edit",
            user=self.request.user,
        )
        return instance

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
        except ValidationError as error:
            add_validation_error(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            response = self.save_action()
            hook_response = self.run_after_hook()
            return hook_response if hook_response is not None else response
        if self.is_create:  # the rolled-back insert may have set a primary key
            form.instance.pk = None
            form.instance._state.adding = True
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class ScopedCreateView(ServiceSaveMixin, ScopedViewMixin, generic.CreateView):
    is_create = True
    # Wagtail 8.0's Indonesian catalogue lacks these two strings.
    submit_button_label = _("Simpan")
    submit_button_active_label = _("Menyimpan…")

    def get_breadcrumbs_items(self) -> list:
        items = super().get_breadcrumbs_items()
        items[-1] = {**items[-1], "label": _("Baru: %(model_name)s") % {
            "model_name": self.get_page_subtitle()
        }}  # fmt: skip
        return items


class ScopedEditView(ServiceSaveMixin, ScopedViewMixin, generic.EditView):
    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset(editable=True)


class ScopedDeleteView(ScopedViewMixin, generic.DeleteView):
    """Deletes within the scope; a protected object gives a message instead of an error."""

    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset(editable=True)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _(
                    "%(object)s tidak dapat dihapus karena masih dipakai data lain. "
                    "Pindahkan atau nonaktifkan data yang memakainya terlebih dahulu."
                )
                % {"object": self.object},
            )
            return HttpResponseRedirect(self.get_success_url())


class ScopedInspectView(ScopedViewMixin, generic.InspectView):
    def get_object(self, queryset=None) -> models.Model:
        return get_object_or_404(self.scoped_queryset(), pk=unquote(str(self.pk)))


class ScopedHistoryView(ScopedViewMixin, history.HistoryView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped_queryset()


class ScopedUsageView(ScopedViewMixin, usage.UsageView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped_queryset(editable=True)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view reads through ``visible_queryset(user)``.

    Subclasses implement ``visible_queryset`` (what the user may list and open) and may narrow
    ``editable_queryset`` (what they may edit or delete); ``persist`` saves a valid form by
    calling the app's service.
    """

    add_to_reference_index = False  # keeps imports of thousands of rows free of index writes
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # plain ORM search over ``search_fields``
    list_per_page = 50
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    title_column: tuple[str, Any, str] | None = None
    #: Columns a phone keeps besides the title (None: every column everywhere).
    phone_columns: Collection[str] | None = None

    def visible_queryset(self, user: Any) -> QuerySet:
        raise NotImplementedError

    def editable_queryset(self, user: Any) -> QuerySet:
        return self.visible_queryset(user)

    def persist(self, *, form: forms.ModelForm, user: Any, created: bool) -> models.Model:
        """Saves a valid form through the app's service (``form.save(commit=False)`` gives the
        unsaved instance) and returns the saved object. Every viewset with a create or edit
        view implements it: the base never saves a form itself (docs/architecture.md)."""
        raise NotImplementedError(f"{type(self).__name__}.persist must call a service")

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            visible_queryset=self.visible_queryset,
            editable_queryset=self.editable_queryset,
            persist=self.persist,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            title_column=self.title_column, phone_columns=self.phone_columns, **kwargs
        )


class ReadOnlyScopedViewSet(ScopedModelViewSet):
    """List and inspect only: no edit, delete, history or usage routes exist at all.

    ``add_enabled`` keeps the create route (still subject to the ``add`` permission).
    """

    add_enabled = False

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        urlpatterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]
        if self.add_enabled:
            urlpatterns.append(path("new/", self.add_view, name="add"))
        return urlpatterns

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        if not self.add_enabled:
            view_kwargs["add_url_name"] = None
        return view_kwargs

"""Admin of certificate templates (a snippet; BKPSDM keeps them, docs/security.md)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate


class TemplateReaderRequiredMixin:
    """Wagtail's snippet chooser checks no permission; this one is for template keepers."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not any(
            user.has_perm(f"certificates.{action}_certificatetemplate")
            for action in ("view", "add", "change")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TemplateChooseView(TemplateReaderRequiredMixin, ChooseView):
    pass


class TemplateChooseResultsView(TemplateReaderRequiredMixin, ChooseResultsView):
    pass


class TemplateChosenView(TemplateReaderRequiredMixin, SnippetChosenView):
    pass


class TemplateChosenMultipleView(TemplateReaderRequiredMixin, SnippetChosenMultipleView):
    pass


class TemplateChooserViewSet(SnippetChooserViewSet):
    choose_view_class = TemplateChooseView
    choose_results_view_class = TemplateChooseResultsView
    chosen_view_class = TemplateChosenView
    chosen_multiple_view_class = TemplateChosenMultipleView


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templat sertifikat")
    menu_order = 450
    add_to_admin_menu = True
    list_display = ["name", "is_default", "orientation", "updated_at"]
    search_fields = ["name"]
    chooser_viewset_class = TemplateChooserViewSet

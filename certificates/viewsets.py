"""Admin of certificate templates (a snippet; BKPSDM keeps them, docs/security.md)."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import MediaContainer
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView, SnippetViewSet

from .admin_preview import CertificatePreviewSidePanel, CertificatePreviewView
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


class PreviewSidePanelMixin:
    """Adds the live preview (``certificates.admin_preview``) beside the template form."""

    def get_side_panels(self):
        panels = list(super().get_side_panels())
        if not self.expects_json_response:
            url = reverse(self.model.snippet_viewset.get_url_name("preview"))
            panels.append(
                CertificatePreviewSidePanel(self.form.instance, self.request, preview_url=url)
            )
        return MediaContainer(panels)


class TemplateCreateView(PreviewSidePanelMixin, CreateView):
    pass


class TemplateEditView(PreviewSidePanelMixin, EditView):
    pass


class TemplateCopyView(PreviewSidePanelMixin, CopyView):
    pass


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templat sertifikat")
    menu_order = 450
    add_to_admin_menu = True
    list_display = ["name", "is_default", "orientation", "updated_at"]
    search_fields = ["name"]
    chooser_viewset_class = TemplateChooserViewSet
    add_view_class = TemplateCreateView
    edit_view_class = TemplateEditView
    copy_view_class = TemplateCopyView

    def get_urlpatterns(self):
        preview = CertificatePreviewView.as_view(permission_policy=self.permission_policy)
        return [*super().get_urlpatterns(), path("pratinjau/", preview, name="preview")]

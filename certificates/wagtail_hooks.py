"""Admin registration of the certificates app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import CertificateViewSet
from .viewsets import CertificateTemplateViewSet


@hooks.register("register_admin_viewset")
def register_certificate_list() -> CertificateViewSet:
    """HR's certificate list with the bulk ZIP (``certificates.admin_views``)."""
    return CertificateViewSet()


register_snippet(CertificateTemplateViewSet)  # the templates, for BKPSDM

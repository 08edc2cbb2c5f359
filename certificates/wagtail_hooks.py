"""Admin registration of the certificates app."""

from wagtail import hooks

from .admin_views import CertificateViewSet


@hooks.register("register_admin_viewset")
def register_certificate_list() -> CertificateViewSet:
    """HR's certificate list with the bulk ZIP (``certificates.admin_views``)."""
    return CertificateViewSet()

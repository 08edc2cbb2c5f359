"""Deployment checks of the assessments app (``manage.py check --deploy``; docs/h5p.md)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def h5p_content_origin(app_configs, **kwargs) -> list[Warning]:
    """H5P content is untrusted JavaScript: in production it is served from an origin of its
    own (``H5P_CONTENT_ORIGIN``), which the site accepts as a host."""
    origin = settings.H5P_CONTENT_ORIGIN
    site = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc.lower()
    host = urlsplit(origin).netloc.lower() if origin else ""
    if not host or host == site:
        return [
            Warning(
                "H5P_CONTENT_ORIGIN is not a separate origin: H5P packages would be served from "
                "the site's own host.",
                hint="Set H5P_CONTENT_ORIGIN to e.g. https://h5p.<your domain> (docs/h5p.md).",
                id="assessments.W001",
            )
        ]
    if host.split(":")[0] not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        return [
            Warning(
                "The host of H5P_CONTENT_ORIGIN is not in DJANGO_ALLOWED_HOSTS.",
                hint="Add it so the player's requests reach the application.",
                id="assessments.W002",
            )
        ]
    return []

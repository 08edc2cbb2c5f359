"""Read-side queries of the platform itself."""

from wagtail.models import Site

from .models import InstitutionSettings


def institution_settings() -> InstitutionSettings | None:
    """The institution of the default site (the first site when none is marked default), for
    code without a request: documents built by a worker or a command. ``None`` without any
    site (an empty database)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return InstitutionSettings.for_site(site) if site else None

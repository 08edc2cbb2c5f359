"""Write-side operations for the platform itself: the home page and the institution settings."""

from django.db import transaction
from wagtail.models import Site

from .models import HomePage, InstitutionSettings


@transaction.atomic
def home_page_update(*, home: HomePage, title: str, intro: str) -> HomePage:
    """Publishes ``title`` and ``intro`` on the home page (a new revision); does nothing when
    they are already live. Idempotent; atomic."""
    if home.title != title or home.intro != intro:
        home.title, home.intro = title, intro
        home.save_revision().publish()
    return home


@transaction.atomic
def institution_settings_save(*, site: Site, **values: str) -> InstitutionSettings:
    """Sets the named fields of ``site``'s institution settings (name, short name, HR unit,
    contacts) and saves them, validated. Atomic."""
    institution = InstitutionSettings.for_site(site)
    for name, value in values.items():
        setattr(institution, name, value)
    institution.full_clean()
    institution.save()
    return institution

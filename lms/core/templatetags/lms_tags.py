from django import template
from django.core.cache import cache

from lms.core.models import HomePage

register = template.Library()

CATALOGUE_URL_KEY = "lms:catalogue-url"


@register.simple_tag
def catalogue_url() -> str:
    """URL of the course catalogue chosen on the home page, or "" when none is set.

    Shown in the navigation of every page, so it is cached for five minutes (a changed or
    unpublished catalogue shows up in the menu within that time).
    """
    url = cache.get(CATALOGUE_URL_KEY)
    if url is None:
        home = HomePage.objects.live().select_related("catalogue_page").first()
        page = home.catalogue_page if home else None
        url = page.url if page and page.live else ""
        cache.set(CATALOGUE_URL_KEY, url, 300)
    return url

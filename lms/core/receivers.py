"""Cache invalidation for values shown on every page."""

from django.core.cache import cache

from .templatetags.lms_tags import CATALOGUE_URL_KEY


def forget_catalogue_url(**kwargs) -> None:
    cache.delete(CATALOGUE_URL_KEY)

from django import template

from lms.core.models import HomePage

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context) -> str:
    """URL of the course catalogue chosen on the home page, or "" when none is set."""
    request = context.get("request")
    if request is None:
        return ""
    if not hasattr(request, "_lms_catalogue_url"):
        home = HomePage.objects.live().select_related("catalogue_page").first()
        page = home.catalogue_page if home else None
        request._lms_catalogue_url = page.get_url(request) if page and page.live else ""
    return request._lms_catalogue_url

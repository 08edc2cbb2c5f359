"""Published pages with few queries: the site, the route to a page, its view restrictions and
the site settings come from the shared cache (lms/core/contentcache.py), keyed on the content
generation, so a publish, move or settings change is seen by the next request on every node.

Wagtail's own code still does the work: ``PublishedContentMiddleware`` fills the attributes
Wagtail already memoises on the request (``_wagtail_site``, ``_wagtail_route_for_request``) and
``wagtail.views.serve`` runs as always (its hooks, view restrictions, ``before_serve_page``).
Only successful routes to a live page without extra arguments are cached, with the page as it
was published: a mistyped or hostile path costs what it costs without the cache and never adds
an entry. Whatever changes what a page shows publishes it (or moves, unpublishes or deletes
it), which retires the entry; each request gets its own copy of the page.

docs/performance.md explains the query budget this keeps (docs/quality.md P3).
"""

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from .contentcache import MISSING, cached, lookup, store


def site_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's ``Site.find_for_request``, cached per host and port, and kept on the request
    where Wagtail looks for it (``_wagtail_site``)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # CommonMiddleware refuses the request; nothing is cached for it
    site = cached("site", host, request.get_port(), fill=lambda: Site._find_for_request(request))
    request._wagtail_site = site
    return site


def route_for_request(request: HttpRequest, path: str) -> RouteResult | None:
    """Wagtail's ``Page.route_for_request``, with the route to a live page cached: the page as
    it was published (a publish, unpublish, move or delete retires it)."""
    site = site_for_request(request)
    if site is None:
        return Page.route_for_request(request, path)
    page = lookup("route", site.pk, path)
    # The entry must name a live page at this very path (anything else is ignored).
    expected = f"{site.root_page.url_path}{path.strip('/')}/" if path.strip("/") else None
    if page is not MISSING and page.live and page.url_path == (expected or site.root_page.url_path):
        request._wagtail_route_for_request = RouteResult(page)
        return request._wagtail_route_for_request
    result = Page.route_for_request(request, path)
    if result is not None and not result.args and not result.kwargs and result.page.live:
        store("route", site.pk, path, value=result.page)
    return result


def view_restrictions(page: Page):
    """``page.get_view_restrictions()`` with its result cached: a queryset (callers may still
    filter it, which asks the database) whose rows are already loaded."""
    rows = cached("restrictions", page.pk, fill=lambda: list(Page.get_view_restrictions(page)))
    restricted = PageViewRestriction.objects.filter(pk__in=[row.pk for row in rows])
    restricted._result_cache = rows
    restricted._prefetch_done = True
    return restricted


class CachedPublishedPageMixin:
    """For the site's page types: view restrictions from the cache (``view_restrictions``)."""

    def get_view_restrictions(self):
        return view_restrictions(self)

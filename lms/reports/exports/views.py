"""The admin export endpoint (``POST /admin/laporan/ekspor/``)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    raise Http404  # being built

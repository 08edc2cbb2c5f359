"""The public privacy notice, ``/privasi/`` ("Pemberitahuan Privasi", UU 27/2022:
the controller tells data subjects what it processes, why and on which basis, who receives it,
how long it is kept and how to use their rights; docs/security.md, "Personal data (UU
27/2022)"). The controller and its data protection officer come from the institution's site
settings, the retention periods from the settings the purge uses."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .pagecache import public_page_cache


@public_page_cache
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "core/privacy.html",
        {
            "attempt_years": settings.LMS_RETENTION_ATTEMPT_YEARS,
            "xapi_years": settings.LMS_RETENTION_XAPI_YEARS,
            "download_hours": settings.LMS_DOWNLOAD_TTL_HOURS,
        },
    )

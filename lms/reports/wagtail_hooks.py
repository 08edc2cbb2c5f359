"""Admin registration of the HR reports.

Each registration is its own hook function (the exports' URL here; the dashboard adds its own
beside it). Export URL: ``POST /admin/laporan/ekspor/``, ``reverse("lms_report_exports:export")``
(``lms.reports.exports.views``).
"""

from django.urls import include, path
from wagtail import hooks

from .exports import urls as export_urls


@hooks.register("register_admin_urls")
def register_report_export_urls() -> list:
    """The report exports (XLSX, CSV, PDF; large ones as a prepared download)."""
    return [path("laporan/ekspor/", include(export_urls, namespace="lms_report_exports"))]

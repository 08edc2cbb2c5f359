"""Admin registration of the HR reports.

Each registration is its own hook function (the exports' URL here; the dashboard adds its own
beside it). Export URL: ``POST /admin/laporan/ekspor/``, ``reverse("lms_report_exports:export")``
(``lms.reports.exports.views``).
"""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .exports import urls as export_urls
from .panels import HRSummaryPanel
from .selectors.base import may_read_reports
from .views import urls as dashboard_urls


@hooks.register("register_admin_urls")
def register_report_export_urls() -> list:
    """The report exports (XLSX, CSV, PDF; large ones as a prepared download)."""
    return [path("laporan/ekspor/", include(export_urls, namespace="lms_report_exports"))]


@hooks.register("register_admin_urls")
def register_report_dashboard_urls() -> list:
    """The dashboard: heat map, drill-down OPD → unit → people → person (``lms.reports.views``)."""
    return [path("laporan/", include(dashboard_urls, namespace="laporan"))]


class ReportMenuItem(MenuItem):
    """ "Laporan Kompetensi": for report readers only (Admin OPD, BKPSDM, superusers)."""

    def is_shown(self, request) -> bool:
        return may_read_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_report_menu_item() -> MenuItem:
    return ReportMenuItem(
        _("Laporan Kompetensi"),
        reverse_lazy("laporan:heatmap"),
        name="laporan-kompetensi",
        icon_name="table",
        order=250,
    )


@hooks.register("construct_homepage_panels")
def add_hr_summary_panel(request, panels: list) -> None:
    """The HR home panel for report readers (Admin OPD, BKPSDM): their OPDs' figures first."""
    if may_read_reports(request.user):
        panels.insert(0, HRSummaryPanel(request))

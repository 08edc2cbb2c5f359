"""The HR home panel on the Wagtail dashboard (``construct_homepage_panels``): the headline
figures of the viewer's OPDs (``selectors.home.home_figures``) with links to act on them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from lms.competencies.selectors import PNS_JP_TARGET
from lms.people.selectors import may_invite_accounts

from .selectors.home import home_figures


def _percent(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


class HRSummaryPanel(Component):
    name = "lms_hr_summary"
    order = 50  # before Wagtail's own panels
    template_name = "reports/admin/home_panel.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        user = self.request.user
        figures = home_figures(user, today=timezone.localdate())
        invite = may_invite_accounts(user)
        return {
            "figures": figures,
            "active_percent": _percent(figures.active_share),
            "pns_met_percent": _percent(figures.pns_met_share),
            "pns_target": PNS_JP_TARGET,
            "reports_url": reverse("laporan:heatmap"),
            "activation_url": reverse("aktivasi:index") if invite else "",
            "employees_url": reverse("pegawai:index"),
            "assignments_url": reverse("penugasan:index"),
        }

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """HR reports: gaps, JPM, JP compliance, completion and gain per OPD (docs/architecture.md,
    "Reports"). The top of the import chain: reads every app below, is imported by none."""

    name = "lms.reports"
    label = "reports"
    verbose_name = _("Laporan SDM")

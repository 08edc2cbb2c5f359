"""Monthly snapshots of the OPD summaries (docs/architecture.md, "Reports").

A snapshot keeps, for one month, the per-unit sums of the OPD × competency summary and of the JP
summary of that month's year, computed for every OPD, and the OPD tree as it stood (codes,
names, parents, validity). A past year's report reads its last snapshot, so later changes
(merges, moves, corrected evidence) never alter figures already reported. Written once by
``report_snapshot_take``; never edited.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSnapshot(models.Model):
    month = models.DateField(_("bulan"), unique=True, help_text=_("Hari pertama bulan itu."))
    year = models.PositiveSmallIntegerField(_("tahun laporan"), db_index=True)
    taken_at = models.DateTimeField(_("diambil pada"), auto_now_add=True)
    # {opd id: [parent id, code, name, valid_from, valid_to]} as it stood (ISO dates).
    opds = models.JSONField(_("struktur OPD"), default=dict)

    class Meta:
        verbose_name = _("cuplikan laporan bulanan")
        verbose_name_plural = _("cuplikan laporan bulanan")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class SnapshotKind(models.TextChoices):
    GAP = "gap", _("Kesenjangan kompetensi")
    JP = "jp", _("Pemenuhan JP")


class ReportSnapshotRow(models.Model):
    """One unit's sums: a unit × competency cell (``gap``) or a unit's JP figures (``jp``)."""

    snapshot = models.ForeignKey(ReportSnapshot, on_delete=models.CASCADE, related_name="rows")
    kind = models.CharField(_("jenis"), max_length=10, choices=SnapshotKind.choices)
    unit_id = models.IntegerField(_("id OPD saat itu"))
    competency_code = models.CharField(_("kode kompetensi"), max_length=20, blank=True)
    competency_name = models.CharField(_("nama kompetensi"), max_length=200, blank=True)
    figures = models.JSONField(_("angka"))

    class Meta:
        verbose_name = _("baris cuplikan laporan")
        verbose_name_plural = _("baris cuplikan laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "kind", "unit_id", "competency_code"],
                name="reports_snapshot_row_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.kind} {self.unit_id} {self.competency_code}"

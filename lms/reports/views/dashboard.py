"""The dashboard's pages (module docstring of ``lms.reports.views``).

* ``/admin/laporan/``: the heat map of the top OPDs the viewer sees (BKPSDM: every root OPD;
  Admin OPD: their OPDs), JP compliance, charts, the comparison with the previous monthly
  snapshot, export buttons;
* ``/admin/laporan/opd/<id>/``: the same for one OPD: its own staff and each unit right below
  it (a unit's row opens that unit's page: OPD → unit → …), and a link to its people;
* ``/admin/laporan/opd/<id>/pegawai/``: the people of the OPD with their JPM and JP of the year;
* ``/admin/laporan/pegawai/<id>/``: one person's gaps (the trust of the evidence behind each
  attained level) and JP ledger of the year; ``…/bukti/``: every piece of their evidence.

Who: ``may_read_reports`` (Admin OPD, BKPSDM, superusers); anyone else 403, anonymous to the
login page. An OPD or a person outside the viewer's scope (or unknown) in the path is 404 and
logged (``lms.reports``, as the API does). Every figure comes from ``lms.reports.selectors``
(SQL aggregation, a bounded number of queries); the views only shape it for display.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.competencies.models import TRUSTED_SOURCES, EvidenceSource
from lms.competencies.selectors import (
    PNS_JP_TARGET,
    PPPK_JP_CAP,
    employee_competency_profile,
    evidence_for,
    jp_target_for,
    learning_records_for,
)
from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.people.models import OPD
from lms.people.selectors import employees_visible_to, opd_scope_ids, opds_visible_to

from .. import charts
from ..selectors import JPM_LABELS, jp_rows, jpm_category, jpm_rows
from ..selectors.base import may_read_reports
from ..selectors.snapshots import dashboard_figures, gap_changes, previous_gap_summary
from .filters import MAX_ID, export_query, filter_query, parse_filters

logger = logging.getLogger("lms.reports")

EXPORT_URL_NAME = "lms_report_exports:export"
# Heat-map classes: share of people below the required level, lower bounds (0..1).
BUCKETS = (0.0, 0.2, 0.4, 0.6, 0.8)
BUCKET_LABELS = (
    gettext_lazy("sangat rendah"),
    gettext_lazy("rendah"),
    gettext_lazy("sedang"),
    gettext_lazy("tinggi"),
    gettext_lazy("sangat tinggi"),
)
PEOPLE_PER_PAGE = 100


def _bucket(value: float | None) -> int | None:
    if value is None:
        return None
    return max(i for i, low in enumerate(BUCKETS) if value >= low)


def _percent(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


@dataclass(frozen=True)
class HeatCell:
    people: int
    below: int
    percent: int | None  # share below, rounded %
    bucket: int | None
    label: str  # the bucket in words (readable without colour)
    change: int | None  # points since the previous snapshot (negative: fewer below)


@dataclass(frozen=True)
class HeatRow:
    opd_id: int
    code: str
    name: str
    url: str | None
    own_staff: bool  # the row of the OPD's own staff on its page (not a unit)
    valid_in_year: bool
    cells: list[HeatCell | None]
    total: HeatCell | None


def _cell(cell, change: float | None = None) -> HeatCell | None:
    if cell is None or not cell.people:
        return None
    bucket = _bucket(cell.share_below)
    return HeatCell(
        people=cell.people,
        below=cell.below,
        percent=_percent(cell.share_below),
        bucket=bucket,
        label=str(BUCKET_LABELS[bucket]) if bucket is not None else "",
        change=None if change is None else round(100 * change),
    )


def _export_url() -> str | None:
    try:
        return reverse(EXPORT_URL_NAME)
    except NoReverseMatch:
        return None


EXPORTS = (  # (kind, format, label): the kinds of lms.reports.exports.kinds
    ("gap-summary", "xlsx", gettext_lazy("Peta kesenjangan (XLSX)")),
    ("gap", "xlsx", gettext_lazy("Kesenjangan per pegawai (XLSX)")),
    ("gap", "csv", gettext_lazy("Kesenjangan per pegawai (CSV)")),
    ("summary", "pdf", gettext_lazy("Laporan OPD (PDF)")),
    ("jpm", "xlsx", gettext_lazy("JPM per pegawai (XLSX)")),
    ("jp", "xlsx", gettext_lazy("Pemenuhan JP (XLSX)")),
    ("completion", "xlsx", gettext_lazy("Penyelesaian kursus (XLSX)")),
    ("akpk", "xlsx", gettext_lazy("Lembar AKPK (XLSX)")),
    ("siasn", "csv", gettext_lazy("SIASN riwayat kursus (CSV)")),
)


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """Base of the dashboard pages: the access check and the shared context."""

    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, what: str, pk) -> None:
        logger.warning(
            "report refused: user %s asked for %s %s outside their scope",
            self.request.user.pk,
            what,
            pk,
        )
        audit_record(
            AuditAction.ACCESS_DENIED,
            object_type="people.employee" if what == "employee" else "people.opd",
            object_id=str(pk)[:64],
            details={"view": type(self).__name__, "asked_for": what},
        )
        raise Http404

    def scoped_opd(self, pk: int) -> OPD:
        opd = opds_visible_to(self.request.user).filter(pk=pk).first() if pk <= MAX_ID else None
        if opd is None:
            self.refuse("OPD", pk)
        return opd

    def ancestors(self, opd: OPD) -> list[OPD]:
        """The OPDs above ``opd`` that the viewer sees, top first (one query: the tree is a few
        levels deep)."""
        scope = opd_scope_ids(self.request.user)
        chain = []
        parent = OPD.objects.filter(pk=opd.parent_id).select_related("parent__parent__parent")
        walk = parent.first() if opd.parent_id else None
        while walk is not None and (scope is None or walk.pk in scope):
            chain.append(walk)
            walk = walk.parent if walk.parent_id else None
        return chain[::-1]

    def home_crumbs(self) -> list[dict]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dasbor")},
            {"url": reverse("laporan:heatmap"), "label": _("Laporan Kompetensi")},
        ]

    def render_to_response(self, context, **kwargs):
        if context.get("form") is not None and context.get("filters") is None:
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)


class HeatmapView(ReportView):
    """The heat map of the top OPDs in scope, or (``opd_id``) of one OPD and its units."""

    template_name = "reports/admin/heatmap.html"
    page_title = gettext_lazy("Laporan Kompetensi")

    def get(self, request, *args, opd_id: int | None = None, **kwargs):
        self.opd = self.scoped_opd(opd_id) if opd_id is not None else None
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return f"{self.opd.code} {self.opd.name}" if self.opd else ""

    def get_breadcrumbs_items(self) -> list[dict]:
        crumbs = self.home_crumbs()
        if self.opd is None:
            return [*crumbs[:1], {"url": "", "label": _("Laporan Kompetensi")}]
        query = self.query_string()
        crumbs[-1]["url"] += query
        for opd in self.ancestors(self.opd):
            crumbs.append(
                {"url": reverse("laporan:opd", args=(opd.pk,)) + query, "label": opd.code}
            )
        return [*crumbs, {"url": "", "label": self.opd.code}]

    def query_string(self) -> str:
        filters = getattr(self, "filters", None)
        return "?" + urlencode(filter_query(filters, with_opd=False)) if filters else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = parse_filters(self.request.user, self.request.GET, opd=self.opd)
        self.filters = filters
        context.update(form=form, filters=filters, opd=self.opd)
        if filters is None:
            return context
        query = self.query_string()
        figures = dashboard_figures(filters, refresh=self.request.GET.get("refresh") == "1")
        summary = figures.gap
        previous = previous_gap_summary(filters) if summary.source == "live" else None
        changes = gap_changes(summary, previous)
        codes = [code for code, _name in summary.competencies]
        rows = []
        for row in summary.rows:
            own = self.opd is not None and row.opd.id == self.opd.pk
            if own:
                url = reverse("laporan:people", args=(row.opd.id,)) + query
            else:
                url = reverse("laporan:opd", args=(row.opd.id,)) + query
            rows.append(
                HeatRow(
                    opd_id=row.opd.id,
                    code=row.opd.code,
                    name=row.opd.name,
                    url=url,
                    own_staff=own,
                    valid_in_year=row.opd.valid_in_year,
                    cells=[
                        _cell(row.cells.get(code), changes.get((row.opd.code, code)))
                        for code in codes
                    ],
                    total=_cell(row.total),
                )
            )
        total = summary.total
        jp = figures.jp
        context.update(
            summary=summary,
            competencies=summary.competencies,
            rows=rows,
            total_cells=[_cell(total.cells.get(code)) for code in codes],
            total=_cell(total.total),
            previous=previous,
            jp=jp,
            jp_rows=[
                {
                    "row": row,
                    "mean_jp": row.mean_jp,
                    "pns_met_percent": _percent(row.pns_met_share),
                    "cap_percent": _percent(row.pppk_cap_used_share),
                }
                for row in jp.rows
            ],
            jp_total=jp.total,
            jp_total_percent=_percent(jp.total.pns_met_share),
            legend=[
                {
                    "bucket": i,
                    "low": round(100 * low),
                    "high": round(100 * BUCKETS[i + 1]) - 1 if i + 1 < len(BUCKETS) else 100,
                    "label": BUCKET_LABELS[i],
                }
                for i, low in enumerate(BUCKETS)
            ],
            charts=self.charts(summary, previous, jp, rows),
            computed_at=figures.computed_at,
            cache_minutes=-(-settings.LMS_REPORT_CACHE_SECONDS // 60),  # rounded up; 0: off
            refresh_url=self.request.path + (query + "&" if query != "?" else "?") + "refresh=1",
            export_url=_export_url(),
            exports=EXPORTS,
            export_fields=export_query(filters),
            people_url=(
                reverse("laporan:people", args=(self.opd.pk,)) + query if self.opd else None
            ),
            pns_target=PNS_JP_TARGET,
            pppk_cap=PPPK_JP_CAP,
        )
        return context

    def charts(self, summary, previous, jp, rows) -> list:
        labels = [row.opd.code for row in jp.rows]
        out = [
            (
                charts.BarChart(
                    title=_("PNS yang mencapai %(jp)s JP") % {"jp": PNS_JP_TARGET},
                    labels=labels,
                    series=[
                        charts.Series(
                            _("PNS ≥ %(jp)s JP") % {"jp": PNS_JP_TARGET},
                            [_percent(row.pns_met_share) for row in jp.rows],
                            charts.PALETTE[2],
                        )
                    ],
                    unit="%",
                    maximum=100,
                    target=100,
                    target_label=_("semua PNS"),
                    description=_("Persentase PNS per OPD yang mencapai target JP tahun ini."),
                )
            ),
            (
                charts.BarChart(
                    title=_("Rata-rata JP per pegawai"),
                    labels=labels,
                    series=[
                        charts.Series(
                            _("rata-rata JP"),
                            [
                                float(row.mean_jp) if row.mean_jp is not None else None
                                for row in jp.rows
                            ],  # fmt: skip
                            charts.PALETTE[0],
                        )
                    ],
                    unit=" JP",
                    decimals=1,
                    target=PNS_JP_TARGET,
                    target_label=_("target PNS %(jp)s JP") % {"jp": PNS_JP_TARGET},
                )
            ),
        ]
        total = jp.total
        distribution = total.distribution()
        if distribution is not None:
            out.append(
                charts.BarChart(
                    title=_("Sebaran JP pegawai"),
                    labels=[f"{label} JP" for label, _pns, _pppk in distribution],
                    series=[
                        charts.Series(
                            _("PNS"), [pns for _l, pns, _p in distribution], charts.PALETTE[0]
                        ),
                        charts.Series(
                            _("PPPK"), [pppk for _l, _n, pppk in distribution], charts.PALETTE[1]
                        ),
                    ],  # fmt: skip
                    unit=" " + _("orang"),
                    description=_(
                        "Jumlah pegawai menurut JP yang dicapai tahun ini. Target PNS "
                        "%(target)s JP; batas PPPK %(cap)s JP."
                    )
                    % {"target": PNS_JP_TARGET, "cap": PPPK_JP_CAP},
                )
            )
        out.append(
            charts.BarChart(
                title=_("Sebaran JP menurut jalur dan sumber"),
                labels=[
                    _("Klasikal"),
                    _("Non-klasikal"),
                    _("E-learning LMS ini"),
                    _("Pelatihan lain (impor)"),
                ],
                series=[
                    charts.Series(
                        _("jumlah JP"),
                        [
                            float(value)
                            for value in (
                                total.jp_klasikal,
                                total.jp_non_klasikal,
                                total.jp_lms,
                                total.jp_external,
                            )
                        ],
                        charts.PALETTE[4],
                    )
                ],
                unit=" JP",
                description=_(
                    "Jumlah JP seluruh pegawai dalam laporan ini; klasikal dan non-klasikal "
                    "adalah jalur, LMS dan impor adalah sumber pencatatan."
                ),
            )
        )
        if previous is not None:
            before = {row.opd.code: row.total.share_below for row in previous.rows}
            out.append(
                charts.BarChart(
                    title=_("Di bawah level yang dipersyaratkan: sekarang dan %(month)s")
                    % {"month": previous.snapshot_month.strftime("%m/%Y")},
                    labels=[row.opd.code for row in summary.rows],
                    series=[
                        charts.Series(
                            previous.snapshot_month.strftime("%m/%Y"),
                            [_percent(before.get(row.opd.code)) for row in summary.rows],
                            charts.PALETTE[1],
                        ),
                        charts.Series(
                            _("sekarang"),
                            [_percent(row.total.share_below) for row in summary.rows],
                            charts.PALETTE[3],
                        ),
                    ],
                    unit="%",
                    maximum=100,
                    description=_(
                        "Persentase pasangan pegawai × kompetensi di bawah level yang "
                        "dipersyaratkan, per OPD, dibandingkan dengan potret bulanan terakhir."
                    ),
                )
            )
        return [{"title": chart.title, "svg": charts.bar_chart(chart)} for chart in out]


class PeopleView(ReportView):
    """The people of one OPD (and its units) with their JPM and JP of the year."""

    template_name = "reports/admin/people.html"
    page_title = gettext_lazy("Pegawai")

    def get(self, request, *args, opd_id: int, **kwargs):
        self.opd = self.scoped_opd(opd_id)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return f"{self.opd.code} {self.opd.name}"

    def get_breadcrumbs_items(self) -> list[dict]:
        crumbs = self.home_crumbs()
        filters = getattr(self, "filters", None)
        query = "?" + urlencode(filter_query(filters, with_opd=False)) if filters else ""
        crumbs[-1]["url"] += query
        for opd in [*self.ancestors(self.opd), self.opd]:
            crumbs.append(
                {"url": reverse("laporan:opd", args=(opd.pk,)) + query, "label": opd.code}
            )
        return [*crumbs, {"url": "", "label": _("Pegawai")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = parse_filters(self.request.user, self.request.GET, opd=self.opd)
        self.filters = filters
        context.update(form=form, filters=filters, opd=self.opd)
        if filters is None:
            return context
        jpm = {row.employee_id: row for row in jpm_rows(filters)}
        people = []
        for row in jp_rows(filters):  # shaping: one OPD's people, joined by id
            match = jpm.get(row.employee_id)
            people.append(
                {
                    "jp": row,
                    "jpm": match,
                    "jpm_percent": None if match is None else round(match.percent),
                    "jpm_label": JPM_LABELS.get(match.category) if match else None,
                    "status": _jp_status(row.status),
                }
            )
        page = Paginator(people, PEOPLE_PER_PAGE).get_page(self.request.GET.get("p"))
        query = filter_query(filters, with_opd=False)
        context.update(
            page=page,
            people_count=len(people),
            person_query="?" + urlencode({"year": filters.year}),
            page_query=urlencode(query),
            back_url=reverse("laporan:opd", args=(self.opd.pk,)) + "?" + urlencode(query),
        )
        return context


def _jp_status(status: str) -> str:
    return {
        "memenuhi": _("memenuhi %(jp)s JP") % {"jp": PNS_JP_TARGET},
        "belum_memenuhi": _("belum %(jp)s JP") % {"jp": PNS_JP_TARGET},
        "dalam_batas": _("dalam batas %(jp)s JP") % {"jp": PPPK_JP_CAP},
        "melebihi_batas": _("melebihi batas %(jp)s JP") % {"jp": PPPK_JP_CAP},
    }[status]


@dataclass(frozen=True)
class GapLine:
    code: str
    name: str
    required: int
    attained: int
    gap: int
    source: str | None  # label of the trusted evidence behind ``attained``
    observed_on: object
    reported: int  # best untrusted level, shown, never counted
    reported_source: str | None
    untrusted_only: bool


class PersonView(ReportView):
    """One person's gaps with the trust of the evidence behind them, and their JP ledger of the
    year. Six to eight queries whatever the data size (the person, the profile, the evidence,
    the ledger; the admin's own furniture)."""

    template_name = "reports/admin/person.html"
    page_title = gettext_lazy("Profil kompetensi pegawai")
    fields = ("year", "competency")
    audit_view = "laporan:person"

    def get(self, request, *args, employee_id: int, **kwargs):
        if employee_id > MAX_ID:
            self.refuse("employee", employee_id)
        self.employee = (
            employees_visible_to(request.user)
            .select_related("opd__parent", "position")
            .filter(pk=employee_id)
            .first()
        )
        if self.employee is None:
            self.refuse("employee", employee_id)
        if self.employee.user_id != request.user.pk:  # HR reading someone's record
            audit_record(
                AuditAction.RECORD_VIEWED,
                obj=self.employee,
                opd=self.employee.opd,
                details={"view": self.audit_view, "year": request.GET.get("year", "")[:8]},
            )
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.employee.full_name

    def get_breadcrumbs_items(self) -> list[dict]:
        crumbs = self.home_crumbs()
        filters = getattr(self, "filters", None)
        query = "?" + urlencode({"year": filters.year}) if filters else ""
        opd = self.employee.opd
        crumbs.append({"url": reverse("laporan:opd", args=(opd.pk,)) + query, "label": opd.code})
        crumbs.append(
            {"url": reverse("laporan:people", args=(opd.pk,)) + query, "label": _("Pegawai")}
        )
        return [*crumbs, {"url": "", "label": self.employee.full_name}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = parse_filters(self.request.user, self.request.GET, opd=self.employee.opd)
        for name in list(form.fields):
            if name not in self.fields:
                del form.fields[name]
        self.filters = filters
        context.update(form=form, filters=filters, employee=self.employee)
        if filters is None:
            return context
        context.update(self.figures(filters))
        return context

    def figures(self, filters) -> dict:
        employee = self.employee
        end = filters.end
        evidence = list(evidence_for(employee).filter(observed_on__lte=end).order_by("-level"))
        trusted: dict[int, object] = {}
        untrusted: dict[int, object] = {}
        for item in evidence:  # one person's evidence, best level first
            side = trusted if item.source in TRUSTED_SOURCES else untrusted
            side.setdefault(item.competency_id, item)
        sources = dict(EvidenceSource.choices)
        lines = []
        for row in employee_competency_profile(employee):
            if row.required <= 0:
                continue
            if filters.competency is not None and row.competency_id != filters.competency.pk:
                continue
            best, told = trusted.get(row.competency_id), untrusted.get(row.competency_id)
            attained = best.level if best else 0
            reported = told.level if told else 0
            lines.append(
                GapLine(
                    code=row.code,
                    name=row.name,
                    required=row.required,
                    attained=attained,
                    gap=max(row.required - attained, 0),
                    source=sources.get(best.source) if best else None,
                    observed_on=best.observed_on if best else None,
                    reported=reported,
                    reported_source=sources.get(told.source) if told else None,
                    untrusted_only=attained < row.required <= reported,
                )
            )
        ledger = list(learning_records_for(employee, filters.year).order_by("end_date", "pk"))
        total = sum((line.jp for line in ledger), Decimal("0"))
        target, meaning = jp_target_for(employee.employee_type)
        sum_required = sum(line.required for line in lines)
        sum_attained = sum(min(line.attained, line.required) for line in lines)
        jpm = 100 * sum_attained / sum_required if sum_required else None
        return {
            "lines": lines,
            "below": sum(1 for line in lines if line.gap),
            "jpm": None if jpm is None else round(jpm),
            "jpm_label": JPM_LABELS.get(jpm_category(jpm)) if jpm is not None else None,
            "ledger": ledger,
            "jp_total": total,
            "jp_target": target,
            "jp_is_minimum": meaning == "minimum",
            "jp_met": total >= target if meaning == "minimum" else total <= target,
            "evidence_url": reverse("laporan:evidence", args=(employee.pk,))
            + "?"
            + urlencode({"year": filters.year}),
        }


class EvidenceView(PersonView):
    """Every piece of a person's evidence up to the end of the year, each with its trust."""

    template_name = "reports/admin/evidence.html"
    page_title = gettext_lazy("Bukti kompetensi")
    fields = ("year",)
    audit_view = "laporan:evidence"

    def get_breadcrumbs_items(self) -> list[dict]:
        crumbs = super().get_breadcrumbs_items()
        filters = getattr(self, "filters", None)
        query = "?" + urlencode({"year": filters.year}) if filters else ""
        crumbs[-1]["url"] = reverse("laporan:person", args=(self.employee.pk,)) + query
        return [*crumbs, {"url": "", "label": _("Bukti kompetensi")}]

    def figures(self, filters) -> dict:
        evidence = (
            evidence_for(self.employee)
            .filter(observed_on__lte=filters.end)
            .order_by("competency__code", "-observed_on", "-pk")
        )
        return {
            "evidence": [
                {"item": item, "trusted": item.source in TRUSTED_SOURCES} for item in evidence
            ],
            "person_url": reverse("laporan:person", args=(self.employee.pk,))
            + "?"
            + urlencode({"year": filters.year}),
        }

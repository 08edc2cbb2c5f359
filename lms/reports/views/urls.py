"""URLs of the HR dashboard, mounted under ``/admin/laporan/`` by ``lms.reports.wagtail_hooks``
(namespace ``laporan``)."""

from django.urls import path

from . import dashboard

app_name = "laporan"

urlpatterns = [
    path("", dashboard.HeatmapView.as_view(), name="heatmap"),
    path("opd/<int:opd_id>/", dashboard.HeatmapView.as_view(), name="opd"),
    path("opd/<int:opd_id>/pegawai/", dashboard.PeopleView.as_view(), name="people"),
    path("pegawai/<int:employee_id>/", dashboard.PersonView.as_view(), name="person"),
    path("pegawai/<int:employee_id>/bukti/", dashboard.EvidenceView.as_view(), name="evidence"),
]

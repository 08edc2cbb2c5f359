"""URLs of the report exports, mounted under ``/admin/laporan/ekspor/`` by
``lms.reports.wagtail_hooks`` (``reverse("lms_report_exports:export")``)."""

from django.urls import path

from . import views

app_name = "lms_report_exports"

urlpatterns = [
    path("", views.export, name="export"),
]

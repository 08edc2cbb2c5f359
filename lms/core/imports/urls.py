"""URLs of the admin import screens, mounted under ``/admin/impor/`` by ``core.wagtail_hooks``."""

from django.urls import path, re_path

from . import views
from .staging import TOKEN_PATTERN

app_name = "lms_imports"

urlpatterns = [
    path("", views.UploadView.as_view(), name="upload"),
    path("templat/<slug:kind>.<slug:fmt>", views.template, name="template"),
    path("ekspor/<slug:kind>.<slug:fmt>", views.export, name="export"),
    re_path(rf"^(?P<token>{TOKEN_PATTERN})/$", views.PreviewView.as_view(), name="preview"),
    re_path(rf"^(?P<token>{TOKEN_PATTERN})/konfirmasi/$", views.confirm, name="confirm"),
    re_path(
        rf"^(?P<token>{TOKEN_PATTERN})/pemetaan/$", views.MappingView.as_view(), name="mapping"
    ),
    re_path(rf"^(?P<token>{TOKEN_PATTERN})/laporan\.csv$", views.report_download, name="report"),
]

"""URLs of prepared downloads, mounted under ``/admin/unduhan/`` by ``lms.core.wagtail_hooks``."""

from django.urls import path

from . import views

app_name = "lms_downloads"

urlpatterns = [
    path("<uuid:pk>/", views.status, name="status"),
    path("<uuid:pk>/berkas/", views.file, name="file"),
]

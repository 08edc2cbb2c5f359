"""Admin URLs of the two-factor reset, under ``/admin/dua-langkah/`` (namespace
``dua-langkah-admin``; registered by ``lms.people.wagtail_hooks``)."""

from django.urls import path

from .admin_views import TwoFactorResetView

app_name = "dua-langkah-admin"

urlpatterns = [
    path("<int:user_id>/reset/", TwoFactorResetView.as_view(), name="reset"),
]

"""Admin URLs of account activation (``lms.people.views``), under ``/admin/aktivasi-akun/``."""

from django.urls import path

from . import views

app_name = "aktivasi"

urlpatterns = [
    path("", views.ActivationView.as_view(), name="index"),
    path(
        "pegawai/<int:pk>/email/",
        views.employee_activation,
        {"action": "email"},
        name="employee_email",
    ),
    path(
        "pegawai/<int:pk>/surat/",
        views.employee_activation,
        {"action": "letter"},
        name="employee_letter",
    ),
]

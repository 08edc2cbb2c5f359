"""``/akun/dua-langkah/…`` (included by ``lms.users.urls``; names in the ``users`` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.twofactor, name="twofactor"),
    path("verifikasi/", views.verify, name="twofactor_verify"),
    path("kode-pemulihan/", views.recovery_codes, name="twofactor_recovery"),
    path(
        "kode-pemulihan/unduh/",
        views.recovery_codes_download,
        name="twofactor_recovery_download",
    ),
    path("kode-pemulihan/baru/", views.recovery_codes_new, name="twofactor_recovery_new"),
    path("nonaktifkan/", views.disable, name="twofactor_disable"),
]

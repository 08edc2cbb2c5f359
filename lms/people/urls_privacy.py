"""The learner's own data (``lms.people.views_privacy``), mounted under ``/akun/data-saya/`` by
``lms/urls.py``."""

from django.urls import path

from . import views_privacy

app_name = "privacy"

urlpatterns = [
    path("", views_privacy.my_data, name="my_data"),
    path("unduh/<str:fmt>/", views_privacy.my_data_download, name="download"),
    path("perbaikan/", views_privacy.correction_request, name="correction"),
]

from django.urls import path

from . import views
from .h5p import views as h5p_views

app_name = "assessments"

urlpatterns = [
    path("<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("percobaan/<int:attempt_id>/", views.attempt_detail, name="attempt"),
    path("percobaan/<int:attempt_id>/hasil/", views.attempt_result, name="result"),
    path("h5p/<int:package_id>/halaman/<int:page_id>/xapi/", h5p_views.xapi, name="h5p_xapi"),
    path("h5p/<int:package_id>/halaman/<int:page_id>/status/", h5p_views.state, name="h5p_state"),
]

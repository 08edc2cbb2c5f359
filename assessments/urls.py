from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("percobaan/<int:attempt_id>/", views.attempt_detail, name="attempt"),
    path("percobaan/<int:attempt_id>/hasil/", views.attempt_result, name="result"),
]

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("kursus/<int:course_id>/daftar/", views.enroll, name="enroll"),
    path("kursus/<int:course_id>/berhenti/", views.withdraw_confirm, name="withdraw_confirm"),
    path("kursus/<int:course_id>/berhenti/ya/", views.withdraw, name="withdraw"),
    path("kursus/<int:course_id>/selesai/", views.completion, name="completion"),
    path("pelajaran/<int:lesson_id>/selesai/", views.complete_lesson, name="complete_lesson"),
]

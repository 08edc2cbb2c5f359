"""URLs of the learner's notifications, mounted under ``/pemberitahuan/`` by ``lms/urls.py``."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<uuid:pk>/dibaca/", views.notification_read, name="read"),
]

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.my_certificates, name="mine"),
    path("<int:pk>/unduh/", views.download, name="download"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]

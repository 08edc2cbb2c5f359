from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path(
        "aktivasi/<uidb64>/<token>/",
        views.ActivateAccountView.as_view(),
        name="activate",
    ),
]

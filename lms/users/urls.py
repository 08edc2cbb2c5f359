from django.urls import include, path

from . import views

app_name = "users"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("token-csrf/", views.csrf_token, name="csrf_token"),
    path("dua-langkah/", include("lms.users.twofactor.urls")),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "sandi-baru/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "aktivasi/<uidb64>/<token>/",
        views.ActivateAccountView.as_view(),
        name="activate",
    ),
]

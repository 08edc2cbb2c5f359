from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "lms.users"
    label = "users"
    verbose_name = _("Pengguna")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import receivers

        user_logged_in.connect(receivers.on_user_logged_in, dispatch_uid="lms.users.audit.login")
        user_login_failed.connect(
            receivers.on_user_login_failed, dispatch_uid="lms.users.audit.login_failed"
        )
        user_logged_out.connect(receivers.on_user_logged_out, dispatch_uid="lms.users.audit.logout")

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.core.seeding import seed_demo


class Command(BaseCommand):
    help = (
        "Loads a small, realistic demo (idempotent) and prints one line per demo account: "
        "demo-login: ROLE USERNAME PASSWORD"
    )

    def handle(self, *args, **options):
        if not settings.LMS_ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is disabled here (LMS_ALLOW_DEMO_DATA=0): its passwords are public."
            )
        context = seed_demo()
        for account in context.accounts:
            self.stdout.write(f"demo-login: {account.role} {account.username} {account.password}")
        if secret := context.extra.get("demo_totp_secret"):
            # The demo staff accounts' second step: this key in any TOTP authenticator app.
            self.stdout.write(f"demo-totp: staff {secret}")

from django.core.management.base import BaseCommand
from wagtail.models import APIToken

from lms.users.selectors import user_for_login

TOKEN_NAME = "lms_token"  # noqa: S105 - a label, not a secret


class Command(BaseCommand):
    help = "Creates or rotates the API token of the user with this NIP (or e-mail) and prints it."

    def add_arguments(self, parser):
        parser.add_argument("nip", help="NIP / NI PPPK (or e-mail) of the user")

    def handle(self, *args, nip: str, **options):
        user = user_for_login(identifier=nip)
        if user is None or not user.is_active:
            self.stderr.write(f"Pengguna tidak ditemukan atau tidak aktif: {nip}")
            raise SystemExit(1)
        for token in APIToken.objects.filter(user=user, name=TOKEN_NAME, revoked_at__isnull=True):
            token.revoke()
        _instance, plaintext = APIToken.create_token(user=user, name=TOKEN_NAME)
        self.stdout.write(plaintext)

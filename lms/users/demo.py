"""Demo accounts, one per role. Their passwords are public: never load this in production."""

import base64

from django.contrib.auth.models import Group

from lms.core.seeding import DemoContext

from .models import User
from .roles import Role
from .services import user_save
from .twofactor.services import demo_totp_device_set

# role key (as printed), NIP or e-mail, first name, last name, group, password
DEMO_USERS = (
    ("peserta", "198703152010012003", "Siti", "Rahmawati", Role.PESERTA, "Peserta-Belajar-2026"),
    ("pengajar", "198106212006041002", "Agus", "Setiawan", Role.PENGAJAR, "Pengajar-Kursus-2026"),
    ("admin-opd", "199002102015032001", "Dewi", "Lestari", Role.ADMIN_OPD, "AdminOPD-Laporan-2026"),
    ("bkpsdm", "197805302003121004", "Bambang", "Sutrisno", Role.BKPSDM, "BKPSDM-Kompetensi-2026"),
)
SUPERUSER = ("superuser", "admin@contoh.go.id", "Admin", "Sistem", "Superuser-LMS-2026")
# Staff must log in with a second step (lms.users.twofactor): the demo staff accounts share this
# published TOTP key (base32, as typed into an authenticator app; README.md, "Demo accounts").
DEMO_TOTP_SECRET = "LMSASNDEMODUALANGKAHDEMOXYZ23456"
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()


def _upsert(
    username: str,
    *,
    nip: str | None,
    email: str,
    first: str,
    last: str,
    password: str,
    groups: list[Group] | None = None,
    superuser: bool = False,
) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.nip = nip
    user.email = email
    user.first_name = first
    user.last_name = last
    user.is_active = True
    if superuser:
        user.is_staff = user.is_superuser = True
    return user_save(user=user, password=password, groups=groups)


def seed(context: DemoContext) -> None:
    for key, nip, first, last, role, password in DEMO_USERS:
        user = _upsert(
            nip,
            nip=nip,
            email=f"{first.lower()}.{last.lower()}@contoh.go.id",
            first=first,
            last=last,
            password=password,
            groups=[Group.objects.get(name=role)],
        )
        context.add_account(key, nip, password)
        if role != Role.PESERTA:
            demo_totp_device_set(user=user, key=DEMO_TOTP_KEY)
    key, email, first, last, password = SUPERUSER
    user = _upsert(
        email, nip=None, email=email, first=first, last=last, password=password, superuser=True
    )
    demo_totp_device_set(user=user, key=DEMO_TOTP_KEY)
    context.add_account(key, email, password)
    context.extra["demo_totp_secret"] = DEMO_TOTP_SECRET

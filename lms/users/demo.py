"""Demo accounts, one per role. Their passwords are public: never load this in production."""

from django.contrib.auth.models import Group

from lms.core.seeding import DemoContext

from .models import User
from .roles import Role

# role key (as printed), NIP or e-mail, first name, last name, group, password
DEMO_USERS = (
    ("peserta", "198703152010012003", "Siti", "Rahmawati", Role.PESERTA, "Peserta-Belajar-2026"),
    ("pengajar", "198106212006041002", "Agus", "Setiawan", Role.PENGAJAR, "Pengajar-Kursus-2026"),
    ("admin-opd", "199002102015032001", "Dewi", "Lestari", Role.ADMIN_OPD, "AdminOPD-Laporan-2026"),
    ("bkpsdm", "197805302003121004", "Bambang", "Sutrisno", Role.BKPSDM, "BKPSDM-Kompetensi-2026"),
)
SUPERUSER = ("superuser", "admin@contoh.go.id", "Admin", "Sistem", "Superuser-LMS-2026")


def _upsert(username: str, *, nip: str | None, email: str, first: str, last: str, password: str):
    user = User.objects.filter(username=username).first() or User(username=username)
    user.nip = nip
    user.email = email
    user.first_name = first
    user.last_name = last
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def seed(context: DemoContext) -> None:
    for key, nip, first, last, role, password in DEMO_USERS:
        user = _upsert(
            nip,
            nip=nip,
            email=f"{first.lower()}.{last.lower()}@contoh.go.id",
            first=first,
            last=last,
            password=password,
        )
        user.groups.set([Group.objects.get(name=role)])
        context.add_account(key, nip, password)
    key, email, first, last, password = SUPERUSER
    admin = _upsert(email, nip=None, email=email, first=first, last=last, password=password)
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    context.add_account(key, email, password)

"""The four roles of the platform, as Django groups.

Groups and their base permissions are created by the data migration ``0002_roles``; later
migrations of other apps add the permissions of their own models to these groups.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PESERTA = "Peserta", _("Peserta")
    PENGAJAR = "Pengajar", _("Pengajar")
    ADMIN_OPD = "Admin OPD", _("Admin OPD")
    BKPSDM = "BKPSDM", _("BKPSDM")


# Roles that work in the Wagtail admin.
STAFF_ROLES = (Role.PENGAJAR, Role.ADMIN_OPD, Role.BKPSDM)

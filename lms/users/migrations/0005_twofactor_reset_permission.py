"""BKPSDM resets a lost second step (docs/security.md, "Two-factor login"): the reset deletes
the account's devices, so it reuses django-otp's ``otp_totp.delete_totpdevice``. Admin OPD,
Pengajar and Peserta never get it; superusers have every permission."""

from django.db import migrations


def _permission(apps):
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="otp_totp", model="totpdevice")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="delete_totpdevice",
        defaults={"name": "Can delete TOTP device"},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group, _ = Group.objects.get_or_create(name="BKPSDM")
    group.permissions.add(_permission(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name="BKPSDM").first()
    if group is not None:
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("otp_totp", "0003_add_timestamps"),
        ("users", "0004_audit_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

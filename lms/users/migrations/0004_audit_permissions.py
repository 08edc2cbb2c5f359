"""BKPSDM reads the audit log (``core.view_auditentry``; docs/security.md). Nobody gets "add",
"change" or "delete": the model declares only "view", entries are written by
``lms.core.audit.services.audit_record`` and never changed."""

from django.db import migrations


def _permission(apps):
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="core", model="auditentry")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_auditentry",
        defaults={"name": "Can view entri log audit"},
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
        ("core", "0006_audit_entry"),
        ("users", "0003_account_invitation"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

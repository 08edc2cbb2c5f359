"""Model permissions of the HR roles for certificates (docs/security.md).

BKPSDM maintains the certificate templates and reads every certificate; Admin OPD reads the
certificates of their own OPD (the scope is enforced in selectors). Nobody gets "change" or
"delete" on certificates or their history: issue, revoke and re-issue go through services.
"""

from django.db import migrations

ADMIN_OPD = {"certificate": ["view"]}
BKPSDM = {
    "certificatetemplate": ["view", "add", "change"],
    "certificate": ["view"],
    "certificateevent": ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for group_name, table in (("Admin OPD", ADMIN_OPD), ("BKPSDM", BKPSDM)):
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in table.items():
            content_type, _ = ContentType.objects.get_or_create(
                app_label="certificates", model=model
            )
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name in ("Admin OPD", "BKPSDM"):
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="certificates")
            )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("users", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]

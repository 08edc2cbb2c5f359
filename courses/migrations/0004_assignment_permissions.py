from django.db import migrations

GRANTS = {"Admin OPD": ["view", "add"], "BKPSDM": ["view", "add"]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="assignment")
    for group_name, actions in GRANTS.items():
        group = Group.objects.get(name=group_name)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_assignment",
                defaults={"name": f"Can {action} assignment"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_assignments_and_reminders"), ("users", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

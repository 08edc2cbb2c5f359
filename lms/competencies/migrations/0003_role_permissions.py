"""Model permissions of the HR roles for people and competencies.

Admin OPD maintains the employees of their own OPD (the scope is enforced in selectors) and reads
the rest; BKPSDM maintains everything. Learner records (evidence, JP ledger) are append-only
through services: nobody gets "change" or "delete" on them. Nobody but a superuser deletes an
employee (that would delete their evidence and JP ledger): HR marks them inactive instead.
"""

from django.db import migrations

ADMIN_OPD = {
    "people": {"opd": ["view"], "position": ["view"], "employee": ["view", "add", "change"]},
    "competencies": {
        "competency": ["view"],
        "defaultrequirement": ["view"],
        "positionrequirement": ["view"],
        "competencyevidence": ["view"],
        "learningrecord": ["view"],
    },
}
BKPSDM = {
    "people": {
        "opd": ["view", "add", "change", "delete"],
        "position": ["view", "add", "change", "delete"],
        "employee": ["view", "add", "change"],
        "opdscope": ["view", "add", "change", "delete"],
    },
    "competencies": {
        "competency": ["view", "add", "change", "delete"],
        "competencylevel": ["view", "add", "change", "delete"],
        "defaultrequirement": ["view", "add", "change", "delete"],
        "positionrequirement": ["view", "add", "change", "delete"],
        "competencyevidence": ["view", "add"],
        "learningrecord": ["view", "add"],
    },
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for group_name, table in (("Admin OPD", ADMIN_OPD), ("BKPSDM", BKPSDM)):
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in table.items():
            for model, actions in models.items():
                content_type, _ = ContentType.objects.get_or_create(
                    app_label=app_label, model=model
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
    for group_name, table in (("Admin OPD", ADMIN_OPD), ("BKPSDM", BKPSDM)):
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for app_label, models in table.items():
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model__in=models
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0002_seed_catalogue"),
        ("people", "0001_initial"),
        ("users", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Model permissions of the Pengajar and BKPSDM roles for the assessments admin.

Pengajar (trainer/author) maintains question banks, questions and quizzes (with their draws and
placement bands) and reads attempts. BKPSDM reads all of it. Attempts are learner records:
nobody gets "add", "change" or "delete" on them. Nobody but a superuser deletes banks, questions
or quizzes: a question already used in an attempt is deactivated instead.
"""

from django.db import migrations

AUTHORED = ("questionbank", "question", "quiz", "quizdraw", "placementband")
PENGAJAR = {
    "assessments": {
        **{model: ["view", "add", "change"] for model in AUTHORED},
        "attempt": ["view"],
    }
}
BKPSDM = {"assessments": {model: ["view"] for model in (*AUTHORED, "attempt")}}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for group_name, table in (("Pengajar", PENGAJAR), ("BKPSDM", BKPSDM)):
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
    for group_name, table in (("Pengajar", PENGAJAR), ("BKPSDM", BKPSDM)):
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
        ("assessments", "0001_initial"),
        ("users", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Authoring scope of banks and quizzes (docs/security.md): who created them, and the trainers
BKPSDM shares a bank with.

``created_by`` of existing banks and quizzes is filled from the admin's history (the "create"
log entry, when there is one); BKPSDM gets ``share_questionbank`` (the "Akses bank soal" screen).
Reversible.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("questionbank", "quiz")


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    ModelLogEntry = apps.get_model("wagtailcore.ModelLogEntry")
    for model_name in MODELS:
        model = apps.get_model("assessments", model_name)
        content_type, _ = ContentType.objects.get_or_create(
            app_label="assessments", model=model_name
        )
        creators = dict(
            ModelLogEntry.objects.filter(
                content_type=content_type, action="wagtail.create", user_id__isnull=False
            )
            .order_by("timestamp")
            .values_list("object_id", "user_id")
        )
        for obj in model.objects.filter(created_by__isnull=True, pk__in=list(creators)):
            obj.created_by_id = creators[str(obj.pk)]
            obj.save(update_fields=["created_by"])
    content_type, _ = ContentType.objects.get_or_create(
        app_label="assessments", model="questionbank"
    )
    share, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="share_questionbank",
        defaults={"name": "Can grant trainers access to a question bank"},
    )
    bkpsdm = Group.objects.filter(name="BKPSDM").first()
    if bkpsdm is not None:
        bkpsdm.permissions.add(share)


def backward(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    bkpsdm = Group.objects.filter(name="BKPSDM").first()
    if bkpsdm is not None:
        bkpsdm.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="assessments", codename="share_questionbank"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_random_choice_ids"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("users", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="questionbank",
            options={
                "ordering": ["competency__code", "level", "name"],
                "permissions": [
                    ("share_questionbank", "Can grant trainers access to a question bank")
                ],
                "verbose_name": "bank soal",
                "verbose_name_plural": "bank soal",
            },
        ),
        migrations.AddField(
            model_name="questionbank",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
        migrations.AddField(
            model_name="questionbank",
            name="editors",
            field=models.ManyToManyField(
                blank=True,
                help_text="Pengajar lain yang boleh mengubah bank soal ini (diberikan oleh BKPSDM).",
                related_name="shared_question_banks",
                to=settings.AUTH_USER_MODEL,
                verbose_name="pengajar yang diberi akses",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]

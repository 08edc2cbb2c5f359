"""Per-course trainer scope (docs/security.md).

Until now the Pengajar group held "add" and "change" on the catalogue, so every Pengajar could
edit every course. From here:

* Pengajar keep "add" on the catalogue (they create courses) but lose "change": a Pengajar
  edits the courses whose trainer group they belong to (``CourseTrainerGroup``: "add" and
  "change" on the course page). ``courses.permissions`` keeps the catalogue's "add" out of
  the courses.
* Every existing course owned by an active Pengajar gets a trainer group with its owner, so
  trainers keep the courses they created. Other courses (seeded ones, courses created by
  BKPSDM) wait for BKPSDM to assign their trainers.
* BKPSDM gets ``courses.assign_course_trainers`` (the "Pengajar kursus" screen).

Reversible: the reverse restores the catalogue's "change" for Pengajar and removes the trainer
groups and the permission.
"""

from django.db import migrations

TRAINER_ACTIONS = ("add", "change")


def _page_permission(apps, action):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    permission, _ = Permission.objects.get_or_create(
        content_type=page_ct, codename=f"{action}_page", defaults={"name": f"Can {action} page"}
    )
    return permission


def _assign_permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="coursetrainergroup"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="assign_course_trainers",
        defaults={"name": "Can assign the trainers of a course"},
    )
    return permission


def forward(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    CoursePage = apps.get_model("courses.CoursePage")
    CourseTrainerGroup = apps.get_model("courses.CourseTrainerGroup")

    trainers = Group.objects.get(name="Pengajar")
    change = _page_permission(apps, "change")
    GroupPagePermission.objects.filter(
        group=trainers,
        permission=change,
        page_id__in=CourseIndexPage.objects.values_list("pk", flat=True),
    ).delete()

    Group.objects.get(name="BKPSDM").permissions.add(_assign_permission(apps))

    permissions = [_page_permission(apps, action) for action in TRAINER_ACTIONS]
    owned = CoursePage.objects.filter(
        owner__is_active=True, owner__groups=trainers, trainer_group__isnull=True
    ).select_related("owner")
    for course in owned:
        group, _ = Group.objects.get_or_create(
            name=f"Pengajar kursus #{course.pk} {course.code}"[:150]
        )
        CourseTrainerGroup.objects.create(course=course, group=group)
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=course.pk, permission=permission
            )
        group.user_set.add(course.owner)


def backward(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    CourseTrainerGroup = apps.get_model("courses.CourseTrainerGroup")

    group_ids = list(CourseTrainerGroup.objects.values_list("group_id", flat=True))
    CourseTrainerGroup.objects.all().delete()
    Group.objects.filter(pk__in=group_ids).delete()

    bkpsdm = Group.objects.filter(name="BKPSDM").first()
    if bkpsdm is not None:
        bkpsdm.permissions.remove(_assign_permission(apps))

    trainers = Group.objects.get(name="Pengajar")
    change = _page_permission(apps, "change")
    for catalogue in CourseIndexPage.objects.all():
        GroupPagePermission.objects.get_or_create(
            group=trainers, page_id=catalogue.pk, permission=change
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_course_trainers"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forward, backward)]

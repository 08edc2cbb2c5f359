"""Admin OPD (in their OPDs) and BKPSDM (everywhere) see and resolve the learners' correction
requests (``people.view_correctionrequest``, ``people.change_correctionrequest``;
docs/security.md, "Personal data (UU 27/2022)"). Requests are made by the learners themselves on
their data page, never in the admin, so nobody gets "add"; nobody deletes one."""

from django.db import migrations

ROLES = ("Admin OPD", "BKPSDM")
CODENAMES = {
    "view_correctionrequest": "Can view permintaan perbaikan data",
    "change_correctionrequest": "Can change permintaan perbaikan data",
}


def _permissions(apps):
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="people", model="correctionrequest"
    )
    return [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    permissions = _permissions(apps)
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_correction_request"),
        ("users", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

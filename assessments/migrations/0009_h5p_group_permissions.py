"""Model permissions of the roles for H5P activities (docs/security.md), in the way of
``0002_trainer_permissions``: the table below is the one place they are granted.

Pengajar uploads H5P packages (through the import screen: "add"), renames them ("change"),
reads them, their client-reported results and the installed libraries. BKPSDM does the same and
also enables or disables libraries ("change" on libraries) and may install libraries a package
brings that the site does not have yet (``install_h5plibrary``). Admin OPD gets nothing. Nobody
but a superuser deletes a package or a library; nobody gets "add"/"change" on results, xAPI
statements or player state (the player's endpoints write them through services).
"""

from django.db import migrations

PENGAJAR = {
    "h5ppackage": ["view", "add", "change"],
    "h5presult": ["view"],
    "h5plibrary": ["view"],
}
BKPSDM = {
    **PENGAJAR,
    "h5plibrary": ["view", "change", "install"],
}
TABLE = (("Pengajar", PENGAJAR), ("BKPSDM", BKPSDM))
NAMES = {"install_h5plibrary": "Boleh memasang pustaka H5P baru"}


def _permissions(apps, table: dict) -> list:
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    found = []
    for model, actions in table.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="assessments", model=model)
        for action in actions:
            codename = f"{action}_{model}"
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": NAMES.get(codename, f"Can {action} {model}")},
            )
            found.append(permission)
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group_name, table in TABLE:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*_permissions(apps, table))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group_name, table in TABLE:
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, table))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_h5p"),
        ("users", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

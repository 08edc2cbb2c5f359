"""The ``unaccent`` extension for the catalogue search on PostgreSQL
(``courses.selectors.search``: accents are ignored on both sides of the match).

``unaccent`` is a trusted extension (PostgreSQL 13 and later): the owner of the database may
create it without being a superuser. Nothing happens on SQLite, either way. The reverse leaves
the extension in place: dropping it is for the database's owner to decide.
"""

from django.db import migrations


def unaccent_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_trainer_scope")]

    operations = [migrations.RunPython(unaccent_create, migrations.RunPython.noop, elidable=False)]

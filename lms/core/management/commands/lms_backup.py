"""``manage.py lms_backup --output DIR [--retain N]`` (docs/deployment.md, "Backups").

Writes one backup folder ``DIR/lms-<UTC time>/``: ``pg_dump --format=custom`` of the configured
PostgreSQL database, a tar of each file root (``LMS_CERTIFICATE_ROOT``, ``MEDIA_ROOT``,
``LMS_H5P_ROOT``) and ``manifest.json`` (row counts, migrations, the issued certificates'
SHA-256, the files' checksums), all from one snapshot (``lms.core.backup``). ``--retain N``
then removes the oldest complete backups beyond N. Exit status: 0 written; 2 refused (not
PostgreSQL, no pg_dump, missing folder) or pg_dump failed, with nothing left behind.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from lms.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Backs up the PostgreSQL database and the private file roots, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="folder that receives lms-<time>/")
        parser.add_argument(
            "--retain",
            type=int,
            default=None,
            metavar="N",
            help="afterwards keep only the N newest complete backups in the folder",
        )

    def handle(self, *args, **options):
        retain = options["retain"]
        if retain is not None and retain < 1:
            raise CommandError(_("--retain harus 1 atau lebih."), returncode=2)
        try:
            result = backup(
                settings_dict=connections[DEFAULT_DB_ALIAS].settings_dict,
                output=Path(options["output"]),
                retain=retain,
            )
        except BackupError as error:
            raise CommandError(error.message, returncode=2) from None
        manifest = result.manifest
        tables = manifest["database"]["tables"]
        self.stdout.write(_("Cadangan: %(path)s") % {"path": result.path})
        self.stdout.write(
            _("%(tables)s tabel, %(rows)s baris, %(certificates)s sertifikat terbit")
            % {
                "tables": len(tables),
                "rows": f"{sum(tables.values()):,}",
                "certificates": len(manifest["certificates"]),
            }
        )
        for name, artefact in manifest["artefacts"].items():
            self.stdout.write(f"  {name}: {artefact['bytes']:,} B sha256 {artefact['sha256']}")
        for path in result.removed:
            self.stdout.write(_("Dihapus (retensi): %(path)s") % {"path": path})

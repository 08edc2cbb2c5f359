"""``manage.py lms_restore_drill BACKUP [--keep] [--workdir DIR]`` (docs/deployment.md, "The
restore drill").

Restores a backup of ``lms_backup`` (BACKUP is its folder, or the folder of backups: then the
newest) into a new scratch database ``lms_restore_drill_<random>`` on the configured PostgreSQL
server (never the live database) and its files into a scratch folder, then checks them against
the manifest: the backup files' checksums, every table's row count, Django's migrations, the
number of constraints, indexes and triggers, every issued certificate's stored SHA-256 against
its restored file, and integrity queries (``lms.core.backup``). Both scratch copies are dropped
afterwards unless ``--keep``. The role needs CREATEDB. Exit status: 0 every check passed; 1 a
check failed (the report lists the differences); 2 refused (not PostgreSQL, no pg_restore, no
backup or an unreadable manifest).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from lms.core.backup import BackupError, Drill, render


class Command(BaseCommand):
    help = "Restores a backup into a scratch database and folder and verifies it."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a backup folder, or a folder of backups (newest)")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the scratch database and folder for inspection (drop them yourself)",
        )
        parser.add_argument("--workdir", default=None, help="where the scratch folder goes")

    def handle(self, *args, **options):
        workdir = Path(options["workdir"]) if options["workdir"] else None
        if workdir is not None and not workdir.is_dir():
            raise CommandError(
                _("Folder kerja %(folder)s tidak ada.") % {"folder": workdir}, returncode=2
            )
        try:
            drill = Drill(
                settings_dict=connections[DEFAULT_DB_ALIAS].settings_dict,
                backup_path=Path(options["backup"]),
                workdir=workdir,
            )
        except BackupError as error:
            raise CommandError(error.message, returncode=2) from None
        try:
            report = drill.run(keep=options["keep"])
        except BackupError as error:
            self.stdout.write(render(drill.report), ending="")
            raise CommandError(error.message, returncode=2) from None
        self.stdout.write(render(report), ending="")
        if not report.ok:
            raise CommandError(
                _("Latihan pemulihan gagal: lihat pemeriksaan bertanda GAGAL di atas."),
                returncode=1,
            )

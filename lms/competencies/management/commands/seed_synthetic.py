"""``manage.py seed_synthetic --employees N [--opds M] [--seed S] [--no-accounts]``.

Replaces the synthetic data set (codes ``SYN-…``) with a new one; see
``lms.competencies.synthetic`` for what is generated. Exit status 0 on success, 2 for bad
arguments, 1 when refused (demo data disabled) or when the data cannot be replaced.
"""

import argparse
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from lms.competencies.synthetic import (
    BATCH_SIZE,
    DEFAULT_SEED,
    MAX_EMPLOYEES,
    MAX_OPDS,
    default_opd_count,
    synthetic_data_replace,
)


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(_("harus bilangan bulat: %s") % text) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("harus antara %(low)s dan %(high)s: %(value)s")
                % {"low": low, "high": high, "value": value}
            )
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Replaces the synthetic benchmark data (OPD codes SYN-...) with N employees in M OPDs: "
        "OPD tree, positions, requirements, employees with valid NIPs and accounts, evidence "
        "and JP records. Deterministic for a seed; safe to repeat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--employees",
            required=True,
            type=_bounded(1, MAX_EMPLOYEES),
            metavar="N",
            help=f"number of employees (1-{MAX_EMPLOYEES})",
        )
        parser.add_argument(
            "--opds",
            type=_bounded(1, MAX_OPDS),
            metavar="M",
            help="number of perangkat daerah, sub-units come on top (default max(5, N // 200))",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="do not create login accounts for the synthetic employees",
        )
        parser.add_argument(
            "--batch-size", type=_bounded(100, 50_000), default=BATCH_SIZE, metavar="B"
        )

    def handle(self, *args, **options) -> None:
        if not settings.LMS_ALLOW_DEMO_DATA:
            raise CommandError(
                _("Data sintetis dinonaktifkan di sini (LMS_ALLOW_DEMO_DATA=0)."), returncode=1
            )
        # call_command() passes keyword options without argparse's type check: check again.
        employees, opds = options["employees"], options.get("opds")
        if not isinstance(employees, int) or not 1 <= employees <= MAX_EMPLOYEES:
            raise CommandError(
                _("--employees harus antara 1 dan %s.") % MAX_EMPLOYEES, returncode=2
            )
        if opds is not None and (not isinstance(opds, int) or not 1 <= opds <= MAX_OPDS):
            raise CommandError(_("--opds harus antara 1 dan %s.") % MAX_OPDS, returncode=2)
        verbose = options["verbosity"] >= 2
        try:
            report = synthetic_data_replace(
                employees=employees,
                opds=opds,
                seed=options["seed"],
                accounts=not options["no_accounts"],
                batch_size=options.get("batch_size") or BATCH_SIZE,
                progress=self.stdout.write if verbose else None,
            )
        except ProtectedError as error:
            raise CommandError(
                _("Data sintetis lama masih dipakai data lain dan tidak dapat diganti: %s") % error,
                returncode=1,
            ) from error
        removed = sum(report.removed.values())
        self.stdout.write(
            _(
                "seed_synthetic: %(opds)s OPD (%(top)s perangkat daerah), %(positions)s jabatan, "
                "%(requirements)s standar, %(employees)s pegawai, %(accounts)s akun, "
                "%(evidence)s bukti kompetensi, %(records)s riwayat JP; %(removed)s baris lama "
                "diganti; %(seconds).1f detik"
            )
            % {
                "opds": report.opds,
                "top": opds or default_opd_count(employees),
                "positions": report.positions,
                "requirements": report.requirements,
                "employees": report.employees,
                "accounts": report.accounts,
                "evidence": report.evidence,
                "records": report.records,
                "removed": removed,
                "seconds": report.seconds,
            }
        )

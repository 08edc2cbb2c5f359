"""Project package. Importing the Celery app here makes ``@shared_task`` use it.

XLSX files are parsed by openpyxl through defusedxml, which refuses entity declarations
(billion laughs, external entities; docs/security.md). openpyxl switches to lxml, which does
not, whenever lxml is importable, and pyHanko (certificate signatures) installs lxml. The switch
is read once, when openpyxl is first imported, so it is turned off here, before any of the
project's code runs; ``lms.core.imports.reading.defusedxml_active`` is what the tests check.
"""

import os

os.environ["OPENPYXL_LXML"] = "False"

from .celery import app as celery_app  # noqa: E402 - after the openpyxl switch

__all__ = ("celery_app",)

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _empty_certificate_root():
    """Each test starts with no certificate files (the folder is shared by the test run)."""
    root = Path(settings.LMS_CERTIFICATE_ROOT)
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file():
            path.unlink()
    yield

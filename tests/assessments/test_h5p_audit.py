"""An H5P package through the import's confirmation leaves one audit entry (docs/security.md,
"Audit log"): ``IMPORTED`` when accepted, ``IMPORT_REFUSED`` ("ditolak", with the check's
codes) when the checks refuse it; nothing of the package is kept in that case."""

import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from assessments.h5p.models import H5PPackage
from lms.core.audit.actions import AuditAction
from lms.core.audit.context import audit_request_reset, audit_request_set
from lms.core.imports import run_import
from lms.core.models import AuditEntry
from tests.factories.h5p_files import benar_salah_files, zip_bytes
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

IP = "10.0.0.7"


@pytest.fixture
def trainer():
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="assessments",
            codename__in=("add_h5ppackage", "change_h5ppackage", "install_h5plibrary"),
        )
    )
    return type(user).objects.get(pk=user.pk)


def confirm(data: bytes, user, capture):
    request = RequestFactory().post("/admin/impor/x/konfirmasi/", REMOTE_ADDR=IP)
    request.user = user
    token = audit_request_set(request)
    try:
        with capture(execute=True):
            return run_import("h5p", data, "latihan.h5p", user=user, commit=True)
    finally:
        audit_request_reset(token)


def test_a_refused_package_is_recorded_as_refused(trainer, django_capture_on_commit_callbacks):
    data = zip_bytes(benar_salah_files(question_html="<script>x</script>"))
    report = confirm(data, trainer, django_capture_on_commit_callbacks)
    assert not report.committed and not H5PPackage.objects.exists()
    (entry,) = AuditEntry.objects.all()
    assert entry.action == AuditAction.IMPORT_REFUSED
    assert (entry.actor_id, entry.ip, entry.object_type) == (trainer.pk, IP, "h5p")
    assert entry.details["outcome"] == "ditolak"
    assert entry.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert "script_in_content" in entry.details["error_codes"]


def test_an_accepted_package_is_recorded_as_imported(trainer, django_capture_on_commit_callbacks):
    data = zip_bytes(benar_salah_files())
    report = confirm(data, trainer, django_capture_on_commit_callbacks)
    assert report.committed and H5PPackage.objects.count() == 1
    (entry,) = AuditEntry.objects.all()
    assert entry.action == AuditAction.IMPORTED
    assert entry.details["created"] == 1 and entry.details["file"] == "latihan.h5p"

"""The audit log's core (docs/security.md, "Audit log"): one entry per call with its fields,
encoded values, append-only rows (model and, on PostgreSQL, the database), the BKPSDM screen
without any change route."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from lms.core.audit.actions import AuditAction
from lms.core.audit.context import audit_request_reset, audit_request_set
from lms.core.audit.encoding import audit_details, audit_text
from lms.core.audit.services import audit_record
from lms.core.models import AuditEntry
from lms.people.models import OPD
from tests.factories.people import OPDFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_encoding_makes_every_value_one_visible_line():
    assert audit_text("a\r\nb\tc") == "a\\r\\nb\\tc"
    assert audit_text("x\u202ey\u0000z\u2028") == "x\\u202ey\\u0000z\\u2028"
    assert audit_text("back\\slash") == "back\\\\slash"
    assert audit_text("Budi Santoso, S.Kom.") == "Budi Santoso, S.Kom."
    assert len(audit_text("x" * 900)) == 500
    assert audit_details({"na\nme": ["a\nb", 3, None, True]}) == {
        "na\\nme": ["a\\nb", 3, None, True]
    }


def test_an_entry_keeps_actor_time_ip_object_and_opd_of_the_request():
    actor = UserFactory(username="199001012020011001", first_name="Ani", last_name="Wati")
    opd: OPD = OPDFactory(name="Dinas Kominfo")
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = actor
    token = audit_request_set(request)
    try:
        entry = audit_record(AuditAction.RECORD_VIEWED, obj=opd, opd=opd, details={"n": 1})
    finally:
        audit_request_reset(token)
    entry.refresh_from_db()
    assert entry.action == "record.viewed"
    assert entry.actor_id == actor.pk
    assert entry.actor_label == "Ani Wati (199001012020011001)"
    assert entry.ip == "10.1.2.3"
    assert (entry.object_type, entry.object_id) == ("people.opd", str(opd.pk))
    assert entry.opd_id == opd.pk and entry.opd_label == "Dinas Kominfo"
    assert entry.created_at.utcoffset().total_seconds() == 0
    assert entry.details == {"n": 1}
    assert AuditEntry.objects.count() == 1


def test_a_forged_username_cannot_forge_a_second_line():
    entry = audit_record(
        AuditAction.LOGIN_FAILED, actor_label="x\r\n2026-12-03 login.succeeded admin"
    )
    assert "\n" not in entry.actor_label and "\r" not in entry.actor_label
    assert entry.actor_label == "x\\r\\n2026-12-03 login.succeeded admin"


def test_no_request_no_actor_no_ip():
    entry = audit_record(AuditAction.RETENTION_PURGED, object_type="assessments.attempt")
    assert entry.actor_id is None and entry.ip is None and entry.actor_label == ""


def test_entries_cannot_be_changed_or_deleted_through_the_model():
    entry = audit_record(AuditAction.LOGOUT)
    entry.action = "login.succeeded"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "logout"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_of_any_entry():
    entry = audit_record(AuditAction.LOGOUT)
    for statement in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="x"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement()
    assert AuditEntry.objects.get(pk=entry.pk).action == "logout"


def test_bkpsdm_lists_and_opens_entries_and_no_one_may_change_them(client, django_user_model):
    from django.contrib.auth.models import Group

    entry = audit_record(AuditAction.LOGIN_FAILED, actor_label="19900101")
    bkpsdm = UserFactory()
    bkpsdm.groups.add(Group.objects.get(name="BKPSDM"))
    client.force_login(bkpsdm)
    listing = client.get(reverse("log-audit:index"))
    assert listing.status_code == 200
    assert "19900101" in listing.content.decode()
    assert client.get(reverse("log-audit:inspect", args=[entry.pk])).status_code == 200
    exported = client.get(reverse("log-audit:index") + "?export=csv")
    assert exported.status_code == 200
    assert b"19900101" in b"".join(exported.streaming_content)
    for name in ("log-audit:edit", "log-audit:delete", "log-audit:add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[entry.pk]) if name != "log-audit:add" else reverse(name)
    admin_opd = UserFactory()
    admin_opd.groups.add(Group.objects.get(name="Admin OPD"))
    client.force_login(admin_opd)
    assert client.get(reverse("log-audit:index")).status_code in (302, 403)

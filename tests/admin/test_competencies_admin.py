"""Competencies admin: catalogue with five level descriptors, requirements through the service,
learner records read-only, and HR-entry evidence recorded by BKPSDM through ``evidence_record``."""

import datetime

import pytest
from django.utils import timezone

from lms.competencies.models import (
    Competency,
    CompetencyEvidence,
    EvidenceSource,
    LearningRecord,
    PositionRequirement,
)
from tests.admin.conftest import client_for
from tests.admin.test_people_admin import form_data

pytestmark = pytest.mark.django_db


def evidence_post(world, **overrides) -> dict:
    data = {
        "employee_nip": world["theirs"].nip,
        "competency": world["competency"].pk,
        "level": 4,
        "observed_on": "2026-03-01",
        "reference": "Uji kompetensi BKPSDM 03/2026",
    }
    data.update(overrides)
    return data


# --- Evidence: bad input first ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employee_nip": "199912312020121999"}, "Tidak ada pegawai dengan NIP"),
        ({"level": 6}, ""),
        ({"level": 0}, ""),
        ({"observed_on": "2999-01-01"}, "masa depan"),
        ({"observed_on": "2026-02-31"}, ""),
    ],
)
def test_bad_hr_evidence_is_refused(world, overrides, message):
    client = client_for(world["bkpsdm"])
    response = client.post("/admin/bukti-kompetensi/new/", evidence_post(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CompetencyEvidence.objects.filter(source=EvidenceSource.HR).exists()


def test_admin_opd_cannot_record_evidence(world):
    client = client_for(world["admin_a"])
    response = client.post(
        "/admin/bukti-kompetensi/new/", evidence_post(world, employee_nip=world["mine"].nip)
    )
    assert response.status_code in {302, 403}
    assert not CompetencyEvidence.objects.filter(source=EvidenceSource.HR).exists()


def test_an_admin_opd_given_the_add_permission_still_cannot_reach_another_opd(world):
    from django.contrib.auth.models import Permission

    admin = world["admin_a"]
    admin.user_permissions.add(Permission.objects.get(codename="add_competencyevidence"))
    response = client_for(admin).post("/admin/bukti-kompetensi/new/", evidence_post(world))
    assert response.status_code == 200
    assert "Tidak ada pegawai dengan NIP" in response.content.decode()
    assert not CompetencyEvidence.objects.filter(source=EvidenceSource.HR).exists()


def test_bkpsdm_records_hr_evidence_through_the_service(world):
    client = client_for(world["bkpsdm"])
    nip = world["theirs"].nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    response = client.post(
        "/admin/bukti-kompetensi/new/", evidence_post(world, employee_nip=spaced)
    )
    assert response.status_code == 302
    evidence = CompetencyEvidence.objects.get(source=EvidenceSource.HR)
    assert evidence.employee == world["theirs"]
    assert evidence.level == 4
    assert evidence.recorded_by == world["bkpsdm"]
    assert evidence.observed_on == datetime.date(2026, 3, 1)


def test_evidence_form_names_the_employee_by_nip_not_a_giant_select(world):
    form = client_for(world["bkpsdm"]).get("/admin/bukti-kompetensi/new/").context["form"]
    assert "employee" not in form.fields and "source" not in form.fields
    assert "recorded_by" not in form.fields
    assert "employee_nip" in form.fields


# --- Learner records are read-only ------------------------------------------------------------


def test_learner_records_have_no_write_routes(world):
    client = client_for(world["bkpsdm"])
    evidence, record = world["evidence_mine"], world["record_mine"]
    for url in (
        f"/admin/bukti-kompetensi/edit/{evidence.pk}/",
        f"/admin/bukti-kompetensi/delete/{evidence.pk}/",
        "/admin/riwayat-pelatihan/new/",
        f"/admin/riwayat-pelatihan/edit/{record.pk}/",
        f"/admin/riwayat-pelatihan/delete/{record.pk}/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"level": 5, "jp": 99}).status_code == 404, url
    assert CompetencyEvidence.objects.get(pk=evidence.pk).level == 2
    assert LearningRecord.objects.get(pk=record.pk).jp == 12
    assert client.get(f"/admin/bukti-kompetensi/inspect/{evidence.pk}/").status_code == 200
    assert client.get(f"/admin/riwayat-pelatihan/inspect/{record.pk}/").status_code == 200


def test_learning_record_listing_filters_by_year(world):
    client = client_for(world["bkpsdm"])
    year = timezone.localdate().year
    assert (
        "Pelatihan Literasi Data"
        in client.get(f"/admin/riwayat-pelatihan/?year={year}").content.decode()
    )
    assert (
        "Pelatihan Literasi Data"
        not in client.get(f"/admin/riwayat-pelatihan/?year={year - 5}").content.decode()
    )


# --- Catalogue and requirements --------------------------------------------------------------


def test_competency_edit_keeps_exactly_five_levels(world):
    client = client_for(world["bkpsdm"])
    competency = world["competency"]
    url = f"/admin/kompetensi/edit/{competency.pk}/"
    data = form_data(client.get(url).context["form"])
    data["name"] = "Pengoperasian Perangkat Kantor"
    data["levels-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200  # a level may not be removed
    assert competency.levels.count() == 5
    data.pop("levels-0-DELETE")
    response = client.post(url, data)
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.name == "Pengoperasian Perangkat Kantor"
    assert competency.levels.count() == 5


def test_admin_opd_reads_but_does_not_edit_the_catalogue(world):
    client = client_for(world["admin_a"])
    assert client.get("/admin/kompetensi/").status_code == 200
    assert client.get(f"/admin/kompetensi/edit/{world['competency'].pk}/").status_code in {302, 403}
    assert client.get(f"/admin/kompetensi/inspect/{world['competency'].pk}/").status_code == 200


def test_position_requirement_is_set_through_the_service(world):
    client = client_for(world["bkpsdm"])
    other = Competency.objects.exclude(pk=world["competency"].pk).order_by("code").first()
    response = client.post(
        "/admin/standar-jabatan/new/",
        {"position": world["guru"].pk, "competency": other.pk, "required_level": 4},
    )
    assert response.status_code == 302
    assert (
        PositionRequirement.objects.get(position=world["guru"], competency=other).required_level
        == 4
    )
    response = client.post(
        "/admin/standar-jabatan/new/",
        {"position": world["guru"].pk, "competency": other.pk, "required_level": 9},
    )
    assert response.status_code == 200


def test_position_requirement_edit_changes_only_the_level(world):
    client = client_for(world["bkpsdm"])
    requirement = world["requirement_mine"]
    other = Competency.objects.exclude(pk=requirement.competency_id).first()
    response = client.post(
        f"/admin/standar-jabatan/edit/{requirement.pk}/",
        {"position": world["perawat"].pk, "competency": other.pk, "required_level": 5},
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.required_level == 5
    assert requirement.position == world["guru"]
    assert requirement.competency == world["competency"]


def test_admin_opd_sees_the_same_ledger_lines_in_the_listing_and_the_export(world):
    """One rule (learning_records_visible_to): the employee's current OPD or the OPD at the time
    of the training. A line of an employee who has since moved away stays visible to the OPD
    where the training was; a line of another OPD's employee booked there is not."""
    from lms.competencies.imports import TrainingRecordImport
    from lms.competencies.models import JenisDiklat, LearningPath, RecordSource

    year = timezone.localdate().year
    moved_away = LearningRecord.objects.create(
        employee=world["theirs"], opd=world["sd"], title="Pelatihan Sebelum Mutasi",
        provider="BPSDM Provinsi", path=LearningPath.KLASIKAL, jenis_diklat=JenisDiklat.TEKNIS,
        jp=8, start_date=datetime.date(year, 2, 1), end_date=datetime.date(year, 2, 2), year=year,
        source=RecordSource.IMPORT,
    )  # fmt: skip
    admin = world["admin_a"]
    listing = client_for(admin).get("/admin/riwayat-pelatihan/")
    assert listing.status_code == 200
    listed = {record.pk for record in listing.context["object_list"]}
    expected = {world["record_mine"].pk, moved_away.pk}
    assert listed == expected
    exported = {row[1] for row in TrainingRecordImport().export_rows(admin)}
    assert exported == set(
        LearningRecord.objects.filter(pk__in=expected).values_list("title", flat=True)
    )

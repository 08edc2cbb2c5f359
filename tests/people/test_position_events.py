"""``position_saved``: every saved position (admin, import, demo) is announced after commit, and
the competencies app gives an IT position the SPBE requirement floor on it."""

import pytest
from django.db import transaction

from lms.competencies.catalogue import IT_ROLE_OVERRIDES
from lms.competencies.models import PositionRequirement
from lms.core.imports import run_import
from lms.people.models import JenisJabatan, Position
from lms.people.services import position_save
from lms.people.signals import position_saved

pytestmark = pytest.mark.django_db

HEADER = "code,name,jenis_jabatan,jenjang,opd_code,is_it_role\r\n"


def overrides(position: Position) -> dict[str, int]:
    return dict(
        PositionRequirement.objects.filter(position=position).values_list(
            "competency__code", "required_level"
        )
    )


def test_a_position_imported_with_the_it_flag_gets_the_it_floor(
    django_capture_on_commit_callbacks,
):
    data = (
        HEADER
        + "JF-PKM,Pranata Komputer Ahli Muda,Fungsional Keahlian,Ahli Muda,,ya\r\n"
        + "PLK-01,Pengadministrasi Perkantoran,Pelaksana,,,tidak\r\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("positions", data, "jabatan.csv", commit=True)
    assert report.ok and report.created == 2
    assert overrides(Position.objects.get(code="JF-PKM")) == dict(IT_ROLE_OVERRIDES)
    assert overrides(Position.objects.get(code="PLK-01")) == {}


def test_position_saved_is_sent_once_per_save_after_commit_only(
    django_capture_on_commit_callbacks,
):
    received = []

    def receiver(sender, position, **kwargs):
        received.append(position.code)

    position_saved.connect(receiver, dispatch_uid="test-position-saved")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            position = position_save(
                position=Position(
                    code="PLK-02", name="Pengolah Data", jenis_jabatan=JenisJabatan.PELAKSANA
                )
            )
            assert received == []  # not before the commit
        assert received == ["PLK-02"]
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            position.name = "Pengolah Data Kepegawaian"
            position_save(position=position)
            raise RuntimeError("rolled back")
        assert received == ["PLK-02"]  # a rolled-back save announces nothing
    finally:
        position_saved.disconnect(dispatch_uid="test-position-saved")

"""``GET /api/v1/reports/gap`` and ``/reports/jp``: bad input first, then scopes, then figures."""

import datetime
import logging
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from lms.reports.models import ReportSnapshot
from lms.reports.services import report_snapshot_take
from lms.users.roles import Role
from tests.factories.users import UserFactory

from .conftest import C1, C2, C3

GAP, JP = "/api/v1/reports/gap", "/api/v1/reports/jp"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bkpsdm(regency):
    return client_for(regency["bkpsdm"])


@pytest.fixture
def admin_root(regency):
    return client_for(regency["admin_root"])


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [GAP, JP])
@pytest.mark.parametrize(
    "year",
    ["abc", "2026.5", "-1", "1e3", "20260", "1999", "2101", "2026%00", "0x7E6", "", "2026; DROP"],
)
def test_a_bad_year_is_a_400_in_indonesian(bkpsdm, url, year):
    response = bkpsdm.get(url, {"year": year})
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == "Data yang dikirim tidak valid."
    assert response.json()["errors"][0]["loc"][-1] == "year"


@pytest.mark.parametrize("url", [GAP, JP])
@pytest.mark.parametrize("opd", ["x" * 31, "1.01\x00", "1.01\n", ""])
def test_a_malformed_opd_code_is_a_400(bkpsdm, url, opd):
    response = bkpsdm.get(url, {"year": "2026", "opd": opd})
    assert response.status_code == 400
    assert response.json()["detail"] == "Data yang dikirim tidak valid."
    assert response.json()["errors"][0]["loc"][-1] == "opd"


@pytest.mark.parametrize("url", [GAP, JP])
def test_an_unknown_opd_is_a_404(bkpsdm, url):
    response = bkpsdm.get(url, {"year": "2026", "opd": "TIDAK-ADA"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan."}


# --- who may ---------------------------------------------------------------------------------


def user_in(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("url", [GAP, JP])
def test_learners_trainers_and_strangers_are_refused(regency, url):
    assert Client().get(url).status_code == 401
    for user in (user_in(Role.PESERTA), user_in(Role.PENGAJAR), regency["people"]["e1"].user):
        response = client_for(user).get(url, {"year": "2026"})
        assert response.status_code == 403, user
        assert response.json() == {"detail": "Tidak diizinkan."}


@pytest.mark.parametrize("url", [GAP, JP])
def test_admin_opd_reads_their_opd_and_gets_404_for_another(regency, admin_root, url, caplog):
    response = admin_root.get(url, {"year": "2026"})
    assert response.status_code == 200
    assert [row["opd"]["code"] for row in response.json()["rows"]] == ["1.01"]
    assert admin_root.get(url, {"opd": "1.01.1"}).status_code == 200  # a unit below theirs
    with caplog.at_level(logging.WARNING, logger="lms.reports"):
        for code in ("2.03", "2.01"):
            assert admin_root.get(url, {"year": "2026", "opd": code}).status_code == 404
    assert "outside their scope" in caplog.text


@pytest.mark.parametrize("url", [GAP, JP])
def test_bkpsdm_reads_every_opd_with_a_bearer_token(regency, url):
    out = StringIO()
    call_command("lms_token", regency["bkpsdm"].nip, stdout=out)
    response = Client().get(
        url, {"year": "2026", "opd": "2.03"}, HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}"
    )
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    assert [row["opd"]["code"] for row in response.json()["rows"]] == ["2.03"]


# --- figures (the hand-computed ones of test_gap_rules / test_jp_rules) --------------------------


def test_gap_answer(bkpsdm):
    body = bkpsdm.get(GAP, {"year": "2026"}).json()
    assert (body["year"], body["opd"], body["source"], body["snapshot_month"]) == (
        2026,
        None,
        "live",
        None,
    )
    assert [c["code"] for c in body["competencies"]] == [C1, C2, C3]
    rows = {row["opd"]["code"]: row for row in body["rows"]}
    assert list(rows) == ["1.01", "2.01", "2.02", "2.03"]
    assert rows["1.01"]["cells"][1] == {
        "competency": C2,
        "people": 2,
        "below": 1,
        "share_below": 0.5,
        "mean_gap": 0.5,
        "jpm": 75.0,
    }
    assert rows["2.01"] == {
        "opd": {"code": "2.01", "name": "Dinas Lama A", "valid_in_year": False},
        "cells": [],
    }
    assert body["total"][0] == {
        "competency": C1,
        "people": 4,
        "below": 1,
        "share_below": 0.25,
        "mean_gap": 1.0,
        "jpm": 75.0,
    }


def test_jp_answer(admin_root):
    body = admin_root.get(JP, {"year": "2026", "opd": "1.01"}).json()
    assert (body["pns_target"], body["pppk_cap"], body["opd"]) == (20, 24, "1.01")
    rows = {row["opd"]["code"]: row for row in body["rows"]}
    assert rows["1.01"]["headcount"] == 2  # E1 and E3 directly in 1.01
    assert rows["1.01"]["jp_total"] == 20.5
    unit = rows["1.01.1"]  # E2, PPPK with 30 JP
    assert (unit["pppk"], unit["pppk_over_cap"], unit["pppk_cap_used_share"]) == (1, 1, 1.0)
    assert body["total"]["headcount"] == 3
    assert body["total"]["zero_jp"] == 1


def test_a_past_year_answers_its_snapshot(regency, bkpsdm):
    report_snapshot_take(month=datetime.date(2025, 12, 1))
    assert ReportSnapshot.objects.count() == 1
    body = bkpsdm.get(JP, {"year": "2025"}).json()
    assert (body["source"], body["snapshot_month"]) == ("snapshot", "2025-12-01")
    assert {row["opd"]["code"]: row["jp_total"] for row in body["rows"]}["2.01"] == 16.0


def test_year_defaults_to_the_current_one(bkpsdm):
    from django.utils import timezone

    assert bkpsdm.get(GAP).json()["year"] == timezone.localdate().year

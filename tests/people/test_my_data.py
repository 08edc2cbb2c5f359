"""'Unduh data saya' (UU 27/2022: access, copy, portability; docs/security.md, "Personal data
(UU 27/2022)"): the learner's own data in every section, nothing of anyone else, as JSON and
as a PDF, logged once per download, in a bounded number of queries."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from lms.people.selectors_privacy import personal_data_sections
from tests.people.privacy_seed import make_opd, seed_person

pytestmark = pytest.mark.django_db

SECTIONS = {
    "account",
    "employee",
    "competency_evidence",
    "learning_records",
    "enrollments",
    "quiz_attempts",
    "h5p_results",
    "xapi_statements",
    "h5p_states",
    "certificates",
    "notifications",
    "correction_requests",
}


@pytest.fixture
def people():
    zebra = seed_person("ZEBRA", "198703152010012003", make_opd("A.01", "Dinas A"))
    quokka = seed_person("QUOKKA", "198801012011011005", make_opd("B.01", "Dinas B"))
    return zebra, quokka


def _client(person) -> Client:
    client = Client()
    client.force_login(person.employee.user)
    return client


def _download(client: Client, fmt: str):
    response = client.get(reverse("privacy:download", args=[fmt]))
    assert response.status_code == 200, response.content[:500]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    return response


def test_json_holds_every_section_with_the_learners_values(people):
    zebra, _quokka = people
    document = json.loads(_download(_client(zebra), "json").content)
    sections = document["sections"]
    assert set(sections) == SECTIONS
    assert all(sections[key]["rows"] for key in SECTIONS), {
        key: len(value["rows"]) for key, value in sections.items()
    }
    text = json.dumps(document, ensure_ascii=False)
    for value in zebra.strings:
        assert value in text, value
    employee = sections["employee"]["rows"][0]
    assert employee["nip"] == zebra.employee.nip
    assert employee["full_name"] == "Dr. Siti Zebra, S.Zebra"
    assert employee["opd_name"] == "Dinas A"
    records = {row["title"]: row for row in sections["learning_records"]["rows"]}
    assert records["Pelatihan ZEBRA 0"]["jp"] == "8"
    assert records["Pelatihan ZEBRA 0"]["opd"] == "Dinas A"
    assert "Kursus ZEBRA" in records  # the course completed on this platform booked its JP
    attempt = sections["quiz_attempts"]["rows"][0]
    assert attempt["quiz"] == "Kuis ZEBRA"
    assert attempt["passed"] is False and attempt["percent"] == "0"
    assert attempt["answers"][0]["response"] == ["Pilihan ZEBRA salah"]
    certificate = sections["certificates"]["rows"][0]
    assert certificate["code"] == zebra.objects["certificate"].code
    assert certificate["verify_url"].endswith(f"/sertifikat/verifikasi/{certificate['code']}/")
    assert sections["enrollments"]["rows"][0]["lessons_completed"]
    correction = sections["correction_requests"]["rows"][0]
    assert correction["requested_value"] == "Nama benar ZEBRA"
    assert correction["status"] == "Menunggu"


def test_no_answer_key_feedback_or_explanation(people):
    """The quiz's policy is "never": the learner's response is there, the key is not (no
    correct flag, no per-question score, no feedback, no explanation, no correct choice), and
    H5P's correctResponsesPattern is stripped from the statements."""
    zebra, _quokka = people
    text = _download(_client(zebra), "json").content.decode()
    for leak in (
        "Pilihan ZEBRA benar",
        "Umpan ZEBRA",
        "Pembahasan ZEBRA",
        '"correct"',
        "correctResponsesPattern",
        "KUNCI-ZEBRA",
    ):
        assert leak not in text, leak
    answers = json.loads(text)["sections"]["quiz_attempts"]["rows"][0]["answers"]
    assert set(answers[0]) == {"question_number", "question", "type", "response"}


def test_score_per_question_once_the_review_is_allowed(people):
    zebra, _quokka = people
    quiz = zebra.objects["attempts"][0].quiz
    quiz.review_policy = "immediately"
    quiz.save(update_fields=["review_policy"])
    document = json.loads(_download(_client(zebra), "json").content)
    answer = document["sections"]["quiz_attempts"]["rows"][0]["answers"][0]
    assert answer["score"] == "0" and answer["points"] == "1"
    assert "Pilihan ZEBRA benar" not in json.dumps(document, ensure_ascii=False)


def _quokka_marks(quokka) -> list[str]:
    user = quokka.employee.user
    return [
        *quokka.strings,
        "QUOKKA",
        "Quokka",
        user.username,
        str(quokka.objects["correction"].pk) + '", "field"',  # never their request's id
    ]


def test_nothing_of_another_learner_in_json_or_pdf(people):
    zebra, quokka = people
    client = _client(zebra)
    json_text = _download(client, "json").content.decode()
    pdf = _download(client, "pdf").content
    pdf_text = _pdf_text(pdf)
    for mark in _quokka_marks(quokka):
        assert mark not in json_text, mark
        assert mark not in pdf_text, mark
    document = json.loads(json_text)
    assert document["user_id"] == zebra.employee.user_id
    theirs = {str(a.pk) for a in quokka.objects["attempts"]}
    mine = document["sections"]["quiz_attempts"]["rows"]
    assert len(mine) == len(zebra.objects["attempts"])
    assert not theirs & {str(row.get("id")) for row in mine}


def _pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:  # pragma: no cover - the CI image has poppler
        pytest.skip("pdftotext is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_pdf_is_a_readable_pdf_with_the_learners_data(people):
    zebra, _quokka = people
    response = _download(_client(zebra), "pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = _pdf_text(pdf)
    assert "Data pribadi saya" in text
    assert "Dr. Siti Zebra, S.Zebra" in text
    assert zebra.employee.nip in text
    for value in ("Pelatihan ZEBRA 0", "Kuis ZEBRA", "Pilihan ZEBRA salah", "Nama benar ZEBRA"):
        assert value in text, value
    assert zebra.objects["certificate"].code in text


def test_each_download_is_audited_once(people):
    zebra, _quokka = people
    client = _client(zebra)
    before = AuditEntry.objects.filter(action=AuditAction.MY_DATA_DOWNLOADED).count()
    _download(client, "json")
    _download(client, "pdf")
    entries = AuditEntry.objects.filter(action=AuditAction.MY_DATA_DOWNLOADED).order_by("id")
    assert entries.count() == before + 2
    last = list(entries)[-2:]
    assert [entry.details["format"] for entry in last] == ["json", "pdf"]
    assert {entry.actor_id for entry in last} == {zebra.employee.user_id}
    assert {entry.object_id for entry in last} == {str(zebra.employee.user_id)}


def test_the_page_lists_sections_and_is_not_cached(people):
    zebra, _quokka = people
    response = _client(zebra).get(reverse("privacy:my_data"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    body = response.content.decode()
    assert reverse("privacy:download", args=["pdf"]) in body
    assert reverse("privacy:download", args=["json"]) in body
    assert "Nama benar ZEBRA" in body and "Menunggu" in body
    assert "QUOKKA" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/akun/data-saya/",
        "/akun/data-saya/unduh/json/",
        "/akun/data-saya/unduh/pdf/",
    ],
)
def test_anonymous_goes_to_login_and_nothing_is_logged(url):
    before = AuditEntry.objects.count()
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))
    assert AuditEntry.objects.count() == before


def test_unknown_format_is_404(people):
    zebra, _quokka = people
    assert _client(zebra).get("/akun/data-saya/unduh/xml/").status_code == 404


def test_an_account_without_an_employee_record_gets_its_own_data():
    from lms.users.models import User

    user = User.objects.create_user(username="tamu@contoh.go.id", email="tamu@contoh.go.id")
    client = Client()
    client.force_login(user)
    document = json.loads(_download(client, "json").content)
    assert document["sections"]["account"]["rows"][0]["username"] == "tamu@contoh.go.id"
    assert document["sections"]["employee"]["rows"] == []
    assert client.get(reverse("privacy:my_data")).status_code == 200


def test_query_count_does_not_grow_with_the_rows():
    """One learner with one row of each, another with five: the same number of queries to
    assemble every section."""
    one = seed_person("ZEBRA", "198703152010012003", make_opd("A.01", "Dinas A"))
    many = seed_person("QUOKKA", "198801012011011005", make_opd("B.01", "Dinas B"), extra=4)
    counts = []
    for person in (one, many):
        user = type(person.employee.user).objects.get(pk=person.employee.user_id)
        with CaptureQueriesContext(connection) as queries:
            sections = personal_data_sections(user)
        counts.append(len(queries))
        assert all(section.rows for section in sections if section.key != "h5p_results")
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts
    downloads = []
    for person in (one, many):
        client = _client(person)
        for fmt in ("json", "pdf"):
            with CaptureQueriesContext(connection) as queries:
                _download(client, fmt)
            downloads.append(len(queries))
    assert downloads[0] == downloads[2] and downloads[1] == downloads[3], downloads
    rows = {
        section.key: len(section.rows) for section in personal_data_sections(many.employee.user)
    }
    assert (
        rows["quiz_attempts"] == 5 and rows["xapi_statements"] == 5 and rows["notifications"] >= 5
    )

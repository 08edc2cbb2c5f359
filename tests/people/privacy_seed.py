"""A person with a row in every section of "Unduh data saya", each value carrying a distinctive
tag (``ZEBRA``, ``QUOKKA``) so a test can tell whose data a download holds."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.h5p.models import H5PUserState, XAPIStatement
from assessments.models import QuestionType, QuestionVersion, Quiz, QuizDraw
from assessments.questions import question_save
from assessments.services import attempt_autosave, attempt_start, attempt_submit
from certificates.models import CertificateTemplate
from certificates.services import certificate_issue, certificate_template_save
from courses.selectors import course_lessons
from courses.services import enrollment_create, lesson_complete
from lms.competencies.models import (
    Competency,
    EvidenceSource,
    JenisDiklat,
    LearningPath,
    RecordSource,
)
from lms.competencies.services import evidence_record, learning_record_create
from lms.core.notifications.services import notification_create
from lms.people.models import OPD, Employee, OPDType
from lms.people.services import correction_request_create, employee_save
from tests.factories.assessments import make_bank
from tests.factories.courses import build_course
from tests.factories.h5p_rows import make_package, make_result


@dataclass
class Person:
    tag: str
    employee: Employee
    strings: list[str] = field(default_factory=list)  # distinctive values seeded for them
    objects: dict = field(default_factory=dict)


def default_certificate_template() -> CertificateTemplate:
    existing = CertificateTemplate.objects.filter(is_default=True).first()
    return existing or certificate_template_save(
        template=CertificateTemplate(name="Templat bawaan", is_default=True),
        signatories=[{"name": "Kepala BKPSDM", "nip": "", "title": "Kepala BKPSDM"}],
    )


def make_opd(code: str, name: str) -> OPD:
    return OPD.objects.get_or_create(code=code, defaults={"name": name, "type": OPDType.DINAS})[0]


def seed_person(tag: str, nip: str, opd: OPD, *, extra: int = 0) -> Person:
    """An employee in ``opd`` with ``1 + extra`` rows in every section."""
    low = tag.lower()
    employee = employee_save(
        employee=Employee(
            nip=nip,
            name=f"Siti {tag.title()}",
            gelar_depan="Dr.",
            gelar_belakang=f"S.{tag.title()}",
            gender="L" if nip[14] == "1" else "P",
            employee_type="PNS",
            opd=opd,
            email=f"{low}@contoh.go.id",
        )
    )
    user = employee.user
    person = Person(tag=tag, employee=employee)
    person.strings += [nip, f"{low}@contoh.go.id", f"Siti {tag.title()}"]
    competency = Competency.objects.get(code="SP.01")
    for n in range(1 + extra):
        evidence_record(
            employee=employee,
            competency=competency,
            level=2,
            source=EvidenceSource.HR,
            observed_on=datetime.date(2026, 3, 1),
            reference=f"bukti-{tag}-{n}",
        )
        learning_record_create(
            employee=employee,
            title=f"Pelatihan {tag} {n}",
            provider=f"Penyelenggara {tag}",
            path=LearningPath.KLASIKAL,
            jenis_diklat=JenisDiklat.TEKNIS,
            jp=Decimal("8"),
            start_date=datetime.date(2026, 2, 1),
            end_date=datetime.date(2026, 2, 2),
            source=RecordSource.IMPORT,
        )
        notification_create(user=user, title=f"Pesan {tag} {n}", body=f"Isi pesan {tag}")
    person.strings += [f"bukti-{tag}-0", f"Pelatihan {tag} 0", f"Pesan {tag} 0"]

    # A quiz with one single-choice question: the learner's own answer, never the key.
    quiz = Quiz.objects.create(
        title=f"Kuis {tag}", kind="practice", review_policy="never", open_access=True
    )
    bank = make_bank("SP.01", 2, name=f"Bank {tag}")
    question_save(
        bank=bank,
        question_type=QuestionType.SINGLE,
        text=f"Soal {tag}: prinsip SPBE?",
        data={
            "choices": [
                {"text": f"Pilihan {tag} benar", "correct": True, "feedback": f"Umpan {tag}"},
                {"text": f"Pilihan {tag} salah", "correct": False, "feedback": "Bukan."},
            ]
        },
        explanation=f"Pembahasan {tag}",
    )
    QuizDraw.objects.create(quiz=quiz, bank=bank, count=1)
    attempts = []
    for _n in range(1 + extra):
        attempt = attempt_start(user=user, quiz=quiz)
        version = QuestionVersion.objects.get(pk=attempt.layout[0]["v"])
        wrong = next(c["id"] for c in version.data["choices"] if not c["correct"])
        attempt_autosave(
            attempt_id=attempt.pk, user=user, sequence=0, answers={0: wrong}, key=uuid.uuid4()
        )
        attempts.append(attempt_submit(attempt=attempt, user=user))
    person.objects["attempts"] = attempts
    person.strings += [f"Kuis {tag}", f"Soal {tag}", f"Pilihan {tag} salah"]

    # A course completed with its certificate, and an enrollment in progress.
    course = build_course(modules=1, lessons=1, title=f"Kursus {tag}", code=f"K-{tag}")
    enrollment_create(user=user, course=course)
    (lesson,) = course_lessons(course)
    enrollment = lesson_complete(user=user, lesson=lesson)
    default_certificate_template()
    certificate = certificate_issue(enrollment=enrollment)
    person.objects["certificate"] = certificate
    person.strings += [f"Kursus {tag}", lesson.title, certificate.number, certificate.code]

    package = make_package(f"Aktivitas {tag}")
    make_result(package, user)
    for n in range(1 + extra):
        XAPIStatement.objects.create(
            statement_id=uuid.uuid4(),
            user=user,
            package=package,
            page_id=lesson.pk,
            verb="http://adlnet.gov/expapi/verbs/answered",
            top_level=True,
            statement={
                "result": {"response": f"respon-{tag}-{n}"},
                "object": {"definition": {"correctResponsesPattern": [f"KUNCI-{tag}"]}},
            },
            size_bytes=120,
        )
        H5PUserState.objects.create(
            user=user,
            package=package,
            page_id=lesson.pk + n,
            data=f'{{"status": "status-{tag}-{n}"}}',
        )
    person.strings += [f"Aktivitas {tag}", f"respon-{tag}-0", f"status-{tag}-0"]

    person.objects["correction"] = correction_request_create(
        employee=employee, user=user, field="name", requested_value=f"Nama benar {tag}"
    )
    person.strings += [f"Nama benar {tag}"]
    return person

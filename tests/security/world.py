"""The small regency the authorization matrix is tried against (docs/security.md).

Two OPDs (A and B), one user per role and scope, two courses (X taught by ``trainer_x``, Y by
``trainer_y``) each with a lesson holding its own post-test drawn from its own bank, a learner
enrolled in each with an attempt, and HR records on both sides. Every role gets its real
permissions from the migrations (nothing is granted here) and its scope from the services.

Object kinds map a scope letter to the object the matrix opens: ``A``/``B`` (OPD side),
``X``/``Y`` (course side), ``1``/``2`` (the first or the second learner's own), ``T`` (a staff
member's employee record inside OPD A), ``*`` (the one shared object).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Site, Workflow

from assessments.models import Question, QuestionBank
from assessments.services import attempt_start
from courses.models import CourseIndexPage
from courses.selectors import course_lessons
from courses.services import assignment_create, enrollment_create
from lms.competencies.models import (
    Competency,
    DefaultRequirement,
    EvidenceSource,
    JenisDiklat,
    LearningPath,
    RecordSource,
)
from lms.competencies.services import (
    evidence_record,
    learning_record_create,
    position_requirement_set,
)
from lms.core.models import HomePage
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDScope, OPDType, Position
from lms.people.services import employee_save, opd_scope_set
from lms.users.models import User
from lms.users.roles import Role
from tests.factories.assessments import make_quiz
from tests.factories.courses import add_quiz, build_course

ROLES = (
    "anonymous",
    "learner",
    "learner2",
    "trainer_x",
    "trainer_y",
    "admin_a",
    "admin_b",
    "bkpsdm",
)
PASSWORD = "Rahasia-Kuat-2026"


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, dict[str, object]] = field(default_factory=dict)

    def obj(self, kind: str, scope: str):
        return self.objects[kind][scope]


def _employee(opd: OPD, position: Position, nip: str, name: str, role: str | None) -> Employee:
    employee = employee_save(
        employee=Employee(
            nip=nip,
            name=name,
            gender="L" if nip[14] == "1" else "P",
            employee_type=EmployeeType.PNS,
            opd=opd,
            position=position,
            email=f"{nip}@contoh.go.id",
        )
    )
    user = employee.user
    user.set_password(PASSWORD)
    user.is_active = True
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return employee


def build_world() -> World:
    world = World()
    opd_a = OPD.objects.create(code="A.01", name="Dinas A", type=OPDType.DINAS)
    opd_b = OPD.objects.create(code="B.01", name="Dinas B", type=OPDType.DINAS)
    pos_a = Position.objects.create(
        code="JAB-A", name="Analis A", jenis_jabatan=JenisJabatan.PELAKSANA, opd=opd_a
    )
    pos_b = Position.objects.create(
        code="JAB-B", name="Analis B", jenis_jabatan=JenisJabatan.PELAKSANA, opd=opd_b
    )
    people = {
        "learner": (opd_a, pos_a, "198703152010012003", "Siti Learner", Role.PESERTA),
        "learner2": (opd_b, pos_b, "198801012011011005", "Budi Learner", Role.PESERTA),
        "trainer_x": (opd_a, pos_a, "198106212006041002", "Rina Pengajar", Role.PENGAJAR),
        "trainer_y": (opd_b, pos_b, "198202022007021004", "Dedi Pengajar", Role.PENGAJAR),
        "admin_a": (opd_a, pos_a, "199002102015032001", "Ani Admin", Role.ADMIN_OPD),
        "admin_b": (opd_b, pos_b, "199103032016031003", "Bayu Admin", Role.ADMIN_OPD),
        "bkpsdm": (opd_b, pos_b, "197805302003121004", "Wati BKPSDM", Role.BKPSDM),
    }
    employees = {key: _employee(*args) for key, args in people.items()}
    world.users = {"anonymous": None} | {key: e.user for key, e in employees.items()}
    opd_scope_set(user=world.users["admin_a"], opds=[opd_a])
    opd_scope_set(user=world.users["admin_b"], opds=[opd_b])

    competency = Competency.objects.get(code="SP.01")
    requirement = {
        scope: position_requirement_set(position=pos, competency=competency, required_level=2)
        for scope, pos in (("A", pos_a), ("B", pos_b))
    }
    evidence = {
        scope: evidence_record(
            employee=employees[key],
            competency=competency,
            level=2,
            source=EvidenceSource.HR,
            observed_on=datetime.date(2026, 3, 1),
        )
        for scope, key in (("A", "learner"), ("B", "learner2"))
    }
    record = {
        scope: learning_record_create(
            employee=employees[key],
            title="Pelatihan luar",
            provider="BPSDM Provinsi",
            path=LearningPath.KLASIKAL,
            jenis_diklat=JenisDiklat.TEKNIS,
            jp=Decimal("8"),
            start_date=datetime.date(2026, 2, 1),
            end_date=datetime.date(2026, 2, 2),
            source=RecordSource.IMPORT,
        )
        for scope, key in (("A", "learner"), ("B", "learner2"))
    }

    courses, quizzes, banks, lessons, attempts = {}, {}, {}, {}, {}
    for scope, trainer, learner in (("X", "trainer_x", "learner"), ("Y", "trainer_y", "learner2")):
        course = build_course(modules=1, lessons=1, title=f"Kursus {scope}", code=f"K-{scope}")
        quiz = make_quiz(
            title=f"Tes akhir {scope}", banks=((f"SP.0{1 if scope == 'X' else 2}", 2, 3, 2),)
        )
        (lesson,) = course_lessons(course)
        add_quiz(lesson, quiz)
        assign_course_to_trainer(course, world.users[trainer], quiz)
        course.save_revision(user=world.users[trainer])  # a draft, for the revision URLs
        enrollment_create(user=world.users[learner], course=course)
        courses[scope], quizzes[scope], lessons[scope] = course, quiz, lesson
        banks[scope] = QuestionBank.objects.get(pk=quiz.draws.get().bank_id)
        attempts[scope] = attempt_start(user=world.users[learner], quiz=quiz, page_id=lesson.pk)
    assignment = {
        scope: assignment_create(
            course=courses["X"],
            created_by=world.users[admin],
            due_date=datetime.date.today() + datetime.timedelta(days=30),
            opd=opd,
        )
        for scope, opd, admin in (("A", opd_a, "admin_a"), ("B", opd_b, "admin_b"))
    }
    for page in (CourseIndexPage.objects.get(), HomePage.objects.get()):
        page.save_revision(user=world.users["bkpsdm"])  # a draft, for the revision URLs
    image = get_image()
    document = Document.objects.create(title="Modul", file=_document_file())
    world.objects = {
        "opd": {"A": opd_a, "B": opd_b},
        "position": {"A": pos_a, "B": pos_b},
        "employee": {
            "A": employees["learner"],
            "B": employees["learner2"],
            "T": employees["trainer_x"],
        },
        "opdscope": {
            "A": OPDScope.objects.get(user=world.users["admin_a"]),
            "B": OPDScope.objects.get(user=world.users["admin_b"]),
        },
        "competency": {"*": competency},
        "defaultrequirement": {"*": DefaultRequirement.objects.first()},
        "positionrequirement": requirement,
        "evidence": evidence,
        "learningrecord": record,
        "assignment": assignment,
        "course": courses,
        "lesson": lessons,
        "quiz": quizzes,
        "bank": banks,
        "question": {s: Question.objects.filter(bank=b).first() for s, b in banks.items()},
        "attempt": attempts,  # X: the learner's, Y: learner2's
        "own_attempt": {"1": attempts["X"], "2": attempts["Y"]},
        "page": {
            "X": courses["X"],
            "Y": courses["Y"],
            "C": CourseIndexPage.objects.get(),
            "H": HomePage.objects.get(),
        },
        "image": {"*": image},
        "document": {"*": document},
        "user": {"*": world.users["learner"]},
        "group": {"*": Group.objects.get(name=Role.PESERTA)},
        "site": {"*": Site.objects.get()},
        "collection": {"*": Collection.objects.get(depth=1)},
        "workflow": {"*": Workflow.objects.filter(name="Moderasi kursus").first()},
        "root": {"*": Page.objects.get(depth=1)},
    }
    world.objects.update(_certificates_and_downloads(world, opd_a, opd_b))
    world.objects.update(_learner_certificates(world))
    world.objects.update(_h5p(world))
    world.objects["auditentry"] = {"*": _audit_entry(world)}
    world.objects["correction"] = _corrections(world)
    return world


def _corrections(world: World) -> dict[str, object]:
    """A correction request of each world learner (``A``: the learner's, OPD A; ``B``:
    learner2's, OPD B), made on their data page."""
    from lms.people.services import correction_request_create

    return {
        scope: correction_request_create(
            employee=world.obj("employee", scope),
            user=world.obj("employee", scope).user,
            field="name",
            requested_value=f"Nama benar {scope}",
        )
        for scope in "AB"
    }


def _audit_entry(world: World):
    """One entry of the audit log (BKPSDM reads it; nobody changes it)."""
    from lms.core.audit.actions import AuditAction
    from lms.core.audit.services import audit_record

    return audit_record(AuditAction.LOGIN_FAILED, actor_label="12345")


def _h5p(world: World) -> dict[str, dict[str, object]]:
    """An installed library (``*``) and a ready H5P package uploaded by each trainer (``X``:
    trainer_x's, ``Y``: trainer_y's), as ORM rows (``tests.factories.h5p_rows``)."""
    from tests.factories.h5p_rows import make_library, make_package

    library = make_library(installed_by=world.users["bkpsdm"])
    packages = {
        scope: make_package(f"Aktivitas {scope}", uploaded_by=world.users[trainer])
        for scope, trainer in (("X", "trainer_x"), ("Y", "trainer_y"))
    }
    played = _installed_demo_activity()
    for lesson in world.objects["lesson"].values():
        lesson.body.append(("h5p", {"package": played, "completes_lesson": False}))
        lesson.save_revision().publish()
    return {
        "h5ppackage": packages,
        "h5plibrary": {"*": library},
        # The demo activity really installed (files on disk), placed in lessons X and Y.
        "h5p_played": {"*": played},
        "h5p_in_lesson": {
            scope: (played, lesson) for scope, lesson in world.objects["lesson"].items()
        },
    }


def _installed_demo_activity():
    import tempfile
    from pathlib import Path

    from assessments.h5p.build import build_demo
    from assessments.h5p.services import h5p_package_install_file

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "demo.h5p"
        source.write_bytes(build_demo())
        return h5p_package_install_file(source=source, filename="demo.h5p", user=None)


def _learner_certificates(world: World) -> dict[str, dict[str, object]]:
    """The default certificate template, and a certificate of each world learner (``1``: the
    learner, OPD A; ``2``: learner2, OPD B) from a one-lesson course they completed."""
    from certificates.models import CertificateTemplate
    from certificates.services import certificate_issue, certificate_template_save
    from courses.services import lesson_complete
    from lms.core.models import Notification

    template = certificate_template_save(
        template=CertificateTemplate(name="Templat bawaan", is_default=True),
        signatories=[{"name": "Kepala BKPSDM", "nip": "", "title": "Kepala BKPSDM"}],
    )
    certificates = {}
    for scope, learner in (("1", "learner"), ("2", "learner2")):
        course = build_course(modules=1, lessons=1, title=f"Kursus S{scope}", code=f"K-S{scope}")
        enrollment_create(user=world.users[learner], course=course)
        (lesson,) = course_lessons(course)
        enrollment = lesson_complete(user=world.users[learner], lesson=lesson)
        certificates[scope] = certificate_issue(enrollment=enrollment)
    # Issuing notified each learner ("Sertifikat Anda sudah terbit"): 1 the learner's, 2 learner2's.
    notifications = {s: Notification.objects.get(user=c.user) for s, c in certificates.items()}
    return {
        "certificate": certificates,
        "certtemplate": {"*": template},
        "notification": notifications,
    }


def _certificates_and_downloads(world: World, opd_a: OPD, opd_b: OPD) -> dict:
    """A certificate issued in OPD A and one in OPD B (HR's list), and a ready certificate ZIP
    requested by each Admin OPD (a prepared download: its requester's only)."""
    from certificates.downloads import KIND
    from certificates.services import certificate_issue
    from lms.core.downloads.services import download_build, download_request
    from tests.certificates.helpers import completed_enrollment

    course = build_course(modules=1, lessons=1, title="Dasar-dasar SPBE", code="SPBE-01")
    certificates = {
        scope: certificate_issue(enrollment=completed_enrollment(opd=opd, course=course))
        for scope, opd in (("A", opd_a), ("B", opd_b))
    }
    downloads = {}
    for scope, admin in (("A", "admin_a"), ("B", "admin_b")):
        requested = download_request(owner=world.users[admin], kind=KIND, parameters={})
        downloads[scope] = download_build(download_id=requested.pk)
    return {"hr_certificate": certificates, "prepared_download": downloads}


def assign_course_to_trainer(course, trainer: User, quiz) -> None:
    """The course's trainer (BKPSDM's assignment, ``course_trainers_set``) is also the author
    of its quiz and bank."""
    from assessments.models import Quiz
    from courses.services import course_trainers_set

    course_trainers_set(course=course, users=[trainer])
    Quiz.objects.filter(pk=quiz.pk).update(created_by=trainer)
    QuestionBank.objects.filter(pk__in=quiz.draws.values("bank")).update(created_by=trainer)


def get_image():
    from wagtail.images.models import Image

    return Image.objects.create(title="Gambar", file=get_test_image_file())


def _document_file():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n% modul\n", name="modul.pdf")


def stage_import(user: User) -> str:
    """A dry-run upload of ``user`` waiting for its confirmation: the token of its preview."""
    from lms.core.imports import run_import
    from lms.core.imports.views import Staging

    data = b"kode,nama\nZ.99,Dinas Contoh\n"
    report = run_import("opds", data, "opd.csv", user=user, commit=False)
    staged = Staging().create(user=user, kind="opds", filename="opd.csv", data=data, report=report)
    return staged.token

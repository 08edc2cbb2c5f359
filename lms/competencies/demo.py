"""Demo competency data for Kabupaten Contoh (``manage.py seed_demo``), on top of
``lms.people.demo``: requirement overrides, competency evidence and the JP ledger.

* Requirements: the SPBE floor for every IT position (``position_it_overrides_apply``) and a few
  explicit overrides by HR (:data:`REQUIREMENT_OVERRIDES`).
* Evidence for about a third of the demo employees, from every source (imported assessment, HR
  entry, server-graded quiz, and self-assessment and H5P results that are shown but not trusted),
  dated 2025-2026.
* Imported JP records (SIASN riwayat kursus terms) for 2025 and 2026: some employees reach the
  20 JP of 2026, many do not. Records of 2025 of the merged Dinas Koperasi, UKM dan Perdagangan
  are booked to its predecessors, as they were then.
* The demo learner (Siti Rahmawati) has a fixed profile: trusted evidence with a gap against her
  requirements, an untrusted self-assessment, and exactly 8 JP of imported 2026 records.

Contract: deterministic (``random.Random(2026)``, plan built in pure Python from the demo
employees ordered by NIP), idempotent (evidence and records already present are recognised by
their reference and not added again), written through the services.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from lms.core.seeding import DemoContext
from lms.people.demo import (
    DEMO_EMPLOYEES,
    MERGED_SUCCESSOR,
    MERGES,
    POSITIONS,
    POSITIONS_BY_CODE,
    demo_employee_plan,
)
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, Position
from lms.users.models import User

from .catalogue import DEFAULT_REQUIRED_LEVELS, IT_ROLE_OVERRIDES
from .models import (
    Competency,
    CompetencyEvidence,
    EvidenceSource,
    JenisDiklat,
    LearningPath,
    LearningRecord,
    RecordSource,
)
from .services import (
    evidence_bulk_record,
    learning_records_bulk_create,
    position_it_overrides_apply,
    position_requirement_set,
)

DEMO_SEED = 2026
LEARNER_NIP = "198703152010012003"
HR_NIP = "197805302003121004"
REFERENCE_PREFIX = "DEMO-"

# HR's own overrides on top of the jenis-jabatan defaults: (position code, competency, level).
REQUIREMENT_OVERRIDES: tuple[tuple[str, str, int], ...] = (
    # Data processors feed Satu Data: SDI data management at level 2 instead of 1.
    ("PLK-PDI", "SP.03", 2),
    # The HR subsection keeps the OPD's personal-data processing records (UU 27/2022).
    ("PGW-KASUBBAG-UMPEG", "LD.08", 4),
    # Policy analysts draft the OPD's SPBE policies.
    ("JFA-ANJAK-AM", "SP.01", 3),
)


@dataclass(frozen=True)
class Training:
    """One course of the JP ledger catalogue. ``audience``: who attends it."""

    title: str
    provider: str
    path: str
    jenis: int
    jp: int
    days: int
    audience: str  # "all", "it", "leader", "pppk_new", "hr"
    certificate_prefix: str


# title | provider | path (k = klasikal, nk = non-klasikal) | SIASN jenis diklat | JP | days |
# audience | certificate number prefix
_TRAINING_TABLE = """
Webinar Literasi Digital Sektor Pemerintahan (LDSP) | Komdigi | nk | 9 | 4 | 1 | all | BPSDM-KOMDIGI
Kursus Daring Literasi Digital Sektor Pemerintahan Lanjutan | Komdigi | nk | 3 | 18 | 14 | all
  | BPSDM-KOMDIGI
Pelatihan Keamanan Informasi Dasar | BSSN | k | 3 | 16 | 2 | all | BSSN
Sosialisasi Pelindungan Data Pribadi bagi ASN | Komdigi | nk | 7 | 4 | 1 | all | BPSDM-KOMDIGI
Bimtek Penyusunan Arsitektur SPBE | Kementerian PANRB | k | 8 | 24 | 3 | leader | KEMENPANRB
Bimtek Naskah Dinas Elektronik (SRIKANDI) | ANRI | k | 8 | 12 | 2 | all | ANRI
Workshop Manajemen Risiko SPBE | BPSDM Provinsi | k | 4 | 8 | 1 | leader | BPSDM-PROV
Pelatihan Analisis Data dengan Spreadsheet | BPSDM Provinsi | nk | 3 | 12 | 10 | all | BPSDM-PROV
E-Learning Etika Digital dan Netiket ASN | LAN RI | nk | 6 | 6 | 7 | all | LAN
Seminar Satu Data Indonesia di Daerah | Bappenas | k | 9 | 3 | 1 | all | BAPPENAS
Government Transformation Academy (Digital Talent Scholarship) | Komdigi | nk | 3 | 32 | 21 | all
  | DTS-GTA
Digital Leadership Academy: Transformasi Digital Daerah | Komdigi | k | 5 | 40 | 5 | leader | DLA
Pelatihan Pengelolaan Pusat Data dan Jaringan Intra | Komdigi | k | 2 | 32 | 4 | it | BPSDM-KOMDIGI
Bimtek Pengamanan Aplikasi Web Pemerintah | BSSN | k | 8 | 16 | 2 | it | BSSN
Coaching: Layanan Publik Digital Berpusat pada Pengguna | BKPSDM Kabupaten Contoh | nk | 3 | 2 | 1
  | all | BKPSDM-KC
Orientasi PPPK (MOOC PPPK) | LAN RI | nk | 3 | 40 | 30 | pppk_new | LAN
Bimtek Pemutakhiran Data Kepegawaian SIASN | Kantor Regional BKN | k | 8 | 8 | 1 | hr | KANREG-BKN
Webinar Mengenali Hoaks dan Disinformasi | Komdigi | nk | 9 | 3 | 1 | all | BPSDM-KOMDIGI
Sosialisasi Tanda Tangan Elektronik (BSrE) bagi Pejabat | BSSN | k | 7 | 4 | 1 | leader | BSSN
"""


def _parse_trainings(table: str) -> tuple[Training, ...]:
    rows = []
    for line in table.strip().splitlines():
        if line.startswith(" ") and rows:
            rows[-1] += line  # continuation line
        else:
            rows.append(line)
    trainings = []
    for row in rows:
        title, provider, path, jenis, jp, days, audience, prefix = (
            c.strip() for c in row.split("|")
        )
        trainings.append(
            Training(
                title=title,
                provider=provider,
                path=LearningPath.KLASIKAL if path == "k" else LearningPath.NON_KLASIKAL,
                jenis=JenisDiklat(int(jenis)),
                jp=int(jp),
                days=int(days),
                audience=audience,
                certificate_prefix=prefix,
            )
        )
    return tuple(trainings)


TRAININGS = _parse_trainings(_TRAINING_TABLE)
TRAININGS_BY_TITLE = {training.title: training for training in TRAININGS}

# Fixed profile of the demo learner: (competency, level, source, date, reference).
LEARNER_EVIDENCE: tuple[tuple[str, int, str, datetime.date, str], ...] = (
    ("SP.03", 1, EvidenceSource.ASSESSMENT, datetime.date(2025, 8, 12),
     "Asesmen Kompetensi Teknis SPBE 2025"),
    ("LD.04", 2, EvidenceSource.HR, datetime.date(2025, 11, 20),
     "Verifikasi BKPSDM atas sertifikat pelatihan"),
    ("LD.01", 3, EvidenceSource.QUIZ, datetime.date(2026, 3, 10), "Kuis LMS: tes akhir"),
    ("LD.07", 3, EvidenceSource.SELF, datetime.date(2026, 1, 15), "Penilaian diri awal tahun 2026"),
    ("LD.08", 2, EvidenceSource.H5P, datetime.date(2026, 4, 2), "Latihan H5P"),
)  # fmt: skip
# (title, start date): 12 JP in 2025, 4 + 4 = 8 JP in 2026.
LEARNER_RECORDS: tuple[tuple[str, datetime.date], ...] = (
    ("Pelatihan Analisis Data dengan Spreadsheet", datetime.date(2025, 9, 8)),
    ("Webinar Literasi Digital Sektor Pemerintahan (LDSP)", datetime.date(2026, 2, 18)),
    ("Sosialisasi Pelindungan Data Pribadi bagi ASN", datetime.date(2026, 5, 20)),
)

EVIDENCE_SOURCES = (
    (EvidenceSource.ASSESSMENT, 25),
    (EvidenceSource.HR, 15),
    (EvidenceSource.QUIZ, 30),
    (EvidenceSource.SELF, 20),
    (EvidenceSource.H5P, 10),
)
EVIDENCE_WINDOWS = {
    EvidenceSource.ASSESSMENT: (datetime.date(2025, 8, 4), datetime.date(2025, 9, 26)),
    EvidenceSource.HR: (datetime.date(2025, 3, 3), datetime.date(2026, 10, 30)),
    EvidenceSource.QUIZ: (datetime.date(2026, 2, 2), datetime.date(2026, 10, 30)),
    EvidenceSource.SELF: (datetime.date(2026, 1, 5), datetime.date(2026, 3, 31)),
    EvidenceSource.H5P: (datetime.date(2026, 2, 2), datetime.date(2026, 10, 30)),
}
RECORD_WINDOWS = {
    2025: (datetime.date(2025, 2, 3), datetime.date(2025, 11, 28)),
    2026: (datetime.date(2026, 1, 12), datetime.date(2026, 10, 30)),
}


def evidence_reference(source: str, competency: Competency) -> str:
    return {
        EvidenceSource.ASSESSMENT: "Asesmen Kompetensi Teknis SPBE 2025",
        EvidenceSource.HR: "Verifikasi BKPSDM atas sertifikat pelatihan",
        EvidenceSource.QUIZ: f"Kuis LMS: tes akhir {competency.name}",
        EvidenceSource.SELF: "Penilaian diri awal tahun 2026",
        EvidenceSource.H5P: f"Latihan H5P: {competency.name}",
    }[source][:200]


def working_day_between(
    rng: random.Random, start: datetime.date, end: datetime.date
) -> datetime.date:
    day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
    while day.weekday() >= 5:  # training and assessments happen on working days
        day -= datetime.timedelta(days=1)
    return max(day, start)


def required_levels(*, jenis_jabatan: str, is_it_role: bool, code: str) -> dict[str, int]:
    """Required level per competency code of a demo position: the jenis-jabatan default, the IT
    floor for IT roles, then :data:`REQUIREMENT_OVERRIDES` (pure data, no queries)."""
    levels = dict(DEFAULT_REQUIRED_LEVELS[jenis_jabatan])
    if is_it_role:
        levels.update({c: max(levels[c], level) for c, level in IT_ROLE_OVERRIDES.items()})
    for position_code, competency_code, level in REQUIREMENT_OVERRIDES:
        if position_code == code:
            levels[competency_code] = level
    return levels


def _apply_requirements(positions: dict[str, Position], competencies: dict[str, Competency]):
    for spec in POSITIONS:
        if spec.is_it_role and spec.code in positions:
            position_it_overrides_apply(position=positions[spec.code])
    for code, competency_code, level in REQUIREMENT_OVERRIDES:
        if code in positions and competency_code in competencies:
            position_requirement_set(
                position=positions[code],
                competency=competencies[competency_code],
                required_level=level,
            )


def training_eligible(
    training: Training,
    *,
    jenis_jabatan: str,
    is_it_role: bool,
    position_code: str,
    employee_type: str,
    nip: str,
    year: int,
) -> bool:
    """Whether a person would attend ``training`` in ``year`` (shared with the generator)."""
    if training.audience == "all":
        return True
    if training.audience == "it":
        return is_it_role or position_code.endswith("PLK-PDI")
    if training.audience == "leader":
        return is_it_role or jenis_jabatan in (JenisJabatan.JPT, JenisJabatan.ADMINISTRATOR)
    if training.audience == "pppk_new":
        # New PPPK (first contract in the previous or the same year) take the orientation.
        return employee_type != EmployeeType.PNS and int(nip[8:12]) in (year - 1, year)
    if training.audience == "hr":
        return position_code.endswith(("PGW-KASUBBAG-UMPEG", "JFA-ASDMA-AP"))
    return False


def _eligible(training: Training, employee: Employee, year: int) -> bool:
    position = employee.position
    return training_eligible(
        training,
        jenis_jabatan=position.jenis_jabatan,
        is_it_role=position.is_it_role,
        position_code=position.code,
        employee_type=employee.employee_type,
        nip=employee.nip,
        year=year,
    )


def _pick_trainings(
    rng: random.Random, employee: Employee, year: int, *, reach: int | None, stay_below: int
) -> list[Training]:
    """Distinct trainings for one year: until ``reach`` JP, or adding while under ``stay_below``."""
    options = [t for t in TRAININGS if _eligible(t, employee, year)]
    rng.shuffle(options)
    chosen: list[Training] = []
    total = 0
    for training in options:
        if len(chosen) == 4:
            break
        if reach is not None:
            chosen.append(training)
            total += training.jp
            if total >= reach:
                break
        elif total + training.jp < stay_below:
            chosen.append(training)
            total += training.jp
            if rng.random() < 0.45:
                break
    return chosen


@dataclass(frozen=True)
class PlannedRecord:
    nip: str
    training: Training
    start: datetime.date
    reference: str


def _plan_records(rng: random.Random, employees: list[Employee]) -> list[PlannedRecord]:
    plan: list[PlannedRecord] = []
    for employee in employees:
        if employee.nip == LEARNER_NIP:
            picks = [(TRAININGS_BY_TITLE[title], start) for title, start in LEARNER_RECORDS]
        else:
            picks = []
            if rng.random() < 0.55:
                for training in _pick_trainings(rng, employee, 2025, reach=None, stay_below=60):
                    picks.append((training, working_day_between(rng, *RECORD_WINDOWS[2025])))
            roll = rng.random()
            if roll < 0.22:
                chosen = _pick_trainings(rng, employee, 2026, reach=20, stay_below=0)
            elif roll < 0.62:
                chosen = _pick_trainings(rng, employee, 2026, reach=None, stay_below=20)
            else:
                chosen = []
            picks += [(t, working_day_between(rng, *RECORD_WINDOWS[2026])) for t in chosen]
        for k, (training, start) in enumerate(picks, 1):
            reference = f"{REFERENCE_PREFIX}{employee.nip}-{start.year}-{k}"
            plan.append(PlannedRecord(employee.nip, training, start, reference))
    return plan


def _create_records(
    plan: list[PlannedRecord], employees: dict[str, Employee], opds: dict[str, OPD]
) -> None:
    existing = set(
        LearningRecord.objects.filter(
            employee__in=employees.values(), source_reference__startswith=REFERENCE_PREFIX
        ).values_list("employee_id", "source_reference")
    )
    predecessors = sorted(code for code, after in MERGES.items() if MERGED_SUCCESSOR in after)
    numbers: dict[tuple[str, int], int] = {}
    records: list[LearningRecord] = []
    for item in plan:
        employee, training = employees[item.nip], item.training
        end = item.start + datetime.timedelta(days=training.days - 1)
        key = (training.certificate_prefix, end.year)
        numbers[key] = numbers.get(key, 0) + 1
        if (employee.pk, item.reference) in existing:
            continue
        fields = {
            "employee_id": employee.pk,
            "opd_id": employee.opd_id,
            "title": training.title,
            "provider": training.provider,
            "path": training.path,
            "jenis_diklat": training.jenis,
            "jp": Decimal(training.jp),
            "start_date": item.start,
            "end_date": end,
            "source": RecordSource.IMPORT,
            "certificate_number": f"{key[0]}/{key[1]}/{numbers[key]:05d}",
            "source_reference": item.reference,
        }
        if employee.opd.code == MERGED_SUCCESSOR and end.year < 2026:
            # Before the merge the employee worked in one of the predecessor dinas.
            fields["opd_id"] = opds[predecessors[int(employee.nip[-1]) % len(predecessors)]].pk
        records.append(LearningRecord(**fields))
    # Valid by construction (tests/people/test_demo_data.py full_cleans every line); one bulk
    # insert instead of 800 validated saves keeps seed_demo, and every test seeding it, quick.
    learning_records_bulk_create(records=records)


@dataclass(frozen=True)
class PlannedEvidence:
    nip: str
    code: str
    level: int
    source: str
    observed_on: datetime.date


def _plan_evidence(rng: random.Random, employees: list[Employee]) -> list[PlannedEvidence]:
    plan = [
        PlannedEvidence(LEARNER_NIP, code, level, source, day)
        for code, level, source, day, _ref in LEARNER_EVIDENCE
    ]
    others = [e for e in employees if e.nip != LEARNER_NIP]
    chosen = sorted(rng.sample(others, len(employees) // 3), key=lambda e: e.nip)
    sources, weights = zip(*EVIDENCE_SOURCES, strict=True)
    for employee in chosen:
        position = employee.position
        levels = required_levels(
            jenis_jabatan=position.jenis_jabatan, is_it_role=position.is_it_role, code=position.code
        )
        sp_first = employee.position.is_it_role or employee.position.jenis_jabatan in (
            JenisJabatan.JPT,
            JenisJabatan.ADMINISTRATOR,
        )
        pool = sorted(levels, key=lambda c: not c.startswith("SP.") if sp_first else c[:2] == "SP")
        pool = pool[:12]
        for code in rng.sample(pool, rng.choice((1, 2, 2, 3, 3, 4))):
            source = rng.choices(sources, weights)[0]
            level = levels[code] + rng.choice((-2, -1, -1, 0, 0, 0, 1))
            if source == EvidenceSource.SELF:
                level += 1  # people rate themselves generously; that is why it is not trusted
            level = min(max(level, 1), 5)
            day = working_day_between(rng, *EVIDENCE_WINDOWS[source])
            plan.append(PlannedEvidence(employee.nip, code, level, source, day))
    return plan


def _create_evidence(
    plan: list[PlannedEvidence],
    employees: dict[str, Employee],
    competencies: dict[str, Competency],
    hr_user: User | None,
) -> None:
    existing = set(
        CompetencyEvidence.objects.filter(employee__in=employees.values()).values_list(
            "employee_id", "competency_id", "source", "observed_on", "level", "reference"
        )
    )
    learner_refs = {(code, source): ref for code, _l, source, _d, ref in LEARNER_EVIDENCE}
    rows: list[CompetencyEvidence] = []
    for item in plan:
        employee, competency = employees[item.nip], competencies.get(item.code)
        if competency is None:
            continue
        reference = learner_refs.get((item.code, item.source)) if item.nip == LEARNER_NIP else None
        reference = reference or evidence_reference(item.source, competency)
        key = (employee.pk, competency.pk, item.source, item.observed_on, item.level, reference)
        if key in existing:
            continue
        trusted_by_hr = item.source in (EvidenceSource.ASSESSMENT, EvidenceSource.HR)
        rows.append(
            CompetencyEvidence(
                employee=employee,
                competency=competency,
                level=item.level,
                source=item.source,
                observed_on=item.observed_on,
                reference=reference,
                recorded_by=hr_user if trusted_by_hr else employee.user,
            )
        )
        existing.add(key)
    # Valid by construction (tests/people/test_demo_data.py full_cleans every row).
    evidence_bulk_record(evidence=rows)


def seed(context: DemoContext) -> None:
    """Requirements, evidence and JP records of the demo. Idempotent; see the module docstring."""
    rng = random.Random(DEMO_SEED)  # noqa: S311 - demo data, not security
    nips = [item.person.nip for item in demo_employee_plan()]
    employees = list(
        Employee.objects.filter(nip__in=nips)
        .select_related("position", "opd", "user")
        .order_by("nip")
    )
    by_nip = {employee.nip: employee for employee in employees}
    positions = Position.objects.in_bulk(list(POSITIONS_BY_CODE), field_name="code")
    competencies = Competency.objects.filter(is_active=True).in_bulk(field_name="code")
    opds = OPD.objects.in_bulk(list(MERGES), field_name="code")

    _apply_requirements(positions, competencies)
    evidence_plan = _plan_evidence(rng, employees)
    record_plan = _plan_records(rng, employees)
    hr = by_nip.get(HR_NIP)
    _create_evidence(evidence_plan, by_nip, competencies, hr.user if hr else None)
    _create_records(record_plan, by_nip, opds)
    context.extra["competencies"] = {"learner_nip": LEARNER_NIP, "demo_nips": list(DEMO_EMPLOYEES)}

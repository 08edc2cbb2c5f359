"""Synthetic but realistic data at any size, for benchmarks (``manage.py seed_synthetic``).

Builds the shape of the demo regency at scale: an OPD tree of M perangkat daerah with sub-units
(bagian, UPTD, kelurahan), the demo's positions with their requirement overrides, N employees
(PNS, PPPK and PPPK paruh waktu) with unique, structurally valid NIPs, login accounts in the
Peserta group (optional), competency evidence for about a third of them (1-3 pieces) and
0-4 JP records each, dated 2025-2026.

Everything synthetic is marked: OPD and position codes start with ``SYN-`` and accounts use the
e-mail domain ``sintetis.contoh.go.id``. A run first **replaces** what an earlier run left (all
synthetic rows are deleted, then generated again), so it can be repeated with any arguments; with
the same arguments and seed it produces the same data. Real data is never touched, and new NIPs
avoid every NIP already in the database.

Speed: rows are generated in Python and written in batches (default 5,000 employees) by the
bulk services of ``lms.competencies.services`` (``synthetic_*_create``, ``evidence_bulk_record``,
``learning_records_bulk_create``, ``requirements_bulk_save``); ``full_clean`` runs only on a
sample of the first batch as a guard. The data is valid by construction
(``tests/competencies/test_seed_synthetic.py`` checks a sample with ``full_clean`` and
``parse_nip``). All-or-nothing: the whole run is one transaction.
"""

from __future__ import annotations

import datetime
import random
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from lms.people.demo import (
    POSITIONS,
    POSITIONS_BY_CODE,
    EmailAllocator,
    NipAllocator,
    PersonFactory,
    PersonSpec,
    PositionSpec,
)
from lms.people.models import OPD, Employee, EmployeeType, OPDType, Position
from lms.users.models import User
from lms.users.roles import Role

from .catalogue import IT_ROLE_OVERRIDES
from .demo import (
    EVIDENCE_SOURCES,
    EVIDENCE_WINDOWS,
    RECORD_WINDOWS,
    REQUIREMENT_OVERRIDES,
    TRAININGS,
    Training,
    evidence_reference,
    required_levels,
    training_eligible,
    working_day_between,
)
from .models import (
    Competency,
    CompetencyEvidence,
    EvidenceSource,
    LearningRecord,
    PositionRequirement,
    RecordSource,
)
from .services import evidence_bulk_record, learning_records_bulk_create, requirements_bulk_save
from .services.synthetic import (
    BATCH_SIZE,
    EMAIL_DOMAIN,
    PREFIX,
    synthetic_accounts_create,
    synthetic_data_clear,
    synthetic_employees_create,
    synthetic_opds_create,
    synthetic_positions_create,
)

MAX_EMPLOYEES = 1_000_000
MAX_OPDS = 10_000
DEFAULT_SEED = 2026


def default_opd_count(employees: int) -> int:
    """The default number of perangkat daerah for ``employees`` people: max(5, N // 200)."""
    return max(5, employees // 200)


@dataclass
class SyntheticReport:
    """What a run removed and created, and how long it took (seconds)."""

    removed: dict[str, int] = field(default_factory=dict)
    opds: int = 0
    positions: int = 0
    requirements: int = 0
    employees: int = 0
    accounts: int = 0
    evidence: int = 0
    records: int = 0
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------------
# OPD tree
# ---------------------------------------------------------------------------------------------

# Dinas and badan names (with the staff pool of their fungsional posts), in rotation order.
_DINAS = (
    ("Dinas Pendidikan dan Kebudayaan", "education"),
    ("Dinas Kesehatan", "health"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "general"),
    ("Dinas Komunikasi dan Informatika", "it"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "general"),
    ("Dinas Sosial", "general"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "general"),
    ("Dinas Lingkungan Hidup", "general"),
    ("Dinas Perhubungan", "general"),
    ("Dinas Pertanian dan Ketahanan Pangan", "agriculture"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "general"),
    ("Dinas Koperasi, UKM dan Perdagangan", "general"),
)
_BADAN = (
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "hr"),
    ("Badan Perencanaan Pembangunan Daerah", "planning"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "general"),
    ("Badan Penanggulangan Bencana Daerah", "general"),
)
_PLACES = (
    "Sukamaju", "Sumberjaya", "Mekarsari", "Tanjungsari", "Karangrejo", "Sidomulyo", "Cibodas",
    "Suka Damai", "Bukit Indah", "Pasir Putih", "Tegalsari", "Margahayu", "Wonorejo", "Batu Ampar",
    "Sungai Baru", "Talang Jaya", "Padang Raya", "Kota Lama", "Rejosari", "Air Hitam",
)  # fmt: skip
# Kinds of perangkat daerah after the first three (Setda, Setwan, Inspektorat), in rotation.
_ROTATION = (
    "dinas", "dinas", "badan", "kecamatan", "dinas", "kecamatan", "dinas", "rsud",
    "dinas", "kecamatan", "dinas", "badan", "kecamatan", "dinas", "dinas", "kecamatan",
)  # fmt: skip

# Structural posts of a unit, filled first (a unit with fewer people fills only the first ones).
_HEADS = {
    "setda": ["JPT-SEKDA", "PLK-PTK"],
    "bagian": ["ADM-KABAG", "PGW-KASUBBAG-UMPEG"],
    "setwan": ["JPT-SETWAN", "ADM-KABAG", "ADM-KABAG"],
    "inspektorat": ["JPT-INSPEKTUR", "ADM-SEKINSP", "ADM-IRBAN", "ADM-IRBAN"],
    "dinas": ["JPT-KADIS", "ADM-SEKDIS", "ADM-KABID", "ADM-KABID", "ADM-KABID",
              "PGW-KASUBBAG-UMPEG", "PGW-KASUBBAG-PK", "PGW-KASI", "PGW-KASI"],
    "badan": ["JPT-KABAN", "ADM-SEKBAN", "ADM-KABID", "ADM-KABID", "ADM-KABID",
              "PGW-KASUBBAG-UMPEG", "PGW-KASI"],
    "rsud": ["JPT-DIR-RSUD", "ADM-KABID", "ADM-KABID", "PGW-KASUBBAG-UMPEG"],
    "kecamatan": ["ADM-CAMAT", "ADM-SEKCAM", "PGW-KASI", "PGW-KASI"],
    "kelurahan": ["PGW-LURAH", "PGW-KASI"],
    "uptd": ["PGW-KA-UPTD"],
}  # fmt: skip
# The other posts of a unit, drawn with these weights.
_POOLS: dict[str, tuple[tuple[str, float], ...]] = {
    "general": (("PLK-PENGADM", 3), ("PLK-PLO", 3), ("PLK-OLO", 2), ("PLK-PDI", 1),
                ("PLK-PENGELOLA", 1), ("JFA-PERENCANA-AP", 0.6), ("JFT-ARSIPARIS-T", 0.4),
                ("JFA-PBJ-AP", 0.3), ("JFA-HUMAS-AP", 0.3), ("JFT-PRAKOM-T", 0.3),
                ("JFA-ANJAK-AM", 0.2)),
    "education": (("JFA-GURU-AP", 6), ("JFA-GURU-AM", 3), ("PLK-PENGADM", 1), ("PLK-OLO", 0.5)),
    "health": (("JFA-DOKTER-AP", 1), ("JFA-PERAWAT-AP", 1.5), ("JFT-PERAWAT-T", 4),
               ("JFT-BIDAN-T", 2.5), ("JFT-REKAM-MEDIS-T", 1), ("PLK-PENGADM", 1),
               ("PLK-OLO", 0.5)),
    "it": (("JFA-PRAKOM-AP", 2), ("JFA-PRAKOM-AM", 1), ("JFA-PKISPBE-AP", 2), ("JFT-PRAKOM-T", 2),
           ("JFA-HUMAS-AP", 1), ("JFA-STATISTISI-AP", 1), ("PLK-PDI", 2), ("PLK-PENGADM", 1)),
    "agriculture": (("JFA-PENYULUH-AP", 3), ("JFT-PENYULUH-T", 4), ("PLK-PENGADM", 1),
                    ("PLK-PLO", 1)),
    "hr": (("JFA-ASDMA-AP", 4), ("JFT-PRAKOM-T", 1), ("PLK-PENGADM", 2), ("PLK-PDI", 1)),
    "planning": (("JFA-PERENCANA-AP", 4), ("JFA-PERENCANA-AM", 2), ("JFA-STATISTISI-AP", 1),
                 ("JFA-ANJAK-AM", 1), ("PLK-PENGADM", 1)),
    "audit": (("JFA-AUDITOR-AP", 5), ("PLK-PENGADM", 1)),
    "office": (("PLK-PTK", 3), ("PLK-PENGADM", 3), ("JFA-ANJAK-AM", 1), ("JFT-ARSIPARIS-T", 1),
               ("PLK-OLO", 1)),
}  # fmt: skip
# Relative head-count of a unit of each kind.
_WEIGHTS = {
    "setda": 0.6, "bagian": 0.35, "setwan": 0.5, "inspektorat": 0.6, "dinas": 1.0, "badan": 0.8,
    "rsud": 1.8, "kecamatan": 0.45, "kelurahan": 0.2, "uptd": 0.7,
}  # fmt: skip


@dataclass
class _Unit:
    code: str
    name: str
    type: str
    kind: str
    pool: str
    parent_code: str | None = None
    pk: int | None = None
    staff: int = 0


def _opd_tree(count: int, rng: random.Random) -> list[_Unit]:
    """``count`` perangkat daerah with their sub-units; parents come before their children."""
    units: list[_Unit] = []
    counters = {"dinas": 0, "badan": 0, "kecamatan": 0, "rsud": 0}
    for i in range(count):
        code = f"{PREFIX}{i + 1:05d}"
        if i < 3:
            kind, name, opd_type, pool = (
                ("setda", "Sekretariat Daerah", OPDType.SEKRETARIAT_DAERAH, "office"),
                ("setwan", "Sekretariat DPRD", OPDType.SEKRETARIAT_DPRD, "office"),
                ("inspektorat", "Inspektorat Daerah", OPDType.INSPEKTORAT, "audit"),
            )[i]
            round_ = 0
        else:
            kind = _ROTATION[(i - 3) % len(_ROTATION)]
            n = counters[kind]
            counters[kind] += 1
            if kind == "dinas":
                (name, pool), round_ = _DINAS[n % len(_DINAS)], n // len(_DINAS)
                opd_type = OPDType.DINAS
            elif kind == "badan":
                (name, pool), round_ = _BADAN[n % len(_BADAN)], n // len(_BADAN)
                opd_type = OPDType.BADAN
            elif kind == "kecamatan":
                name, round_ = f"Kecamatan {_PLACES[n % len(_PLACES)]}", n // len(_PLACES)
                opd_type, pool = OPDType.KECAMATAN, "office"
            else:
                name, round_, opd_type, pool = "RSUD", n, OPDType.RSUD, "health"
        if round_:
            name = f"{name} {round_ + 1}"
        units.append(_Unit(code, name, opd_type, kind, pool))
        children: list[tuple[str, str, str, str]] = []
        if kind == "setda":
            children = [
                (f"Bagian {b}", OPDType.LAINNYA, "bagian", "office")
                for b in ("Organisasi", "Umum", "Hukum")
            ]
        elif kind == "dinas" and pool == "education":
            children = [
                (f"UPTD SD Negeri {k} ({name})", OPDType.UPTD, "uptd", "education")
                for k in range(1, rng.randint(2, 3) + 1)
            ]
        elif kind == "dinas" and pool == "health":
            children = [
                (f"UPTD Puskesmas {_PLACES[(n + k) % len(_PLACES)]} ({name})", OPDType.UPTD,
                 "uptd", "health")
                for k in range(rng.randint(1, 2))
            ]  # fmt: skip
        elif kind == "kecamatan":
            children = [
                (f"Kelurahan {_PLACES[(n + k + 7) % len(_PLACES)]} ({name})", OPDType.KELURAHAN,
                 "kelurahan", "office")
                for k in range(rng.randint(0, 3))
            ]  # fmt: skip
        for j, (child_name, child_type, child_kind, child_pool) in enumerate(children, 1):
            units.append(
                _Unit(f"{code}.{j:02d}", child_name[:200], child_type, child_kind, child_pool, code)
            )
    return units


def _allocate(units: list[_Unit], employees: int) -> None:
    """Spread ``employees`` over the units by weight (largest remainder, exact total)."""
    weights = [_WEIGHTS[unit.kind] for unit in units]
    total = sum(weights)
    shares = [employees * w / total for w in weights]
    for unit, share in zip(units, shares, strict=True):
        unit.staff = int(share)
    rest = employees - sum(unit.staff for unit in units)
    order = sorted(range(len(units)), key=lambda k: (-(shares[k] - int(shares[k])), k))
    for k in order[:rest]:
        units[k].staff += 1


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    unit: _Unit
    position: PositionSpec
    spec: PersonSpec


def _people(units: list[_Unit], factory: PersonFactory) -> Iterator[_Person]:
    rng = factory.rng
    pools = {
        key: ([code for code, _w in pool], [w for _c, w in pool]) for key, pool in _POOLS.items()
    }
    for unit in units:
        heads = _HEADS[unit.kind][: unit.staff]
        codes, weights = pools[unit.pool]
        others = rng.choices(codes, weights, k=unit.staff - len(heads))
        for code in heads + others:
            position = POSITIONS_BY_CODE[code]
            if code == "PLK-OLO" and rng.random() < 0.35:
                employee_type = EmployeeType.PPPK_PW
            else:
                employee_type = factory.employee_type(position)
            yield _Person(
                unit, position, factory.person(position=position, employee_type=employee_type)
            )


def _batches(items: Iterator[_Person], size: int) -> Iterator[list[_Person]]:
    batch: list[_Person] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _eligible(training: Training, person: _Person, year: int) -> bool:
    return training_eligible(
        training,
        jenis_jabatan=person.position.jenis,
        is_it_role=person.position.is_it_role,
        position_code=person.position.code,
        employee_type=person.spec.employee_type,
        nip=person.spec.nip,
        year=year,
    )


def _unusable_password() -> str:
    # Same form as make_password(None) (prefix + 40 random characters), without the per-character
    # cost of get_random_string: this runs 100,000 times.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)


class _Writer:
    """Writes one batch of people with their accounts, evidence and JP records."""

    def __init__(self, *, rng: random.Random, accounts: bool, positions: dict[str, Position],
                 competencies: dict[str, Competency], report: SyntheticReport) -> None:  # fmt: skip
        self.rng = rng
        self.accounts = accounts
        self.positions = positions
        self.competencies = competencies
        self.report = report
        self.peserta = Group.objects.get(name=Role.PESERTA) if accounts else None
        self.certificate_numbers: dict[tuple[str, int], int] = {}
        self.levels_cache: dict[str, dict[str, int]] = {}
        self.sources, self.source_weights = zip(*EVIDENCE_SOURCES, strict=True)

    def write(self, batch: list[_Person], *, check: bool) -> None:
        users = self._users(batch) if self.accounts else [None] * len(batch)
        employees = synthetic_employees_create(
            employees=[
                Employee(
                    nip=p.spec.nip,
                    name=p.spec.name,
                    gelar_depan=p.spec.gelar_depan,
                    gelar_belakang=p.spec.gelar_belakang,
                    gender=p.spec.gender,
                    employee_type=p.spec.employee_type,
                    golongan=p.spec.golongan,
                    opd_id=p.unit.pk,
                    position=self.positions[p.position.code],
                    email=p.spec.email,
                    is_active=True,
                    user=user,
                )
                for p, user in zip(batch, users, strict=True)
            ]
        )
        evidence, records = [], []
        for person, employee in zip(batch, employees, strict=True):
            evidence += self._evidence(person, employee)
            records += self._records(person, employee)
        evidence = evidence_bulk_record(evidence=evidence)
        records = learning_records_bulk_create(records=records, batch_size=None)
        self.report.employees += len(employees)
        self.report.evidence += len(evidence)
        self.report.records += len(records)
        if check:
            # A guard, not the proof: the tests validate a larger sample.
            for obj in [*employees[:3], *evidence[:3], *records[:3]]:
                obj.full_clean()
            for user in users[:3]:
                if user is not None:
                    user.full_clean(exclude=["password"])

    def _users(self, batch: list[_Person]) -> list[User]:
        users = synthetic_accounts_create(
            users=[
                User(
                    username=p.spec.nip,
                    nip=p.spec.nip,
                    first_name=p.spec.name[:150],
                    email=p.spec.email,
                    is_active=True,
                    password=_unusable_password(),
                )
                for p in batch
            ],
            group=self.peserta,
        )
        self.report.accounts += len(users)
        return users

    def _levels(self, position: PositionSpec) -> dict[str, int]:
        if position.code not in self.levels_cache:
            self.levels_cache[position.code] = required_levels(
                jenis_jabatan=position.jenis, is_it_role=position.is_it_role, code=position.code
            )
        return self.levels_cache[position.code]

    def _evidence(self, person: _Person, employee: Employee) -> list[CompetencyEvidence]:
        rng = self.rng
        if rng.random() >= 1 / 3:
            return []
        levels = self._levels(person.position)
        codes = [code for code in levels if code in self.competencies]
        rows = []
        for code in rng.sample(codes, min(rng.randint(1, 3), len(codes))):
            competency = self.competencies[code]
            source = rng.choices(self.sources, self.source_weights)[0]
            level = levels[code] + rng.choice((-2, -1, -1, 0, 0, 0, 1))
            if source == EvidenceSource.SELF:
                level += 1
            rows.append(
                CompetencyEvidence(
                    employee_id=employee.pk,
                    competency_id=competency.pk,
                    level=min(max(level, 1), 5),
                    source=source,
                    observed_on=working_day_between(rng, *EVIDENCE_WINDOWS[source]),
                    reference=evidence_reference(source, competency),
                )
            )
        return rows

    def _records(self, person: _Person, employee: Employee) -> list[LearningRecord]:
        rng = self.rng
        count = rng.choices((0, 1, 2, 3, 4), (25, 30, 25, 13, 7))[0]
        if not count:
            return []
        rows = []
        year = 2026 if rng.random() < 0.6 else 2025
        options = [t for t in TRAININGS if _eligible(t, person, year)]
        for training in rng.sample(options, min(count, len(options))):
            start = working_day_between(rng, *RECORD_WINDOWS[year])
            end = start + datetime.timedelta(days=training.days - 1)
            key = (training.certificate_prefix, end.year)
            self.certificate_numbers[key] = self.certificate_numbers.get(key, 0) + 1
            rows.append(
                LearningRecord(
                    employee_id=employee.pk,
                    opd_id=person.unit.pk,
                    title=training.title,
                    provider=training.provider,
                    path=training.path,
                    jenis_diklat=training.jenis,
                    jp=Decimal(training.jp),
                    start_date=start,
                    end_date=end,
                    certificate_number=f"{key[0]}/{key[1]}/S{self.certificate_numbers[key]:07d}",
                    source=RecordSource.IMPORT,
                )
            )
        return rows


@transaction.atomic
def synthetic_data_replace(
    *,
    employees: int,
    opds: int | None = None,
    seed: int = DEFAULT_SEED,
    accounts: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> SyntheticReport:
    """Replaces the synthetic data set with a fresh one of ``employees`` people in ``opds``
    perangkat daerah (default :func:`default_opd_count`). Deterministic for a given seed and
    database, atomic, and safe to repeat. ``accounts=False`` skips the login accounts."""
    if not 1 <= employees <= MAX_EMPLOYEES:
        raise ValueError(f"employees must be between 1 and {MAX_EMPLOYEES}")
    opds = default_opd_count(employees) if opds is None else opds
    if not 1 <= opds <= MAX_OPDS:
        raise ValueError(f"opds must be between 1 and {MAX_OPDS}")
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    report = SyntheticReport(removed=synthetic_data_clear(batch_size=batch_size))

    # Independent streams, so that the batch size or a new column never shifts the others.
    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")  # noqa: S311 - synthetic data, not security

    units = _opd_tree(opds, stream("opd"))
    _allocate(units, employees)
    by_code: dict[str, _Unit] = {}
    for depth_units in ([u for u in units if u.parent_code is None],
                        [u for u in units if u.parent_code is not None]):  # fmt: skip
        created = synthetic_opds_create(
            opds=[
                OPD(
                    code=u.code,
                    name=u.name,
                    type=u.type,
                    parent_id=by_code[u.parent_code].pk if u.parent_code else None,
                    valid_from=datetime.date(2017, 1, 1),
                )
                for u in depth_units
            ]
        )
        for unit, opd in zip(depth_units, created, strict=True):
            unit.pk = opd.pk
            by_code[unit.code] = unit
    report.opds = len(units)

    positions = synthetic_positions_create(
        positions=[
            Position(
                code=f"{PREFIX}{spec.code}",
                name=spec.name,
                jenis_jabatan=spec.jenis,
                jenjang=spec.jenjang,
                is_it_role=spec.is_it_role,
            )
            for spec in POSITIONS
        ]
    )
    position_by_spec = {p.code.removeprefix(PREFIX): p for p in positions}
    report.positions = len(positions)
    competencies = Competency.objects.filter(is_active=True).in_bulk(field_name="code")
    levels: dict[tuple[str, str], int] = {
        (spec.code, code): level
        for spec in POSITIONS
        if spec.is_it_role
        for code, level in IT_ROLE_OVERRIDES.items()
    }
    levels.update({(code, comp): level for code, comp, level in REQUIREMENT_OVERRIDES})
    requirements = [
        PositionRequirement(
            position=position_by_spec[code], competency=competencies[comp], required_level=level
        )
        for (code, comp), level in levels.items()
        if comp in competencies
    ]
    report.requirements = len(requirements_bulk_save(creates=requirements, batch_size=None))
    say(f"OPD {report.opds}, jabatan {report.positions}, standar {report.requirements}")

    reserved = set(Employee.objects.values_list("nip", flat=True).iterator())
    reserved |= set(User.objects.exclude(nip=None).values_list("nip", flat=True).iterator())
    reserved |= set(
        User.objects.filter(Q(username__regex=r"^[0-9]{18}$")).values_list("username", flat=True)
    )
    factory = PersonFactory(stream("people"), NipAllocator(reserved), EmailAllocator(EMAIL_DOMAIN))
    writer = _Writer(
        rng=stream("activity"),
        accounts=accounts,
        positions=position_by_spec,
        competencies=competencies,
        report=report,
    )
    for number, batch in enumerate(_batches(_people(units, factory), batch_size)):
        writer.write(batch, check=number == 0)
        say(f"pegawai {report.employees}/{employees}")
    report.seconds = time.perf_counter() - started
    return report

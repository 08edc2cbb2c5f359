"""Demo organisation of the fictional regency "Kabupaten Contoh" for ``manage.py seed_demo``.

Loads about 25 perangkat daerah (with bagian, UPTD and kelurahan as sub-units, 35 units in all)
including one historic merge (two dinas valid until 2025-12-31, one successor from 2026-01-01),
47 positions (jabatan) of every jenis jabatan, and 325 employees (236 PNS, 80 PPPK, 9 PPPK paruh
waktu) with structurally valid NIPs, realistic names, gelar and golongan. The four demo
role accounts of ``lms.users.demo`` become employees too; their passwords and groups are left
alone, and the Admin OPD account is scoped to Dinas Pendidikan dan Kebudayaan.

Contract: deterministic (``random.Random(2026)``, no Faker), idempotent (a second run finds
everything in place and writes nothing but the four demo accounts' names), runs inside the one
transaction of ``lms.core.seeding.seed_demo``. Everything is written through the services.

The person toolkit at the top (:class:`NipAllocator`, :class:`PersonFactory`, :data:`POSITIONS`)
is shared with ``lms.competencies.synthetic`` so that benchmark data has the same shape.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lms.core.nip import parse_nip
from lms.core.seeding import DemoContext
from lms.users.demo import DEMO_USERS
from lms.users.models import User

from .models import (
    OPD,
    PNS_GOLONGAN,
    Employee,
    EmployeeType,
    Gender,
    JenisJabatan,
    Jenjang,
    OPDType,
    Position,
)
from .services import (
    EmployeeBulkItem,
    employee_account_ensure,
    employee_save,
    employees_bulk_save,
    opd_save,
    opd_scope_set,
    opd_successors_set,
    position_save,
)

DEMO_SEED = 2026
EMAIL_DOMAIN = "contoh.go.id"
# Golongan and tenure are computed as of this year, so the demo does not change as time passes.
REFERENCE_YEAR = 2026

# ---------------------------------------------------------------------------------------------
# Names (fictional combinations of common Indonesian names)
# ---------------------------------------------------------------------------------------------

MALE_GIVEN = (
    "Agus", "Ahmad", "Andi", "Arif", "Bayu", "Budi", "Dedi", "Dimas", "Eko", "Fajar", "Fauzan",
    "Hendra", "Heru", "Ilham", "Imam", "Joko", "Kurnia", "Lukman", "Muhammad", "Nanang", "Rizki",
    "Rudi", "Rahmat", "Slamet", "Sugeng", "Taufik", "Teguh", "Wahyu", "Yoga", "Yusuf", "Zainal",
    "Adi", "Bambang", "Dani", "Edi", "Gilang", "Hadi", "Irfan", "Reza", "Sigit", "Wawan", "Yudi",
)  # fmt: skip
FEMALE_GIVEN = (
    "Ani", "Ayu", "Citra", "Dewi", "Dian", "Endah", "Fitri", "Indah", "Intan", "Kartini", "Lina",
    "Maya", "Mega", "Nur", "Nurul", "Putri", "Ratna", "Rina", "Rini", "Siti", "Sri", "Tri", "Wulan",
    "Yanti", "Yuni", "Anisa", "Desi", "Eka", "Fitria", "Hesti", "Lestari", "Melati", "Novi",
    "Retno", "Sari", "Tika", "Umi", "Vina", "Winda", "Yulia",
)  # fmt: skip
MALE_FAMILY = (
    "Pratama", "Saputra", "Hidayat", "Kurniawan", "Setiawan", "Santoso", "Nugroho", "Wijaya",
    "Firmansyah", "Gunawan", "Prasetyo", "Ramadhan", "Susanto", "Hermawan", "Syahputra",
    "Purnomo", "Wibowo", "Maulana", "Siswanto", "Suryadi", "Rahman", "Fauzi", "Hakim", "Sutrisno",
)  # fmt: skip
FEMALE_FAMILY = (
    "Lestari", "Wulandari", "Rahayu", "Handayani", "Puspitasari", "Susanti", "Anggraini",
    "Safitri", "Kartika", "Permatasari", "Utami", "Maharani", "Novitasari", "Kusumawati",
    "Pertiwi", "Yuliana", "Oktaviani", "Fitriani", "Agustina", "Rahmawati", "Damayanti",
    "Purwanti", "Septiani", "Ramadhani",
)  # fmt: skip
SHARED_FAMILY = (
    "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Sinaga", "Tambunan", "Panjaitan",
    "Hutapea", "Manurung", "Tanjung", "Daulay", "Sembiring", "Ginting", "Pohan", "Hasibuan",
)  # fmt: skip
MALE_MIDDLE = ("Adi", "Dwi", "Eko", "Nur", "Rizky", "Tri", "Aji", "Bagus")
FEMALE_MIDDLE = ("Ayu", "Dwi", "Nur", "Sri", "Tri", "Eka", "Dyah", "Putri")

# ---------------------------------------------------------------------------------------------
# Positions (jabatan) and the profile of the people who hold them
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Who typically holds a position: birth years, education, gelar, golongan range."""

    birth: tuple[int, int]
    education: tuple[str, ...]  # drawn uniformly: "SMA", "D3", "S1", "S2", "DR" (dokter)
    back: tuple[str, ...] = ()  # gelar belakang options (by education, see _gelar)
    front: tuple[str, ...] = ()  # gelar depan options ("" = none)
    female: float = 0.5
    pns_range: tuple[str, str] = ("II/a", "III/d")  # clamp of the PNS golongan
    pppk_share: float = 0.3  # share of PPPK among the non-structural holders


PROFILES: dict[str, Profile] = {
    "jpt": Profile(
        (1968, 1977),
        ("S2",),
        (
            "S.STP., M.Si.",
            "S.E., M.M.",
            "S.Sos., M.Si.",
            "S.H., M.H.",
            "S.T., M.T.",
            "S.Pd., M.Pd.",
            "S.IP., M.AP.",
            "S.Kom., M.T.",
        ),
        ("", "", "", "Dr.", "Ir."),
        0.3,
        ("IV/b", "IV/d"),
    ),
    "jpt_medis": Profile(
        (1970, 1978), ("DR",), ("M.Kes.", "M.M.R.S."), ("dr.",), 0.5, ("IV/b", "IV/c")
    ),
    "administrator": Profile(
        (1970, 1984),
        ("S1", "S2", "S2"),
        ("S.Sos.", "S.E.", "S.H.", "S.AP.", "S.IP.", "S.T."),
        (),
        0.4,
        ("III/d", "IV/b"),
    ),
    "camat": Profile(
        (1972, 1984), ("S2",), ("S.STP., M.Si.", "S.IP., M.Si."), (), 0.3, ("III/d", "IV/a")
    ),
    "pengawas": Profile(
        (1974, 1990),
        ("S1", "S1", "S2"),
        ("S.Sos.", "S.E.", "S.H.", "S.AP.", "S.IP.", "S.Kom.", "S.T."),
        (),
        0.5,
        ("III/b", "IV/a"),
    ),
    "lurah": Profile(
        (1976, 1990), ("S1",), ("S.STP.", "S.Sos.", "S.IP."), (), 0.4, ("III/b", "III/d")
    ),
    "pelaksana": Profile(
        (1972, 2000),
        ("SMA", "SMA", "D3", "S1", "S1"),
        ("S.E.", "S.Sos.", "S.H.", "S.AP.", "S.Kom.", "S.I.Kom.", "S.Ak."),
        (),
        0.5,
        ("II/a", "III/c"),
        0.45,
    ),
    "pelaksana_it": Profile(
        (1985, 2000),
        ("D3", "S1", "S1"),
        ("S.Kom.", "S.T.", "S.Si."),
        (),
        0.5,
        ("II/c", "III/c"),
        0.25,
    ),
    "it_ahli": Profile(
        (1984, 1998),
        ("S1",),
        ("S.Kom.", "S.T.", "S.Kom.", "S.Si."),
        (),
        0.35,
        ("III/a", "III/b"),
        0.3,
    ),
    "it_ahli_muda": Profile(
        (1976, 1988),
        ("S1", "S2"),
        ("S.Kom.", "S.T.", "S.Kom., M.T."),
        (),
        0.35,
        ("III/c", "III/d"),
        0.0,
    ),
    "it_terampil": Profile(
        (1985, 2000), ("D3",), ("A.Md.Kom.", "A.Md."), (), 0.35, ("II/c", "III/b"), 0.4
    ),
    "guru": Profile((1980, 1999), ("S1",), ("S.Pd.",), (), 0.65, ("III/a", "III/b"), 0.7),
    "guru_muda": Profile(
        (1972, 1986), ("S1", "S2"), ("S.Pd.", "S.Pd., M.Pd."), (), 0.65, ("III/c", "III/d"), 0.0
    ),
    "dokter": Profile((1984, 1996), ("DR",), ("",), ("dr.",), 0.55, ("III/b", "III/b"), 0.3),
    "perawat_ahli": Profile(
        (1985, 1998), ("S1",), ("S.Kep., Ns.",), (), 0.7, ("III/a", "III/b"), 0.4
    ),
    "perawat": Profile((1982, 2000), ("D3",), ("A.Md.Kep.",), (), 0.7, ("II/c", "III/b"), 0.65),
    "bidan": Profile((1984, 2000), ("D3",), ("A.Md.Keb.",), (), 1.0, ("II/c", "III/b"), 0.65),
    "perekam_medis": Profile(
        (1985, 2000), ("D3",), ("A.Md.Kes.",), (), 0.6, ("II/c", "III/a"), 0.4
    ),
    "auditor": Profile(
        (1982, 1997), ("S1",), ("S.E., Ak.", "S.Ak.", "S.E."), (), 0.5, ("III/a", "III/b")
    ),
    "asdma": Profile(
        (1984, 1998), ("S1",), ("S.Psi.", "S.AP.", "S.Sos."), (), 0.6, ("III/a", "III/b")
    ),
    "perencana": Profile(
        (1982, 1997), ("S1",), ("S.E.", "S.T.", "S.P.", "S.PWK."), (), 0.5, ("III/a", "III/b"), 0.1
    ),
    "perencana_muda": Profile(
        (1975, 1987),
        ("S2",),
        ("S.E., M.Si.", "S.T., M.T.", "S.PWK., M.T."),
        (),
        0.5,
        ("III/c", "III/d"),
        0.0,
    ),
    "anjak": Profile(
        (1975, 1987),
        ("S2",),
        ("S.Sos., M.Si.", "S.IP., M.AP.", "S.H., M.H."),
        (),
        0.5,
        ("III/c", "III/d"),
        0.0,
    ),
    "humas": Profile(
        (1986, 1998), ("S1",), ("S.I.Kom.", "S.Sos."), (), 0.6, ("III/a", "III/b"), 0.3
    ),
    "statistisi": Profile(
        (1986, 1998), ("S1",), ("S.Si.", "S.Stat."), (), 0.5, ("III/a", "III/b"), 0.2
    ),
    "penyuluh_ahli": Profile(
        (1982, 1997), ("S1",), ("S.P.", "S.Pt."), (), 0.4, ("III/a", "III/b"), 0.4
    ),
    "penyuluh": Profile(
        (1980, 1999), ("D3",), ("A.Md.P.", "A.Md."), (), 0.4, ("II/c", "III/b"), 0.5
    ),
    "pbj": Profile((1984, 1997), ("S1",), ("S.E.", "S.T."), (), 0.4, ("III/a", "III/b"), 0.0),
    "arsiparis": Profile(
        (1984, 2000), ("D3",), ("A.Md.", "A.Md.Ars."), (), 0.6, ("II/c", "III/b"), 0.3
    ),
}

# Entry golongan of a PNS by education (PP 99/2000 practice); dokter enter at III/b.
_PNS_ENTRY = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "S2": "III/b", "DR": "III/b"}
# PPPK golongan by education (Perpres 98/2020 practice).
_PPPK_GOLONGAN = {"SMA": "V", "D3": "VII", "S1": "IX", "S2": "X", "DR": "XI"}
# Age at first appointment, by education.
_ENTRY_AGE = {"SMA": (19, 26), "D3": (21, 28), "S1": (23, 30), "S2": (25, 32), "DR": (26, 32)}
_TMT_MONTHS = (1, 2, 3, 3, 4, 6, 12)


@dataclass(frozen=True)
class PositionSpec:
    code: str
    name: str
    jenis: str
    jenjang: str
    opd_code: str | None
    is_it_role: bool
    profile: str

    @property
    def is_structural(self) -> bool:
        """JPT, Administrator and Pengawas posts are held by PNS only."""
        return self.jenis in (JenisJabatan.JPT, JenisJabatan.ADMINISTRATOR, JenisJabatan.PENGAWAS)


# code | name | jenis (jpt, adm, pgw, plk, jfa, jft) | jenjang | OPD (blank: any) | TI | profile
_POSITION_TABLE = """
JPT-SEKDA | Sekretaris Daerah | jpt | pratama | 4.01.01 | | jpt
JPT-SETWAN | Sekretaris DPRD | jpt | pratama | 4.02.01 | | jpt
JPT-INSPEKTUR | Inspektur | jpt | pratama | 6.01.01 | | jpt
JPT-KADIS | Kepala Dinas | jpt | pratama | |  | jpt
JPT-KABAN | Kepala Badan | jpt | pratama | |  | jpt
JPT-DIR-RSUD | Direktur RSUD | jpt | pratama | 1.02.02 | | jpt_medis
ADM-SEKDIS | Sekretaris Dinas | adm | |  | | administrator
ADM-SEKBAN | Sekretaris Badan | adm | |  | | administrator
ADM-SEKINSP | Sekretaris Inspektorat | adm | | 6.01.01 | | administrator
ADM-IRBAN | Inspektur Pembantu | adm | | 6.01.01 | | administrator
ADM-KABID | Kepala Bidang | adm | |  | | administrator
ADM-KABAG | Kepala Bagian | adm | |  | | administrator
ADM-CAMAT | Camat | adm | |  | | camat
ADM-SEKCAM | Sekretaris Kecamatan | adm | |  | | administrator
PGW-KASUBBAG-UMPEG | Kepala Subbagian Umum dan Kepegawaian | pgw | |  | | pengawas
PGW-KASUBBAG-PK | Kepala Subbagian Perencanaan dan Keuangan | pgw | |  | | pengawas
PGW-KASI | Kepala Seksi | pgw | |  | | pengawas
PGW-LURAH | Lurah | pgw | |  | | lurah
PGW-KA-UPTD | Kepala UPTD | pgw | |  | | pengawas
PLK-PENGADM | Pengadministrasi Perkantoran | plk | |  | | pelaksana
PLK-PDI | Pengolah Data dan Informasi | plk | |  | | pelaksana_it
PLK-PLO | Penata Layanan Operasional | plk | |  | | pelaksana
PLK-OLO | Operator Layanan Operasional | plk | |  | | pelaksana
PLK-PENGELOLA | Pengelola Layanan Operasional | plk | |  | | pelaksana
PLK-PTK | Penelaah Teknis Kebijakan | plk | |  | | pelaksana
JFA-PRAKOM-AP | Pranata Komputer Ahli Pertama | jfa | ahli_pertama | | TI | it_ahli
JFA-PRAKOM-AM | Pranata Komputer Ahli Muda | jfa | ahli_muda | | TI | it_ahli_muda
JFA-PKISPBE-AP | Penata Kelola Informatika SPBE Ahli Pertama | jfa | ahli_pertama | | TI | it_ahli
JFA-ANJAK-AM | Analis Kebijakan Ahli Muda | jfa | ahli_muda | |  | anjak
JFA-PERENCANA-AP | Perencana Ahli Pertama | jfa | ahli_pertama | |  | perencana
JFA-PERENCANA-AM | Perencana Ahli Muda | jfa | ahli_muda | |  | perencana_muda
JFA-GURU-AP | Guru Ahli Pertama | jfa | ahli_pertama | |  | guru
JFA-GURU-AM | Guru Ahli Muda | jfa | ahli_muda | |  | guru_muda
JFA-DOKTER-AP | Dokter Ahli Pertama | jfa | ahli_pertama | |  | dokter
JFA-PERAWAT-AP | Perawat Ahli Pertama | jfa | ahli_pertama | |  | perawat_ahli
JFA-AUDITOR-AP | Auditor Ahli Pertama | jfa | ahli_pertama | |  | auditor
JFA-ASDMA-AP | Analis Sumber Daya Manusia Aparatur Ahli Pertama | jfa | ahli_pertama | |  | asdma
JFA-HUMAS-AP | Pranata Hubungan Masyarakat Ahli Pertama | jfa | ahli_pertama | |  | humas
JFA-STATISTISI-AP | Statistisi Ahli Pertama | jfa | ahli_pertama | |  | statistisi
JFA-PENYULUH-AP | Penyuluh Pertanian Ahli Pertama | jfa | ahli_pertama | |  | penyuluh_ahli
JFA-PBJ-AP | Pengelola Pengadaan Barang/Jasa Ahli Pertama | jfa | ahli_pertama | |  | pbj
JFT-PRAKOM-T | Pranata Komputer Terampil | jft | terampil | | TI | it_terampil
JFT-ARSIPARIS-T | Arsiparis Terampil | jft | terampil | |  | arsiparis
JFT-PERAWAT-T | Perawat Terampil | jft | terampil | |  | perawat
JFT-BIDAN-T | Bidan Terampil | jft | terampil | |  | bidan
JFT-REKAM-MEDIS-T | Perekam Medis Terampil | jft | terampil | |  | perekam_medis
JFT-PENYULUH-T | Penyuluh Pertanian Terampil | jft | terampil | |  | penyuluh
"""
_JENIS_ALIASES = {
    "jpt": JenisJabatan.JPT,
    "adm": JenisJabatan.ADMINISTRATOR,
    "pgw": JenisJabatan.PENGAWAS,
    "plk": JenisJabatan.PELAKSANA,
    "jfa": JenisJabatan.FUNGSIONAL_KEAHLIAN,
    "jft": JenisJabatan.FUNGSIONAL_KETERAMPILAN,
}


def _parse_positions(table: str) -> tuple[PositionSpec, ...]:
    specs = []
    for line in table.strip().splitlines():
        code, name, jenis, jenjang, opd_code, it_role, profile = (
            c.strip() for c in line.split("|")
        )
        specs.append(
            PositionSpec(
                code=code,
                name=name,
                jenis=_JENIS_ALIASES[jenis],
                jenjang=Jenjang(jenjang) if jenjang else "",
                opd_code=opd_code or None,
                is_it_role=it_role == "TI",
                profile=profile,
            )
        )
    return tuple(specs)


POSITIONS: tuple[PositionSpec, ...] = _parse_positions(_POSITION_TABLE)
POSITIONS_BY_CODE = {spec.code: spec for spec in POSITIONS}

# ---------------------------------------------------------------------------------------------
# Person toolkit: NIPs, names, gelar, golongan, e-mail
# ---------------------------------------------------------------------------------------------


class NipAllocator:
    """Hands out unique, structurally valid NIPs / NI PPPK (``lms.core.nip`` layouts).

    The sequence digits (16-18) count up per 15-digit prefix, skipping reserved numbers, exactly
    as BKN does when two people share a birth date, appointment and gender.
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used: set[str] = set(reserved)
        self._next: dict[str, int] = {}

    def reserve(self, nip: str) -> None:
        self._used.add(nip)

    def _take(self, prefix: str) -> str:
        seq = self._next.get(prefix, 1)
        while f"{prefix}{seq:03d}" in self._used:
            seq += 1
        if seq > 999:
            raise ValueError(f"NIP prefix {prefix} is exhausted")
        self._next[prefix] = seq + 1
        nip = f"{prefix}{seq:03d}"
        self._used.add(nip)
        return nip

    def pns(self, *, birth: datetime.date, tmt_year: int, tmt_month: int, gender: str) -> str:
        """``YYYYMMDD YYYYMM G NNN``: birth date, TMT CPNS, gender (1 = L, 2 = P), sequence."""
        return self._take(f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{1 if gender == 'L' else 2}")

    def pppk(self, *, birth: datetime.date, year: int, contract: int, gender: str) -> str:
        """``YYYYMMDD YYYY CC G NNN``: birth date, first PPPK year, contract count, gender, seq."""
        return self._take(f"{birth:%Y%m%d}{year:04d}{contract:02d}{1 if gender == 'L' else 2}")


_NOT_LETTERS = re.compile(r"[^a-z]")


class EmailAllocator:
    """``firstname.lastname@domain``, then ``firstname.lastname2@…`` etc. for namesakes."""

    def __init__(self, domain: str, reserved: Iterable[str] = ()) -> None:
        self.domain = domain
        self._used = {email.lower() for email in reserved}
        self._count: dict[str, int] = {}

    def take(self, name: str) -> str:
        parts = [_NOT_LETTERS.sub("", part.lower()) for part in name.split()]
        parts = [part for part in parts if part] or ["pegawai"]
        base = f"{parts[0]}.{parts[-1]}" if len(parts) > 1 else parts[0]
        n = self._count.get(base, 0)
        while True:
            n += 1
            email = f"{base}{n if n > 1 else ''}@{self.domain}"
            if email not in self._used:
                break
        self._count[base] = n
        self._used.add(email)
        return email


@dataclass(frozen=True)
class PersonSpec:
    """Everything an Employee row needs except OPD and position."""

    nip: str
    name: str
    gelar_depan: str
    gelar_belakang: str
    gender: str
    employee_type: str
    golongan: str
    email: str


class PersonFactory:
    """Draws realistic, valid people for a position from a seeded ``random.Random``."""

    def __init__(self, rng: random.Random, nips: NipAllocator, emails: EmailAllocator) -> None:
        self.rng = rng
        self.nips = nips
        self.emails = emails

    def name(self, gender: str) -> str:
        rng = self.rng
        given = rng.choice(MALE_GIVEN if gender == Gender.L else FEMALE_GIVEN)
        roll = rng.random()
        if roll < 0.15:
            family = rng.choice(SHARED_FAMILY)
        else:
            family = rng.choice(MALE_FAMILY if gender == Gender.L else FEMALE_FAMILY)
        if family == given:
            family = rng.choice(SHARED_FAMILY)
        if rng.random() < 0.2:
            middle = rng.choice(MALE_MIDDLE if gender == Gender.L else FEMALE_MIDDLE)
            if middle != given:
                return f"{given} {middle} {family}"
        return f"{given} {family}"

    def person(self, *, position: PositionSpec, employee_type: str) -> PersonSpec:
        rng = self.rng
        profile = PROFILES[position.profile]
        gender = Gender.P if rng.random() < profile.female else Gender.L
        education = rng.choice(profile.education)
        if employee_type == EmployeeType.PPPK_PW and education not in ("SMA", "D3"):
            education = "SMA"
        birth_year = rng.randint(*profile.birth)
        birth = datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        lo, hi = _ENTRY_AGE[education]
        if employee_type == EmployeeType.PNS:
            tmt_year = min(birth_year + rng.randint(lo, hi), 2024)
            nip = self.nips.pns(
                birth=birth, tmt_year=tmt_year, tmt_month=rng.choice(_TMT_MONTHS), gender=gender
            )
            golongan = _pns_golongan(education, tmt_year, profile.pns_range)
        else:
            if employee_type == EmployeeType.PPPK_PW:
                year, contract = 2025, 1
            else:
                year = rng.choice((2021, 2022, 2022, 2023, 2024, 2024, 2025))
                contract = 2 if year <= 2022 and rng.random() < 0.6 else 1
            nip = self.nips.pppk(birth=birth, year=year, contract=contract, gender=gender)
            golongan = _PPPK_GOLONGAN[education]
        name = self.name(gender)
        return PersonSpec(
            nip=nip,
            name=name,
            gelar_depan=rng.choice(profile.front) if profile.front else "",
            gelar_belakang=_gelar(rng, education, profile),
            gender=gender,
            employee_type=employee_type,
            golongan=golongan,
            email=self.emails.take(name),
        )

    def employee_type(self, position: PositionSpec, mix: str = "mix") -> str:
        """``mix``: structural posts are PNS; others PPPK with the profile's share."""
        if mix in (EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.PPPK_PW):
            return mix
        if position.is_structural:
            return EmployeeType.PNS
        share = PROFILES[position.profile].pppk_share
        return EmployeeType.PPPK if self.rng.random() < share else EmployeeType.PNS


def _pns_golongan(education: str, tmt_year: int, clamp: tuple[str, str]) -> str:
    """Entry golongan by education, one step per four years of service, clamped to the post."""
    steps = max(REFERENCE_YEAR - tmt_year, 0) // 4
    index = PNS_GOLONGAN.index(_PNS_ENTRY[education]) + steps
    low, high = PNS_GOLONGAN.index(clamp[0]), PNS_GOLONGAN.index(clamp[1])
    return PNS_GOLONGAN[min(max(index, low), high)]


_MASTERS = ("M.Si.", "M.M.", "M.AP.", "M.H.")


def _gelar(rng: random.Random, education: str, profile: Profile) -> str:
    """Gelar belakang consistent with the education drawn for the person."""
    back = [b for b in profile.back if b]
    if education == "SMA":
        return ""
    if education == "D3":
        return rng.choice([b for b in back if b.startswith("A.Md")] or ["A.Md."])
    if education == "DR":
        return rng.choice(back) if back else ""
    bachelor = [b for b in back if "M." not in b and not b.startswith("A.Md")] or [
        b.split(", M")[0] for b in back if ", M" in b
    ]
    if education == "S1":
        return rng.choice(bachelor)
    master = [b for b in back if "M." in b]
    return rng.choice(master) if master else f"{rng.choice(bachelor)}, {rng.choice(_MASTERS)}"


# ---------------------------------------------------------------------------------------------
# Kabupaten Contoh: OPD tree (codes follow the urusan numbering of Permendagri 90/2019)
# ---------------------------------------------------------------------------------------------

_T = OPDType
_SINCE = datetime.date(2017, 1, 1)  # PP 18/2016 restructuring took effect
_MERGED_UNTIL = datetime.date(2025, 12, 31)
_MERGED_FROM = datetime.date(2026, 1, 1)

# code, name, type, parent code (valid since 2017 unless listed in VALIDITY)
OPDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("4.01.01", "Sekretariat Daerah", _T.SEKRETARIAT_DAERAH, None),
    ("4.01.01.01", "Bagian Organisasi", _T.LAINNYA, "4.01.01"),
    ("4.01.01.02", "Bagian Umum", _T.LAINNYA, "4.01.01"),
    ("4.01.01.03", "Bagian Hukum", _T.LAINNYA, "4.01.01"),
    ("4.02.01", "Sekretariat DPRD", _T.SEKRETARIAT_DPRD, None),
    ("6.01.01", "Inspektorat Daerah", _T.INSPEKTORAT, None),
    ("1.01.01", "Dinas Pendidikan dan Kebudayaan", _T.DINAS, None),
    ("1.01.01.01", "UPTD SMP Negeri 1 Contoh", _T.UPTD, "1.01.01"),
    ("1.01.01.02", "UPTD SD Negeri 2 Sukamaju", _T.UPTD, "1.01.01"),
    ("1.02.01", "Dinas Kesehatan", _T.DINAS, None),
    ("1.02.01.01", "UPTD Puskesmas Contoh Kota", _T.UPTD, "1.02.01"),
    ("1.02.02", "RSUD Kabupaten Contoh", _T.RSUD, None),
    ("1.03.01", "Dinas Pekerjaan Umum dan Penataan Ruang", _T.DINAS, None),
    ("1.06.01", "Dinas Sosial", _T.DINAS, None),
    ("2.11.01", "Dinas Lingkungan Hidup", _T.DINAS, None),
    ("2.12.01", "Dinas Kependudukan dan Pencatatan Sipil", _T.DINAS, None),
    ("2.13.01", "Dinas Pemberdayaan Masyarakat dan Desa", _T.DINAS, None),
    ("2.15.01", "Dinas Perhubungan", _T.DINAS, None),
    ("2.16.01", "Dinas Komunikasi dan Informatika", _T.DINAS, None),
    ("2.18.01", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", _T.DINAS, None),
    ("3.27.01", "Dinas Pertanian dan Ketahanan Pangan", _T.DINAS, None),
    # The merge of 2026: two dinas end on 31 December 2025, one successor starts on 1 January.
    ("2.17.01", "Dinas Koperasi dan UKM", _T.DINAS, None),
    ("3.30.01", "Dinas Perdagangan", _T.DINAS, None),
    ("2.17.02", "Dinas Koperasi, UKM dan Perdagangan", _T.DINAS, None),
    ("5.01.01", "Badan Perencanaan Pembangunan Daerah", _T.BADAN, None),
    ("5.02.01", "Badan Pengelolaan Keuangan dan Aset Daerah", _T.BADAN, None),
    ("5.03.01", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", _T.BADAN, None),
    ("1.05.01", "Badan Penanggulangan Bencana Daerah", _T.BADAN, None),
    ("7.01.01", "Kecamatan Contoh Kota", _T.KECAMATAN, None),
    ("7.01.01.01", "Kelurahan Kotabaru", _T.KELURAHAN, "7.01.01"),
    ("7.01.01.02", "Kelurahan Pasar Lama", _T.KELURAHAN, "7.01.01"),
    ("7.01.02", "Kecamatan Sukamaju", _T.KECAMATAN, None),
    ("7.01.02.01", "Kelurahan Sukamaju", _T.KELURAHAN, "7.01.02"),
    ("7.01.03", "Kecamatan Sumberjaya", _T.KECAMATAN, None),
    ("7.01.04", "Kecamatan Mekarsari", _T.KECAMATAN, None),
    ("7.01.05", "Kecamatan Tanjungsari", _T.KECAMATAN, None),
)
VALIDITY: dict[str, tuple[datetime.date, datetime.date | None]] = {
    "2.17.01": (_SINCE, _MERGED_UNTIL),
    "3.30.01": (_SINCE, _MERGED_UNTIL),
    "2.17.02": (_MERGED_FROM, None),
}
MERGES: dict[str, tuple[str, ...]] = {"2.17.01": ("2.17.02",), "3.30.01": ("2.17.02",)}
DISKOMINFO, DISDIKBUD, BKPSDM = "2.16.01", "1.01.01", "5.03.01"
MERGED_SUCCESSOR = "2.17.02"


# Staffing per OPD: "POSITION*count", "!pw" = PPPK paruh waktu. Structural posts are held by
# PNS; the other posts draw PNS or PPPK with the share of their profile. A line starting with
# spaces continues the one above. The four demo accounts come on top (DEMO_EMPLOYEES).
_DINAS = "ADM-KABID*{kabid}, PGW-KASUBBAG-UMPEG, PGW-KASI*{kasi}"
_KECAMATAN = "ADM-CAMAT, ADM-SEKCAM, PGW-KASI, PLK-PLO*{plo}"
_STAFFING_TABLE = f"""
4.01.01    | JPT-SEKDA, PLK-PTK, PLK-PENGADM*2
4.01.01.01 | ADM-KABAG, JFA-ANJAK-AM, PLK-PTK*2
4.01.01.02 | ADM-KABAG, PGW-KASUBBAG-UMPEG, JFT-ARSIPARIS-T, PLK-PENGADM*2, PLK-OLO*1!pw
4.01.01.03 | ADM-KABAG, JFA-ANJAK-AM, PLK-PTK*2
4.02.01    | JPT-SETWAN, ADM-KABAG*2, JFA-HUMAS-AP, JFT-ARSIPARIS-T, PLK-PENGADM*2
6.01.01    | JPT-INSPEKTUR, ADM-SEKINSP, ADM-IRBAN*2, JFA-AUDITOR-AP*5, PLK-PENGADM*2
1.01.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=3, kasi=1)}, PGW-KASUBBAG-PK
           | JFA-PERENCANA-AP, JFT-PRAKOM-T, PLK-PENGADM*2, PLK-PDI
1.01.01.01 | PGW-KA-UPTD, JFA-GURU-AM*3, JFA-GURU-AP*8, PLK-PENGADM, PLK-OLO*1!pw
1.01.01.02 | PGW-KA-UPTD, JFA-GURU-AM*2, JFA-GURU-AP*5, PLK-PENGADM
1.02.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=3, kasi=1)}, PGW-KASUBBAG-PK
           | JFA-PERENCANA-AP, PLK-PDI, PLK-PENGADM*2
1.02.01.01 | PGW-KA-UPTD, JFA-DOKTER-AP*2, JFA-PERAWAT-AP, JFT-PERAWAT-T*4, JFT-BIDAN-T*4
           | JFT-REKAM-MEDIS-T, PLK-PENGADM
1.02.02    | JPT-DIR-RSUD, ADM-KABID*2, PGW-KASUBBAG-UMPEG, JFA-DOKTER-AP*4, JFA-PERAWAT-AP*3
           | JFT-PERAWAT-T*6, JFT-BIDAN-T*3, JFT-REKAM-MEDIS-T*2, JFT-PRAKOM-T, PLK-PENGADM
           | PLK-OLO*1!pw
1.03.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=3, kasi=1)}, JFA-PBJ-AP, PLK-PLO*3
1.06.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}, PLK-PLO*2, PLK-PENGADM
2.11.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}, PLK-PLO*2, PLK-OLO*2!pw
2.12.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}
           | JFA-PRAKOM-AP, JFT-PRAKOM-T, PLK-PLO*3, PLK-OLO*2
2.13.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}, PLK-PLO*2, PLK-PENGADM
2.15.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}, PLK-PLO*2, PLK-OLO
2.16.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=3, kasi=1)}
           | JFA-PRAKOM-AP*2, JFA-PKISPBE-AP*2, JFT-PRAKOM-T*2, JFA-HUMAS-AP*2
           | JFA-STATISTISI-AP, PLK-PDI, PLK-PENGADM
2.18.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}, PLK-PLO*2, PLK-OLO*1!pw
3.27.01    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}
           | JFA-PENYULUH-AP*3, JFT-PENYULUH-T*4, PLK-PENGADM
2.17.02    | JPT-KADIS, ADM-SEKDIS, {_DINAS.format(kabid=2, kasi=1)}, PLK-PLO*3, PLK-PENGADM
5.01.01    | JPT-KABAN, ADM-SEKBAN, {_DINAS.format(kabid=3, kasi=0)}, PGW-KASUBBAG-PK
           | JFA-PERENCANA-AP*3, JFA-PERENCANA-AM*2, JFA-STATISTISI-AP, JFA-ANJAK-AM, PLK-PENGADM
5.02.01    | JPT-KABAN, ADM-SEKBAN, {_DINAS.format(kabid=3, kasi=1)}, PGW-KASUBBAG-PK
           | PLK-PLO*3, PLK-PENGADM
5.03.01    | JPT-KABAN, ADM-SEKBAN, {_DINAS.format(kabid=2, kasi=1)}
           | JFA-ASDMA-AP*4, JFT-PRAKOM-T, PLK-PENGADM*2
1.05.01    | JPT-KABAN, ADM-SEKBAN, {_DINAS.format(kabid=2, kasi=0)}, PLK-PLO*3
7.01.01    | {_KECAMATAN.format(plo=2)}, PLK-OLO*1!pw
7.01.01.01 | PGW-LURAH, PGW-KASI, PLK-PENGADM*2
7.01.01.02 | PGW-LURAH, PGW-KASI, PLK-PENGADM
7.01.02    | {_KECAMATAN.format(plo=2)}, PLK-OLO*1!pw
7.01.02.01 | PGW-LURAH, PLK-PENGADM*2
7.01.03    | {_KECAMATAN.format(plo=2)}
7.01.04    | {_KECAMATAN.format(plo=2)}
7.01.05    | {_KECAMATAN.format(plo=2)}, PLK-OLO*1!pw
"""


def _parse_staffing(table: str) -> dict[str, list[tuple[str, int, str]]]:
    """OPD code -> [(position code, count, "mix" or "PPPK_PW")], in table order."""
    staffing: dict[str, list[tuple[str, int, str]]] = {}
    code = ""
    for line in table.strip("\n").splitlines():
        head, _, rest = line.partition("|")
        code = head.strip() or code
        for token in filter(None, (t.strip() for t in rest.split(","))):
            token, pw, _ = token.partition("!pw")
            position, _, count = token.partition("*")
            mix = EmployeeType.PPPK_PW if pw else "mix"
            staffing.setdefault(code, []).append((position.strip(), int(count or 1), mix))
    return staffing


STAFFING = _parse_staffing(_STAFFING_TABLE)

# The demo role accounts as employees: NIP -> (OPD, position, name, gelar, golongan).
DEMO_EMPLOYEES: dict[str, tuple[str, str, str, str, str, str]] = {
    "198703152010012003": (DISKOMINFO, "PLK-PDI", "Siti Rahmawati", "", "S.Kom.", "III/c"),
    "198106212006041002": (
        DISKOMINFO,
        "JFA-PRAKOM-AM",
        "Agus Setiawan",
        "",
        "S.Kom., M.T.",
        "III/d",
    ),
    "199002102015032001": (DISDIKBUD, "PGW-KASUBBAG-UMPEG", "Dewi Lestari", "", "S.E.", "III/c"),
    "197805302003121004": (BKPSDM, "ADM-KABID", "Bambang Sutrisno", "", "S.Sos., M.Si.", "IV/a"),
}
ADMIN_OPD_NIP = "199002102015032001"


@dataclass(frozen=True)
class PlannedEmployee:
    person: PersonSpec
    opd_code: str
    position_code: str


def demo_employee_plan() -> list[PlannedEmployee]:
    """The ~300 demo employees, in a fixed order. Pure Python: same result on every call."""
    rng = random.Random(DEMO_SEED)  # noqa: S311 - demo data, not security
    nips = NipAllocator(DEMO_EMPLOYEES)
    emails = EmailAllocator(
        EMAIL_DOMAIN,
        [
            f"{first.lower()}.{last.lower()}@{EMAIL_DOMAIN}"
            for _k, _n, first, last, *_ in DEMO_USERS
        ],
    )
    factory = PersonFactory(rng, nips, emails)
    plan: list[PlannedEmployee] = []
    for nip, (opd_code, position_code, name, depan, belakang, golongan) in DEMO_EMPLOYEES.items():
        parsed = parse_nip(nip, employee_type=EmployeeType.PNS, today=datetime.date(2026, 1, 1))
        first, last = name.lower().split()
        person = PersonSpec(
            nip=nip,
            name=name,
            gelar_depan=depan,
            gelar_belakang=belakang,
            gender=parsed.gender,
            employee_type=EmployeeType.PNS,
            golongan=golongan,
            email=f"{first}.{last}@{EMAIL_DOMAIN}",
        )
        plan.append(PlannedEmployee(person, opd_code, position_code))
    for opd_code, rows in STAFFING.items():
        for position_code, count, mix in rows:
            position = POSITIONS_BY_CODE[position_code]
            for _ in range(count):
                employee_type = factory.employee_type(position, mix)
                person = factory.person(position=position, employee_type=employee_type)
                plan.append(PlannedEmployee(person, opd_code, position_code))
    return plan


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def _upsert_opds() -> dict[str, OPD]:
    existing = OPD.objects.in_bulk([row[0] for row in OPDS], field_name="code")
    opds: dict[str, OPD] = {}
    for code, name, opd_type, parent_code in OPDS:
        valid_from, valid_to = VALIDITY.get(code, (_SINCE, None))
        opd = existing.get(code) or OPD(code=code)
        parent = opds[parent_code] if parent_code else None
        wanted = (name, opd_type, parent.pk if parent else None, valid_from, valid_to)
        if (
            opd.pk is None
            or (
                opd.name,
                opd.type,
                opd.parent_id,
                opd.valid_from,
                opd.valid_to,
            )
            != wanted
        ):
            opd.name, opd.type, opd.parent, opd.valid_from, opd.valid_to = (
                name,
                opd_type,
                parent,
                valid_from,
                valid_to,
            )
            opd_save(opd=opd)
        opds[code] = opd
    for code, successor_codes in MERGES.items():
        successors = [opds[c] for c in successor_codes]
        if set(opds[code].successors.values_list("pk", flat=True)) != {s.pk for s in successors}:
            opd_successors_set(opd=opds[code], successors=successors)
    return opds


def _upsert_positions(opds: dict[str, OPD]) -> dict[str, Position]:
    existing = Position.objects.in_bulk([spec.code for spec in POSITIONS], field_name="code")
    positions: dict[str, Position] = {}
    for spec in POSITIONS:
        position = existing.get(spec.code) or Position(code=spec.code)
        opd = opds[spec.opd_code] if spec.opd_code else None
        wanted = (spec.name, spec.jenis, spec.jenjang, opd.pk if opd else None, spec.is_it_role)
        current = (
            position.name,
            position.jenis_jabatan,
            position.jenjang,
            position.opd_id,
            position.is_it_role,
        )
        if position.pk is None or current != wanted:
            position.name, position.jenis_jabatan, position.jenjang = (
                spec.name,
                spec.jenis,
                spec.jenjang,
            )
            position.opd, position.is_it_role = opd, spec.is_it_role
            position_save(position=position)
        positions[spec.code] = position
    return positions


_EMPLOYEE_FIELDS = (
    "name",
    "gelar_depan",
    "gelar_belakang",
    "gender",
    "employee_type",
    "golongan",
    "email",
)


def _upsert_employees(
    plan: list[PlannedEmployee], opds: dict[str, OPD], positions: dict[str, Position]
) -> dict[str, Employee]:
    nips = [item.person.nip for item in plan]
    existing = Employee.objects.in_bulk(nips, field_name="nip")
    # E-mail addresses of accounts that are not ours must not be taken (unique per user).
    taken = set(
        User.objects.exclude(nip__in=nips)
        .exclude(email="")
        .values_list("email", flat=True)
        .iterator()
    )
    taken = {email.lower() for email in taken}
    # People seen for the first time, with no account yet, are inserted in one go (a fresh
    # seed writes 320 of them; one validated save each made every test that seeds the demo
    # slow). The demo plan is valid by construction: tests/people/test_demo_data.py
    # full_cleans every employee. Everyone else goes through employee_save as before.
    accounts = set(User.objects.filter(nip__in=nips).values_list("nip", flat=True))
    fresh: list[EmployeeBulkItem] = []
    employees: dict[str, Employee] = {}
    for item in plan:
        person = item.person
        employee = existing.get(person.nip) or Employee(nip=person.nip)
        opd, position = opds[item.opd_code], positions[item.position_code]
        email = person.email if person.email not in taken else ""
        wanted = {field: getattr(person, field) for field in _EMPLOYEE_FIELDS} | {"email": email}
        unchanged = (
            employee.pk is not None
            and employee.user_id is not None
            and employee.opd_id == opd.pk
            and employee.position_id == position.pk
            and employee.is_active
            and all(getattr(employee, field) == value for field, value in wanted.items())
        )
        if not unchanged:
            for field, value in wanted.items():
                setattr(employee, field, value)
            employee.opd, employee.position, employee.is_active = opd, position, True
            if employee.pk is None and person.nip not in accounts:
                fresh.append(EmployeeBulkItem(employee=employee, user_id=None))
            else:
                employee_save(employee=employee)
        elif person.nip in DEMO_EMPLOYEES:
            # lms.users.demo has just reset these accounts' names: bring them back in step.
            employee_account_ensure(employee=employee)
        employees[person.nip] = employee
    employees_bulk_save(items=fresh, user=None)
    return employees


def seed(context: DemoContext) -> None:
    """Loads Kabupaten Contoh's organisation and people. Idempotent; see the module docstring."""
    opds = _upsert_opds()
    positions = _upsert_positions(opds)
    employees = _upsert_employees(demo_employee_plan(), opds, positions)
    admin_opd = employees[ADMIN_OPD_NIP].user
    opd_scope_set(user=admin_opd, opds=[opds[DISDIKBUD]])
    context.extra["people"] = {
        "opds": opds,
        "positions": positions,
        "learner": employees["198703152010012003"],
        "admin_opd": employees[ADMIN_OPD_NIP],
        "hr": employees["197805302003121004"],
    }

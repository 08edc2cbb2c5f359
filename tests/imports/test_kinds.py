"""Happy paths, updates, SIASN headers and the dry-run guarantee, per kind."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.competencies.models import LearningRecord, PositionRequirement, RecordSource
from lms.competencies.services import learning_record_create
from lms.core.imports import (
    ImportReport,
    TableImportKind,
    UnreadableFile,
    get_kind,
    import_kinds,
    run_import,
)
from lms.people.models import OPD, Employee, Position
from lms.people.services import employee_save
from lms.users.models import User
from lms.users.roles import Role
from tests.factories.people import pns_nip, pppk_nip

from .conftest import EMPLOYEE_HEADER, counts, csv_bytes, employee_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def codes(report):
    return [(e.row, e.column, e.code) for e in report.errors]


def test_the_five_kinds_are_registered_with_their_columns():
    kinds = import_kinds()
    assert {"opds", "positions", "employees", "requirements", "training-records"} <= set(kinds)
    assert get_kind("employees").template_columns == EMPLOYEE_HEADER
    assert all(
        isinstance(kind, TableImportKind)
        for kind in kinds.values()
        if kind.name in {"opds", "positions", "employees", "requirements", "training-records"}
    )
    with pytest.raises(KeyError):
        get_kind("nope")


def test_template_has_just_the_headers():
    data = get_kind("positions").template("csv")
    assert data.decode("utf-8-sig").strip() == "code,name,jenis_jabatan,jenjang,opd_code,is_it_role"


# ------------------------------------------------------------------------------ dry run


def test_dry_run_touches_nothing_not_even_a_savepoint(org, new_nips):
    rows = [EMPLOYEE_HEADER] + [employee_row(n) for n in new_nips(5)]
    rows.append(employee_row(org.siti.nip, "Siti Aminah Baru", opd="DINKES"))
    before = counts()
    with CaptureQueriesContext(connection) as queries:
        report = run_import("employees", csv_bytes(rows), "a.csv", commit=False)
    assert report.ok and not report.committed
    assert (report.created, report.updated) == (5, 1)
    assert counts() == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "SAVEPOINT"}
    ]
    assert writes == []
    assert len(queries.captured_queries) <= 5  # a few lookups, however many rows


def test_dry_run_query_count_does_not_grow_with_rows(org):
    def queries_for(n):
        rows = [EMPLOYEE_HEADER] + [employee_row(pns_nip(1000 + i)) for i in range(n)]
        with CaptureQueriesContext(connection) as captured:
            assert run_import("employees", csv_bytes(rows), "a.csv", commit=False).ok
        return len(captured.captured_queries)

    assert queries_for(3) == queries_for(60)


def test_commit_with_an_error_writes_nothing_even_for_the_valid_rows(org, new_nips):
    a, b = new_nips(2)
    rows = [EMPLOYEE_HEADER, employee_row(a), employee_row(b, opd="NOPE")]
    before = counts()
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert not report.committed and report.valid_rows == 1 and report.total_rows == 2
    assert counts() == before


def test_a_failure_while_writing_rolls_everything_back(org, new_nips, monkeypatch):
    from lms.people import services

    real, calls = services.rows_update, []

    def fail_on_employees(objects, fields):  # accounts are written first, then this fails
        calls.append(type(objects[0]).__name__)
        if calls[-1] == "Employee":
            raise RuntimeError("disk full")
        return real(objects, fields)

    monkeypatch.setattr(services, "rows_update", fail_on_employees)
    rows = [
        EMPLOYEE_HEADER,
        employee_row(new_nips(1)[0]),
        employee_row(org.siti.nip, "Siti Berubah", email="siti@contoh.go.id"),
    ]
    before = counts()
    with pytest.raises(RuntimeError):
        run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert calls == ["User", "Employee"]
    assert counts() == before
    assert Employee.objects.get(pk=org.siti.pk).name == "Siti Aminah"
    assert User.objects.get(pk=org.siti.user_id).first_name == "Siti Aminah"


# ---------------------------------------------------------------------------- employees


def test_employee_import_creates_accounts_exactly_like_employee_save(org):
    a, b = pns_nip(500, gender=1), pns_nip(501, gender=1)
    report = run_import(
        "employees",
        csv_bytes(
            [
                EMPLOYEE_HEADER,
                employee_row(
                    a,
                    "Budi Santoso",
                    email="budi@contoh.go.id",
                    position="JF-PK",
                    gelar=("Ir.", "M.T."),
                ),
            ]
        ),
        "a.csv",
        commit=True,
    )
    assert report.ok and report.committed and report.created == 1
    imported = Employee.objects.select_related("user").get(nip=a)
    reference = employee_save(
        employee=Employee(
            nip=b,
            name="Budi Santoso",
            gelar_depan="Ir.",
            gelar_belakang="M.T.",
            gender="L",
            employee_type="PNS",
            golongan="III/a",
            opd=org.dinkes,
            position=org.analis,
            email="budi2@contoh.go.id",
        )
    )

    def shape(employee):
        user = employee.user
        return {
            "username=nip": user.username == employee.nip == user.nip,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": user.is_active,
            "usable_password": user.has_usable_password(),
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "email_domain": user.email.split("@")[1],
            "employee": (
                employee.gender,
                employee.employee_type,
                employee.golongan,
                employee.opd_id,
                employee.position_id,
                employee.is_active,
            ),
        }

    assert shape(imported) == shape(reference)
    assert shape(imported)["groups"] == [Role.PESERTA]
    assert imported.user.email == "budi@contoh.go.id"
    assert imported.created_at and imported.updated_at


def test_employee_update_in_the_same_opd_and_its_account_follows(org):
    rows = [
        EMPLOYEE_HEADER,
        employee_row(
            org.siti.nip,
            "Siti Aminah Lubis",
            opd="PKM01",
            email="siti.baru@contoh.go.id",
            active="tidak",
            golongan="III/b",
            gender="P",
        ),
    ]
    # PKM01 is a different OPD from DINKES: that is a move, so it is refused ...
    assert codes(run_import("employees", csv_bytes(rows), "a.csv", commit=True)) == [
        (2, "nip", "nip_other_opd")
    ]
    rows[1][7] = "DINKES"  # ... in the same OPD it is an update
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok and (report.created, report.updated) == (0, 1)
    siti = Employee.objects.select_related("user").get(pk=org.siti.pk)
    assert (siti.name, siti.golongan, siti.is_active) == ("Siti Aminah Lubis", "III/b", False)
    assert siti.user.email == "siti.baru@contoh.go.id" and siti.user.is_active is False
    assert siti.user.first_name == "Siti Aminah Lubis"
    again = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_columns_absent_from_the_file_keep_their_values(org):
    siti = Employee.objects.get(pk=org.siti.pk)
    siti.position = org.analis
    siti.gelar_depan = "dr."
    siti.save()
    rows = [
        ["NIP", "Nama", "Jenis Pegawai", "Kode OPD"],
        [org.siti.nip, "Siti A.", "PNS", "DINKES"],
    ]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok, report.errors
    siti.refresh_from_db()
    assert (siti.name, siti.position, siti.gelar_depan, siti.email) == (
        "Siti A.",
        org.analis,
        "dr.",
        "siti@contoh.go.id",
    )


def test_gender_comes_from_the_nip_when_missing_and_must_agree_when_given(org, new_nips):
    a = pns_nip(400, gender=2)
    rows = [
        EMPLOYEE_HEADER,
        employee_row(a, gender=""),
        employee_row(pns_nip(401, gender=1), gender="P"),
    ]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=True)
    assert codes(report) == [(3, "gender", "gender_nip")]
    rows.pop()
    assert run_import("employees", csv_bytes(rows), "a.csv", commit=True).ok
    assert Employee.objects.get(nip=a).gender == "P"


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("III/a", "III/a"),
        ("iii/A", "III/a"),
        ("IIIa", "III/a"),
        ("III/a - Penata Muda", "III/a"),
        ("IV/e", "IV/e"),
    ],
)
def test_golongan_spellings(org, new_nips, written, stored):
    nip = new_nips(1)[0]
    report = run_import(
        "employees",
        csv_bytes([EMPLOYEE_HEADER, employee_row(nip, golongan=written)]),
        "a.csv",
        commit=True,
    )
    assert report.ok, report.errors
    assert Employee.objects.get(nip=nip).golongan == stored


def test_golongan_must_fit_the_employee_type(org):
    pppk = pppk_nip(5)
    rows = [
        EMPLOYEE_HEADER,
        employee_row(pppk, type_="PPPK", golongan="III/a"),
        employee_row(pns_nip(402), golongan="IX"),
        employee_row(pns_nip(403), golongan="V/a"),
    ]
    assert codes(run_import("employees", csv_bytes(rows), "a.csv", commit=True)) == [
        (2, "golongan", "golongan_type"),
        (3, "golongan", "golongan_type"),
        (4, "golongan", "golongan_invalid"),
    ]


def test_email_conflicts(org, new_nips):
    a, b, c = new_nips(3)
    rows = [
        EMPLOYEE_HEADER,
        employee_row(a, email="sama@contoh.go.id"),
        employee_row(b, email="SAMA@contoh.go.id"),
        employee_row(c, email="agus@contoh.go.id"),
        employee_row(pns_nip(404), email="bukan-email"),
    ]
    assert codes(run_import("employees", csv_bytes(rows), "a.csv", commit=True)) == [
        (2, "email", "duplicate_email"),
        (3, "email", "duplicate_email"),
        (4, "email", "email_taken"),
        (5, "email", "email_invalid"),
    ]


def test_employee_type_and_gender_spellings(org):
    rows = [
        EMPLOYEE_HEADER,
        employee_row(
            pppk_nip(6, gender=2), type_="PPPK Paruh Waktu", golongan="V", gender="Perempuan"
        ),
        employee_row(pppk_nip(7, gender=1), type_="P3K", golongan="", gender="M"),
        employee_row(pns_nip(405, gender=2), type_="CPNS", gender="2"),
        employee_row(pns_nip(406), type_="Honorer"),
    ]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=False)
    assert codes(report) == [(5, "employee_type", "invalid_choice")]
    rows.pop()
    assert run_import("employees", csv_bytes(rows), "a.csv", commit=True).ok
    assert dict(
        Employee.objects.filter(nip__in=[r[0] for r in rows[1:]]).values_list(
            "nip", "employee_type"
        )
    ) == {rows[1][0]: "PPPK_PW", rows[2][0]: "PPPK", rows[3][0]: "PNS"}


def test_an_existing_account_with_the_nip_is_linked_not_duplicated(org, new_nips):
    nip = new_nips(1)[0]
    trainer = User.objects.create_user(
        username=nip, nip=nip, email="pengajar@contoh.go.id", password="Rahasia-Kuat-2026"
    )
    trainer.groups.add(Group.objects.get(name=Role.PENGAJAR))
    report = run_import(
        "employees",
        csv_bytes([EMPLOYEE_HEADER, employee_row(nip, email="pengajar@contoh.go.id")]),
        "a.csv",
        commit=True,
    )
    assert report.ok, report.errors
    trainer.refresh_from_db()
    assert Employee.objects.get(nip=nip).user == trainer
    assert trainer.has_usable_password()  # never reset
    assert list(trainer.groups.values_list("name", flat=True)) == [Role.PENGAJAR]


def test_a_username_taken_by_an_unrelated_account_is_a_conflict(org, new_nips):
    nip = new_nips(1)[0]
    User.objects.create_user(username=nip, email="lain@contoh.go.id")
    report = run_import(
        "employees", csv_bytes([EMPLOYEE_HEADER, employee_row(nip)]), "a.csv", commit=True
    )
    assert codes(report) == [(2, "nip", "account_conflict")]


# ----------------------------------------------------------------------------- SIASN


SIASN_HEADER = [
    "PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "GELAR_BELAKANG", "TEMPAT_LAHIR_NAMA",
    "TANGGAL_LAHIR", "JENIS_KELAMIN", "AGAMA_NAMA", "NIK", "NOMOR_HP", "EMAIL", "EMAIL_GOV",
    "ALAMAT", "NPWP_NOMOR", "JENIS_PEGAWAI_NAMA", "KEDUDUKAN_HUKUM_NAMA", "GOL_AKHIR_NAMA",
    "JABATAN_ID", "JABATAN_NAMA", "UNOR_ID", "UNOR_NAMA", "SATUAN_KERJA_KERJA_ID",
]  # fmt: skip


def siasn_row(
    nip,
    name,
    *,
    gender="F",
    type_="PNS",
    gol="III/b - Penata Muda Tk I",
    jabatan=("", "Pranata Komputer Ahli Pertama"),
    unor=("", "Dinas Kesehatan"),
):
    return [
        "a1b2",
        nip,
        "",
        name,
        "",
        "S.Kom.",
        "Kota Contoh",
        "01-01-1985",
        gender,
        "Islam",
        "3171012345670001",
        "08123",
        "pribadi@gmail.com",
        f"{nip}@contoh.go.id",
        "Jl. Mawar 1",
        "12.345.678.9-012.000",
        type_,
        "Aktif",
        gol,
        jabatan[0],
        jabatan[1],
        unor[0],
        unor[1],
        "SATKER-1",
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_siasn_export_headers_are_mapped_and_personal_data_ignored(org, fmt):
    a, b = pns_nip(410, gender=2), pppk_nip(11, gender=1)
    rows = [
        SIASN_HEADER,
        siasn_row(a, "Rina Wulandari"),
        siasn_row(
            b,
            "Dedi Kurniawan",
            gender="M",
            type_="PPPK",
            gol="IX",
            jabatan=("PLK-01", ""),
            unor=("DINKES", "nama diabaikan bila kode ada"),
        ),
    ]
    data = csv_bytes(rows, delimiter=";") if fmt == "csv" else xlsx_bytes(rows)
    report = run_import("employees", data, f"siasn.{fmt}", commit=True)
    assert report.ok, report.errors
    rina = Employee.objects.select_related("user").get(nip=a)
    assert (
        rina.name,
        rina.gelar_belakang,
        rina.gender,
        rina.golongan,
        rina.opd,
        rina.position,
    ) == ("Rina Wulandari", "S.Kom.", "P", "III/b", org.dinkes, org.analis)
    assert rina.email == f"{a}@contoh.go.id"  # EMAIL_GOV wins over the personal EMAIL
    dedi = Employee.objects.get(nip=b)
    assert (dedi.employee_type, dedi.gender, dedi.golongan, dedi.position) == (
        "PPPK",
        "L",
        "IX",
        org.shared,
    )
    ignored = next(n for n in report.notes if "data pribadi" in n)
    for column in (
        "NIK",
        "NPWP_NOMOR",
        "AGAMA_NAMA",
        "ALAMAT",
        "NOMOR_HP",
        "TANGGAL_LAHIR",
        "NIP_LAMA",
    ):
        assert column in ignored
    assert any("EMAIL" in n and "arti yang sama" in n for n in report.notes)
    assert (
        report.preview[0]["opd_code"] == "DINKES" and report.preview[0]["position_code"] == "JF-PK"
    )
    stored = " ".join(str(v) for v in Employee.objects.values_list().get(nip=a))
    stored += " ".join(str(v) for v in User.objects.values_list().get(nip=a))
    assert "3171012345670001" not in stored and "Mawar" not in stored and "pribadi" not in stored
    assert not any("3171012345670001" in str(v) for row in report.preview for v in row.values())


def test_opd_by_name_only_when_unambiguous(org, new_nips):
    from tests.factories.people import OPDFactory

    OPDFactory(code="KEC-A", name="Kecamatan Kota")
    OPDFactory(code="KEC-B", name="Kecamatan  kota")  # same name, different spacing and case
    OPDFactory(code="OLD", name="Dinas Lama", valid_to=datetime.date(2020, 12, 31))
    a, b, c = new_nips(3)
    rows = [
        ["NIP_BARU", "NAMA", "JENIS_PEGAWAI_NAMA", "UNOR_NAMA"],
        [a, "A", "PNS", "dinas kesehatan"],
        [b, "B", "PNS", "Kecamatan Kota"],
        [c, "C", "PNS", "Dinas Lama"],
    ]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=False)
    assert codes(report) == [(3, "UNOR_NAMA", "ambiguous_opd"), (4, "UNOR_NAMA", "unknown_opd")]
    assert "KEC-A" in report.errors[0].message and "KEC-B" in report.errors[0].message
    assert report.preview[0]["opd_code"] == "DINKES"


def test_position_must_belong_to_the_employees_opd_or_be_shared(org, new_nips):
    a, b = new_nips(2)
    rows = [
        EMPLOYEE_HEADER,
        employee_row(a, opd="DINKES", position="JF-GURU"),
        employee_row(b, opd="PKM01", position="JF-PK"),
    ]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=False)
    assert codes(report) == [(2, "position_code", "position_other_opd")]


# ----------------------------------------------------------------------- opds, positions


def test_opd_tree_from_one_file_in_any_order(org):
    rows = [
        ["Kode", "Nama", "Jenis", "Kode Induk", "Berlaku Sejak", "Berlaku Sampai"],
        ["KEL-01", "Kelurahan Satu", "Kelurahan", "KEC-01", "01/01/2024", ""],
        ["KEC-01", "Kecamatan Satu", "kecamatan", "", "2024-01-01", ""],
        ["BAG-UM", "Bagian Umum", "Lainnya", "SETDA", "", ""],
        ["SETDA", "Sekretariat Daerah", "Setda", "", "", "31/12/2030"],
        ["DINKES", "Dinas Kesehatan dan KB", "Dinas", "", "", ""],
    ]
    report = run_import("opds", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (4, 1)
    kel = OPD.objects.select_related("parent").get(code="KEL-01")
    assert (kel.type, kel.parent.code, kel.valid_from) == (
        "kelurahan",
        "KEC-01",
        datetime.date(2024, 1, 1),
    )
    assert OPD.objects.get(code="SETDA").valid_to == datetime.date(2030, 12, 31)
    assert OPD.objects.get(code="DINKES").name == "Dinas Kesehatan dan KB"


def test_opd_cycles_and_bad_types(org):
    rows = [
        ["code", "name", "type", "parent_code"],
        ["X1", "Satu", "Dinas", "X2"],
        ["X2", "Dua", "Dinas", "X1"],
        ["X3", "Tiga", "Kabupaten", ""],
        ["DINKES", "Dinas Kesehatan", "Dinas", "PKM01"],
    ]
    report = run_import("opds", csv_bytes(rows), "a.csv", commit=True)
    assert codes(report) == [
        (2, "parent_code", "parent_cycle"),
        (3, "parent_code", "parent_cycle"),
        (4, "type", "invalid_choice"),
        (5, "parent_code", "parent_cycle"),
    ]


def test_positions_create_update_and_jenjang_rule(org):
    rows = [
        ["code", "name", "jenis_jabatan", "jenjang", "opd_code", "is_it_role"],
        [
            "JF-PKM",
            "Pranata Komputer Ahli Muda",
            "Fungsional Keahlian",
            "Ahli Muda",
            "DINKES",
            "ya",
        ],
        ["PLK-01", "Pengadministrasi Perkantoran", "Fungsional Umum", "", "", "tidak"],
        ["JF-BAD", "Salah Jenjang", "Pelaksana", "Ahli Muda", "", ""],
    ]
    report = run_import("positions", csv_bytes(rows), "a.csv", commit=True)
    assert codes(report) == [(4, "jenjang", "jenjang_jenis")]
    rows.pop()
    report = run_import("positions", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok and (report.created, report.updated) == (1, 1)
    new = Position.objects.get(code="JF-PKM")
    assert (new.jenis_jabatan, new.jenjang, new.opd, new.is_it_role) == (
        "fungsional_keahlian",
        "ahli_muda",
        org.dinkes,
        True,
    )
    assert Position.objects.get(code="PLK-01").jenis_jabatan == "pelaksana"


# ----------------------------------------------------------- requirements and JP records


def test_requirements_set_and_update_overrides(org):
    rows = [
        ["Kode Jabatan", "Kode Kompetensi", "Level"],
        ["JF-PK", "LD.01", "3"],
        ["jf-pk", "sp.01", "4"],
    ]
    report = run_import("requirements", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok, report.errors
    assert report.created == 2
    rows[1][2] = "5"
    report = run_import("requirements", csv_bytes(rows), "a.csv", commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert dict(PositionRequirement.objects.values_list("competency__code", "required_level")) == {
        "LD.01": 5,
        "SP.01": 4,
    }


def test_duplicate_requirement_rows(org):
    rows = [
        ["position_code", "competency_code", "required_level"],
        ["JF-PK", "LD.01", "3"],
        ["JF-PK", "ld.01", "4"],
    ]
    assert codes(run_import("requirements", csv_bytes(rows), "a.csv", commit=True)) == [
        (2, "position_code", "duplicate_in_file"),
        (3, "position_code", "duplicate_in_file"),
    ]


RECORD_HEADER = [
    "nip",
    "title",
    "provider",
    "path",
    "jenis_diklat",
    "jp",
    "start_date",
    "end_date",
    "certificate_number",
]


def test_training_records_import_and_reimport_updates_instead_of_duplicating(org):
    rows = [
        [
            "NIP_BARU",
            "namaKursus",
            "institusiPenyelenggara",
            "Jalur",
            "jenisDiklatId",
            "jumlahJam",
            "tanggalKursus",
            "tanggalSelesaiKursus",
            "noSertipikat",
        ],
        [
            org.siti.nip,
            "Bimtek SPBE",
            "BPSDM",
            "Klasikal",
            "8",
            "2,5",
            "01-07-2024",
            "02-07-2024",
            "S-1",
        ],
        [
            org.siti.nip,
            "Literasi Digital",
            "Kominfo",
            "non-klasikal",
            "Seminar",
            "4",
            "45500",
            "45500",
            "",
        ],
    ]
    report = run_import("training-records", csv_bytes(rows), "a.csv", commit=True)
    assert report.ok, report.errors
    record = LearningRecord.objects.get(title="Bimtek SPBE")
    assert (
        record.jp,
        record.path,
        record.jenis_diklat,
        record.year,
        record.opd,
        record.source,
    ) == (Decimal("2.5"), "klasikal", 8, 2024, org.dinkes, RecordSource.IMPORT)
    assert LearningRecord.objects.get(title="Literasi Digital").jenis_diklat == 9
    rows[1][5] = "3"
    again = run_import("training-records", csv_bytes(rows), "a.csv", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert LearningRecord.objects.count() == 2
    assert LearningRecord.objects.get(title="Bimtek SPBE").jp == Decimal(3)


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("jp", "0", "number_range"),
        ("jp", "1001", "number_range"),
        ("jp", "2,25", "number_precision"),
        ("jp", "dua", "number_invalid"),
        ("path", "kelas", "invalid_choice"),
        ("jenis_diklat", "11", "invalid_choice"),
        ("nip", "198501012010011001", "unknown_employee"),
        ("title", "", "required"),
        ("title", "T" * 251, "too_long"),
    ],
)
def test_training_record_field_errors(org, column, value, code):
    row = [org.siti.nip, "Bimtek", "BPSDM", "klasikal", "8", "2", "01/07/2024", "02/07/2024", ""]
    row[RECORD_HEADER.index(column)] = value
    report = run_import("training-records", csv_bytes([RECORD_HEADER, row]), "a.csv", commit=True)
    assert codes(report) == [(2, column, code)]


def test_lms_records_cannot_be_changed_by_import(org):
    learning_record_create(
        employee=org.siti,
        title="Kursus LMS",
        provider="LMS",
        path="non_klasikal",
        jenis_diklat=3,
        jp=Decimal(4),
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 1, 2),
        source=RecordSource.LMS,
    )
    row = [
        org.siti.nip,
        "Kursus LMS",
        "LMS",
        "non_klasikal",
        "3",
        "40",
        "01/01/2025",
        "02/01/2025",
        "",
    ]
    assert codes(
        run_import("training-records", csv_bytes([RECORD_HEADER, row]), "a.csv", commit=True)
    ) == [(2, "title", "lms_record")]


# ------------------------------------------------------------------------------ reports


def test_preview_is_capped_at_50_rows_with_row_numbers(org):
    rows = [EMPLOYEE_HEADER] + [employee_row(pns_nip(1000 + i)) for i in range(60)]
    report = run_import("employees", csv_bytes(rows), "a.csv", commit=False)
    assert isinstance(report, ImportReport) and report.ok
    assert len(report.preview) == 50 and report.total_rows == 60
    assert report.preview[0]["_row"] == "2" and report.preview[-1]["_row"] == "51"
    assert report.columns == EMPLOYEE_HEADER
    assert all(isinstance(v, str) for row in report.preview for v in row.values())


def test_header_only_file_is_valid_and_empty_file_unreadable(org):
    report = run_import("employees", csv_bytes([EMPLOYEE_HEADER]), "a.csv", commit=True)
    assert report.ok and report.total_rows == 0 and report.notes
    for empty in (b"", b"\r\n\r\n", b",,,\r\n"):
        with pytest.raises(UnreadableFile):
            run_import("employees", empty, "a.csv", commit=False)

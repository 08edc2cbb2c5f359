"""Importing questions from XLSX/CSV, the template, and the export -> import round trip."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from assessments.models import Question, QuestionBank, QuestionVersion
from assessments.resources import TEMPLATE_COLUMNS
from assessments.services.questions import question_save
from lms.core.imports import UnreadableFile, get_kind, run_export
from tests.assessments.fixtures import (
    BANK_NAME,
    EXPECTED_DATA,
    RANDOM_ID,
    assert_random_choice_ids,
    codes,
    command,
    content,
    counts,
    load,
    run,
    stored,
)
from tests.factories.assessments import make_bank

pytestmark = pytest.mark.django_db

HEADER = TEMPLATE_COLUMNS


def row(defaults: dict | None = None, **cells) -> list[str]:
    base = {"competency_code": "LD.07", "level": "2", "bank": "", "type": "single"}
    base.update(defaults or {})
    base.update(cells)
    return [base.get(column, "") for column in HEADER]


def csv_file(*rows, header=HEADER, delimiter=",") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(*rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


SINGLE = {"text": "Ibu kota Indonesia?", "choice_a": "Jakarta", "choice_b": "Bandung",
          "correct": "a"}  # fmt: skip


# ------------------------------------------------------------------ unreadable files


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "soal.csv", "empty"),
        (b"MZ\x90\x00" + b"\x00" * 300, "soal.xlsx", "executable"),
        (b"%PDF-1.4\n1 0 obj", "soal.csv", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "soal.xls", "xls_legacy"),
        (b"PK\x03\x04 not really a zip", "soal.xlsx", "corrupt"),
    ],
)
def test_unreadable_files_are_refused_and_nothing_is_written(data, name, code):
    before = counts()
    with pytest.raises(UnreadableFile) as caught:
        run(data, name, commit=True)
    assert caught.value.code == code
    assert counts() == before


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("soal.xml", "<quiz/>")
    with pytest.raises(UnreadableFile) as caught:
        run(buffer.getvalue(), "soal.zip")
    assert caught.value.code == "not_xlsx"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.LMS_IMPORT_MAX_BYTES = 1000
    data = csv_file(*(row(SINGLE, text=f"Soal {n}") for n in range(40)))
    with pytest.raises(UnreadableFile) as caught:
        run(data, "soal.csv")
    assert caught.value.code == "too_big"


def test_more_rows_than_the_question_limit_are_rejected(settings):
    settings.LMS_IMPORT_MAX_QUESTIONS = 2
    data = csv_file(*(row(SINGLE, text=f"Soal {n}") for n in range(4)))
    report = run(data, "soal.csv", commit=True)
    assert ("too_many_items" in [e.code for e in report.errors]) and not report.committed
    assert [e.row for e in report.errors if e.code == "too_many_items"] == [4]


# ------------------------------------------------------------------ row errors


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ({**SINGLE, "type": "esai"}, "type", "unknown_type"),
        ({**SINGLE, "level": "6"}, "level", "level_range"),
        ({**SINGLE, "level": "dua"}, "level", "level_not_number"),
        ({**SINGLE, "competency_code": ""}, "competency_code", "required"),
        ({**SINGLE, "competency_code": "XX.99"}, "competency_code", "unknown_competency"),
        # issue 10: a single-answer question may have two right answers ("a,b"): accepted,
        # see test_a_single_answer_row_may_name_two_right_choices
        ({**SINGLE, "correct": ""}, "correct", "missing_correct"),
        ({**SINGLE, "correct": "c"}, "correct", "correct_without_choice"),
        ({**SINGLE, "correct": "a1"}, "correct", "bad_correct"),
        ({**SINGLE, "feedback_c": "Umpan balik yatim"}, "feedback_c", "feedback_without_choice"),
        ({**SINGLE, "accepted": "Jakarta"}, "accepted", "unused_column"),
        ({**SINGLE, "points": "0"}, "points", "number_range"),
        ({**SINGLE, "points": "1,255"}, "points", "number_precision"),
        ({**SINGLE, "text": "<script>alert(1)</script>"}, "text", "invalid_question"),
        ({**SINGLE, "text": "x" * 5001}, "text", "invalid_question"),
        ({"type": "true_false", "text": "BS", "correct": "mungkin"}, "correct", "bad_correct"),
        ({"type": "true_false", "text": "BS", "correct": "benar", "choice_c": "x"}, "choice_c",
         "unused_column"),
        ({"type": "short", "text": "Isian", "accepted": " | "}, "accepted", "invalid_question"),
        ({"type": "short", "text": "Isian", "accepted": "x", "case_sensitive": "kadang"},
         "case_sensitive", "bool_invalid"),
        ({"type": "numeric", "text": "Angka", "answer": "tiga"}, "answer", "invalid_number"),
        ({"type": "numeric", "text": "Angka", "answer": "3", "tolerance": "-1"}, "tolerance",
         "invalid_number"),
        ({"type": "matching", "text": "Jodoh", "pairs": "a=1|b"}, "pairs", "bad_pair"),
        ({"type": "matching", "text": "Jodoh", "pairs": "a=1"}, "pairs", "invalid_question"),
        ({"type": "matching", "text": "Jodoh",
          "pairs": "|".join(f"s{n}=j{n}" for n in range(21))}, "pairs", "too_many_pairs"),
    ],
)  # fmt: skip
def test_row_errors_name_the_row_and_the_column(cells, column, code):
    before = counts()
    data = csv_file(row(SINGLE, text="Soal yang baik"), row(**cells))
    report = run(data, "soal.csv", commit=True)
    assert (3, column, code) in codes(report), report.errors
    assert not report.committed and counts() == before


def test_headers_as_written_are_reported_and_aliases_work():
    header = ["Kode Kompetensi", "Level", "Jenis", "Soal", "Pilihan A", "Pilihan B", "Kunci"]
    data = csv_file(["LD.07", "2", "pg", "Ibu kota?", "Jakarta", "Bandung", "x"], header=header)
    report = run(data, "soal.csv")
    assert codes(report) == [(2, "Kunci", "bad_correct")]
    data = csv_file(["LD.07", "2", "pg", "Ibu kota?", "Jakarta", "Bandung", "A"], header=header)
    assert run(data, "soal.csv").ok


def test_duplicate_questions_in_one_file_are_errors():
    data = csv_file(row(SINGLE), row(SINGLE, text="  ibu KOTA indonesia? "))
    report = run(data, "soal.csv", commit=True)
    assert codes(report) == [(2, "text", "duplicate_in_file"), (3, "text", "duplicate_in_file")]


def test_scripts_and_handlers_are_removed_with_a_note():
    data = csv_file(
        row(
            text='<b>Ibu kota</b><script>alert(1)</script> <img src=x onerror="alert(2)">?',
            choice_a='<span onclick="x()">Jakarta</span>',
            choice_b="Bandung",
            correct="a",
            feedback_a="<style>*{}</style>Benar",
        )
    )
    report = run(data, "soal.csv", commit=True)
    assert report.committed, report.errors
    version = Question.objects.get().current_version
    assert version.text == "<b>Ibu kota</b> ?"
    assert RANDOM_ID.fullmatch(version.data["choices"][0]["id"])
    assert content("single", version.data)["choices"][0] == {
        "text": "Jakarta",
        "correct": True,
        "feedback": "Benar",
    }
    notes = " ".join(report.notes)
    assert "<script>" in notes and "onerror=" in notes and "onclick=" in notes
    assert "<style>" in notes and "Baris 2:" in notes


# ------------------------------------------------------------------ happy paths


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_type_imports_with_exact_data(fmt):
    source = load("all_types.csv")
    if fmt == "xlsx":
        rows = list(csv.reader(io.StringIO(source.decode())))
        source = xlsx_file(*rows[1:], header=rows[0])
    report = run(source, f"soal.{fmt}")
    assert report.ok and report.created == 6 and QuestionBank.objects.count() == 0
    report = run(source, f"soal.{fmt}", commit=True)
    assert report.committed, report.errors
    versions = stored()
    assert {t: content(t, v.data) for t, v in versions.items()} == EXPECTED_DATA
    for question_type, version in versions.items():
        assert_random_choice_ids(question_type, version.data)
    assert versions["single"].points == Decimal("2.00")
    assert versions["single"].explanation == "Kata sandi kuat panjang, acak, dan unik."
    bank = QuestionBank.objects.get()
    assert (bank.competency.code, bank.level, bank.name) == ("LD.07", 2, BANK_NAME)
    assert report.preview[0]["_row"] == "2" and report.preview[0]["type"] == "single"


def test_semicolon_csv_and_indonesian_type_names():
    data = csv_file(
        row(type="benar salah", text="BS", correct="salah"),
        row(type="isian", text="Isian", accepted="a|b", case_sensitive="ya"),
        row(type="angka", text="Angka", answer="3,5", tolerance="0,1"),
        delimiter=";",
    )
    report = run(data, "soal.csv", commit=True)
    assert report.committed, report.errors
    data = {
        q.type: q.current_version.data for q in Question.objects.select_related("current_version")
    }
    assert [c["correct"] for c in data["true_false"]["choices"]] == [False, True]
    assert data["short"] == {"accepted": ["a", "b"], "case_sensitive": True}
    assert data["numeric"] == {"answer": "3.5", "tolerance": "0.1"}


def test_bank_by_name_and_the_only_bank_and_ambiguity():
    first = make_bank("LD.07", 2, name="Bank Satu")
    report = run(csv_file(row(SINGLE)), "soal.csv", commit=True)
    assert report.committed and first.questions.count() == 1
    make_bank("LD.07", 2, name="Bank Dua")
    report = run(csv_file(row(SINGLE, text="Soal baru")), "soal.csv")
    assert codes(report) == [(2, "bank", "ambiguous_bank")]
    report = run(csv_file(row(SINGLE, text="Soal baru", bank="bank dua")), "soal.csv", commit=True)
    assert report.committed
    assert QuestionBank.objects.get(name="Bank Dua").questions.count() == 1


# ------------------------------------------------------------------ template and round trip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_is_the_header_row_only(fmt):
    content = get_kind("questions").template(fmt)
    if fmt == "csv":
        lines = content.decode("utf-8-sig").splitlines()
        assert lines == [",".join(TEMPLATE_COLUMNS)]
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert [[cell.value for cell in r] for r in sheet.iter_rows()] == [TEMPLATE_COLUMNS]
    assert TEMPLATE_COLUMNS[:5] == ["competency_code", "level", "bank", "type", "text"]
    assert "choice_f" in TEMPLATE_COLUMNS and "choice_g" not in TEMPLATE_COLUMNS
    report = run(content, f"templat.{fmt}", commit=True)
    assert report.ok and report.total_rows == 0


def tricky_questions() -> None:
    """Questions that stress the round trip: HTML, separators, formulas, odd ids, orders."""
    bank = make_bank("LD.07", 2, name="Bank Uji")
    other = make_bank("LD.07", 2, name="Bank Uji Lain")
    question_save(
        bank=bank,
        question_type="single",
        text="=1+1 hasilnya <b>berapa</b> &amp; a &lt; b?",
        data={"choices": [
            {"id": "x1", "text": "2", "correct": True, "feedback": "+1 benar"},
            {"id": "x2", "text": "-3", "correct": False, "feedback": "@salah"},
            {"id": "x3", "text": "11", "correct": False},
        ]},
        explanation="Pembahasan, dengan koma; dan titik koma.",
        points=Decimal("2.5"),
    )  # fmt: skip
    question_save(
        bank=bank,
        question_type="multiple",
        text="Enam pilihan",
        data={"choices": [{"id": str(n), "text": f"p{n}", "correct": n % 2 == 0}
                          for n in range(6)]},
    )  # fmt: skip
    question_save(
        bank=bank,
        question_type="true_false",
        text="Urutan terbalik dan teks sendiri",
        data={"choices": [
            {"id": "false", "text": "Tidak", "correct": True, "feedback": "ok"},
            {"id": "true", "text": "Ya", "correct": False},
        ]},
    )  # fmt: skip
    question_save(
        bank=bank,
        question_type="short",
        text="Pemisah di jawaban",
        data={"accepted": ["a|b", "x=y", "c\\d"], "case_sensitive": True},
    )
    question_save(
        bank=bank,
        question_type="numeric",
        text="Angka dengan nol",
        data={"answer": "3.50", "tolerance": "0.05"},
    )
    question_save(
        bank=other,
        question_type="matching",
        text="Jodohkan rumus",
        data={"pairs": [{"id": "p", "prompt": "2+2=?", "answer": "4|empat"},
                        {"id": "q", "prompt": "a\\b", "answer": "=c"}]},
    )  # fmt: skip
    inactive = question_save(bank=other, question_type="short", text="Nonaktif",
                             data={"accepted": ["x"]})  # fmt: skip
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged(fmt):
    tricky_questions()
    run(load("all_types.csv"), "all_types.csv", commit=True)
    before = counts()
    exported = run_export("questions", fmt)
    report = run(exported, f"ekspor.{fmt}", commit=True)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, before[2])
    assert counts() == before


def test_an_export_edited_and_reimported_adds_versions_only_where_changed():
    tricky_questions()
    exported = run_export("questions", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    text_at = rows[0].index("text")
    explanation_at = rows[0].index("explanation")
    target = next(r for r in rows if r[text_at] == "Angka dengan nol")
    target[explanation_at] = "Pembahasan baru"
    edited = csv_file(*rows[1:], header=rows[0])
    versions = QuestionVersion.objects.count()
    report = run(edited, "ekspor.csv", commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 6)
    assert QuestionVersion.objects.count() == versions + 1
    question = Question.objects.get(current_version__text="Angka dengan nol")
    assert question.current_version.number == 2
    assert question.current_version.explanation == "Pembahasan baru"


def test_the_demo_questions_round_trip(demo):
    assert Question.objects.count() > 0
    before = counts()
    report = run(run_export("questions", "xlsx"), "ekspor.xlsx", commit=True)
    assert report.ok, report.errors[:5]
    assert report.unchanged == before[2] and report.created == report.updated == 0
    assert counts() == before


def test_export_and_import_through_the_commands(tmp_path):
    tricky_questions()
    path = tmp_path / "soal.xlsx"
    status, _out, _err = command(
        "lms_export", "questions", "--format", "xlsx", "--output", str(path)
    )
    assert status == 0 and path.exists()
    before = counts()
    status, out, _err = command("lms_import", "questions", str(path), "--commit")
    assert status == 0 and "0 baru" in out and "7 tetap" in out
    assert counts() == before

    bad = tmp_path / "rusak.csv"
    # issue 10: "a,b" is now a valid single-answer key; a key naming an empty choice is not
    bad.write_bytes(csv_file(row(SINGLE, bank="Bank Uji", correct="c")))
    status, out, _err = command("lms_import", "questions", str(bad), "--commit")
    assert status == 1 and out.splitlines()[0].split("\t")[:3] == [
        "2",
        "correct",
        "correct_without_choice",
    ]

    pdf = tmp_path / "soal.csv"
    pdf.write_bytes(b"%PDF-1.5\n")
    assert command("lms_import", "questions", str(pdf))[0] == 2
    assert counts() == before


def test_a_single_answer_row_may_name_two_right_choices():
    report = run(csv_file(row(SINGLE, correct="a,b")), "soal.csv", commit=True)
    assert report.committed, report.errors
    question = Question.objects.select_related("current_version").get()
    assert question.type == "single"
    assert [c["correct"] for c in question.current_version.data["choices"]] == [True, True]

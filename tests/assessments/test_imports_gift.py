"""Importing GIFT files into question banks: hostile and malformed input first."""

from decimal import Decimal

import pytest

from assessments.models import Question, QuestionBank, QuestionVersion
from assessments.services.questions import question_save
from lms.core.imports import UnreadableFile, run_import
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

HEAD = "$CATEGORY: LD.07/2\n\n"


def gift(text: str) -> bytes:
    return text.encode("utf-8")


# ------------------------------------------------------------------ unreadable files


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "empty"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "executable"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "executable"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_files_that_are_not_question_files_are_refused(data, code):
    before = counts()
    with pytest.raises(UnreadableFile) as caught:
        run(data, "soal.gift", commit=True)
    assert caught.value.code == code
    if code != "empty":
        assert "GIFT" in caught.value.message and "Moodle XML" in caught.value.message
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused_before_parsing(settings):
    settings.LMS_IMPORT_MAX_BYTES = 2000
    data = gift(HEAD + "Soal {T}\n\n" * 400)
    before = counts()
    with pytest.raises(UnreadableFile) as caught:
        run(data, "besar.gift", commit=True)
    assert caught.value.code == "too_big"
    assert "MB" in caught.value.message
    assert counts() == before


def test_more_questions_than_the_limit_is_rejected(settings):
    settings.LMS_IMPORT_MAX_QUESTIONS = 3
    data = gift(HEAD + "".join(f"Soal nomor {n} benar? {{T}}\n\n" for n in range(5)))
    report = run(data, "banyak.gift", commit=True)
    assert ("too_many_items" in [error.code for error in report.errors]) and not report.committed
    assert [e.row for e in report.errors if e.code == "too_many_items"] == [4]
    assert Question.objects.count() == 0


# ------------------------------------------------------------------ syntax errors


@pytest.mark.parametrize(
    ("source", "row", "column", "code", "line"),
    [
        # line 3: the block opened on line 3 never closes
        (HEAD + "Soal pertama {\n=benar\n~salah\n", 1, "answers", "bad_gift", 3),
        (HEAD + "Soal {T}\n\nKurung } tanpa pembuka {T}\n", 2, "answers", "bad_gift", 5),
        (HEAD + "Soal {=a ~b {~c}\n", 1, "answers", "bad_gift", 3),
        (HEAD + "Dua blok {T} dan {F}\n", 1, "answers", "bad_gift", 3),
        (HEAD + "::Judul tanpa penutup Soal {T}\n", 1, "text", "bad_gift", 3),
        (HEAD + "Teks {jawaban tanpa tanda}\n", 1, "answers", "bad_gift", 3),
        # issue 10: "->" next to "~" is a choice's text (Moodle); a pair next to a plain
        # "=" answer is still an error
        (HEAD + "Jodohkan {=a -> 1 =b}\n", 1, "answers", "bad_gift", 3),
        (HEAD + "Angka {#tiga:0.1}\n", 1, "answers", "bad_gift", 3),
        (HEAD + "Rentang {#5..1}\n", 1, "answers", "bad_gift", 3),
        (HEAD + "Esai {}\n", 1, "type", "unsupported_type", 3),
        (HEAD + "Hanya keterangan tanpa blok jawaban.\n", 1, "type", "unsupported_type", 3),
    ],
)
def test_syntax_errors_name_the_item_and_the_line(source, row, column, code, line):
    before = counts()
    report = run(gift(source), "soal.gift", commit=True)
    assert (row, column, code) in codes(report)
    error = next(e for e in report.errors if e.code == code)
    assert f"baris {line}" in error.message
    assert not report.committed and counts() == before


def test_the_line_of_an_error_is_counted_across_comments_and_multi_line_blocks():
    source = (
        "// komentar baris 1\n"
        "$CATEGORY: LD.07/2\n"
        "\n"
        "// komentar baris 4\n"
        "Soal satu {\n"  # line 5
        "=a\n"
        "~b\n"
        "}\n"
        "\n"
        "Soal dua {\n"  # line 10: never closed
        "=a\n"
    )
    report = run(gift(source), "soal.gift")
    assert codes(report) == [(2, "answers", "bad_gift")]
    assert "baris 10" in report.errors[0].message


def test_one_bad_item_rejects_the_whole_file():
    source = HEAD + "Soal baik {T}\n\nSoal rusak {=a\n\nSoal baik kedua {F}\n"
    before = counts()
    report = run(gift(source), "soal.gift", commit=True)
    assert codes(report) == [(2, "answers", "bad_gift")]
    assert report.total_rows == 3 and report.valid_rows == 2
    assert not report.committed and counts() == before


# ------------------------------------------------------------------ categories and banks


def test_questions_without_a_category_are_errors_one_by_one():
    report = run(gift("Soal satu {T}\n\nSoal dua {F}\n"), "soal.gift", commit=True)
    assert codes(report) == [
        (1, "category", "missing_category"),
        (2, "category", "missing_category"),
    ]
    assert "kategori bank soal tidak ada" in report.errors[0].message.lower()
    assert QuestionBank.objects.count() == 0


@pytest.mark.parametrize("path", ["LD.07", "LD.07/tiga", "LD.07/6", "$course$/top"])
def test_a_category_that_does_not_name_a_bank_is_an_error_for_its_questions(path):
    report = run(gift(f"$CATEGORY: {path}\n\nSoal {{T}}\n"), "soal.gift", commit=True)
    assert codes(report) == [(1, "category", "bad_category")]
    assert "LD.07/2" in report.errors[0].message and "baris 1" in report.errors[0].message


def test_an_unknown_competency_is_an_item_error_and_is_never_created():
    before = counts()
    source = "$CATEGORY: XX.99/2\n\nSoal {T}\n\n$CATEGORY: LD.07/2\n\nSoal lain {F}\n"
    report = run(gift(source), "soal.gift", commit=True)
    assert codes(report) == [(1, "category", "unknown_competency")]
    assert "XX.99" in report.errors[0].message and "baris 3" in report.errors[0].message
    assert counts() == before


def test_the_dry_run_creates_no_bank_and_the_commit_creates_it_once():
    source = "$CATEGORY: $course$/top/LD.07/3/Bank Baru\n\nSoal satu {T}\n\nSoal dua {F}\n"
    report = run(gift(source), "soal.gift")
    assert report.ok and report.created == 2 and not report.committed
    assert QuestionBank.objects.count() == 0
    report = run(gift(source), "soal.gift", commit=True)
    assert report.committed
    bank = QuestionBank.objects.get()
    assert (bank.competency.code, bank.level, bank.name) == ("LD.07", 3, "Bank Baru")
    assert bank.questions.count() == 2


def test_without_a_bank_name_the_only_bank_is_used_and_several_are_ambiguous():
    existing = make_bank("LD.07", 2, name="Bank Lama")
    report = run(gift(HEAD + "Soal {T}\n"), "soal.gift", commit=True)
    assert report.committed and existing.questions.count() == 1
    make_bank("LD.07", 2, name="Bank Kedua")
    report = run(gift(HEAD + "Soal lain {T}\n"), "soal.gift", commit=True)
    assert codes(report) == [(1, "category", "ambiguous_bank")]
    assert "Bank Kedua" in report.errors[0].message


def test_categories_switch_banks_for_the_questions_after_them():
    source = (
        "$CATEGORY: LD.07/2/Bank A\n\nSoal A {T}\n\n"
        "$CATEGORY: SP.01/1/Bank B\nSoal B {F}\n"  # a question right under the category line
    )
    report = run(gift(source), "soal.gift", commit=True)
    assert report.committed, report.errors
    located = {
        q.current_version.text: (q.bank.competency.code, q.bank.level, q.bank.name)
        for q in Question.objects.select_related("bank__competency", "current_version")
    }
    assert located == {"Soal A": ("LD.07", 2, "Bank A"), "Soal B": ("SP.01", 1, "Bank B")}


# ------------------------------------------------------------------ validation


def test_a_single_choice_with_two_correct_answers_is_accepted():
    # issue 10 item 9: Moodle accepts several 100% answers in a single-answer question
    report = run(gift(HEAD + "Pilih satu {=a =b ~c}\n"), "soal.gift", commit=True)
    assert report.committed, report.errors
    question = Question.objects.select_related("current_version").get()
    assert question.type == "single"
    assert [c["correct"] for c in question.current_version.data["choices"]] == [True, True, False]


@pytest.mark.parametrize(
    ("source", "code", "column"),
    [
        ("Pilih {~a ~b ~c}", "invalid_question", "answers"),  # no right answer at all
        ("Pilih {=a}", None, None),  # a lone "=" is a short answer: valid
        ("Jodohkan {=a -> 1}", "invalid_question", "answers"),  # one pair
        ("Isian {=%50%setengah}", "invalid_question", "answers"),  # nothing at 100%
        ("<script>alert(1)</script> {T}", "invalid_question", "text"),  # empty once cleaned
        # issue 10: the limits are questions.MAX_CHOICES and MAX_PAIRS (20), no longer 6
        (
            "Banyak {=a " + " ".join(f"~p{n}" for n in range(20)) + "}",
            "too_many_choices",
            "answers",
        ),
        (
            "Banyak {" + " ".join(f"=s{n} -> j{n}" for n in range(21)) + "}",
            "too_many_pairs",
            "answers",
        ),
    ],
)
def test_content_is_validated_like_the_admin_does(source, code, column):
    report = run(gift(HEAD + source + "\n"), "soal.gift")
    if code is None:
        assert report.ok, report.errors
    else:
        assert (1, column, code) in codes(report)


def test_duplicate_questions_in_one_file_are_errors_on_every_copy():
    # Issue 10: the same stem with other answers is a variant, not a duplicate; a copy with the
    # same answers (stem compared without case and spacing) still is.
    source = (
        HEAD + "Apa itu OTP? {=kode sekali pakai}\n\nSoal lain {T}\n\n"
        "apa  itu   OTP? {=kode sekali pakai}\n"
    )
    report = run(gift(source), "soal.gift", commit=True)
    assert codes(report) == [(1, "text", "duplicate_in_file"), (3, "text", "duplicate_in_file")]
    assert "nomor 3" in report.errors[0].message and "baris 3" in report.errors[0].message
    assert Question.objects.count() == 0


# ------------------------------------------------------------------ hostile text


def test_scripts_and_event_handlers_are_removed_with_a_note():
    source = HEAD + (
        "[html]<b>Soal</b> <script>alert(1)</script>aman? "
        "<img src=x onerror=alert(2)> {\n"
        '=<i onclick\\="steal()">ya</i>#<script>x()</script>Benar\n'  # "=" escaped in GIFT
        "~tidak\n"
        "}\n"
    )
    report = run(gift(source), "soal.gift", commit=True)
    assert report.committed, report.errors
    version = Question.objects.get().current_version
    assert version.text == "<b>Soal</b> aman?"
    assert RANDOM_ID.fullmatch(version.data["choices"][0]["id"])
    assert content("single", version.data)["choices"][0] == {
        "text": "<i>ya</i>",
        "correct": True,
        "feedback": "Benar",
    }
    notes = " ".join(report.notes)
    assert "<script>" in notes and "onclick=" in notes and "onerror=" in notes
    assert "gambar" in notes and "baris 3" in notes


def test_plain_format_shows_markup_as_text():
    report = run(
        gift(HEAD + "[plain]Apakah a < b dan <b>ini</b> tebal? {T}\n"), "s.gift", commit=True
    )
    assert report.committed
    text = Question.objects.get().current_version.text
    assert text == "Apakah a &lt; b dan &lt;b&gt;ini&lt;/b&gt; tebal?"


# ------------------------------------------------------------------ happy paths


def test_every_type_imports_with_exact_data():
    report = run(load("all_types.gift"), "all_types.gift", commit=True)
    assert report.ok and report.committed, report.errors
    assert (report.total_rows, report.created, report.updated, report.unchanged) == (6, 6, 0, 0)
    versions = stored()
    assert {t: content(t, v.data) for t, v in versions.items()} == EXPECTED_DATA
    for question_type, version in versions.items():
        assert_random_choice_ids(question_type, version.data)
    assert versions["single"].explanation == "Kata sandi kuat panjang, acak, dan unik."
    assert versions["single"].text == "Manakah kata sandi yang paling kuat?"
    assert all(v.points == Decimal(1) for v in versions.values())
    bank = QuestionBank.objects.get()
    assert (bank.competency.code, bank.level, bank.name) == ("LD.07", 2, BANK_NAME)
    assert report.preview[0]["type"] == "single" and report.preview[0]["_row"] == "1"


def test_gift_details_escapes_missing_word_ranges_and_weights():
    source = HEAD + (
        "::T1:: Kurung \\{kurawal\\} dan sama dengan \\= ditulis \\: begini {=ya}\n\n"
        "Mawar itu {=merah ~biru} warnanya.\n\n"
        "Rentang {#1..5####Antara satu dan lima.}\n\n"
        "Pilih jawaban {=%100%benar#Tepat ~%50%separuh ~salah}\n\n"
        "Salah {FALSE#Bukan begitu.#Betul, salah.}\n\n"
        "Isian {=Jakarta =%50%DKI}\n\n"
        "Jodohkan {=a -> 1 =b -> 2 = -> 3}\n\n"
        "Angka {#=3.5:0.1#tepat =%50%3:1}\n\n"
        "Baris\\nbaru {T}\n"
    )
    report = run(gift(source), "soal.gift", commit=True)
    assert report.committed, report.errors
    by_text = {
        q.current_version.text: (q.type, q.current_version)
        for q in Question.objects.select_related("current_version")
    }
    assert by_text["Kurung {kurawal} dan sama dengan = ditulis : begini"][1].data == {
        "accepted": ["ya"],
        "case_sensitive": False,
    }
    kind, version = by_text["Mawar itu _____ warnanya."]
    assert kind == "single" and [c["correct"] for c in version.data["choices"]] == [True, False]
    kind, version = by_text["Rentang"]
    assert kind == "numeric" and version.data == {"answer": "3", "tolerance": "2"}
    assert version.explanation == "Antara satu dan lima."
    kind, version = by_text["Pilih jawaban"]
    assert kind == "single"
    assert [c["correct"] for c in version.data["choices"]] == [True, False, False]
    kind, version = by_text["Salah"]
    assert version.data["choices"] == [
        {"id": "true", "text": "Benar", "correct": False, "feedback": "Bukan begitu."},
        {"id": "false", "text": "Salah", "correct": True, "feedback": "Betul, salah."},
    ]
    assert by_text["Isian"][1].data == {"accepted": ["Jakarta"], "case_sensitive": False}
    assert by_text["Jodohkan"][1].data == {
        "pairs": [
            {"id": "1", "prompt": "a", "answer": "1"},
            {"id": "2", "prompt": "b", "answer": "2"},
        ]
    }
    # issue 10 item 7: the 50% answer is kept as partial credit, with the feedback
    assert by_text["Angka"][1].data == {
        "answer": "3.5",
        "tolerance": "0.1",
        "feedback": "tepat",
        "ranges": [{"answer": "3", "tolerance": "1", "fraction": "0.5", "feedback": ""}],
    }
    assert by_text["Baris<br>baru"][0] == "true_false"
    notes = " ".join(report.notes)
    assert "pilihan B" in notes and "dihitung salah" in notes
    assert "DKI" in notes and "pengecoh" in notes


def test_multiple_answer_weights_make_a_multiple_choice_question():
    source = HEAD + "Pilih semua {~%33.3%a ~%33.3%b ~%33.4%c ~%-100%d}\n"
    report = run(gift(source), "soal.gift", commit=True)
    assert report.committed
    question = Question.objects.select_related("current_version").get()
    assert question.type == "multiple"
    assert [c["correct"] for c in question.current_version.data["choices"]] == [
        True,
        True,
        True,
        False,
    ]
    assert any("bobot" in note for note in report.notes)


def test_reimporting_the_same_file_changes_nothing():
    first = run(load("all_types.gift"), "all_types.gift", commit=True)
    assert first.created == 6
    before = counts()
    again = run(load("all_types.gift"), "all_types.gift", commit=True)
    assert again.committed and (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert counts() == before


def test_changed_content_adds_a_version_and_the_old_one_is_kept():
    bank = make_bank("LD.07", 2, name=BANK_NAME)
    question = question_save(
        bank=bank,
        question_type="true_false",
        text="Autentikasi dua faktor menambah lapisan keamanan akun.",
        data={"choices": [{"id": "true", "text": "Benar", "correct": False},
                          {"id": "false", "text": "Salah", "correct": True}]},
    )  # fmt: skip
    old = question.current_version
    # Issue 10: this update changes the key (true <-> false), so it needs allow_key_change.
    refused = run(load("all_types.gift"), "all_types.gift", commit=True)
    assert codes(refused) == [(3, "answers", "key_changed")] and not refused.committed
    report = run_import(
        "questions",
        load("all_types.gift"),
        "all_types.gift",
        commit=True,
        options={"allow_key_change": True},
    )
    assert (report.created, report.updated, report.unchanged) == (5, 1, 0)
    assert any("kunci berubah" in note for note in report.notes)
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.data == EXPECTED_DATA["true_false"]
    assert QuestionVersion.objects.get(pk=old.pk).data["choices"][0]["correct"] is False


def test_the_same_text_with_another_type_is_an_error():
    bank = make_bank("LD.07", 2)
    question_save(bank=bank, question_type="short", text="Soal", data={"accepted": ["x"]})
    report = run(gift(HEAD + "Soal {T}\n"), "soal.gift", commit=True)
    assert codes(report) == [(1, "type", "type_changed")]


def test_windows_1252_and_utf16_text_are_read():
    source = HEAD + "Café itu tempat minum kopi. {T}\n"
    report = run(source.encode("cp1252"), "soal.gift")
    assert report.ok and any("Windows-1252" in note for note in report.notes)
    report = run(source.encode("utf-16"), "soal.txt", commit=True)
    assert report.committed
    assert Question.objects.get().current_version.text == "Café itu tempat minum kopi."


def test_a_pengajar_needs_no_opd_scope():
    from django.contrib.auth.models import Group

    from lms.core.imports import KindNotAllowed
    from lms.users.roles import Role
    from tests.factories.users import UserFactory

    pengajar = UserFactory()
    pengajar.groups.add(Group.objects.get(name=Role.PENGAJAR))
    report = run(gift(HEAD + "Soal {T}\n"), "soal.gift", commit=True, user=pengajar)
    assert report.committed
    with pytest.raises(KindNotAllowed):  # a user without the question permissions
        run(gift(HEAD + "Soal {T}\n"), "soal.gift", commit=True, user=UserFactory())


# ------------------------------------------------------------------ the command


def test_lms_import_exit_codes(tmp_path):
    good = tmp_path / "soal.gift"
    good.write_bytes(load("all_types.gift"))
    status, out, _err = command("lms_import", "questions", str(good))
    assert status == 0 and "6 akan dibuat" in out and Question.objects.count() == 0
    status, out, _err = command("lms_import", "questions", str(good), "--commit")
    assert status == 0 and "disimpan" in out and Question.objects.count() == 6

    bad = tmp_path / "rusak.gift"
    bad.write_bytes(gift(HEAD + "Soal {=a\n"))
    status, out, _err = command("lms_import", "questions", str(bad), "--commit")
    assert status == 1
    assert out.splitlines()[0].split("\t")[:3] == ["1", "answers", "bad_gift"]

    binary = tmp_path / "virus.gift"
    binary.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    status, _out, err = command("lms_import", "questions", str(binary), "--commit")
    assert status == 2 and "executable" in err
    assert Question.objects.count() == 6


def test_the_dry_run_sends_no_write_and_no_savepoint_to_the_database():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = run(load("all_types.gift"), "all_types.gift")
    assert report.ok and report.created == 6
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert set(statements) == {"SELECT"}, statements


def test_a_bank_created_meanwhile_is_a_write_conflict_and_nothing_is_kept(monkeypatch):
    from assessments.importers.planner import Planner

    original = Planner.write

    def write_after_a_concurrent_import(self, plans):
        make_bank("LD.07", 2, name=BANK_NAME)  # appears between the checks and the write
        original(self, plans)

    monkeypatch.setattr(Planner, "write", write_after_a_concurrent_import)
    before = counts()
    report = run(load("all_types.gift"), "all_types.gift", commit=True)
    assert [e.code for e in report.errors] == ["write_conflict"] and not report.committed
    assert counts() == before

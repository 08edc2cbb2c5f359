"""GIFT as Moodle reads it (issue 10 items 4, 5, 6, 7, 9): escapes, format markers, "->" in
multiple-choice answers, numerical answers with ranges, partial credit and feedback, several
right answers in a single-answer question, Moodle's limits. Sources are written after the
examples of Moodle's GIFT format documentation and a hand-written export in Moodle's shape
(BOM, CRLF, ``// question:`` comments, ``$course$/top/`` category)."""

from decimal import Decimal

import pytest

from assessments.grading import grade
from assessments.models import Question
from assessments.questions import MAX_CHOICES, MAX_PAIRS
from lms.core.imports import run_import
from tests.assessments.fixtures import assert_random_choice_ids, codes, counts, run
from tests.assessments.fixtures.moodle import assert_reimport_unchanged, export, import_export

pytestmark = pytest.mark.django_db

HEAD = "$CATEGORY: LD.07/2\n\n"


def imported(source: str) -> dict[str, Question]:
    """Import ``source`` (one category head added) and return the questions by text."""
    report = run((HEAD + source).encode(), "soal.gift", commit=True)
    assert report.committed, report.errors
    return {q.current_version.text: q for q in Question.objects.select_related("current_version")}


def only(source: str) -> Question:
    (question,) = imported(source).values()
    return question


def points(question: Question, response) -> Decimal:
    return grade(question.type, question.current_version.data, response)


# ------------------------------------------------------------------ escapes (item 4)


def test_the_documented_escapes_are_undone_in_stems_answers_and_feedback():
    question = only(
        "Berapa 1 \\+ 1 \\= ? Kurung \\{ \\} pagar \\# tilde \\~ titik dua \\: garis \\\\ {"
        "=dua \\= 2#benar \\# tepat ~tiga \\~ 3}\n"
    )
    version = question.current_version
    assert version.text == "Berapa 1 \\+ 1 = ? Kurung { } pagar # tilde ~ titik dua : garis \\"
    texts = [(c["text"], c["feedback"]) for c in version.data["choices"]]
    assert texts == [("dua = 2", "benar # tepat"), ("tiga ~ 3", "")]


@pytest.mark.parametrize(
    "written",
    [
        "43/236\\*-+",  # Moodle's short-answer escape, as a trainer writes it
        "43/236\\\\*-+",  # what Moodle's GIFT export writes (the backslash escaped again)
    ],
)
def test_an_escaped_short_answer_is_graded_right_when_typed_as_shown(written):
    question = only("Ketik kode berikut\\: 43/236*-+ {=" + written + "}\n")
    assert question.type == "short"
    assert question.current_version.data["accepted"] == ["43/236*-+"]
    assert points(question, "43/236*-+") == 1
    assert points(question, written) == 0


def test_a_line_break_escape_in_a_short_answer_is_a_space():
    question = only("Isian {=satu\\ndua}\n")
    assert question.current_version.data["accepted"] == ["satu dua"]


# ------------------------------------------------------------------ format markers (item 5)


def test_format_markers_are_removed_and_applied_per_part():
    question = only(
        "[markdown]Manakah yang **benar**? {\n"
        "~%50%Kata *panjang*#[plain]<b>ya</b>\n"
        "~%50%[html]<u>unik</u>#[moodle]<i>juga</i>\n"
        "~%-100%`tanggal lahir`\n"
        "####[plain]1 < 2\n"
        "}\n"
    )
    version = question.current_version
    assert version.text == "Manakah yang <strong>benar</strong>?"
    assert [(c["text"], c["feedback"]) for c in version.data["choices"]] == [
        ("Kata <em>panjang</em>", "&lt;b&gt;ya&lt;/b&gt;"),
        ("<u>unik</u>", "<i>juga</i>"),
        ("<code>tanggal lahir</code>", ""),
    ]
    assert version.explanation == "1 &lt; 2"
    shown = version.text + version.explanation + str(version.data)
    assert not any(f"[{name}]" in shown for name in ("markdown", "plain", "html", "moodle"))


def test_the_question_formats_default_applies_to_its_answers():
    question = only("[plain]Pilih <b> {=<b>#<i> ~<u>}\n")
    version = question.current_version
    assert version.text == "Pilih &lt;b&gt;"
    assert version.data["choices"][0]["text"] == "&lt;b&gt;"
    assert version.data["choices"][0]["feedback"] == "&lt;i&gt;"


def test_a_marker_before_a_short_answer_is_not_part_of_the_answer():
    question = only("Isian {=[plain]Jakarta =[html]DKI Jakarta}\n")
    assert question.current_version.data["accepted"] == ["Jakarta", "DKI Jakarta"]


def test_hostile_markdown_is_sanitised_with_a_note():
    report = run(
        (
            HEAD + "[markdown]Klik [tautan](javascript:alert(1)) <script>alert(2)</script>"
            "![gambar](http://x/y.png) **aman**? {T}\n"
        ).encode(),
        "soal.gift",
        commit=True,
    )
    assert report.committed, report.errors
    text = Question.objects.get().current_version.text
    # markdown-it refuses the javascript: link (it stays text), the sanitiser the rest
    assert "<script" not in text and "<a" not in text and "href" not in text
    assert "<img" not in text and "alert(2)" not in text
    assert "<strong>aman</strong>" in text and "tautan" in text
    notes = " ".join(report.notes)
    assert "<script>" in notes and "gambar" in notes


# ------------------------------------------------------------------ "->" in choices (item 6)


def test_an_arrow_in_a_multiple_choice_answer_is_text():
    question = only("Menu untuk menyimpan? {=File->Save ~Edit->Copy ~View -> Zoom}\n")
    assert question.type == "single"
    choices = question.current_version.data["choices"]
    assert [c["text"] for c in choices] == ["File-&gt;Save", "Edit-&gt;Copy", "View -&gt; Zoom"]
    assert [c["correct"] for c in choices] == [True, False, False]
    assert_random_choice_ids("single", question.current_version.data)


def test_arrows_in_a_multiple_answer_question_are_text():
    question = only("Menu yang menyimpan {~%50%File->Save ~%50%File->Save As ~%-100%Edit->Cut}\n")
    assert question.type == "multiple"
    assert [c["correct"] for c in question.current_version.data["choices"]] == [True, True, False]


def test_pairs_without_a_tilde_are_still_a_matching_question():
    question = only("Jodohkan {=kucing -> makanan kucing =anjing -> makanan anjing}\n")
    assert question.type == "matching"
    assert [p["answer"] for p in question.current_version.data["pairs"]] == [
        "makanan kucing",
        "makanan anjing",
    ]


# ------------------------------------------------------------------ numerical (item 7)


def test_numerical_ranges_with_partial_credit_and_feedback():
    question = only(
        "Tahun kelahiran? {#\n=1822:0#Tepat, nilai penuh.\n=%50%1822:2#Hampir, setengah nilai.\n}\n"
    )
    data = question.current_version.data
    assert data == {
        "answer": "1822",
        "tolerance": "0",
        "feedback": "Tepat, nilai penuh.",
        "ranges": [
            {"answer": "1822", "tolerance": "2", "fraction": "0.5",
             "feedback": "Hampir, setengah nilai."}
        ],
    }  # fmt: skip
    assert points(question, "1822") == 1
    assert points(question, "1823,5") == Decimal("0.5")
    assert points(question, "1825") == 0


def test_a_numerical_wrong_answer_feedback_imports():
    question = only("Angka dari 1 sampai 5? {#3:2~#Salah sama sekali}\n")
    assert question.current_version.data == {
        "answer": "3",
        "tolerance": "2",
        "wrong_feedback": "Salah sama sekali",
    }
    assert points(question, "5") == 1 and points(question, "6") == 0


def test_numerical_ranges_interval_end_points_and_feedback_on_every_answer():
    question = only("Angka {#=3:0#fb =%50%3:1#fb dekat =%25%1..5 ~#jauh}\n")
    data = question.current_version.data
    assert data["ranges"] == [
        {"answer": "3", "tolerance": "1", "fraction": "0.5", "feedback": "fb dekat"},
        {"answer": "3", "tolerance": "2", "fraction": "0.25", "feedback": ""},
    ]
    assert data["feedback"] == "fb" and data["wrong_feedback"] == "jauh"
    assert [points(question, v) for v in ("3", "2", "1", "0")] == [
        1, Decimal("0.5"), Decimal("0.25"), 0
    ]  # fmt: skip


@pytest.mark.parametrize(
    "block",
    [
        "{#=%50%3:1}",  # nothing at 100 %
        "{#=3:0 =%150%3:1}",  # more than 100 %
        "{#=3:0 =%50%tiga}",  # not a number
    ],
)
def test_bad_numerical_answers_are_item_errors_and_nothing_is_written(block):
    before = counts()
    report = run((HEAD + f"Angka {block}\n").encode(), "soal.gift", commit=True)
    assert (1, "answers", "bad_gift") in codes(report)
    assert "baris 3" in report.errors[0].message
    assert not report.committed and counts() == before


def test_a_zero_weight_numerical_answer_is_dropped_with_a_note():
    report = run((HEAD + "Angka {#=3:0 =%0%4:0}\n").encode(), "soal.gift", commit=True)
    assert report.committed, report.errors
    assert Question.objects.get().current_version.data == {"answer": "3", "tolerance": "0"}
    assert any("0%" in note and "diabaikan" in note for note in report.notes)


# ------------------------------------------------------------------ several right answers, limits


def test_either_right_answer_of_a_single_answer_question_earns_full_marks():
    question = only("Ibu kota baru? {=Nusantara =IKN ~Bandung}\n")
    assert question.type == "single"
    by_text = {c["text"]: c["id"] for c in question.current_version.data["choices"]}
    assert points(question, by_text["Nusantara"]) == 1
    assert points(question, by_text["IKN"]) == 1
    assert points(question, by_text["Bandung"]) == 0
    assert_random_choice_ids("single", question.current_version.data)


def test_up_to_the_limits_of_choices_and_pairs_import():
    assert MAX_CHOICES == 20 and MAX_PAIRS == 20
    choices = "=benar " + " ".join(f"~salah {n}" for n in range(MAX_CHOICES - 1))
    pairs = " ".join(f"=istilah {n} -> arti {n}" for n in range(MAX_PAIRS))
    found = imported(f"Banyak pilihan {{{choices}}}\n\nBanyak pasangan {{{pairs}}}\n")
    assert len(found["Banyak pilihan"].current_version.data["choices"]) == 20
    assert len(found["Banyak pasangan"].current_version.data["pairs"]) == 20
    assert_random_choice_ids("single", found["Banyak pilihan"].current_version.data)


def test_a_partial_weight_note_names_a_late_choice_by_its_letter():
    choices = " ".join(f"~p{n}" for n in range(9)) + " ~%50%separuh =benar"
    report = run((HEAD + f"Pilih {{{choices}}}\n").encode(), "soal.gift", commit=True)
    assert report.committed, report.errors
    assert any("pilihan J" in note for note in report.notes)


# ------------------------------------------------------------------ a file in Moodle's shape


def test_a_moodle_shaped_export_with_bom_and_crlf_imports_as_exported_and_again_unchanged():
    questions = import_export("export.gift", 6)
    menu = questions["Perintah menu untuk <b>menyimpan</b> dokumen adalah"]
    assert menu.type == "single"
    assert [c["text"] for c in menu.current_version.data["choices"]][0] == "File-&gt;Save"
    code = questions["Ketik kode berikut persis: 43/236*-+"]
    assert code.current_version.data["accepted"] == ["43/236*-+"]
    assert points(code, "43/236*-+") == 1
    year = questions["Tahun berapa Sumpah Pemuda diikrarkan?"]
    assert points(year, "1928") == 1 and points(year, "1929") == Decimal("0.5")
    assert year.current_version.data["wrong_feedback"] == "Bukan tahun itu."
    markdown = questions["Manakah yang <strong>benar</strong>?"]
    assert markdown.type == "multiple"
    assert markdown.current_version.explanation == "Kata sandi kuat: <code>panjang</code> dan unik."
    assert markdown.current_version.data["choices"][2]["text"] == "Kata sandi = tanggal lahir"
    two = questions["Ibu kota Indonesia yang diresmikan (dua jawaban diterima)"]
    assert [c["correct"] for c in two.current_version.data["choices"]] == [True, True, False]
    assert questions["Jodohkan istilah dengan artinya."].type == "matching"
    for question in questions.values():
        assert_random_choice_ids(question.type, question.current_version.data)
    assert_reimport_unchanged(export("export.gift"), "export.gift", 6)


def test_a_reimport_that_changes_only_a_numerical_range_or_its_feedback_is_a_change():
    def again(block: str, **options):
        source = (HEAD + f"Angka {block}\n").encode()
        return run_import("questions", source, "soal.gift", commit=True, options=options)

    assert again("{#=3:0 =%50%3:1#dekat}").created == 1
    same = again("{#=3:0 =%50%3:1#dekat}")
    assert (same.created, same.updated, same.unchanged) == (0, 0, 1)
    feedback = again("{#=3:0 =%50%3:1#hampir}")  # feedback only: not the key
    assert feedback.committed and feedback.updated == 1, feedback.errors
    # another fraction is part of the key (content.signature's body), confirmed here
    changed = again("{#=3:0 =%25%3:1#hampir}", allow_key_change=True)
    assert changed.committed and changed.updated == 1, changed.errors
    question = Question.objects.select_related("current_version").get()
    assert question.current_version.data["ranges"] == [
        {"answer": "3", "tolerance": "1", "fraction": "0.25", "feedback": "hampir"}
    ]
    assert points(question, "2") == Decimal("0.25")

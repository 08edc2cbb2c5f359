"""Moodle XML as Moodle reads it (issue 10 items 4, 5, 7, 9): the short-answer escape ``\\*``,
Markdown text, numerical answers with ranges, partial credit and the ``*`` feedback, several
right answers in a single-answer question, Moodle's limits; plus the validation of the numeric
data these produce. ``fixtures/moodle/export.xml`` is hand-written in the shape of Moodle's
question-bank export (BOM, CRLF, CDATA, ``$course$/top/`` category, the elements Moodle writes).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.grading import grade
from assessments.models import Question, QuestionType
from assessments.questions import MAX_CHOICES, validate_question
from tests.assessments.fixtures import assert_random_choice_ids, codes, counts, run
from tests.assessments.fixtures.moodle import assert_reimport_unchanged, export, import_export
from tests.assessments.test_imports_moodle import quiz

pytestmark = pytest.mark.django_db


def imported(*questions: str) -> tuple[object, list[Question]]:
    report = run(quiz(*questions), "soal.xml", commit=True)
    assert report.committed, report.errors
    return report, list(Question.objects.select_related("current_version").order_by("pk"))


def points(question: Question, response) -> Decimal:
    return grade(question.type, question.current_version.data, response)


def shortanswer(*answers: tuple[str, str]) -> str:
    body = "".join(f'<answer fraction="{f}"><text>{a}</text></answer>' for f, a in answers)
    return (
        '<question type="shortanswer"><questiontext><text>Isian</text></questiontext>'
        f"<usecase>0</usecase>{body}</question>"
    )


def numerical(*answers: tuple[str, str, str, str]) -> str:
    body = "".join(
        f'<answer fraction="{f}"><text>{a}</text><tolerance>{t}</tolerance>'
        f"<feedback><text>{fb}</text></feedback></answer>"
        for f, a, t, fb in answers
    )
    return (
        '<question type="numerical"><questiontext><text>Angka</text></questiontext>'
        f"{body}</question>"
    )


# ------------------------------------------------------------------ short answer escape (item 4)


def test_an_escaped_asterisk_is_the_asterisk_a_learner_types():
    report, (question,) = imported(shortanswer(("100", "43/236\\*-+")))
    assert question.current_version.data["accepted"] == ["43/236*-+"]
    assert points(question, "43/236*-+") == 1
    assert points(question, "43/236\\*-+") == 0
    assert not any("wildcard" in note for note in report.notes)


def test_an_unescaped_asterisk_is_still_a_note_about_wildcards():
    report, (question,) = imported(shortanswer(("100", "Jak*"), ("100", "a\\*b")))
    assert question.current_version.data["accepted"] == ["Jak*", "a*b"]
    notes = [note for note in report.notes if "wildcard" in note]
    assert len(notes) == 1 and "Jak*" in notes[0]


# ------------------------------------------------------------------ formats


def test_markdown_text_is_rendered_and_plain_text_shown_as_text():
    question_xml = (
        '<question type="truefalse"><questiontext format="markdown"><text>Apakah **ini** '
        "`kode`? &lt;script&gt;x()&lt;/script&gt;</text></questiontext>"
        '<generalfeedback format="plain_text"><text>1 &lt; 2</text></generalfeedback>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    _report, (question,) = imported(question_xml)
    assert question.current_version.text == "Apakah <strong>ini</strong> <code>kode</code>?"
    assert question.current_version.explanation == "1 &lt; 2"


# ------------------------------------------------------------------ numerical (item 7)


def test_numerical_answers_with_partial_credit_and_the_any_answer_feedback():
    report, (question,) = imported(
        numerical(
            ("100", "3.5", "0.1", "Tepat."),
            ("50", "3.5", "1", "Dekat."),
            ("0", "10", "0", ""),
            ("0", "*", "", "Salah sama sekali."),
        )
    )
    assert question.current_version.data == {
        "answer": "3.5",
        "tolerance": "0.1",
        "feedback": "Tepat.",
        "ranges": [{"answer": "3.5", "tolerance": "1", "fraction": "0.5", "feedback": "Dekat."}],
        "wrong_feedback": "Salah sama sekali.",
    }
    assert [points(question, v) for v in ("3,45", "4", "10", "5")] == [1, Decimal("0.5"), 0, 0]
    assert any('"10"' in note and "diabaikan" in note for note in report.notes)


def test_a_numerical_without_a_full_answer_is_refused_and_nothing_is_written():
    before = counts()
    report = run(quiz(numerical(("50", "3", "1", ""))), "soal.xml", commit=True)
    assert codes(report) == [(1, "answer", "invalid_question")]
    assert not report.committed and counts() == before


# ------------------------------------------------------------------ several right answers, limits


def multichoice(count: int, right: int = 1) -> str:
    answers = "".join(
        f'<answer fraction="{100 if n < right else 0}"><text>p{n}</text></answer>'
        for n in range(count)
    )
    return (
        '<question type="multichoice"><questiontext><text>Pilih</text></questiontext>'
        f"<single>true</single>{answers}</question>"
    )


def test_two_full_answers_of_a_single_answer_question_both_earn_full_marks():
    _report, (question,) = imported(multichoice(3, right=2))
    assert question.type == "single"
    ids = [c["id"] for c in question.current_version.data["choices"]]
    assert [points(question, choice_id) for choice_id in ids] == [1, 1, 0]
    assert_random_choice_ids("single", question.current_version.data)


def test_up_to_twenty_choices_import_and_more_are_refused():
    _report, (question,) = imported(multichoice(MAX_CHOICES))
    assert len(question.current_version.data["choices"]) == 20
    report = run(quiz(multichoice(MAX_CHOICES + 1)), "soal.xml", commit=True)
    assert codes(report) == [(1, "answer", "too_many_choices")]
    assert "paling banyak 20" in report.errors[0].message


# ------------------------------------------------------------------ an export in Moodle's shape


def test_a_moodle_shaped_export_imports_as_exported_and_again_unchanged():
    by_text = import_export("export.xml", 4)
    code = by_text["<p>Ketik kode berikut persis: 43/236*-+</p>"]
    assert points(code, "43/236*-+") == 1
    year = by_text["<p>Tahun berapa Sumpah Pemuda diikrarkan?</p>"]
    assert points(year, "1928") == 1 and points(year, "1927") == Decimal("0.5")
    assert year.current_version.data["wrong_feedback"] == "Bukan tahun itu."
    assert year.current_version.data["feedback"] == "<p>Tepat.</p>"
    two = by_text["<p>Ibu kota baru Indonesia?</p>"]
    assert [c["correct"] for c in two.current_version.data["choices"]] == [True, True, False]
    markdown = by_text["Manakah yang <strong>benar</strong>?"]
    assert markdown.type == "multiple"
    assert markdown.current_version.explanation == "Kata sandi kuat: <code>panjang</code> dan unik."
    first = markdown.current_version.data["choices"][0]
    assert first["text"] == "Kata sandi <em>panjang</em>"
    assert first["feedback"] == "&lt;b&gt;ya&lt;/b&gt;"
    for question in by_text.values():
        assert_random_choice_ids(question.type, question.current_version.data)
    assert_reimport_unchanged(export("export.xml"), "export.xml", 4)


# ------------------------------------------------------------------ validation of numeric data


def test_old_numeric_data_stays_valid_and_unchanged():
    assert validate_question(QuestionType.NUMERIC, "Soal?", {"answer": "6", "tolerance": "0"}) == {
        "answer": "6",
        "tolerance": "0",
    }


@pytest.mark.parametrize(
    ("ranges", "fragment"),
    [
        ([{"answer": "3", "tolerance": "1", "fraction": "0"}], "lebih dari 0"),
        ([{"answer": "3", "tolerance": "1", "fraction": "1.5"}], "paling banyak 1"),
        ([{"answer": "tiga", "tolerance": "1", "fraction": "0.5"}], "tidak valid"),
        ([{"answer": "3", "tolerance": "-1", "fraction": "0.5"}], "tidak valid"),
        ("3:1", "tidak valid"),
        ([{"answer": "3", "tolerance": "1", "fraction": "0.5"}] * 21, "paling banyak 20"),
    ],
)
def test_bad_numeric_ranges_are_refused_in_indonesian(ranges, fragment):
    with pytest.raises(ValidationError) as error:
        validate_question(
            QuestionType.NUMERIC, "Soal?", {"answer": "3", "tolerance": "0", "ranges": ranges}
        )
    assert any(fragment in message for message in error.value.messages), error.value.messages


def test_numeric_feedback_is_sanitised():
    cleaned = validate_question(
        QuestionType.NUMERIC,
        "Soal?",
        {
            "answer": "3",
            "wrong_feedback": "<script>x()</script>Salah",
            "ranges": [{"answer": "3", "tolerance": "1", "fraction": "0.5",
                        "feedback": '<b onclick="x()">Dekat</b>'}],
        },
    )  # fmt: skip
    assert cleaned["wrong_feedback"] == "Salah"
    assert cleaned["ranges"][0]["feedback"] == "<b>Dekat</b>"

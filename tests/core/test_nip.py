"""Structural validation of NIP (PNS) and NI PPPK numbers."""

import copy
import pickle
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lms.core.nip import (
    NIPError,
    ParsedNIP,
    mask_nip,
    normalize_nip,
    parse_nip,
    parse_nip_any,
    validate_nip,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("raw", "gender", "birth", "tmt"),
    [
        ("198609262015051001", "L", date(1986, 9, 26), (2015, 5)),
        ("19860926 201505 1 001", "L", date(1986, 9, 26), (2015, 5)),
        ("1986.0926.2015.05.1.001", "L", date(1986, 9, 26), (2015, 5)),
        ("19860926-201505-1-001", "L", date(1986, 9, 26), (2015, 5)),
        ("19860926\u00a0201505\u00a01\u00a0001", "L", date(1986, 9, 26), (2015, 5)),
        ("\u200b 199003142019032007\t\n", "P", date(1990, 3, 14), (2019, 3)),
        ("200901012026101001", "L", date(2009, 1, 1), (2026, 10)),  # youngest birth year
        ("198609262026121001", "L", date(1986, 9, 26), (2026, 12)),  # +1 month tolerance
    ],
)
def test_valid_pns(raw, gender, birth, tmt):
    parsed = parse_nip(raw, today=TODAY)
    assert parsed.nip == normalize_nip(raw)
    assert len(parsed.nip) == 18 and parsed.nip.isdigit()
    assert parsed.gender == gender
    assert parsed.birth_date == birth
    assert (parsed.appointment_year, parsed.appointment_month) == tmt
    assert parsed.contract_count is None
    assert parsed.sequence == int(parsed.nip[-3:])


@pytest.mark.parametrize("employee_type", ["PPPK", "PPPK_PW"])
@pytest.mark.parametrize(
    ("raw", "gender", "year", "contract", "sequence"),
    [
        ("199001012021011001", "L", 2021, 1, 1),
        ("19920315 2023 03 2 005", "P", 2023, 3, 5),
        ("198805172022211002", "L", 2022, 21, 2),  # contract 21: not a month
        ("198805172022991002", "L", 2022, 99, 2),
    ],
)
def test_valid_pppk(raw, gender, year, contract, sequence, employee_type):
    parsed = parse_nip(raw, employee_type=employee_type, today=TODAY)
    assert parsed.gender == gender
    assert parsed.appointment_year == year
    assert parsed.appointment_month is None
    assert parsed.contract_count == contract
    assert parsed.sequence == sequence


@pytest.mark.parametrize(
    ("raw", "pns_code"),
    [("198805172022211002", "nip_tmt_month"), ("198805172022991002", "nip_tmt_month")],
)
def test_pppk_contract_count_is_not_a_month(raw, pns_code):
    assert parse_nip(raw, employee_type="PPPK", today=TODAY).contract_count > 12
    with pytest.raises(NIPError) as exc:
        parse_nip(raw, employee_type="PNS", today=TODAY)
    assert exc.value.code == pns_code


@pytest.mark.parametrize(
    ("raw", "employee_type", "code"),
    [
        ("", "PNS", "nip_empty"),
        (" \u00a0\u200b ", "PNS", "nip_empty"),
        ("1.98501E+17", "PNS", "nip_scientific"),
        ("1,98501E+17", "PNS", "nip_scientific"),
        ("1.98609262015051e17", "PPPK", "nip_scientific"),
        ("19860926201505100A", "PNS", "nip_chars"),
        ("NIP 198609262015051001", "PNS", "nip_chars"),
        ("19860926201505100", "PNS", "nip_length"),
        ("1986092620150510010", "PNS", "nip_length"),
        ("198602302015051001", "PNS", "nip_birth_date"),  # 30 February
        ("198613012015051001", "PNS", "nip_birth_date"),  # month 13
        ("193001011955011001", "PNS", "nip_age"),  # born 1930
        ("201001012026011001", "PNS", "nip_age"),  # born after 2009 (2026 - 17)
        ("198609262015131001", "PNS", "nip_tmt_month"),
        ("198609262015001001", "PNS", "nip_tmt_month"),
        ("198609262027011001", "PNS", "nip_tmt_future"),  # Jan 2027 > Dec 2026
        ("199001012027011001", "PPPK", "nip_tmt_future"),
        ("198609261996051001", "PNS", "nip_tmt_age"),  # appointed at 10
        ("195001012015051001", "PNS", "nip_tmt_age"),  # appointed at 65
        ("199001012005011001", "PPPK_PW", "nip_tmt_age"),
        ("199001012021001001", "PPPK", "nip_contract"),
        ("199001012021001001", "PPPK_PW", "nip_contract"),
        ("198609262015053001", "PNS", "nip_gender"),
        ("198609262015050001", "PNS", "nip_gender"),
        ("199001012021013001", "PPPK", "nip_gender"),
        ("198609262015051000", "PNS", "nip_sequence"),
        ("199001012021011000", "PPPK", "nip_sequence"),
    ],
)
def test_invalid(raw, employee_type, code):
    with pytest.raises(NIPError) as exc:
        parse_nip(raw, employee_type=employee_type, today=TODAY)
    assert exc.value.code == code
    assert isinstance(exc.value, ValidationError)
    assert len(exc.value.messages) == 1 and exc.value.messages[0]


def test_messages_are_concrete():
    with pytest.raises(NIPError) as exc:
        parse_nip("19860926201505100", today=TODAY)
    assert "17 digit" in exc.value.messages[0]
    with pytest.raises(NIPError) as exc:
        parse_nip("1.98501E+17", today=TODAY)
    assert "Excel" in exc.value.messages[0] and "Teks" in exc.value.messages[0]


def test_error_survives_copy_and_pickle():
    with pytest.raises(NIPError) as exc:
        parse_nip("198609262015051000", today=TODAY)
    for clone in (copy.deepcopy(exc.value), pickle.loads(pickle.dumps(exc.value))):  # noqa: S301
        assert clone.code == "nip_sequence"
        assert clone.messages == exc.value.messages


def test_unknown_employee_type_is_a_programming_error():
    with pytest.raises(ValueError, match="employee_type"):
        parse_nip("198609262015051001", employee_type="honorer", today=TODAY)


def test_parsed_nip_is_frozen():
    parsed = parse_nip("198609262015051001", today=TODAY)
    assert isinstance(parsed, ParsedNIP)
    with pytest.raises(AttributeError):
        parsed.nip = "x"


@pytest.mark.parametrize(
    ("raw", "employee_type", "expected"),
    [
        ("198609262015051001", "PNS", "19860926 201505 1 001"),
        ("1986.0926.2015.05.2.017", "PNS", "19860926 201505 2 017"),
        ("199001012021011001", "PPPK", "19900101 2021 01 1 001"),
        ("198805172022211002", "PPPK_PW", "19880517 2022 21 1 002"),
    ],
)
def test_formatted(raw, employee_type, expected):
    assert parse_nip(raw, employee_type=employee_type, today=TODAY).formatted == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("198609262015051001", "1986***********001"),
        ("19860926 201505 1 001", "1986***********001"),
        ("199001012021011234", "1990***********234"),
        ("", ""),
        ("1234567", "*******"),
    ],
)
def test_mask_nip(raw, expected):
    assert mask_nip(raw) == expected


@pytest.mark.parametrize(
    "value",
    [
        "198609262015051001",  # fits both rules
        "19860926 201505 1 001",
        "198805172022211002",  # PPPK only (contract 21)
    ],
)
def test_validate_nip_accepts_pns_or_pppk(value):
    assert validate_nip(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1.98501E+17", "nip_scientific"),
        ("19860926201505100", "nip_length"),
        ("198609262015053001", "nip_gender"),
        ("198609262015001001", "nip_tmt_month"),  # bad for PNS (month 00) and PPPK (contract 00)
        ("198609262015051000", "nip_sequence"),
    ],
)
def test_validate_nip_rejects(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_nip(value)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("raw", "month", "contract"),
    [
        ("19860926 201505 1 001", 5, None),  # PNS: the PNS rule wins
        ("198805172022211002", None, 21),  # PPPK only (contract 21 is no month)
    ],
)
def test_parse_nip_any_reads_pns_then_pppk(raw, month, contract):
    parsed = parse_nip_any(raw, today=TODAY)
    assert parsed.nip == normalize_nip(raw)
    assert (parsed.appointment_month, parsed.contract_count) == (month, contract)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345", "nip_length"),
        ("198609262015001001", "nip_contract"),  # PNS month 00 and PPPK contract 00: PPPK's error
        ("199001012021013001", "nip_gender"),
    ],
)
def test_parse_nip_any_reports_the_pppk_error_when_both_fail(raw, code):
    with pytest.raises(NIPError) as exc:
        parse_nip_any(raw, today=TODAY)
    assert exc.value.code == code

"""The 11-tests for BSN and onderwijsnummer (bron.validators)."""

import pytest
from django.core.exceptions import ValidationError

from bron.testdata import bsn, onderwijsnummer
from bron.validators import (
    BSN,
    ONDERWIJSNUMMER,
    is_geldig_bsn,
    is_geldig_onderwijsnummer,
    soort_nummer,
    valideer_persoonsgebonden_nummer,
)


@pytest.mark.parametrize("nummer", ["111222333", "123456782", "010000008", "999999990"])
def test_geldig_bsn(nummer):
    assert is_geldig_bsn(nummer)
    assert soort_nummer(nummer) == BSN


@pytest.mark.parametrize(
    "nummer",
    [
        "111222334",  # check digit off by one
        "123456781",
        "111252333",  # two digits swapped
        "000000000",  # passes the arithmetic, but is no number
        "11122233",  # 8 digits
        "1112223330",  # 10 digits
        "",
        "11122233a",  # a letter
        "abcdefghi",
        "111 22 333",
        "1112.22.333",
    ],
)
def test_ongeldig_bsn(nummer):
    assert not is_geldig_bsn(nummer)


@pytest.mark.parametrize("nummer", ["101222331", "100000004"])
def test_geldig_onderwijsnummer(nummer):
    assert is_geldig_onderwijsnummer(nummer)
    assert soort_nummer(nummer) == ONDERWIJSNUMMER


@pytest.mark.parametrize(
    "nummer",
    [
        "101222332",  # check digit off
        "100252333",  # checksum wrong (stdnum's own example)
        "211222337",  # passes the arithmetic but does not start with 10
        "10122233",  # 8 digits
        "1012223310",  # 10 digits
        "",
        "10122233x",
        "1012.22.331",  # python-stdnum would accept this; Bron delivers plain digits
    ],
)
def test_ongeldig_onderwijsnummer(nummer):
    assert not is_geldig_onderwijsnummer(nummer)


def test_bsn_is_geen_onderwijsnummer_en_omgekeerd():
    assert not is_geldig_onderwijsnummer("111222333")
    assert not is_geldig_bsn("101222331")


def test_soort_nummer_van_ongeldig_nummer_is_none():
    assert soort_nummer("123456789") is None


def test_valideer_persoonsgebonden_nummer():
    valideer_persoonsgebonden_nummer("111222333")
    valideer_persoonsgebonden_nummer("101222331")
    with pytest.raises(ValidationError) as fout:
        valideer_persoonsgebonden_nummer("12345678")
    assert fout.value.code == "formaat"
    with pytest.raises(ValidationError) as fout:
        valideer_persoonsgebonden_nummer("123456789")
    assert fout.value.code == "elfproef"


def test_testdata_nummers_halen_de_elfproef():
    """The generator's numbers agree with the validators (it is used for seeds and benchmarks)."""
    bsns = [n for n in (bsn(stam) for stam in range(12345000, 12346000)) if n]
    onderwijsnummers = [n for n in (onderwijsnummer(stam) for stam in range(4000, 5000)) if n]
    assert len(bsns) > 850 and len(onderwijsnummers) > 850  # about 10 in 11 stems have a check digit
    assert all(is_geldig_bsn(n) and not is_geldig_onderwijsnummer(n) for n in bsns)
    assert all(is_geldig_onderwijsnummer(n) and not is_geldig_bsn(n) for n in onderwijsnummers)
    # A stem without a valid check digit yields nothing, never an invalid number.
    for stam in range(12345000, 12346000):
        if bsn(stam) is None:
            assert not any(is_geldig_bsn(f"{stam:08d}{c}") for c in range(10))

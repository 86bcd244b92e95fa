"""Fixtures for the Bron tests: valid delivery rows and a way to write them as a CSV file."""

import csv

import pytest

from bron.importeren import KOLOMMEN
from bron.testdata import bsn

# Real codes: the migrations load the shipped gemeenten and vestigingen into the test database.
AMSTERDAM = "0363"
ZOETERMEER = "0637"
VESTIGING_ZOETERMEER = "00AP00"  # WereldWijs, Zoetermeer
VESTIGING_STEVENSWEERT = "00AR00"  # Basisschool De Maasparel, Maasgouw
VESTIGING_SPIJKENISSE = "00AV00"


def maak_rij(nummer=None, **velden):
    """One valid delivery row (a dict of strings), with `velden` overriding columns."""
    rij = {
        "persoonsgebonden_nummer": nummer or bsn(11122233),
        "soort_nummer": "bsn",
        "voornamen": "Sanne Maria",
        "voorvoegsel": "van der",
        "achternaam": "Meer",
        "geslacht": "V",
        "geboortedatum": "2015-03-14",
        "straat": "Kerkstraat",
        "huisnummer": "12",
        "huisletter": "",
        "huisnummertoevoeging": "",
        "postcode": "2716PH",
        "plaats": "Zoetermeer",
        "gemeentecode": ZOETERMEER,
        "vestigingscode": VESTIGING_ZOETERMEER,
        "inschrijfdatum": "2019-08-19",
        "uitschrijfdatum": "",
    }
    rij.update(velden)
    return rij


@pytest.fixture
def schrijf_bestand(tmp_path):
    """Write rows (dicts) to a CSV file; returns its path. `kop` overrides the header."""
    teller = 0

    def schrijf(rijen, kop=KOLOMMEN):
        nonlocal teller
        teller += 1
        pad = tmp_path / f"bron-{teller}.csv"
        with pad.open("w", encoding="utf-8", newline="") as f:
            schrijver = csv.writer(f, lineterminator="\n")
            schrijver.writerow(kop)
            for rij in rijen:
                schrijver.writerow([rij.get(k, "") for k in KOLOMMEN] if isinstance(rij, dict) else rij)
        return pad

    return schrijf

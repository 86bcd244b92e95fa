"""The Bron import: all rows or none, line + column + reason for every bad row, no personal data in output."""

import io
import itertools
import logging
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from bron import importeren
from bron.importeren import ImportFout, importeer_bron
from bron.models import Inschrijving, Leerling
from bron.testdata import bsn, genereer_rijen, onderwijsnummer
from protocollering.models import ToegangslogRegel
from scholen.models import Vestiging

from .conftest import (
    AMSTERDAM,
    VESTIGING_SPIJKENISSE,
    VESTIGING_STEVENSWEERT,
    VESTIGING_ZOETERMEER,
    maak_rij,
)

pytestmark = pytest.mark.django_db

NUMMER_A = bsn(11122233)  # 111222333
NUMMER_B = bsn(12345678)  # 123456782
NUMMER_C = bsn(23456789)


def tellingen():
    return Leerling.objects.count(), Inschrijving.objects.count()


def inschrijvingen(nummer):
    return set(
        Inschrijving.objects.filter(leerling_id=nummer).values_list("vestiging_id", "inschrijfdatum", "uitschrijfdatum")
    )


def fout_bij(fout, regel, kolom):
    """The one error reported for this line and column."""
    gevonden = [f for f in fout.fouten if f.regel == regel and f.kolom == kolom]
    assert len(gevonden) == 1, fout.bericht()
    return gevonden[0]


# --- good files ---------------------------------------------------------------------------


def test_goed_bestand_wordt_geimporteerd(schrijf_bestand):
    rijen = list(genereer_rijen(300, seed=1))
    nummers = {r["persoonsgebonden_nummer"] for r in rijen}

    resultaat = importeer_bron(schrijf_bestand(rijen))

    assert resultaat.rijen == 300
    assert resultaat.leerlingen == resultaat.leerlingen_nieuw == len(nummers) == Leerling.objects.count()
    assert resultaat.leerlingen_bijgewerkt == 0
    assert resultaat.inschrijvingen_toegevoegd == 300 == Inschrijving.objects.count()
    assert resultaat.inschrijvingen_verwijderd == 0
    assert set(Leerling.objects.values_list("persoonsgebonden_nummer", flat=True)) == nummers
    eerste = rijen[0]
    leerling = Leerling.objects.get(pk=eerste["persoonsgebonden_nummer"])
    assert leerling.achternaam == eerste["achternaam"]
    assert leerling.woongemeente_id == eerste["gemeentecode"]
    assert leerling.geboortedatum.isoformat() == eerste["geboortedatum"]
    assert leerling.huisnummer == int(eerste["huisnummer"])


def test_velden_worden_genormaliseerd(schrijf_bestand):
    importeer_bron(
        schrijf_bestand(
            [
                maak_rij(
                    NUMMER_A,
                    soort_nummer="BSN",
                    geslacht="v",
                    postcode="2716 ph",
                    huisnummer="007",
                    vestigingscode=VESTIGING_ZOETERMEER.lower(),
                ),
                maak_rij(NUMMER_B, huisnummer="", straat="", postcode="", plaats="", uitschrijfdatum="2024-07-31"),
                maak_rij(onderwijsnummer(122233), soort_nummer="onderwijsnummer", voorvoegsel=""),
            ]
        )
    )

    a = Leerling.objects.get(pk=NUMMER_A)
    assert (a.soort_nummer, a.geslacht, a.postcode, a.huisnummer) == ("bsn", "V", "2716PH", 7)
    assert inschrijvingen(NUMMER_A) == {(VESTIGING_ZOETERMEER, date(2019, 8, 19), None)}
    b = Leerling.objects.get(pk=NUMMER_B)
    assert (b.huisnummer, b.postcode) == (None, "")
    assert Inschrijving.objects.get(leerling=b).uitschrijfdatum.isoformat() == "2024-07-31"
    assert Leerling.objects.get(pk=onderwijsnummer(122233)).soort_nummer == "onderwijsnummer"


def test_herimport_werkt_leerling_bij_en_vervangt_inschrijvingen(schrijf_bestand):
    importeer_bron(
        schrijf_bestand(
            [
                maak_rij(NUMMER_A, vestigingscode=VESTIGING_ZOETERMEER),
                maak_rij(
                    NUMMER_A,
                    vestigingscode=VESTIGING_STEVENSWEERT,
                    inschrijfdatum="2017-08-21",
                    uitschrijfdatum="2019-07-31",
                ),
                maak_rij(NUMMER_B, achternaam="Jansen"),
            ]
        )
    )
    blijft = Inschrijving.objects.get(leerling_id=NUMMER_A, vestiging_id=VESTIGING_ZOETERMEER).pk

    resultaat = importeer_bron(
        schrijf_bestand(
            [
                maak_rij(NUMMER_A, achternaam="Bakker", gemeentecode=AMSTERDAM, vestigingscode=VESTIGING_ZOETERMEER),
                maak_rij(
                    NUMMER_A,
                    achternaam="Bakker",
                    gemeentecode=AMSTERDAM,
                    vestigingscode=VESTIGING_SPIJKENISSE,
                    inschrijfdatum="2023-01-09",
                ),
                maak_rij(NUMMER_C),
            ]
        )
    )

    a = Leerling.objects.get(pk=NUMMER_A)
    assert (a.achternaam, a.woongemeente_id) == ("Bakker", AMSTERDAM)
    assert {v for v, _, _ in inschrijvingen(NUMMER_A)} == {VESTIGING_ZOETERMEER, VESTIGING_SPIJKENISSE}
    # The unchanged enrolment was kept as it was, not deleted and inserted again.
    assert Inschrijving.objects.filter(pk=blijft).exists()
    # A pupil missing from the file keeps everything.
    assert Leerling.objects.get(pk=NUMMER_B).achternaam == "Jansen"
    assert len(inschrijvingen(NUMMER_B)) == 1
    assert (resultaat.leerlingen, resultaat.leerlingen_nieuw, resultaat.leerlingen_bijgewerkt) == (2, 1, 1)
    assert (resultaat.inschrijvingen_toegevoegd, resultaat.inschrijvingen_verwijderd) == (2, 1)


def test_herimport_van_hetzelfde_bestand_verandert_niets(schrijf_bestand):
    pad = schrijf_bestand(list(genereer_rijen(200, seed=2)))
    importeer_bron(pad)
    voor = (
        sorted(Leerling.objects.values_list("pk", "bijgewerkt_op")),
        sorted(Inschrijving.objects.values_list("pk", flat=True)),
    )

    resultaat = importeer_bron(pad)

    assert (resultaat.leerlingen_nieuw, resultaat.leerlingen_bijgewerkt) == (0, 0)
    assert resultaat.leerlingen_ongewijzigd == resultaat.leerlingen
    assert (resultaat.inschrijvingen_toegevoegd, resultaat.inschrijvingen_verwijderd) == (0, 0)
    assert voor == (
        sorted(Leerling.objects.values_list("pk", "bijgewerkt_op")),
        sorted(Inschrijving.objects.values_list("pk", flat=True)),
    )


def test_blokken_breken_niet_midden_in_een_leerling(schrijf_bestand, monkeypatch):
    """Adjacent rows of one pupil share a block, so a re-import in small blocks changes nothing."""
    monkeypatch.setattr(importeren, "BLOKGROOTTE", 7)
    pad = schrijf_bestand(list(genereer_rijen(300, seed=11)))
    importeer_bron(pad)
    resultaat = importeer_bron(pad)
    assert (resultaat.inschrijvingen_toegevoegd, resultaat.inschrijvingen_verwijderd) == (0, 0)
    assert Inschrijving.objects.count() == 300


def test_dubbele_inschrijvingsregels_worden_een_inschrijving(schrijf_bestand):
    importeer_bron(schrijf_bestand([maak_rij(NUMMER_A), maak_rij(NUMMER_A)]))
    assert Inschrijving.objects.filter(leerling_id=NUMMER_A).count() == 1


def test_leerling_verspreid_over_blokken(schrijf_bestand, monkeypatch):
    """A pupil's rows in several blocks: the first block replaces, later blocks only add."""
    importeer_bron(schrijf_bestand([maak_rij(NUMMER_A, vestigingscode=VESTIGING_STEVENSWEERT)]))
    monkeypatch.setattr(importeren, "BLOKGROOTTE", 3)
    vulling = list(genereer_rijen(10, seed=3))
    rijen = [
        maak_rij(NUMMER_A, vestigingscode=VESTIGING_ZOETERMEER),
        *vulling,
        maak_rij(NUMMER_A, vestigingscode=VESTIGING_SPIJKENISSE),
    ]

    resultaat = importeer_bron(schrijf_bestand(rijen))

    assert {v for v, _, _ in inschrijvingen(NUMMER_A)} == {VESTIGING_ZOETERMEER, VESTIGING_SPIJKENISSE}
    assert resultaat.rijen == 12
    assert resultaat.leerlingen == len({r["persoonsgebonden_nummer"] for r in rijen})


def test_import_wordt_geprotocolleerd(schrijf_bestand):
    importeer_bron(schrijf_bestand([maak_rij(NUMMER_A)]), actor="beheerder-jan")
    regel = ToegangslogRegel.objects.get(actie="bron_importeren")
    assert regel.actor == "beheerder-jan"
    assert NUMMER_A not in regel.object


def test_leeg_bestand_met_alleen_kopregel(schrijf_bestand):
    resultaat = importeer_bron(schrijf_bestand([]))
    assert (resultaat.rijen, resultaat.leerlingen) == (0, 0)


def test_open_bestand_mag_ook(schrijf_bestand):
    pad = schrijf_bestand([maak_rij(NUMMER_A)])
    with pad.open("rb") as binair:
        importeer_bron(binair)
    importeer_bron(io.StringIO(pad.read_text(encoding="utf-8")))
    assert Leerling.objects.filter(pk=NUMMER_A).exists()


def test_kolommen_in_andere_volgorde_en_bom(tmp_path):
    rij = maak_rij(NUMMER_A)
    kop = list(reversed(rij))
    pad = tmp_path / "omgekeerd.csv"
    pad.write_text("\ufeff" + ",".join(kop) + "\n" + ",".join(rij[k] for k in kop) + "\n", encoding="utf-8")
    importeer_bron(pad)
    assert Leerling.objects.get(pk=NUMMER_A).achternaam == "Meer"


# --- bad files: line, column, reason; nothing imported -------------------------------------

FOUTE_REGELS = [
    # (changes to a good row, column, part of the reason)
    ({"persoonsgebonden_nummer": "111222334"}, "persoonsgebonden_nummer", "elfproef"),
    ({"persoonsgebonden_nummer": "101222331"}, "persoonsgebonden_nummer", "geen geldig BSN"),  # an onderwijsnummer
    (
        {"persoonsgebonden_nummer": "101222332", "soort_nummer": "onderwijsnummer"},
        "persoonsgebonden_nummer",
        "onderwijsnummer",
    ),
    ({"persoonsgebonden_nummer": "11122233"}, "persoonsgebonden_nummer", "9 cijfers"),
    ({"persoonsgebonden_nummer": "11122233X"}, "persoonsgebonden_nummer", "9 cijfers"),
    ({"soort_nummer": "sofinummer"}, "soort_nummer", "'bsn' of 'onderwijsnummer'"),
    ({"gemeentecode": "9999"}, "gemeentecode", "onbekende gemeentecode"),
    ({"gemeentecode": "GM0363"}, "gemeentecode", "onbekende gemeentecode"),
    ({"vestigingscode": "99ZZ99"}, "vestigingscode", "onbekende vestigingscode"),
    ({"geboortedatum": "2015-02-30"}, "geboortedatum", "geen geldige datum"),
    ({"geboortedatum": "14-03-2015"}, "geboortedatum", "JJJJ-MM-DD"),
    ({"inschrijfdatum": "20190819"}, "inschrijfdatum", "geen geldige datum"),
    ({"uitschrijfdatum": "2019-13-01"}, "uitschrijfdatum", "geen geldige datum"),
    ({"uitschrijfdatum": "2019-08-18"}, "uitschrijfdatum", "vóór de inschrijfdatum"),
    ({"achternaam": ""}, "achternaam", "verplicht"),
    ({"persoonsgebonden_nummer": ""}, "persoonsgebonden_nummer", "verplicht"),
    ({"inschrijfdatum": "  "}, "inschrijfdatum", "verplicht"),
    ({"geslacht": "X"}, "geslacht", "M, V of O"),
    ({"postcode": "0123AB"}, "postcode", "Nederlandse postcode"),
    ({"postcode": "1234-AB"}, "postcode", "Nederlandse postcode"),
    ({"huisnummer": "12a"}, "huisnummer", "geheel getal"),
    ({"huisnummer": "0"}, "huisnummer", "geheel getal"),
    ({"huisletter": "AB"}, "huisletter", "één letter"),
    ({"huisnummertoevoeging": "toevoeg"}, "huisnummertoevoeging", "4 letters of cijfers"),
    ({"achternaam": "x" * 201}, "achternaam", "langer dan 200"),
    ({"plaats": "Den\tHaag"}, "plaats", "tab"),
]


@pytest.mark.parametrize(("wijziging", "kolom", "reden"), FOUTE_REGELS)
def test_foute_regel_wordt_gemeld_en_niets_geimporteerd(schrijf_bestand, wijziging, kolom, reden):
    importeer_bron(schrijf_bestand([maak_rij(NUMMER_C, achternaam="Oud")]))
    voor = tellingen()
    rijen = [maak_rij(NUMMER_A), maak_rij(NUMMER_B, **wijziging), maak_rij(NUMMER_C, achternaam="Nieuw")]

    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand(rijen))

    assert fout.value.aantal == 1, fout.value.bericht()
    assert reden in fout_bij(fout.value, 3, kolom).reden  # header is line 1, the bad row line 3
    assert tellingen() == voor
    assert Leerling.objects.get(pk=NUMMER_C).achternaam == "Oud"


def test_foute_kopregel(schrijf_bestand):
    kop = ["bsn" if k == "persoonsgebonden_nummer" else k for k in importeren.KOLOMMEN]
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand([maak_rij(NUMMER_A)], kop=kop))
    assert fout_bij(fout.value, 1, "persoonsgebonden_nummer").reden == "kolom ontbreekt in de kopregel"
    assert "onbekende kolom" in fout_bij(fout.value, 1, "bsn").reden
    assert tellingen() == (0, 0)


def test_kopregel_met_te_weinig_kolommen(schrijf_bestand):
    kop = [k for k in importeren.KOLOMMEN if k != "uitschrijfdatum"]
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand([], kop=kop))
    assert fout_bij(fout.value, 1, "uitschrijfdatum")


def test_bestand_zonder_kopregel_toont_de_eerste_regel_niet(tmp_path):
    rij = maak_rij(NUMMER_A)
    pad = tmp_path / "zonder-kop.csv"
    pad.write_text(",".join(rij.values()) + "\n", encoding="utf-8")
    with pytest.raises(ImportFout) as fout:
        importeer_bron(pad)
    assert "kopregel ontbreekt" in fout.value.bericht()
    assert NUMMER_A not in fout.value.bericht() and "Meer" not in fout.value.bericht()


def test_leeg_bestand(tmp_path):
    pad = tmp_path / "leeg.csv"
    pad.write_text("", encoding="utf-8")
    with pytest.raises(ImportFout, match="leeg"):
        importeer_bron(pad)


def test_verkeerd_aantal_kolommen(schrijf_bestand):
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand([maak_rij(NUMMER_A), list(maak_rij(NUMMER_B).values())[:-2]]))
    assert "15 kolommen in plaats van 17" in fout_bij(fout.value, 3, None).reden


def test_geen_utf8(schrijf_bestand):
    pad = schrijf_bestand([maak_rij(NUMMER_A)])
    pad.write_bytes(pad.read_bytes().replace(b"Sanne", "Sanné".encode("latin-1")))
    with pytest.raises(ImportFout, match="UTF-8"):
        importeer_bron(pad)
    assert tellingen() == (0, 0)


def test_regelnummer_telt_regels_in_velden_mee(schrijf_bestand):
    """A quoted field may span lines; the error names the line where the record starts."""
    rijen = [maak_rij(NUMMER_A, straat="Kerk\nstraat"), maak_rij(NUMMER_B, gemeentecode="9999")]
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand(rijen))
    assert fout_bij(fout.value, 2, "straat")
    assert fout_bij(fout.value, 4, "gemeentecode")


def test_tegenstrijdige_leerlinggegevens_in_een_bestand(schrijf_bestand):
    rijen = [
        maak_rij(NUMMER_A),
        maak_rij(NUMMER_B),
        maak_rij(NUMMER_A, achternaam="Anders", postcode="1011 AB", vestigingscode=VESTIGING_STEVENSWEERT),
    ]
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand(rijen))
    melding = fout_bij(fout.value, 4, "achternaam, postcode")
    assert "regel 2" in melding.reden
    assert tellingen() == (0, 0)


def test_tegenstrijdige_gegevens_uit_een_open_bestand(schrijf_bestand):
    pad = schrijf_bestand([maak_rij(NUMMER_A), maak_rij(NUMMER_A, geslacht="M")])
    with pytest.raises(ImportFout) as fout:
        importeer_bron(io.StringIO(pad.read_text(encoding="utf-8")))
    assert fout_bij(fout.value, 3, "geslacht")


def test_een_foute_regel_na_geladen_blokken_maakt_alles_ongedaan(schrijf_bestand, monkeypatch):
    """Blocks are loaded while the rest is still read; a late bad row still undoes everything."""
    importeer_bron(schrijf_bestand([maak_rij(NUMMER_A, achternaam="Oud")]))
    voor = tellingen()
    monkeypatch.setattr(importeren, "BLOKGROOTTE", 5)
    geladen = []
    laad = importeren._Lader.laad
    monkeypatch.setattr(importeren._Lader, "laad", lambda lader, blok: geladen.append(blok) or laad(lader, blok))
    rijen = [
        maak_rij(NUMMER_A, achternaam="Nieuw"),
        *genereer_rijen(40, seed=4),
        maak_rij(NUMMER_B, gemeentecode="0000"),
    ]

    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand(rijen))

    assert fout_bij(fout.value, 43, "gemeentecode")
    assert len(geladen) >= 2  # the reader runs at most two blocks ahead of the loading
    assert tellingen() == voor
    assert Leerling.objects.get(pk=NUMMER_A).achternaam == "Oud"


def test_ten_hoogste_max_fouten_en_dan_een_telling(schrijf_bestand):
    nummers = [n for n in (bsn(30000000 + i) for i in range(100)) if n][:60]
    rijen = [maak_rij(nummer, gemeentecode="9999") for nummer in nummers]
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand(rijen))
    assert fout.value.aantal == 60
    assert len(fout.value.fouten) == importeren.MAX_FOUTEN == 50
    assert fout.value.bericht().endswith("... en nog 10 fout(en)")


def test_meerdere_fouten_in_een_regel(schrijf_bestand):
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand([maak_rij(NUMMER_A, geslacht="", gemeentecode="1", postcode="x")]))
    assert {f.kolom for f in fout.value.fouten} == {"geslacht", "gemeentecode", "postcode"}


# --- the command and what it prints ---------------------------------------------------------


def test_commando_importeert_en_meldt_samenvatting(schrijf_bestand):
    uit = io.StringIO()
    call_command("import_bron", str(schrijf_bestand(list(genereer_rijen(20, seed=5)))), stdout=uit)
    assert "20 regels" in uit.getvalue()
    assert "regels/s" in uit.getvalue()
    assert Inschrijving.objects.count() == 20


def test_commando_faalt_met_commanderror(schrijf_bestand):
    with pytest.raises(CommandError, match="regel 2, kolom gemeentecode: onbekende gemeentecode"):
        call_command(
            "import_bron", str(schrijf_bestand([maak_rij(NUMMER_A, gemeentecode="9999")])), stdout=io.StringIO()
        )
    assert tellingen() == (0, 0)


def test_commando_onbekend_bestand(tmp_path):
    with pytest.raises(CommandError, match="niet te lezen"):
        call_command("import_bron", str(tmp_path / "bestaat-niet.csv"))


def test_uitvoer_en_logs_bevatten_geen_bsn_of_naam(schrijf_bestand, caplog):
    caplog.set_level(logging.DEBUG)
    goed = list(genereer_rijen(50, seed=6))
    fout = [dict(r) for r in itertools.islice(genereer_rijen(200, seed=7), 50, 60)]
    fout[0]["persoonsgebonden_nummer"] = fout[0]["persoonsgebonden_nummer"][:8] + "x"
    fout[1]["gemeentecode"] = "9999"
    fout[2]["achternaam"] = ""
    fout[3]["geboortedatum"] = fout[3]["geboortedatum"].replace("-", "/")
    fout[4]["voornamen"] = "Kees\\"
    fout.append({**goed[0], "achternaam": "Afwijkend"})  # conflicting pupil data
    uit, fouten = io.StringIO(), io.StringIO()

    call_command("import_bron", str(schrijf_bestand(goed)), stdout=uit, stderr=fouten)
    with pytest.raises(CommandError) as weigering:
        call_command("import_bron", str(schrijf_bestand(fout)), stdout=uit, stderr=fouten)

    tekst = "\n".join([uit.getvalue(), fouten.getvalue(), str(weigering.value), caplog.text])
    assert "regel" in str(weigering.value)
    for rij in goed + fout:
        assert rij["persoonsgebonden_nummer"] not in tekst
        for kolom in ("voornamen", "achternaam", "straat"):
            for woord in rij[kolom].split():
                if len(woord) > 3:  # short words ("van", "de") occur in Dutch messages
                    assert woord not in tekst, kolom


def test_databasefout_toont_geen_gegevens(schrijf_bestand, monkeypatch):
    """Should the database refuse a row, its detail (which quotes the row) is not passed on."""
    monkeypatch.setattr(importeren, "LEERLINGKOLOMMEN", importeren.LEERLINGKOLOMMEN[:-1] + ("bestaat_niet",))
    with pytest.raises(ImportFout) as fout:
        importeer_bron(schrijf_bestand([maak_rij(NUMMER_A)]))
    assert "databasefout" in fout.value.bericht()
    assert NUMMER_A not in fout.value.bericht()
    assert fout.value.__cause__ is None and fout.value.__suppress_context__


def test_kapotte_csv(tmp_path):
    pad = tmp_path / "kapot.csv"
    rij = maak_rij(NUMMER_A, achternaam='"Meer"x')
    pad.write_text(",".join(importeren.KOLOMMEN) + "\n" + ",".join(rij.values()) + "\n", encoding="utf-8")
    with pytest.raises(ImportFout) as fout:
        importeer_bron(pad)
    assert fout.value.fouten[0].regel == 2
    assert "geen geldige CSV" in fout.value.fouten[0].reden
    assert "Meer" not in fout.value.bericht()


def test_crlf_regeleinden(schrijf_bestand):
    pad = schrijf_bestand([maak_rij(NUMMER_A), maak_rij(NUMMER_B)])
    pad.write_bytes(pad.read_bytes().replace(b"\n", b"\r\n"))
    assert importeer_bron(pad).leerlingen == 2


# --- the test data generator (also used by seed_demo and the benchmark) -----------------------


def test_testdata_is_deterministisch_en_gevarieerd():
    rijen = list(genereer_rijen(2000, seed=8))
    assert rijen == list(genereer_rijen(2000, seed=8))
    assert rijen != list(genereer_rijen(2000, seed=9))
    per_leerling = {}
    for rij in rijen:
        per_leerling.setdefault(rij["persoonsgebonden_nummer"], []).append(rij)
    assert {len(r) for r in per_leerling.values()} == {1, 2}
    soorten = {r[0]["soort_nummer"] for r in per_leerling.values()}
    assert soorten == {"bsn", "onderwijsnummer"}
    gemeente_van_school = dict(Vestiging.objects.values_list("code", "gemeente_id"))
    elders = [r for r in rijen if gemeente_van_school[r["vestigingscode"]] != r["gemeentecode"]]
    assert 0.05 < len(elders) / len(rijen) < 0.5


def test_testdata_alleen_op_gekozen_vestigingen():
    rijen = list(genereer_rijen(200, seed=10, vestigingscodes={VESTIGING_ZOETERMEER}))
    huidige = {r["vestigingscode"] for r in rijen if not r["uitschrijfdatum"]}
    assert huidige == {VESTIGING_ZOETERMEER}


# --- the codes of gemeenten and vestigingen (no database constraint: docs/adr/0002) ----------------------------


def opgeheven_gemeente():
    """Weesp: merged into Amsterdam in 2022, so not in the current list, and without vestigingen."""
    from gemeenten.models import Gemeente

    return Gemeente.objects.create(code="0457", naam="Weesp", provincie="Noord-Holland")


def test_een_gemeente_of_vestiging_met_leerlingen_kan_niet_weg(schrijf_bestand):
    from django.db.models import ProtectedError

    from gemeenten.models import Gemeente

    gemeente = opgeheven_gemeente()  # without vestigingen: only its pupil stands in the way
    importeer_bron(schrijf_bestand([maak_rij(gemeentecode=gemeente.code)]))
    with pytest.raises(ProtectedError):
        Vestiging.objects.filter(code=VESTIGING_ZOETERMEER).delete()
    with pytest.raises(ProtectedError):
        gemeente.delete()
    assert Vestiging.objects.filter(code=VESTIGING_ZOETERMEER).exists() and Gemeente.objects.filter(pk=gemeente.pk)
    assert tellingen() == (1, 1)


def test_tijdens_de_import_kan_een_code_niet_weg_maar_wel_worden_bijgewerkt(schrijf_bestand, monkeypatch):
    """The import locks its codes as a foreign key would: a delete or key change waits, other updates do not."""
    import psycopg
    from django.db import connection

    instellingen = connection.get_connection_params() | {"options": "-c lock_timeout=200ms"}
    uitkomsten = []
    laad = importeren._Lader.laad

    def laad_en_probeer(self, blok):
        with psycopg.connect(**instellingen) as ander:
            for sql, code in (
                ("DELETE FROM scholen_vestiging WHERE code = %s", VESTIGING_ZOETERMEER),
                ("UPDATE scholen_vestiging SET code = 'XXXX99' WHERE code = %s", VESTIGING_ZOETERMEER),
                (
                    "DELETE FROM gemeenten_gemeente WHERE code = %s",
                    AMSTERDAM,
                ),  # committed: the other connection sees it
                ("UPDATE scholen_vestiging SET naam = naam WHERE code = %s", VESTIGING_ZOETERMEER),
            ):
                try:
                    ander.execute(sql, [code])
                    uitkomsten.append("gelukt")
                except psycopg.errors.LockNotAvailable:
                    uitkomsten.append("wacht")
                ander.rollback()
        return laad(self, blok)

    monkeypatch.setattr(importeren._Lader, "laad", laad_en_probeer)
    importeer_bron(schrijf_bestand([maak_rij()]))
    assert uitkomsten == ["wacht", "wacht", "wacht", "gelukt"]

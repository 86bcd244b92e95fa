"""The school's portal through Django's test client: melden in two steps, Mijn meldingen, detail, dashboard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from autorisatie.services import profiel_wijzigen
from meldingen import services
from meldingen.models import Melding, MeldingHistorie
from meldingen.workflow import Status
from protocollering.models import ToegangslogRegel
from scholen.models import Portaalbezoek
from tests.factories import LeerlingFactory, MeldingFactory, schoolgegevens

pytestmark = pytest.mark.django_db


def indienen(personas, leerling, **overrides):
    return services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a, **overrides),
    )


def stap2(personas, leerling, **overrides):
    g = schoolgegevens(personas.school_a)
    data = {
        "stap": "versturen",
        "vestiging": personas.school_a.code,
        "persoonsgebonden_nummer": leerling.persoonsgebonden_nummer,
        "verzuimsoort": g["verzuimsoort"].pk,
        "begindatum": g["begindatum"].isoformat(),
        "einddatum": g["einddatum"].isoformat(),
        "vermoedelijke_reden": g["vermoedelijke_reden"],
        "alle_lessen_gemist": "False",
        "ondernomen_actie": g["ondernomen_actie"],
        "actie_gemeente_gewenst": "True",
        "leslocatie": g["leslocatie"].pk,
        "melder_naam": g["melder_naam"],
        "melder_functie": g["melder_functie"],
        "telefoonnummer_ouder_leerling": g["telefoonnummer_ouder_leerling"],
        "melder_telefoonnummer": g["melder_telefoonnummer"],
        "melder_email": g["melder_email"],
        "verzuimdagen": "4",
        "verzuimuren": "17",
    }
    data.update(overrides)
    return data


# --- Melden, step 1: the pupil from Bron before anything is sent ---------------------------------


def test_stap1_toont_zoekformulier(client, personas):
    client.force_login(personas.melder_a)
    html = client.get(reverse("school:nieuw")).content.decode()
    assert 'name="persoonsgebonden_nummer"' in html
    assert 'name="begindatum"' in html
    assert 'value="opzoeken"' in html


def test_opzoeken_toont_leerling_en_routering_zonder_op_te_slaan(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    begin = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    response = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer, "begindatum": begin},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert leerling_a.naam in html
    assert "17-05-2012" in html  # geboortedatum
    assert "De melding gaat naar" in html and "Maasgouw" in html
    assert "Volgens Bron woont de leerling in Maasgouw" in html
    assert f'value="{begin}"' in html  # begindatum carried into step 2
    assert 'value="Test Gebruiker' in html  # melder prefilled from the account
    assert not Melding.objects.exists()
    regel = ToegangslogRegel.objects.get(actie="leerling_opzoeken")
    assert leerling_a.persoonsgebonden_nummer not in regel.object


def test_melderdetails_komen_uit_mijn_gegevens(client, personas, leerling_a):
    profiel_wijzigen(door=personas.melder_a, functie="Verzuimcoördinator", telefoonnummer="0475 99 88 77")
    client.force_login(personas.melder_a)
    begin = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer, "begindatum": begin},
    ).content.decode()
    assert 'value="Verzuimcoördinator"' in html
    assert 'value="0475 99 88 77"' in html
    assert f'value="{personas.melder_a.email}"' in html


def test_opzoeken_met_fout_nummer_geeft_fout_bij_het_veld(client, personas):
    client.force_login(personas.melder_a)
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": "123456789", "begindatum": "2026-01-05"},
    ).content.decode()
    assert "elfproef" in html
    assert 'href="#id_persoonsgebonden_nummer"' in html
    assert 'value="123456789"' in html


def test_opzoeken_leerling_van_andere_school_geeft_dezelfde_melding_als_onbekend(client, personas):
    client.force_login(personas.melder_a)
    elders = LeerlingFactory(vestiging=personas.school_b)
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": elders.persoonsgebonden_nummer, "begindatum": "2026-01-05"},
    ).content.decode()
    assert "niet bij deze vestiging ingeschreven" in html
    assert elders.naam not in html


def test_alleen_geldige_soorten_met_uitleg(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer, "begindatum": "2026-01-05"},
    ).content.decode()
    assert "<strong>16 uur in 4 weken</strong> – 16 uur of meer ongeoorloofd verzuim" in html
    assert "Beginnend verzuim" not in html  # 2009 list, no longer valid
    assert "Verplicht bij: 16 uur in 4 weken" in html


def test_terug_naar_stap1_bewaart_invoer(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "terug", "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer, "begindatum": "2026-01-05"},
    ).content.decode()
    assert f'value="{leerling_a.persoonsgebonden_nummer}"' in html
    assert 'value="opzoeken"' in html


def test_voorbeeld_waarschuwt_voor_eerdere_melding_van_dezelfde_leerling(client, personas, leerling_a):
    eerste = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    html = client.post(
        reverse("school:nieuw"),
        {"stap": "opzoeken", "persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer, "begindatum": "2026-01-05"},
    ).content.decode()
    assert "al eerder gemeld" in html
    assert f'href="{reverse("school:detail", args=[eerste.meldingsnummer])}"' in html


# --- Melden, step 2 --------------------------------------------------------------------------------


def test_versturen_geeft_meldingsnummer_en_gemeente(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    response = client.post(reverse("school:nieuw"), stap2(personas, leerling_a), follow=True)
    melding = Melding.objects.get()
    html = response.content.decode()
    assert f"Melding {melding.meldingsnummer} is geregistreerd en doorgestuurd naar gemeente Maasgouw" in html
    assert response.redirect_chain[-1][0] == reverse("school:detail", args=[melding.meldingsnummer])
    assert melding.ingediend_door == personas.melder_a


def test_fouten_bewaren_waarden_tonen_samenvatting_en_schrijven_niets(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    data = stap2(
        personas,
        leerling_a,
        einddatum="",
        melder_naam="Jan Janssen",
        afwijkend_postcode="12345",
        afwijkend_huisnummer="twaalf",
        telefoonnummer_ouder_leerling="abc",
    )
    html = client.post(reverse("school:nieuw"), data).content.decode()
    assert "foutsamenvatting" in html
    assert "Er is niets opgeslagen" in html
    assert "Vul een Nederlandse postcode in" in html
    assert "Een huisnummer bestaat alleen uit cijfers." in html
    assert "Vul een telefoonnummer in" in html
    assert 'href="#id_afwijkend_postcode"' in html
    assert 'value="Jan Janssen"' in html
    assert leerling_a.naam in html  # the preview stays visible
    assert not Melding.objects.exists()


def test_einddatum_verplicht_bij_16_uur(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    html = client.post(reverse("school:nieuw"), stap2(personas, leerling_a, einddatum="")).content.decode()
    assert "Bij &#x27;16 uur in 4 weken&#x27; is de einddatum verplicht." in html
    assert not Melding.objects.exists()


def test_afwijkend_verblijfadres_postcode_genormaliseerd_en_gerouteerd(client, personas, leerling_a):
    client.force_login(personas.melder_a)
    data = stap2(
        personas,
        leerling_a,
        afwijkend_straat="Kerkstraat",
        afwijkend_huisnummer="3",
        afwijkend_huisletter="a",
        afwijkend_postcode="3201 ab",
        afwijkend_plaatsnaam="Nissewaard",
    )
    response = client.post(reverse("school:nieuw"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    melding = Melding.objects.get()
    assert melding.afwijkend_postcode == "3201AB"
    assert melding.gemeente == personas.gemeente_y


def test_dubbele_melding_geweigerd_met_link_naar_de_eerste(client, personas, leerling_a):
    eerste = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    html = client.post(reverse("school:nieuw"), stap2(personas, leerling_a)).content.decode()
    assert "Er is al een melding van deze soort met deze begindatum" in html
    assert f'href="{reverse("school:detail", args=[eerste.meldingsnummer])}"' in html
    assert Melding.objects.count() == 1


def test_zevendagenregel_geweigerd_met_reden(client, personas, leerling_a):
    eerste = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    data = stap2(personas, leerling_a, verzuimsoort="luxe", einddatum="")
    html = client.post(reverse("school:nieuw"), data).content.decode()
    assert "hoogstens eens per 7 dagen" in html
    assert f'href="{reverse("school:detail", args=[eerste.meldingsnummer])}"' in html
    assert Melding.objects.count() == 1


# --- Mijn meldingen --------------------------------------------------------------------------------


def _lijst(client):
    return client.get(reverse("school:lijst")).content.decode()


def test_lijst_nieuwste_eerst_met_status_en_wijzigingsdatum(client, personas):
    oud = MeldingFactory(vestiging=personas.school_a, status_gewijzigd_op=timezone.now() - dt.timedelta(days=3))
    nieuw = MeldingFactory(vestiging=personas.school_a, in_behandeling=True)
    client.force_login(personas.melder_a)
    html = _lijst(client)
    assert html.index(nieuw.meldingsnummer) < html.index(oud.meldingsnummer)
    assert "in behandeling" in html
    assert timezone.localtime(oud.status_gewijzigd_op).strftime("%d-%m-%Y %H:%M") in html


def test_lijst_toont_opmaak_in_een_naam_als_tekst(client, personas):
    # The rows escape each value themselves (meldinglijsten.school_rijen): markup in a name stays text.
    from gemeenten.models import Gemeente
    from tests.factories import RblFactory

    MeldingFactory(vestiging=personas.school_a, leerling__voornamen='<b>"Jo"</b>', leerling__achternaam="d'Ancona & Zn")
    MeldingFactory(
        vestiging=personas.school_a,
        gemeente=Gemeente.objects.get(code="0518"),  # 's-Gravenhage, from the reference data
        rbl=RblFactory(naam="RBL <Haaglanden> & 'Westland'"),
    )
    client.force_login(personas.melder_a)
    html = _lijst(client)
    assert "<td>&lt;b&gt;&quot;Jo&quot;&lt;/b&gt; d&#x27;Ancona &amp; Zn</td>" in html and "<b>" not in html
    assert "<td>RBL &lt;Haaglanden&gt; &amp; &#x27;Westland&#x27; (&#x27;s-Gravenhage)</td>" in html
    assert "<Haaglanden>" not in html


def test_lijst_filtert_op_status_soort_schooljaar_en_zoekt(client, personas):
    from meldingen.models import Verzuimsoort

    open_ = MeldingFactory(vestiging=personas.school_a, leerling__voornamen="Ahmed", leerling__achternaam="Yilmaz")
    dicht = MeldingFactory(
        vestiging=personas.school_a, afgesloten=True, verzuimsoort=Verzuimsoort.objects.get(code="luxe")
    )
    vorig_jaar = MeldingFactory(vestiging=personas.school_a, schooljaar=open_.schooljaar - 1)
    client.force_login(personas.melder_a)

    def filter_(**data):
        response = client.post(reverse("school:lijst"), data)
        assert response.status_code == 302 and response.url == reverse("school:lijst")  # no filter in the URL
        return _lijst(client)

    html = filter_(status="afgesloten")
    assert dicht.meldingsnummer in html and open_.meldingsnummer not in html
    html = filter_(verzuimsoort="luxe")
    assert dicht.meldingsnummer in html and open_.meldingsnummer not in html
    html = filter_(schooljaar=str(vorig_jaar.schooljaar))
    assert vorig_jaar.meldingsnummer in html and open_.meldingsnummer not in html
    html = filter_(zoek="yilmaz")
    assert open_.meldingsnummer in html and dicht.meldingsnummer not in html
    html = filter_(zoek="ahmed YILMAZ")
    assert open_.meldingsnummer in html
    # As the list writes the name ("d'Ancona"), and as two words.
    ancona = MeldingFactory(vestiging=personas.school_a, leerling__voorvoegsel="d'", leerling__achternaam="Ancona")
    for zoek in ("D'ancona", "d' Ancona", "d'Anc"):
        html = filter_(zoek=zoek)
        assert ancona.meldingsnummer in html and open_.meldingsnummer not in html, zoek
    html = filter_(zoek=dicht.meldingsnummer.lower())
    assert dicht.meldingsnummer in html and open_.meldingsnummer not in html
    client.post(reverse("school:lijst"), {"wissen": "1"})
    html = _lijst(client)
    assert all(m.meldingsnummer in html for m in (open_, dicht, vorig_jaar))


def test_lijst_pagineert(client, personas):
    MeldingFactory.create_batch(27, vestiging=personas.school_a)
    client.force_login(personas.melder_a)
    html = _lijst(client)
    assert "Pagina 1 van 2" in html
    assert html.count('href="/school/meldingen/VMT-') == 25
    assert client.get(reverse("school:lijst") + "?pagina=2").content.decode().count('href="/school/meldingen/VMT-') == 2


def test_lijst_telt_niet_verder_dan_de_grens(client, personas, monkeypatch, settings):
    monkeypatch.setattr("meldingen.paginering.VOORUIT", 25)
    MeldingFactory.create_batch(27, vestiging=personas.school_a)
    client.force_login(personas.melder_a)
    html = _lijst(client)
    assert "Meer dan 25 meldingen" in html and "Pagina 1 van meer dan 1" in html
    assert "27 meldingen" in client.get(reverse("school:lijst") + "?pagina=2").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _lijst(client)
    assert "More than 25 reports" in html and "Page 1 of more than 1" in html


@pytest.mark.parametrize("aantal", [1, 50])
def test_lijst_constant_aantal_queries(client, personas, django_assert_max_num_queries, aantal):
    MeldingFactory.create_batch(aantal, vestiging=personas.school_a, gemeente=personas.gemeente_x)
    client.force_login(personas.melder_a)
    client.post(reverse("school:lijst"), {"zoek": "de Vries", "status": "geregistreerd"})
    with django_assert_max_num_queries(13):
        response = client.get(reverse("school:lijst"))
    assert response.content.decode().count('href="/school/meldingen/VMT-') == min(aantal, 25)


@pytest.mark.parametrize("persona", ["lpa_x", "beheer", "buitenstaander", "schoolbeheer_a"])
def test_schoolpaginas_404_voor_wie_niet_meldt(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("school:lijst")).status_code == 404
    assert client.get(reverse("school:nieuw")).status_code == 404
    assert client.post(reverse("school:nieuw"), {"stap": "opzoeken"}).status_code == 404


def test_melder_kan_niet_voor_andere_vestiging_melden(client, personas, leerling_b):
    client.force_login(personas.melder_a)
    data = {
        "stap": "opzoeken",
        "vestiging": personas.school_b.code,
        "persoonsgebonden_nummer": leerling_b.persoonsgebonden_nummer,
        "begindatum": "2026-01-05",
    }
    assert client.post(reverse("school:nieuw"), data).status_code == 404
    assert not ToegangslogRegel.objects.filter(actie="leerling_opzoeken").exists()


# --- Detail, wijzigen, intrekken ---------------------------------------------------------------------


def test_wijzigen_legt_velden_vast_met_leesbare_namen(client, personas, leerling_a):
    melding = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    data = stap2(personas, leerling_a, verzuimuren="20")
    del data["persoonsgebonden_nummer"]
    response = client.post(reverse("school:wijzigen", args=[melding.meldingsnummer]), data)
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "gewijzigd: Verzuimuren" in html
    assert MeldingHistorie.objects.filter(
        melding=melding, actie="gewijzigd", gewijzigde_velden=["verzuimuren"]
    ).exists()


def test_wijzigen_van_afgesloten_melding_kan_niet(client, personas):
    melding = MeldingFactory(vestiging=personas.school_a, afgesloten=True)
    client.force_login(personas.melder_a)
    response = client.get(reverse("school:wijzigen", args=[melding.meldingsnummer]), follow=True)
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert "Melding intrekken" not in response.content.decode()


def test_intrekken_zonder_reden_toont_fout_en_wijzigt_niets(client, personas, leerling_a):
    melding = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    html = client.post(reverse("school:intrekken", args=[melding.meldingsnummer]), {"reden": ""}).content.decode()
    assert "foutsamenvatting" in html
    melding.refresh_from_db()
    assert melding.status == Status.GEREGISTREERD


def test_intrekken_met_reden(client, personas, leerling_a):
    melding = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    response = client.post(
        reverse("school:intrekken", args=[melding.meldingsnummer]), {"reden": "Verkeerde leerling gekozen"}, follow=True
    )
    melding.refresh_from_db()
    assert melding.status == Status.INGETROKKEN
    assert "Verkeerde leerling gekozen" in response.content.decode()


def test_detail_toont_afsluitreden_en_contactpersoon(client, personas):
    melding = MeldingFactory(vestiging=personas.school_a, afgesloten=True)
    client.force_login(personas.melder_a)
    html = client.get(reverse("school:detail", args=[melding.meldingsnummer])).content.decode()
    assert "Terug naar school, opleiding hervat" in html
    assert "L. Plicht" in html and "lpa@gemeente.example" in html


# --- Dashboard: what changed since the last visit --------------------------------------------------------


def test_dashboard_meldt_statuswijzigingen_sinds_vorig_bezoek(client, personas, leerling_a):
    melding = indienen(personas, leerling_a)
    client.force_login(personas.melder_a)
    html = client.get(reverse("dashboard")).content.decode()
    assert "kreeg een nieuwe status" not in html  # first visit: nothing to compare with
    assert Portaalbezoek.objects.filter(gebruiker=personas.melder_a).exists()

    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    client.logout()
    client.force_login(personas.melder_a)  # a new session: a new visit
    html = client.get(reverse("dashboard")).content.decode()
    assert "1 melding kreeg een nieuwe status sinds uw vorige bezoek" in html
    assert melding.meldingsnummer in html
    # Reloading within the same session keeps the notice.
    assert melding.meldingsnummer in client.get(reverse("dashboard")).content.decode()

    client.logout()
    client.force_login(personas.melder_a)
    assert "kreeg een nieuwe status" not in client.get(reverse("dashboard")).content.decode()


def test_dashboard_toont_geen_wijzigingen_van_andere_school(client, personas, leerling_b):
    client.force_login(personas.melder_a)
    client.get(reverse("dashboard"))
    melding_b = services.melding_indienen(
        door=personas.melder_b,
        vestiging=personas.school_b,
        persoonsgebonden_nummer=leerling_b.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_b),
    )
    services.melding_in_behandeling_nemen(door=personas.lpa_y, melding=melding_b)
    client.logout()
    client.force_login(personas.melder_a)
    assert melding_b.meldingsnummer not in client.get(reverse("dashboard")).content.decode()


# --- Language ---------------------------------------------------------------------------------------------


def test_taalkeuze_naar_engels_en_terug(client, personas):
    client.force_login(personas.melder_a)
    assert "Verzuim melden" in client.get(reverse("dashboard")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in html
    assert "Report absence" in html
    assert "BSN or education number" in client.get(reverse("school:nieuw")).content.decode()
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Verzuim melden" in client.get(reverse("dashboard")).content.decode()

"""The fixed lists of DOMAIN.md as reference data with validity dates, and the meldingsnummer sequence.

The date the current DUO list of soorten verzuim replaced the 2009 list is not in our sources;
2017-08-01 is an assumption, recorded in docs/glossary.md. Luxe verzuim is on both lists.
"""

from datetime import date

from django.db import migrations

START_2009 = date(2009, 8, 1)
WISSEL = date(2017, 8, 1)
EINDE_2009 = date(2017, 7, 31)

VERZUIMSOORTEN = [
    # code, naam, toelichting, geldig_van, geldig_tot, einddatum_verplicht
    (
        "16_uur",
        "16 uur in 4 weken",
        "16 uur of meer ongeoorloofd verzuim binnen 4 opeenvolgende lesweken (Leerplichtwet art. 21a); verplicht te melden onder 18 jaar.",
        WISSEL,
        None,
        True,
    ),
    ("lrv", "Langdurig relatief verzuim", "Langer dan 4 weken ongeoorloofd afwezig.", WISSEL, None, True),
    ("rmc", "RMC", "Jongere van 18 tot 23 jaar zonder startkwalificatie die verzuimt.", WISSEL, None, True),
    ("luxe", "Luxe verzuim", "Extra vakantie buiten de schoolvakanties zonder toestemming.", START_2009, None, False),
    ("overig", "Overig verzuim", "Ongeoorloofd verzuim dat niet onder een andere soort valt.", WISSEL, None, False),
    ("beginnend", "Beginnend verzuim", "Lijst van 2009.", START_2009, EINDE_2009, False),
    ("signaal", "Signaal verzuim", "Lijst van 2009.", START_2009, EINDE_2009, False),
    (
        "3_dagen",
        "Ongeoorloofd verzuim gedurende 3 of meer opeenvolgende schooldagen",
        "Lijst van 2009.",
        START_2009,
        EINDE_2009,
        False,
    ),
    (
        "1_8_in_4_weken",
        "Ongeoorloofd verzuim van meer dan 1/8 in 4 opeenvolgende lesweken",
        "Lijst van 2009.",
        START_2009,
        EINDE_2009,
        False,
    ),
    ("1_maand", "Ongeoorloofd verzuim van 1 maand of langer", "Lijst van 2009.", START_2009, EINDE_2009, False),
]

AFSLUITREDENEN = [
    ("terug_naar_school", "Terug naar school, opleiding hervat"),
    ("inschrijving_beeindigd_andere_opleiding", "Inschrijving beëindigd, andere opleiding"),
    ("inschrijving_beeindigd_werk", "Inschrijving beëindigd, werk"),
    ("inschrijving_beeindigd_overige", "Inschrijving beëindigd, overige redenen"),
    ("inschrijving_beeindigd_overleden", "Inschrijving beëindigd, leerling overleden"),
    ("geen_verzuim_langdurig_ziek", "Geen verzuim, langdurig ziek"),
    ("geen_verzuim_legitiem_afwezig", "Geen verzuim, legitiem afwezig"),
]

TOELICHTINGEN = [
    ("gezien_door_gemeente", "Leerling is gezien door gemeente"),
    ("actie_richting_leerling", "Er wordt actie ondernomen richting leerling door gemeente"),
    ("geen_actie_meer", "Er loopt geen actie meer richting leerling"),
]


def laad(apps, schema_editor):
    Verzuimsoort = apps.get_model("meldingen", "Verzuimsoort")
    for volgorde, (code, naam, toelichting, van, tot, eind) in enumerate(VERZUIMSOORTEN):
        Verzuimsoort.objects.update_or_create(
            code=code,
            defaults=dict(
                naam=naam,
                toelichting=toelichting,
                geldig_van=van,
                geldig_tot=tot,
                einddatum_verplicht=eind,
                volgorde=volgorde,
            ),
        )
    for model, lijst in (("Afsluitreden", AFSLUITREDENEN), ("ToelichtingAfsluiting", TOELICHTINGEN)):
        Model = apps.get_model("meldingen", model)
        for volgorde, (code, naam) in enumerate(lijst):
            Model.objects.update_or_create(
                code=code, defaults=dict(naam=naam, geldig_van=START_2009, volgorde=volgorde)
            )


class Migration(migrations.Migration):
    dependencies = [("meldingen", "0001_initial")]
    operations = [
        migrations.RunPython(laad, migrations.RunPython.noop),
        migrations.RunSQL(
            "CREATE SEQUENCE meldingen_meldingsnummer_seq START 1",
            "DROP SEQUENCE meldingen_meldingsnummer_seq",
        ),
    ]

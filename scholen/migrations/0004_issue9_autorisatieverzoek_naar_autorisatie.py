"""The school's own request model is replaced by autorisatie.Autorisatieverzoek: copy its rows, then drop it."""

from django.db import migrations

SOORT = {"autoriseren": "toekennen", "intrekken": "intrekken"}
STATUS = {"open": "ingediend", "toegekend": "goedgekeurd", "afgewezen": "afgewezen"}


def kopieer(apps, schema_editor):
    Oud = apps.get_model("scholen", "Autorisatieverzoek")
    Nieuw = apps.get_model("autorisatie", "Autorisatieverzoek")
    for oud in Oud.objects.iterator():
        voornaam, _, achternaam = oud.naam.partition(" ")
        toelichting = "\n".join(t for t in (oud.toelichting, f"Functie: {oud.functie}" if oud.functie else "") if t)
        nieuw = Nieuw.objects.create(
            soort=SOORT.get(oud.soort, "toekennen"),
            voornaam=voornaam[:100],
            achternaam=achternaam[:150],
            email=oud.email,
            rol=oud.rol,
            vestiging_id=oud.vestiging_id,
            toelichting=toelichting,
            status=STATUS.get(oud.status, "ingediend"),
            ingediend_door_id=oud.aangevraagd_door_id,
            beoordeeld_door_id=oud.afgehandeld_door_id,
            beoordeeld_op=oud.afgehandeld_op,
            gebruiker_id=oud.gebruiker_id,
        )
        # auto_now_add overrides a value given to create(); keep the original date.
        Nieuw.objects.filter(pk=nieuw.pk).update(ingediend_op=oud.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("scholen", "0003_issue3_autorisatieverzoek_portaalbezoek"),
        ("autorisatie", "0004_issue9_verzoeksoort"),
    ]

    operations = [
        migrations.RunPython(kopieer, migrations.RunPython.noop),
        migrations.DeleteModel(name="Autorisatieverzoek"),
    ]

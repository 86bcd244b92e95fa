from django.db import migrations

from gemeenten.referentie import laad_gemeenten


def laad(apps, schema_editor):
    laad_gemeenten(apps.get_model("gemeenten", "Gemeente"))


class Migration(migrations.Migration):
    dependencies = [("gemeenten", "0001_initial")]
    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]

from django.db import migrations

from scholen.referentie import laad_vestigingen


def laad(apps, schema_editor):
    laad_vestigingen(apps.get_model("scholen", "Vestiging"))


class Migration(migrations.Migration):
    dependencies = [("scholen", "0001_initial"), ("gemeenten", "0002_cbs_gemeenten")]
    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]

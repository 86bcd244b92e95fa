import django.db.models.deletion
from django.db import migrations, models

# Django indexes a foreign key to a text key twice: a plain index and a varchar_pattern_ops ("_like") index for LIKE
# queries nobody makes on a vestigingscode. The Bron import pays for every index on every row. In the database: drop
# the "_like" index and rename the plain one (instant, and the foreign key is not re-validated over millions of rows);
# in Django's state: db_index=False plus a named index.
INDEXEN = """DO $$
DECLARE naam text;
BEGIN
  FOR naam IN SELECT indexname FROM pg_indexes
              WHERE tablename = 'bron_inschrijving' AND indexdef LIKE '%(vestiging_id varchar_pattern_ops)%'
  LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I', naam);
  END LOOP;
  FOR naam IN SELECT indexname FROM pg_indexes
              WHERE tablename = 'bron_inschrijving' AND indexdef LIKE '%USING btree (vestiging_id)'
                AND indexname <> 'inschrijving_vestiging'
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO inschrijving_vestiging', naam);
  END LOOP;
  CREATE INDEX IF NOT EXISTS inschrijving_vestiging ON bron_inschrijving (vestiging_id);
END $$;"""


class Migration(migrations.Migration):
    dependencies = [
        ("bron", "0002_indexen_zonder_dubbel"),
        ("scholen", "0004_issue9_autorisatieverzoek_naar_autorisatie"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="inschrijving",
                    name="vestiging",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="scholen.vestiging",
                    ),
                ),
                migrations.AddIndex(
                    model_name="inschrijving",
                    index=models.Index(fields=["vestiging"], name="inschrijving_vestiging"),
                ),
            ],
            database_operations=[migrations.RunSQL(INDEXEN, migrations.RunSQL.noop)],
        ),
    ]

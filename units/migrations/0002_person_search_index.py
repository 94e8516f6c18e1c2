from django.db import migrations

import units.postgres


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [
        migrations.RunPython(
            units.postgres.create_trigram_index, units.postgres.drop_trigram_index
        ),
    ]

import time

from django.db import migrations, models


def first_version(apps, schema_editor):
    # So pages are cached from the start, before any content changes.
    ContentVersion = apps.get_model("page_cache", "ContentVersion")
    ContentVersion.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"number": time.time_ns()}
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]

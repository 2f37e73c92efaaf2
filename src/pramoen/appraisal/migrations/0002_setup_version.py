from django.db import migrations, models


def saved_setups_are_version_one(apps, schema_editor):
    # 0 means "never saved" (the page then creates the row); a setup saved before versions
    # existed is the first version
    apps.get_model("appraisal", "AppraisalSetup").objects.update(version=1)


class Migration(migrations.Migration):
    dependencies = [
        ("appraisal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="appraisalsetup",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(saved_setups_are_version_one, migrations.RunPython.noop),
    ]

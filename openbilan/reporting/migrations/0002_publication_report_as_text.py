"""The report kept as JSON text (the same column): PostgreSQL's jsonb reorders keys, and the report's order is the
order of its tables and rows (see reporting.models.Publication)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="publication", old_name="report", new_name="report_json"),
        migrations.AlterField(
            model_name="publication",
            name="report_json",
            field=models.TextField(db_column="report", verbose_name="rapport"),
        ),
    ]

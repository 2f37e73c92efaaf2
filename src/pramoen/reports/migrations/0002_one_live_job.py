import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fail_duplicate_live_jobs(apps, schema_editor):
    # Before the constraint, one user could have several live jobs of a kind; all but the
    # newest are ended as a restart would have ended them, so that the constraint holds.
    ReportJob = apps.get_model("reports", "ReportJob")
    seen = set()
    live = ReportJob.objects.filter(status__in=["queued", "running"]).order_by("-created_at")
    for job in live:
        key = (job.round_id, job.fmt, job.requested_by_id)
        if job.requested_by_id is not None and key in seen:
            ReportJob.objects.filter(pk=job.pk).update(
                status="failed", message="หยุดทำงานก่อนเสร็จ (เซิร์ฟเวอร์เริ่มใหม่)"
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("reports", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reportjob",
            name="beat_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(fail_duplicate_live_jobs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="reportjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=("round", "fmt", "requested_by"),
                name="one_live_report_job_per_round_format_user",
            ),
        ),
    ]

"""What a person is told: one row per notification and recipient (the in-app inbox, whose read
state is the person's own), and how each person wants mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("ส่งอีเมลทันที")
    DIGEST = "digest", _("สรุปวันละครั้ง")
    INBOX = "inbox", _("ในระบบเท่านั้น ไม่ส่งอีเมล")


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mail = models.CharField(max_length=12, choices=MailMode.choices, default=MailMode.IMMEDIATE)


class Notification(models.Model):
    """``kind`` and ``data`` are the structured event (the sentence is made when shown, in the
    reader's language); ``path`` is the page where the work is."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # mail: not yet sent (None), sent, or not to be sent ("inbox" mode); a failed send stays
    # None and is tried again, the inbox row is never lost
    mailed_at = models.DateTimeField(null=True, blank=True)
    mail_skipped = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["mailed_at", "mail_skipped"]),
        ]


class RoundDeadline(models.Model):
    """A round's three due dates (set by the province) and how many days before each one the
    people with work still open are reminded."""

    round = models.OneToOneField(
        "evaluation.Round", on_delete=models.CASCADE, related_name="deadline"
    )
    submission_due = models.DateField(null=True, blank=True)
    verification_due = models.DateField(null=True, blank=True)
    approval_due = models.DateField(null=True, blank=True)
    remind_days = models.PositiveSmallIntegerField(default=3)


class Reminder(models.Model):
    """A reminder once sent (so the daily run sends each one once)."""

    round = models.ForeignKey("evaluation.Round", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=40)
    due = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "recipient", "kind", "due"], name="reminder_once"
            )
        ]

"""Tell plan admins when a nightly job failed or was interrupted: in the portal and by email.

Registered with jobs.registry.on_failure from this app's ready(). The run's error never carries
PHI (jobs/runner.py records only our own messages or the error's kind), so it may go by email.
"""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from jobs.registry import label_of

from .models import Notification


def _plan_admins():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.PLAN_ADMIN)
        .exclude(Q(groups__name=Role.CBO_STAFF))
        .distinct()
    )


def notify_plan_admins(run) -> int:
    admins = list(_plan_admins())
    title = f"{label_of(run.job)} {run.get_status_display().lower()} (as of {run.as_of})"
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                user=admin, kind=Notification.Kind.JOB, key=f"job:{run.pk}", day=run.as_of,
                title=title[:200], link="/jobs/", created_at=now,
            )
            for admin in admins
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    emails = [admin.email for admin in admins if admin.email]
    if emails:
        send_mail(
            subject=f"CalAIM Care Management: {title}",
            message=f"{title}\n\n{run.error}\n\nSee Nightly jobs in the portal.",
            from_email=None,
            recipient_list=emails,
        )
    return len(admins)

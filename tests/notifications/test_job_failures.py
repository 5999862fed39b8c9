"""A failed or interrupted nightly job tells plan admins in the portal and by email (no PHI)."""

import pytest
from django.core import mail
from django.utils import timezone

from jobs.models import JobRun
from jobs.runner import run_recorded
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_failed_job_notifies_every_plan_admin_in_app_and_by_email(plan_admin, care_manager):
    plan_admin.email = "admin@example.org"
    plan_admin.save()

    def work():
        raise RuntimeError("boom")

    run_recorded("stratification", work=work)

    run = JobRun.objects.get(job="stratification")
    [notice] = Notification.objects.filter(kind="job")
    assert notice.user == plan_admin and notice.link == "/jobs/"
    assert notice.title == f"Risk stratification failed (as of {timezone.localdate()})"
    assert not Notification.objects.filter(user=care_manager).exists()
    [email] = mail.outbox
    assert email.to == ["admin@example.org"] and run.error in email.body


def test_an_interrupted_run_notifies_too(plan_admin):
    JobRun.objects.create(job="clocks", as_of=timezone.localdate(), started_at=timezone.now())
    run_recorded("clocks", work=lambda: 0)
    assert Notification.objects.get(kind="job").title.startswith("Due-date clocks interrupted")

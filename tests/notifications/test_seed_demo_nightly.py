"""`make run`'s demo nights (seed_demo_nightly, after seed_demo_care): tiers, risers, reminders
waiting for cm.garcia and a history of recorded runs; a second run adds no reminder."""

from django.core.management import call_command

from jobs.models import JobRun
from notifications.models import Notification
from risk.models import MemberRisk


def test_seed_demo_nightly_stratifies_records_runs_and_leaves_reminders_once(db, capsys):
    call_command("seed_demo", "--members", "60")
    call_command("load_question_sets")
    call_command("seed_demo_eligibility")
    call_command("seed_demo_care")
    capsys.readouterr()

    call_command("seed_demo_nightly")

    assert MemberRisk.objects.exists()
    assert Notification.objects.filter(user__username="cm.garcia").exists()
    recorded = set(JobRun.objects.values_list("job", flat=True))
    assert {"eligibility", "stratification", "clocks", "reminders"} <= recorded
    reminders = Notification.objects.count()

    call_command("seed_demo_nightly")

    assert Notification.objects.count() == reminders
    assert "new reminders" in capsys.readouterr().out

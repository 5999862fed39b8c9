"""The demo's "My tasks" for cm.garcia: a short, true list, because seed_demo_care loads an HRA
history for the demo's D-SNP members (careplans/clocks/history.py) and the portal went live
before the caseloads' old deadlines."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from careplans.clocks.history import DEMO_WITHOUT_HISTORY, demo_history_rows
from careplans.models import MemberClock, PriorRecord
from core.models import ImportJob
from members.models import Member


def test_demo_history_rows_are_one_hra_and_a_care_plan_per_member():
    today = datetime.date(2026, 6, 1)
    rows = demo_history_rows(["91234567A", "91234568A", "91234569A"], today=today)
    assert rows[:2] == [
        ("91234567A", "hra", "2025-05-25", "DEMO-HRA-91234567A"),  # a reassessment overdue
        ("91234567A", "care_plan", "2025-06-06", "DEMO-CP-91234567A"),
    ]
    assert [r[1] for r in rows if r[0] == "91234569A"] == ["hra"]  # its care plan still to do
    assert all(r[2] <= today.isoformat() for r in rows)


@pytest.mark.django_db
def test_cm_garcias_demo_task_list_is_short_and_true(client, settings, capsys):
    today = timezone.localdate()
    settings.PORTAL_GO_LIVE = today - datetime.timedelta(days=60)
    call_command("seed_demo", "--members", "120")
    call_command("load_question_sets")
    call_command("seed_demo_eligibility")
    call_command("seed_demo_care")
    capsys.readouterr()

    garcia = User.objects.get(username="cm.garcia")
    job = ImportJob.objects.get(kind="hra_history")
    assert job.status == "succeeded" and job.created_count > 0
    dsnp = Member.objects.filter(care_manager=garcia, program="CICM")
    with_history = dsnp.filter(prior_records__isnull=False).distinct().count()
    assert with_history == dsnp.count() - DEMO_WITHOUT_HISTORY
    assert PriorRecord.objects.filter(record_type="care_plan").exists()

    client.force_login(garcia)
    response = client.get(reverse("careplans:tasks"))

    items = response.context["items"]
    assert 0 < len(items) <= 25  # what needs action, not hundreds
    assert {i.state for i in items} <= {"overdue", "due_soon"}
    go_live = settings.PORTAL_GO_LIVE
    assert all(i.due_on >= go_live for i in items)  # nothing overdue for years
    assert not [i for i in items if i.kind == "initial_hra" and i.state == "overdue"]
    # The few without history wait apart, collapsed, with the other pre-go-live deadlines.
    assert response.context["pre_go_live_count"] >= DEMO_WITHOUT_HISTORY
    assert MemberClock.objects.filter(member__care_manager=garcia, state="no_record").exists()

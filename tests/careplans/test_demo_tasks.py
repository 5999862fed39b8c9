"""The demo's "My tasks" for cm.garcia: a short, true list, because seed_demo_care loads an HRA
history for the demo's D-SNP members (careplans/clocks/history.py) and the portal went live
before the caseloads' old deadlines."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from careplans.clocks.history import DEMO_WITHOUT_HISTORY, demo_history_rows
from careplans.models import MemberClock, PriorRecord
from tests.test_every_page_after_demo import demo_commands


def test_demo_history_rows_are_one_hra_and_a_care_plan_per_member():
    today = datetime.date(2026, 6, 1)
    rows = demo_history_rows(["91234567A", "91234568A", "91234569A"], today=today)
    assert rows[:2] == [
        ("91234567A", "hra", "2025-05-25", "DEMO-HRA-91234567A"),  # a reassessment overdue
        ("91234567A", "care_plan", "2025-06-06", "DEMO-CP-91234567A"),
    ]
    assert [r[1] for r in rows if r[0] == "91234569A"] == ["hra"]  # its care plan still to do
    assert all(r[2] <= today.isoformat() for r in rows)


def test_each_caseload_has_its_few_due_history_items_whatever_its_size():
    today = datetime.date(2026, 6, 1)
    cins = [f"9{n:07d}A" for n in range(200)]
    rows = demo_history_rows(cins, today=today)
    reassessments_due = [r for r in rows if r[1] == "hra" and r[2] < "2025-06-15"]
    assert [r[0] for r in reassessments_due] == cins[:2]  # not every 40th member
    assert [r[0] for r in rows if r[1] == "care_plan"] == cins[:2] + cins[3:]


ROW = re.compile(
    r'<tr class="item state-(?P<state>[a-z_]+)" data-kind="(?P<kind>[a-z_]+)">\s*'
    r"(?:<td>.*?</td>\s*)?<td>(?P<due>\d{4}-\d{2}-\d{2})</td>.*?"
    r'<a href="/members/(?P<member>\d+)/">',
    re.S,
)


def rows_of(page: str) -> list[dict]:
    return [m.groupdict() for m in ROW.finditer(page)]


@pytest.mark.django_db
def test_cm_garcias_task_list_after_make_demo_is_short_and_true(client, settings, capsys):
    """Issue 13: after `make demo` (its commands, the full roster), cm.garcia's "My tasks" is
    the short list of what is due this week, each row truly due: 48 rows before (transition-of-
    care calls never made, a reassessment overdue for every 40th member, waiting referrals
    twice, the monthly contacts of all the enrolled members due at once)."""
    today = timezone.localdate()
    settings.PORTAL_GO_LIVE = today - datetime.timedelta(days=30)  # as calaim/settings/dev.py
    for args in demo_commands():
        if "--members" in args:  # the demo's own roster size, not the every-page test's
            args = args[: args.index("--members")]
        call_command(*args)
    capsys.readouterr()

    garcia = User.objects.get(username="cm.garcia")
    client.force_login(garcia)
    page = client.get(reverse("careplans:tasks")).text

    rows = rows_of(page)
    assert 1 <= len(rows) <= 12, rows
    assert f"{len(rows)} open item" in page
    window = today + datetime.timedelta(days=14)  # the due-soon setting the page uses
    for row in rows:
        due = datetime.date.fromisoformat(row["due"])
        assert row["state"] in ("overdue", "due_soon"), row
        assert settings.PORTAL_GO_LIVE <= due <= window, row  # nothing overdue for a year
    # A member the demo's HRA history covers has no HRA or care-plan item counting from years
    # back, in the list or in the pre-go-live group.
    covered = set(
        PriorRecord.objects.filter(member__care_manager=garcia).values_list("member_id", flat=True)
    )
    assert covered
    history_kinds = {"initial_hra", "reassessment", "care_plan", "care_plan_review"}
    assert not [r for r in rows if r["kind"] == "initial_hra" and int(r["member"]) in covered]
    assert not MemberClock.objects.filter(
        member__in=covered, clock__in=history_kinds, due_on__lt=settings.PORTAL_GO_LIVE
    ).exists()
    # The referral waiting for its provider is on the list once, as the member's clock.
    waiting = [r for r in rows if r["kind"] in ("cs_referral", "cs_provider_decision")]
    assert len({(r["member"], r["due"]) for r in waiting}) == len(waiting)
    # The few without history wait apart, collapsed, with the other pre-go-live deadlines.
    assert (
        MemberClock.objects.filter(
            member__care_manager=garcia, clock="initial_hra", state="no_record"
        ).count()
        == DEMO_WITHOUT_HISTORY
    )

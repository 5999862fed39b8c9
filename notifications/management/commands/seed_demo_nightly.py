"""Demo nights for `make run`, after `seed_demo_care`: risk tiers, risers, reminders, job history.

Through the real jobs only (jobs/runner.py records each run): stratifies the roster as of two
days ago and yesterday, gives three of cm.garcia's low or medium-risk members a burst of ED
visits today (so tonight they rise), then runs tonight's jobs in their order: eligibility,
stratification, clocks, reminders. cm.garcia finds reminders waiting; supervisors find risers;
the Nightly jobs page has runs to show. Safe to run again: the visits have fixed feed ids, a
stratified day is replaced, and reminders are never sent twice for the same clock and day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eligibility import services as eligibility_services
from eligibility.models import UtilizationEvent
from jobs.runner import run_recorded
from members.models import Member
from notifications import reminders
from risk import services as risk_services

CARE_MANAGER = "cm.garcia"
RISERS = 3


class Command(BaseCommand):
    help = "Stratify demo nights, make a few members rise, and send the morning's reminders."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for days_ago in (2, 1):
            day = today - datetime.timedelta(days=days_ago)
            self._stratify(day)
        self._burst_for_risers(today)
        run_recorded("eligibility", work=eligibility_services.evaluate_tonight,
                     rows=lambda run: run.members_evaluated)  # fmt: skip
        run = self._stratify(today)
        from careplans.clocks.services import refresh_everyone

        run_recorded("clocks", work=refresh_everyone, rows=lambda n: n)
        created = run_recorded(
            "reminders", work=lambda: reminders.send_reminders(day=today), rows=lambda n: n
        )
        self.stdout.write(
            f"Risk as of {today}: {run.high_members} high, {run.medium_members} medium, "
            f"{run.rising_members} rising; {created or 0} new reminders."
        )

    def _stratify(self, day):
        run = run_recorded(
            "stratification", as_of=day, work=lambda: risk_services.stratify(as_of=day),
            rows=lambda run: run.members_stratified,
        )  # fmt: skip
        if run is None or run.status != "succeeded":
            raise CommandError(f"Demo stratification as of {day} failed: see Nightly jobs.")
        return run

    def _burst_for_risers(self, today):
        """Four ED visits today for a few of cm.garcia's members who are not high risk (the same
        members on a second run: those who already have the demo's visits)."""
        chosen = UtilizationEvent.objects.filter(source_id__startswith="DEMO-RISE-")
        if chosen.exists():
            return
        members = list(
            Member.objects.filter(care_manager__username=CARE_MANAGER)
            .exclude(risk_tier="high")
            .order_by("id")[:RISERS]
        )
        UtilizationEvent.objects.bulk_create(
            [
                UtilizationEvent(
                    member=member, event_type="ed_visit", source_id=f"DEMO-RISE-{n}",
                    start_date=today, avoidable=n % 2 == 0,
                )
                for member in members
                for n in range(4)
            ],
            ignore_conflicts=True,
        )  # fmt: skip

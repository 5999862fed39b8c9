"""Demo eligibility for `make run`, after `seed_demo`: clinical data and two evaluations.

Loads the diagnoses.csv and utilization.csv that `seed_demo` generated beside the demo roster,
through the real imports, then evaluates the roster as of 30 days ago and as of today, so member
pages show what changed between evaluations and the supervisors' worklist has newly eligible
members. Safe to run again: the imports are idempotent and evaluations already stored are kept.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.models import ImportJob
from eligibility import services
from eligibility.models import EvaluationRun

DEMO_DIR = Path(settings.BASE_DIR) / "var" / "demo"


class Command(BaseCommand):
    help = "Load the demo's diagnoses and utilization and evaluate eligibility (after seed_demo)."

    def handle(self, *args, **options):
        for kind in (ImportJob.Kind.DIAGNOSES, ImportJob.Kind.UTILIZATION):
            path = DEMO_DIR / f"{kind}.csv"
            if not path.exists():
                raise CommandError(f"{path} is missing: run `manage.py seed_demo` first.")
            job = services.import_clinical_file(kind=kind, path=path)
            if job.status != ImportJob.Status.SUCCEEDED:
                raise CommandError(f"Demo {kind} import {job.status}: see import job {job.pk}.")
            self.stdout.write(
                f"Demo {kind}: {job.created_count} created, {job.unchanged_count} unchanged."
            )
        today = timezone.localdate()
        for as_of in (today - datetime.timedelta(days=30), today):
            run = EvaluationRun.objects.filter(
                as_of=as_of, status=EvaluationRun.Status.SUCCEEDED
            ).first() or services.evaluate_eligibility(as_of=as_of)
            self.stdout.write(
                f"Evaluation as of {run.as_of}: {run.eligible_members} of "
                f"{run.members_evaluated} members eligible, {run.newly_eligible_members} new."
            )

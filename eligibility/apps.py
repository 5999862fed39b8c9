from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "Eligibility: clinical data and populations of focus"

    def ready(self) -> None:
        from core.import_jobs import register_runner
        from core.models import ImportJob

        from .tasks import run_clinical_import_task

        register_runner(ImportJob.Kind.DIAGNOSES, run_clinical_import_task)
        register_runner(ImportJob.Kind.UTILIZATION, run_clinical_import_task)

        from . import extensions

        extensions.register()

        from jobs.registry import Job, register

        register(
            Job(
                "eligibility",
                "Eligibility evaluation",
                "eligibility.tasks.nightly_evaluation_task",
                "nightly 03:00",
                order=20,
            )
        )
        register(
            Job(
                "determination_pruning",
                "Determination pruning",
                "eligibility.tasks.prune_determinations_task",
                "Sundays 04:30",
                order=60,
            )
        )

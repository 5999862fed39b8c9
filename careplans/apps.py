from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Care management"

    def ready(self) -> None:
        from careplans.assessments import extensions as assessments
        from careplans.clocks import extensions as clocks
        from careplans.clocks import (
            receivers,  # noqa: F401 - clocks follow assignments, enrollments
        )
        from careplans.outreach import extensions as outreach
        from careplans.plans import extensions as plans
        from careplans.plans import history  # noqa: F401 - registers care plans with reversion
        from jobs.registry import Job, register

        for part in (assessments, plans, clocks, outreach):
            part.register()

        from careplans.tasks import run_history_import_task
        from core.import_jobs import register_runner
        from core.models import ImportJob

        register_runner(ImportJob.Kind.HRA_HISTORY, run_history_import_task)

        register(
            Job(
                "clocks",
                "Due-date clocks",
                "careplans.tasks.refresh_all_clocks_task",
                "nightly 01:30",
                order=10,
            )
        )

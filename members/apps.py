from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and caseloads"

    def ready(self) -> None:
        from core.import_jobs import register_runner
        from core.models import ImportJob

        from .tasks import run_roster_import_task

        register_runner(ImportJob.Kind.ROSTER, run_roster_import_task)

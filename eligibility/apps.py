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

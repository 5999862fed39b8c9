from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Community Supports: catalog, county offerings, authorizations with service limits and
    closed-loop referrals to contracted CBO providers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Community Supports referrals"

    def ready(self) -> None:
        from core.import_jobs import register_runner
        from core.models import ImportJob

        from . import extensions
        from .tasks import run_cs_import_task

        extensions.register()
        register_runner(ImportJob.Kind.CS_OFFERINGS, run_cs_import_task)
        register_runner(ImportJob.Kind.CS_AUTHORIZATIONS, run_cs_import_task)

from django.apps import AppConfig


class CboPartnersConfig(AppConfig):
    """The plan's CBO partners: directory, assignments, consent, object grants and the thread."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cbo_partners"
    verbose_name = "CBO partners"

    def ready(self) -> None:
        from accounts import access
        from jobs.registry import Job, register

        from . import extensions, grants
        from .directory import history  # noqa: F401 - the directory's revisions

        access.register_member_grant("cbo_partners.shared_members", grants.shared_members)
        extensions.register()
        register(
            Job(
                "cbo_consents",
                "CBO consent sweep",
                "cbo_partners.tasks.sweep_consents_task",
                "daily 00:15",
                order=5,
            )
        )
        from cbo_partners.threads import extensions as threads

        threads.register()

from django.apps import AppConfig


class CboPartnersConfig(AppConfig):
    """The plan's CBO partners: directory, assignments, consent, object grants and the thread."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cbo_partners"
    verbose_name = "CBO partners"

    def ready(self) -> None:
        from cbo_partners.threads import extensions as threads

        threads.register()

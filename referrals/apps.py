from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Community Supports: catalog, county offerings, authorizations with service limits and
    closed-loop referrals to contracted CBO providers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Community Supports referrals"

    def ready(self) -> None:
        from . import extensions

        extensions.register()

from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "Eligibility: clinical data and populations of focus"

    def ready(self) -> None:
        from . import extensions

        extensions.register()

from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Care management"

    def ready(self) -> None:
        from . import (
            history,  # noqa: F401 - registers care plans with django-reversion
            receivers,  # noqa: F401 - clocks follow assignments and enrollments
        )

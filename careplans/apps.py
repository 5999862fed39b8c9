from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Care management"

    def ready(self) -> None:
        from careplans.clocks import (
            receivers,  # noqa: F401 - clocks follow assignments, enrollments
        )
        from careplans.plans import history  # noqa: F401 - registers care plans with reversion

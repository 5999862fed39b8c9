from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Care management"

    def ready(self) -> None:
        from jobs.registry import Job, register

        from . import (
            history,  # noqa: F401 - registers care plans with django-reversion
            receivers,  # noqa: F401 - clocks follow assignments and enrollments
        )

        register(
            Job(
                "clocks",
                "Due-date clocks",
                "careplans.tasks.refresh_all_clocks_task",
                "nightly 01:30",
                order=10,
            )
        )

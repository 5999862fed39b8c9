from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk stratification"

    def ready(self) -> None:
        from jobs.registry import Job, register

        register(
            Job(
                "stratification",
                "Risk stratification",
                "risk.tasks.nightly_stratification_task",
                "nightly 03:30",
                order=30,
            )
        )

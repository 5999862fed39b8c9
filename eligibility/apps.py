from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "Eligibility: clinical data and populations of focus"

    def ready(self) -> None:
        from jobs.registry import Job, register

        register(
            Job(
                "eligibility",
                "Eligibility evaluation",
                "eligibility.tasks.nightly_evaluation_task",
                "nightly 03:00",
                order=20,
            )
        )
        register(
            Job(
                "determination_pruning",
                "Determination pruning",
                "eligibility.tasks.prune_determinations_task",
                "Sundays 04:30",
                order=60,
            )
        )

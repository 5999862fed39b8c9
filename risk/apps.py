from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk stratification"

    def ready(self) -> None:
        from accounts.roles import is_plan_staff
        from jobs.registry import Job, register
        from members import extensions
        from members.extensions import MemberSection

        # The section names diagnoses (HIV, cancer): plan staff only; its view refuses others.
        extensions.contribute(
            MemberSection(
                key="risk",
                title="Risk",
                url_name="risk:member_section",
                order=5,
                heading_id="risk-h",
                loading="Loading the risk tier",
                shown_to=is_plan_staff,
            )
        )

        register(
            Job(
                "stratification",
                "Risk stratification",
                "risk.tasks.nightly_stratification_task",
                "nightly 03:30",
                order=30,
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk stratification"

    def ready(self) -> None:
        from accounts import access
        from accounts.access import DataCategory
        from jobs.registry import Job, register
        from members import extensions
        from members.extensions import MemberSection

        # The section names diagnoses (HIV, cancer): plan staff only; its view refuses others.
        extensions.contribute(
            MemberSection(
                key="risk",
                title=gettext_noop("Risk"),
                url_name="risk:member_section",
                order=5,
                heading_id="risk-h",
                loading=gettext_noop("Loading the risk tier"),
                shown_to=lambda user: access.may_see(user, DataCategory.RISK),
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

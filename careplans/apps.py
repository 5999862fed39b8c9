from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Care management"

    def ready(self) -> None:
        from careplans.assessments import extensions as assessments
        from careplans.clocks import extensions as clocks
        from careplans.clocks import (
            receivers,  # noqa: F401 - clocks follow assignments, enrollments
        )
        from careplans.outreach import extensions as outreach
        from careplans.plans import extensions as plans
        from careplans.plans import history  # noqa: F401 - registers care plans with reversion

        for part in (assessments, plans, clocks, outreach):
            part.register()

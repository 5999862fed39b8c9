from django.apps import AppConfig


class CboPartnersConfig(AppConfig):
    """The plan's CBO partners: directory, assignments, consent, object grants and the thread."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cbo_partners"
    verbose_name = "CBO partners"

    def ready(self) -> None:
        from accounts import access
        from jobs.registry import Job, register

        from . import extensions, grants
        from .directory import history  # noqa: F401 - the directory's revisions

        access.register_member_grant("cbo_partners.shared_members", grants.shared_members)
        extensions.register()
        register(
            Job(
                "cbo_consents",
                "CBO consent sweep",
                "cbo_partners.tasks.sweep_consents_task",
                "daily 00:15",
                order=5,
            )
        )
        from cbo_partners.threads import extensions as threads

        threads.register()

        from accounts.access import register_part2_check
        from careplans.plans.selectors import task_owner_sources

        from .consent.selectors import has_part2_consent
        from .selectors import cbo_care_managers_of

        # SUD records reach a CBO partner only under a Part 2 consent naming it (42 CFR Part 2)
        register_part2_check(has_part2_consent)
        # the member's CBO care manager may own care-plan tasks as a portal user
        task_owner_sources["cbo_care_manager"] = cbo_care_managers_of

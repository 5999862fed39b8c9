from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and caseloads"

    def ready(self) -> None:
        from accounts import access
        from core.import_jobs import register_runner
        from core.models import ImportJob

        from .grants import role_scope
        from .models import Member
        from .tasks import run_roster_import_task

        access.register_member_model(Member)
        access.register_member_grant("members.role_scope", role_scope)
        register_runner(ImportJob.Kind.ROSTER, run_roster_import_task)

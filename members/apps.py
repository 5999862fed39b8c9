from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and caseloads"

    def ready(self):
        from accounts import access

        from .grants import role_scope
        from .models import Member

        access.register_member_model(Member)
        access.register_member_grant("members.role_scope", role_scope)

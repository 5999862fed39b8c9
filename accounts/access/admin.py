"""The Django admin's pages of member data write the access log like every other door."""

from audit.models import AccessLog

from .log import Actor, record_member_access, record_members_shown


class MemberDataAdminMixin:
    """For a ModelAdmin of rows that belong to a member (`member_id`, or `pk` for Member).

    The change list writes one access-log row naming the members of the page it shows (one
    INSERT whatever the page size); a change or view page writes one row for its member.
    """

    member_id_attribute = "member_id"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            changelist.result_list = list(changelist.result_list)
            record_members_shown(
                request,
                members=[getattr(row, self.member_id_attribute) for row in changelist.result_list],
                viewed=AccessLog.View.ADMIN,
            )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            record_member_access(
                Actor.of(request),
                member_id=getattr(obj, self.member_id_attribute),
                viewed=AccessLog.View.ADMIN,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

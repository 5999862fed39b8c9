"""REST API for "My tasks" and the team overdue table."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from careplans.worklists import selectors as work_lists
from careplans.worklists.forms import TaskFilterForm
from core.api import paginated_response
from core.api_schema import PAGE_PARAMETER, paginated


def _logged(request):
    """Describe a page of "My tasks" items, naming its members in one access-log row."""

    def describe(rows):
        access.record_members_shown(
            request, members=[row["i_member"] for row in rows], viewed=AccessLog.View.TASK_LIST
        )
        return work_lists.describe_items(rows)

    return describe


class OpenItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text='"task" or a clock key.')
    kind_label = serializers.CharField()
    item_id = serializers.IntegerField()
    member_id = serializers.IntegerField()
    member_name = serializers.CharField()
    what = serializers.CharField()
    due_on = serializers.DateField()
    state = serializers.CharField()
    owner = serializers.CharField(
        help_text="Who does the item, as the Owner column of My tasks names it."
    )


class TeamRowSerializer(serializers.Serializer):
    care_manager_id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    overdue_assessments = serializers.IntegerField()
    overdue_care_plans = serializers.IntegerField()
    overdue_tasks = serializers.IntegerField()
    overdue_other_clocks = serializers.IntegerField()
    due_soon_clocks = serializers.IntegerField()
    due_soon_tasks = serializers.IntegerField()


class MyTasksApi(APIView):
    @extend_schema(
        responses=paginated(OpenItemSerializer),
        parameters=[
            OpenApiParameter("state", str, enum=["overdue", "due_soon", "due"]),
            OpenApiParameter("kind", str, description='"task" or a clock key'),
            OpenApiParameter("sort", str, enum=["due", "-due", "member", "kind"]),
            OpenApiParameter("care_manager", int, description="Supervisors: a team member"),
            PAGE_PARAMETER,
        ],
    )
    def get(self, request):
        """Open care-plan tasks and running clocks of the caller's (or a team member's) caseload."""
        form = TaskFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        owner = work_lists.items_owner(request.user, data.get("care_manager"))
        if owner is None:
            raise Http404
        items = work_lists.open_items(
            user=request.user,
            owner=owner,
            state=data.get("state", ""),
            kind=data.get("kind", ""),
            sort=data.get("sort") or "due",
        )
        return paginated_response(self, items, OpenItemSerializer, describe=_logged(request))


class TeamOverdueApi(APIView):
    @extend_schema(responses=TeamRowSerializer(many=True))
    def get(self, request):
        """Per care manager on the caller's team: overdue and due-soon counts."""
        access.require(request.user, Capability.VIEW_TEAM_WORK)
        rows = work_lists.team_overdue(request.user).order_by("last_name", "first_name", "pk")
        return Response(TeamRowSerializer(rows, many=True).data)

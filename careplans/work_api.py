"""REST API for contacts, the member timeline and clocks, the task list and the team table.

The same selectors and services as the pages (careplans.contacts, timeline, clocks,
work_lists), the same gates: reading a member's contacts, timeline or clocks follows who may see
the member and writes an access-log row; recording a contact is plan care work (404 for CBO
staff); the task list is for plan staff, the team table for supervisors and plan admins.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog

from . import clocks, contacts, timeline, work_lists
from .models import Contact, ContactKind, ContactMode, ContactOutcome, MemberClock, ReachedParty
from .work_forms import TaskFilterForm
from .work_views import CLOCKS_ACCESS, CONTACTS_ACCESS


class ContactSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "kind",
            "occurred_at",
            "mode",
            "reached",
            "outcome",
            "duration_minutes",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_by", "recorded_at"]


class ContactInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    occurred_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=ContactMode.choices)
    reached = serializers.ChoiceField(choices=ReachedParty.choices)
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    date_only = serializers.BooleanField(help_text="Known by its day only (shown as a date).")
    title = serializers.CharField()
    detail = serializers.CharField()
    actor = serializers.CharField(allow_null=True)


class MemberClockSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_clock_display")

    class Meta:
        model = MemberClock
        fields = ["clock", "label", "due_on", "state", "basis", "computed_at"]


class OpenItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text='"task" or a clock key.')
    kind_label = serializers.CharField()
    item_id = serializers.IntegerField()
    member_id = serializers.IntegerField()
    member_name = serializers.CharField()
    what = serializers.CharField()
    due_on = serializers.DateField()
    state = serializers.CharField()


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


def _paginated(view, items, serializer_class, *, describe=None, logged_as=None) -> Response:
    """One page the way every list API of the portal answers: DRF's count/next/previous/results.

    `logged_as`: the page lists several members (`i_member` of each row), named in one
    access-log row."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, view.request, view=view)
    if logged_as:
        access.record_members_shown(
            view.request, members=[row["i_member"] for row in page], viewed=logged_as
        )
    rows = describe(page) if describe else page
    return paginator.get_paginated_response(serializer_class(rows, many=True).data)


class MemberContactsApi(APIView):
    @extend_schema(
        responses=ContactSerializer(many=True),
        parameters=[OpenApiParameter("page", int)],
    )
    def get(self, request, member_id: int):
        """The member's outreach attempts and contacts, the latest first."""
        member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
        return _paginated(self, contacts.member_contacts(member), ContactSerializer)

    @extend_schema(request=ContactInputSerializer, responses={201: ContactSerializer})
    def post(self, request, member_id: int):
        """Record an outreach attempt or contact; 400 with a message per field."""
        member = access.access_member(
            request, member_id, capability=Capability.DO_CARE_WORK, log_as=CONTACTS_ACCESS
        )
        data = ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            contact = contacts.record_contact(member=member, by=request.user, **data.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class MemberTimelineApi(APIView):
    @extend_schema(
        responses=TimelineEntrySerializer(many=True),
        parameters=[OpenApiParameter("page", int)],
    )
    def get(self, request, member_id: int):
        """Every recorded activity of the member, the latest first."""
        member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
        return _paginated(self, timeline.timeline_rows(member), TimelineEntrySerializer)


class MemberClocksApi(APIView):
    @extend_schema(responses=MemberClockSerializer(many=True))
    def get(self, request, member_id: int):
        """The member's running due-date clocks, the most urgent first, with their basis."""
        member = access.access_member(request, member_id, log_as=CLOCKS_ACCESS)
        return Response(MemberClockSerializer(clocks.member_clocks(member), many=True).data)


class MyTasksApi(APIView):
    @extend_schema(
        responses=OpenItemSerializer(many=True),
        parameters=[
            OpenApiParameter("state", str, enum=["overdue", "due_soon", "due"]),
            OpenApiParameter("kind", str, description='"task" or a clock key'),
            OpenApiParameter("sort", str, enum=["due", "-due", "member", "kind"]),
            OpenApiParameter("care_manager", int, description="Supervisors: a team member"),
            OpenApiParameter("page", int),
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
        return _paginated(
            self,
            items,
            OpenItemSerializer,
            describe=work_lists.describe_items,
            logged_as=AccessLog.View.TASK_LIST,
        )


class TeamOverdueApi(APIView):
    @extend_schema(responses=TeamRowSerializer(many=True))
    def get(self, request):
        """Per care manager on the caller's team: overdue and due-soon counts."""
        access.require(request.user, Capability.VIEW_TEAM_WORK)
        rows = work_lists.team_overdue(request.user).order_by("last_name", "first_name", "pk")
        return Response(TeamRowSerializer(rows, many=True).data)

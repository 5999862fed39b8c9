"""REST API for a member's contacts and timeline: the same services and gates as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from careplans.models import (
    Contact,
    ContactKind,
    ContactMode,
    ContactOutcome,
    ReachedParty,
)
from careplans.outreach import services as contacts
from careplans.outreach.views import CONTACTS_ACCESS
from core.api import paginated
from members import timeline


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


class MemberContactsApi(APIView):
    @extend_schema(
        responses=ContactSerializer(many=True),
        parameters=[OpenApiParameter("page", int)],
    )
    def get(self, request, member_id: int):
        """The member's outreach attempts and contacts, the latest first."""
        member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
        return paginated(self, contacts.member_contacts(member), ContactSerializer)

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
        return paginated(self, timeline.timeline_rows(member), TimelineEntrySerializer)

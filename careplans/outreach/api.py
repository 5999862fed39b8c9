"""REST API for a member's enrollment episodes, contacts and timeline: the same services and
gates as the pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability, DataCategory
from careplans.assessments.sud import REDISCLOSURE_NOTICE
from careplans.models import (
    Contact,
    ContactKind,
    ContactMode,
    ContactOutcome,
    DisenrollmentReason,
    EnrollmentStatus,
    EnrollmentTransition,
    ProgramEnrollment,
    ReachedParty,
)
from careplans.outreach import enrollment
from careplans.outreach import selectors as contact_selectors
from careplans.outreach import services as contacts
from careplans.outreach.views import CONTACTS_ACCESS, ENROLLMENT_ACCESS
from core.api import paginated_response
from core.api_schema import PAGE_PARAMETER, paginated
from members import timeline
from members.models import Program


class Part2NoticeMixin(serializers.Serializer):
    """`part2_notice`: the 42 CFR 2.32 notice on an SUD record disclosed to a CBO partner."""

    part2_notice = serializers.SerializerMethodField()

    def get_part2_notice(self, item) -> str | None:
        partner = self.context.get("partner", False)
        return REDISCLOSURE_NOTICE if partner and item.sud else None


class ContactSerializer(Part2NoticeMixin, serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    by_organization = serializers.CharField(
        source="by_organization.name", read_only=True, allow_null=True, default=None
    )

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
            "shared_with_cbo",
            "sud",
            "by_organization",
            "recorded_by",
            "recorded_at",
            "part2_notice",
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
    shared_with_cbo = serializers.BooleanField(
        required=False, default=False, help_text="False: plan-internal (CBO staff never see it)."
    )
    sud = serializers.BooleanField(
        required=False, default=False, help_text="Substance use disorder data (42 CFR Part 2)."
    )


class TimelineEntrySerializer(Part2NoticeMixin, serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    date_only = serializers.BooleanField(help_text="Known by its day only (shown as a date).")
    title = serializers.CharField()
    detail = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    sud = serializers.BooleanField(help_text="Substance use disorder data (42 CFR Part 2).")


class MemberContactsApi(APIView):
    @extend_schema(
        responses=paginated(ContactSerializer),
        parameters=[PAGE_PARAMETER],
    )
    def get(self, request, member_id: int):
        """The member's outreach attempts and contacts, the latest first."""
        member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
        rows = contact_selectors.member_contacts(member, reader=request.user)
        context = {"partner": access.is_partner(request.user)}
        return paginated_response(self, rows, ContactSerializer, context=context)

    @extend_schema(request=ContactInputSerializer, responses={201: ContactSerializer})
    def post(self, request, member_id: int):
        """Record an outreach attempt or contact (a CBO partner's: shared, marked as by the
        CBO); 400 with a message per field."""
        user = request.user
        if not (
            access.may(user, Capability.DO_CARE_WORK)
            or access.may(user, Capability.ADD_PARTNER_CONTACTS)
        ):
            raise Http404
        member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
        data = ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = contacts.record_contact(member=member, by=user, **data.validated_data)
        body = ContactSerializer(contact, context={"partner": access.is_partner(user)}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MemberTimelineApi(APIView):
    @extend_schema(
        responses=paginated(TimelineEntrySerializer),
        parameters=[PAGE_PARAMETER],
    )
    def get(self, request, member_id: int):
        """Every recorded activity of the member, the latest first."""
        member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
        rows = timeline.timeline_rows(member, reader=request.user)
        context = {"partner": access.is_partner(request.user)}
        return paginated_response(self, rows, TimelineEntrySerializer, context=context)


class TransitionSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(
        source="changed_by.username", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = EnrollmentTransition
        fields = [
            "from_status",
            "to_status",
            "effective_on",
            "reason",
            "note",
            "changed_by",
            "changed_at",
        ]


class EnrollmentSerializer(serializers.ModelSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    next_statuses = serializers.SerializerMethodField()

    class Meta:
        model = ProgramEnrollment
        fields = [
            "id",
            "program",
            "status",
            "identified_on",
            "outreach_started_on",
            "enrolled_on",
            "ended_on",
            "end_reason",
            "end_reason_text",
            "next_statuses",
            "transitions",
        ]

    def get_next_statuses(self, episode) -> list[str]:
        return list(enrollment.next_statuses(episode)) if episode.is_open else []


class EnrollmentChangeRequestSerializer(serializers.Serializer):
    program = serializers.ChoiceField(choices=Program.choices, required=False)
    to_status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    effective_on = serializers.DateField(help_text="Not in the future, not before the last change.")
    reason = serializers.ChoiceField(
        choices=DisenrollmentReason.choices,
        required=False,
        allow_blank=True,
        help_text="Required to disenroll.",
    )
    reason_text = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Required for reason other."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class MemberEnrollmentApi(APIView):
    """The member's enrollment episodes with their transitions; POST records the next step."""

    @extend_schema(responses=EnrollmentSerializer(many=True))
    def get(self, request, member_id: int):
        member = access.access_member(
            request, member_id, log_as=ENROLLMENT_ACCESS, category=DataCategory.ENROLLMENT
        )
        episodes = enrollment.member_enrollments(member)
        return Response(EnrollmentSerializer(episodes, many=True).data)

    @extend_schema(request=EnrollmentChangeRequestSerializer, responses={201: EnrollmentSerializer})
    def post(self, request, member_id: int):
        member = access.access_member(
            request,
            member_id,
            capability=Capability.MANAGE_ENROLLMENT,
            log_as=ENROLLMENT_ACCESS,
            category=DataCategory.ENROLLMENT,
        )
        body = EnrollmentChangeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        episode = enrollment.change_enrollment(
            member=member,
            program=data.get("program", member.program),
            to_status=data["to_status"],
            effective_on=data["effective_on"],
            reason=data.get("reason", ""),
            reason_text=data.get("reason_text", ""),
            note=data.get("note", ""),
            by=request.user,
        )
        episode = next(e for e in enrollment.member_enrollments(member) if e.pk == episode.pk)
        return Response(EnrollmentSerializer(episode).data, status=status.HTTP_201_CREATED)

"""REST API of CBO assignments: a member's assignments (assign, reassign, end) and the CBO
lead's decisions. The same services and gates as the pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from accounts.models import User
from cbo_partners.models import CboAssignment, CboAssignmentEvent, DeclineReason, Partner
from members.models import Program

from . import selectors, services
from .access import shown_in_decisions
from .views import SECTION_LOG, _org_of


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = CboAssignmentEvent
        fields = ["kind", "at", "actor", "reason"]


class AssignmentSerializer(serializers.ModelSerializer):
    partner = serializers.IntegerField(source="partner_id")
    partner_name = serializers.CharField(source="partner.organization.name")
    cbo_care_manager = serializers.IntegerField(source="cbo_care_manager_id", allow_null=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = CboAssignment
        fields = [
            "id", "member", "partner", "partner_name", "program", "status", "assigned_at",
            "over_capacity_reason", "decided_at", "decline_reason", "decline_note",
            "cbo_care_manager", "ended_at", "end_reason", "replaces", "events",
        ]  # fmt: skip


class WaitingSerializer(serializers.ModelSerializer):
    """An assignment waiting for the lead; the member's name only once they may see them."""

    member_name = serializers.SerializerMethodField()

    class Meta:
        model = CboAssignment
        fields = ["id", "member", "member_name", "program", "assigned_at", "status",
                  "cbo_care_manager"]  # fmt: skip

    def get_member_name(self, assignment) -> str | None:
        if assignment.member_id not in self.context["visible"]:
            return None
        return f"{assignment.member.last_name}, {assignment.member.first_name}"


class AssignInputSerializer(serializers.Serializer):
    partner = serializers.IntegerField()
    program = serializers.ChoiceField(choices=Program.choices)
    over_capacity_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReassignInputSerializer(serializers.Serializer):
    partner = serializers.IntegerField()
    reason = serializers.CharField()
    over_capacity_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CareManagerInputSerializer(serializers.Serializer):
    cbo_care_manager = serializers.IntegerField(help_text="A user of the CBO with CBO staff role.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineInputSerializer(serializers.Serializer):
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices)
    decline_note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required for reason other."
    )


def _partner(partner_id) -> Partner:
    partner = Partner.objects.select_related("organization").filter(pk=partner_id).first()
    if partner is None:
        raise serializers.ValidationError({"partner": ["No such partner."]})
    return partner


def _assignments(member_id, organization_id):
    return list(selectors.member_assignments(member_id, organization_id))


class MemberCboAssignmentsApi(APIView):
    """A member's CBO assignments with their history; POST assigns the member to a CBO."""

    @extend_schema(responses=AssignmentSerializer(many=True))
    def get(self, request, member_id: int):
        member = access.access_member(request, member_id, log_as=SECTION_LOG)
        rows = _assignments(member.pk, _org_of(request.user))
        return Response(AssignmentSerializer(rows, many=True).data)

    @extend_schema(request=AssignInputSerializer, responses={201: AssignmentSerializer})
    def post(self, request, member_id: int):
        member = access.access_member(
            request, member_id, capability=Capability.ASSIGN_CBO, log_as=SECTION_LOG
        )
        body = AssignInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        assignment = services.assign(
            member=member,
            partner=_partner(data["partner"]),
            program=data["program"],
            over_capacity_reason=data["over_capacity_reason"],
            by=request.user,
        )
        row = next(a for a in _assignments(member.pk, None) if a.pk == assignment.pk)
        return Response(AssignmentSerializer(row).data, status=status.HTTP_201_CREATED)


def _member_assignment(request, member_id, assignment_id):
    member = access.access_member(
        request, member_id, capability=Capability.ASSIGN_CBO, log_as=SECTION_LOG
    )
    assignment = CboAssignment.objects.filter(pk=assignment_id, member=member).first()
    if assignment is None:
        raise Http404
    return member, assignment


class CboAssignmentEndApi(APIView):
    @extend_schema(request=ReasonInputSerializer, responses=AssignmentSerializer)
    def post(self, request, member_id: int, assignment_id: int):
        member, assignment = _member_assignment(request, member_id, assignment_id)
        body = ReasonInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.end(assignment=assignment, by=request.user, reason=body.validated_data["reason"])
        row = next(a for a in _assignments(member.pk, None) if a.pk == assignment.pk)
        return Response(AssignmentSerializer(row).data)


class CboAssignmentReassignApi(APIView):
    @extend_schema(request=ReassignInputSerializer, responses={201: AssignmentSerializer})
    def post(self, request, member_id: int, assignment_id: int):
        member, assignment = _member_assignment(request, member_id, assignment_id)
        body = ReassignInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.reassign(
            assignment=assignment,
            partner=_partner(data["partner"]),
            reason=data["reason"],
            over_capacity_reason=data["over_capacity_reason"],
            by=request.user,
        )
        row = next(a for a in _assignments(member.pk, None) if a.pk == new.pk)
        return Response(AssignmentSerializer(row).data, status=status.HTTP_201_CREATED)


def _lead_assignment(request, assignment_id) -> CboAssignment:
    access.require(request.user, Capability.DECIDE_CBO_ASSIGNMENTS)
    assignment = (
        CboAssignment.objects.select_related("partner")
        .filter(pk=assignment_id, partner__organization_id=request.user.organization_id)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _care_manager(partner, user_id):
    return User.objects.filter(pk=user_id).first()


class CboDecisionsApi(APIView):
    """The CBO lead's assignments waiting for a decision, oldest first."""

    @extend_schema(responses=WaitingSerializer(many=True))
    def get(self, request):
        access.require(request.user, Capability.DECIDE_CBO_ASSIGNMENTS)
        waiting = list(selectors.waiting_for(request.user.organization_id))
        visible = shown_in_decisions(request, [a.member_id for a in waiting])
        return Response(WaitingSerializer(waiting, many=True, context={"visible": visible}).data)


class CboAssignmentAcceptApi(APIView):
    @extend_schema(request=CareManagerInputSerializer, responses=WaitingSerializer)
    def post(self, request, assignment_id: int):
        assignment = _lead_assignment(request, assignment_id)
        body = CareManagerInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = _care_manager(assignment.partner, body.validated_data["cbo_care_manager"])
        assignment = services.accept(assignment=assignment, by=request.user, cbo_care_manager=user)
        return Response(WaitingSerializer(assignment, context={"visible": set()}).data)


class CboAssignmentDeclineApi(APIView):
    @extend_schema(request=DeclineInputSerializer, responses=WaitingSerializer)
    def post(self, request, assignment_id: int):
        assignment = _lead_assignment(request, assignment_id)
        body = DeclineInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignment = services.decline(
            assignment=assignment,
            by=request.user,
            reason=body.validated_data["decline_reason"],
            note=body.validated_data["decline_note"],
        )
        return Response(WaitingSerializer(assignment, context={"visible": set()}).data)


class CboAssignmentCareManagerApi(APIView):
    @extend_schema(request=CareManagerInputSerializer, responses=WaitingSerializer)
    def post(self, request, assignment_id: int):
        assignment = _lead_assignment(request, assignment_id)
        body = CareManagerInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = _care_manager(assignment.partner, body.validated_data["cbo_care_manager"])
        assignment = services.change_cbo_care_manager(
            assignment=assignment,
            by=request.user,
            cbo_care_manager=user,
            reason=body.validated_data["reason"],
        )
        return Response(WaitingSerializer(assignment, context={"visible": set()}).data)

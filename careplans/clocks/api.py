"""REST API for a member's running due-date clocks."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import record_member_access
from careplans.clocks import selectors as clock_selectors
from careplans.clocks.views import CLOCKS_ACCESS
from careplans.models import MemberClock
from members.permissions import access_member


class MemberClockSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = MemberClock
        fields = ["clock", "label", "due_on", "state", "basis", "computed_at"]


class MemberClocksApi(APIView):
    @extend_schema(responses=MemberClockSerializer(many=True))
    def get(self, request, member_id: int):
        """The member's running due-date clocks, the most urgent first, with their basis."""
        member = access_member(request.user, member_id)
        record_member_access(request=request, member_id=member.pk, viewed=CLOCKS_ACCESS)
        return Response(
            MemberClockSerializer(clock_selectors.member_clocks(member), many=True).data
        )

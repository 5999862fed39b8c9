"""REST API for a member's running due-date clocks."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from careplans.clocks import selectors as clock_selectors
from careplans.clocks.views import CLOCKS_ACCESS
from careplans.models import MemberClock


class MemberClockSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = MemberClock
        fields = ["clock", "label", "due_on", "state", "basis", "computed_at"]


class MemberClocksApi(APIView):
    @extend_schema(responses=MemberClockSerializer(many=True))
    def get(self, request, member_id: int):
        """The member's running due-date clocks, the most urgent first, with their basis."""
        member = access.access_member(request, member_id, log_as=CLOCKS_ACCESS)
        return Response(
            MemberClockSerializer(clock_selectors.member_clocks(member), many=True).data
        )

"""REST API over the same selectors and services as the pages.

Filters that carry no PHI (county, program, plan product, enrollment status) are query
parameters; a name or CIN search is POSTed to /api/members/search/ so it never lands in a URL.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability, DataCategory
from accounts.models import User
from audit.models import AccessLog
from audit.selectors import access_log_for_member
from core.api import FileImportApi
from core.api_schema import paginated

from . import selectors, services
from .extensions import member_list_filters
from .models import ROSTER_FLAG_FIELDS, Member
from .selectors import NOT_ON_TEAM, assignable_care_manager


class CareManagerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name")

    class Meta:
        model = User
        fields = ["id", "username", "name"]


RISK_FIELDS = ("risk_tier", "risk_score", "risk_rising")


class LeastNecessaryMixin:
    """Leaves out the fields of a category the reader may not see (a CBO partner: risk, and the
    roster flags that are eligibility evidence: release from incarceration, pregnancy...)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            return data
        hidden = {
            DataCategory.RISK: RISK_FIELDS,
            DataCategory.ELIGIBILITY_EVIDENCE: ROSTER_FLAG_FIELDS,
        }
        for category, names in hidden.items():
            if not access.may_see(request.user, category):
                for name in names:
                    data.pop(name, None)
        return data


class MemberListSerializer(LeastNecessaryMixin, serializers.ModelSerializer):
    care_manager = CareManagerSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Member
        fields = [
            "id",
            "cin",
            "last_name",
            "first_name",
            "date_of_birth",
            "county",
            "program",
            "plan_product",
            "enrollment_start",
            "enrollment_end",
            "preferred_language",
            "care_manager",
            "clock_state",
            "next_due_on",
            "next_due_label",
            "risk_tier",
            "risk_score",
            "risk_rising",
        ]


class MemberDetailSerializer(LeastNecessaryMixin, serializers.ModelSerializer):
    care_manager = CareManagerSerializer(read_only=True, allow_null=True)
    cbo = serializers.CharField(source="cbo.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = Member
        exclude = ["created_at"]


class MemberSearchSerializer(serializers.Serializer):
    """The list's filters in a POST body; filters other apps contribute (members/extensions.py)
    are added as optional choices."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    county = serializers.CharField(required=False)
    program = serializers.CharField(required=False)
    plan_product = serializers.CharField(required=False)
    enrollment_status = serializers.CharField(required=False)
    due = serializers.CharField(required=False)
    risk = serializers.CharField(required=False)
    sort = serializers.CharField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        fields = super().get_fields()
        for contributed in member_list_filters:
            fields[contributed.key] = serializers.ChoiceField(
                choices=contributed.choices(), required=False
            )
        return fields


def _filtered(request, data):
    base = selectors.members_for_list(request.user)
    show_risk = access.may_see(request.user, DataCategory.RISK)
    member_filter = selectors.filtered_members(base=base, data=data, show_risk=show_risk)
    if member_filter.is_bound and not member_filter.is_valid():
        raise ValidationError(member_filter.errors)
    return member_filter.qs


class LoggedMemberPage:
    """A list of members writes one access-log row naming the members of the page it answers."""

    access_log_view = AccessLog.View.MEMBER_LIST

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        shown = page if page is not None else queryset
        access.record_members_shown(
            self.request, members=[m.pk for m in shown], viewed=self.access_log_view
        )
        return page


class MemberListApi(LoggedMemberPage, generics.ListAPIView):
    """Members the caller may see, filtered by county, program, plan_product, enrollment_status,
    due, risk, population (of focus) and eligibility (eligible, new, not_eligible,
    not_evaluated)."""

    serializer_class = MemberListSerializer

    def get_queryset(self):
        params = {k: v for k, v in self.request.query_params.items() if k != "page"}
        if "q" in params:
            raise ValidationError(
                {
                    "q": "Search by name or CIN with POST /api/members/search/ "
                    "so PHI stays out of URLs."
                }
            )
        return _filtered(self.request, params)


class MemberSearchApi(LoggedMemberPage, generics.GenericAPIView):
    """Search by name or CIN (POST body), with the same filters as the list."""

    serializer_class = MemberListSerializer

    @extend_schema(request=MemberSearchSerializer, responses=paginated(MemberListSerializer))
    def post(self, request):
        criteria = MemberSearchSerializer(data=request.data)
        criteria.is_valid(raise_exception=True)
        data = {k: str(v) for k, v in criteria.validated_data.items() if k != "page"}
        queryset = _filtered(request, data)
        request.query_params._mutable = True  # DRF paginates from the query string
        request.query_params["page"] = str(criteria.validated_data.get("page", 1))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MemberDetailApi(generics.RetrieveAPIView):
    """One member's record; every call is written to the access log."""

    serializer_class = MemberDetailSerializer

    def get_object(self):
        return access.access_member(
            self.request, self.kwargs["member_id"], log_as=AccessLog.View.MEMBER_API
        )


class AccessLogEntrySerializer(serializers.Serializer):
    viewed_at = serializers.DateTimeField()
    viewed = serializers.CharField()
    user = serializers.CharField(source="user.username", default=None)
    user_name = serializers.CharField(source="user.get_full_name", default=None)
    organization = serializers.CharField(source="user.organization.name", default=None)
    client_address = serializers.CharField(source="address", allow_null=True)


class MemberAccessLogApi(generics.ListAPIView):
    """Who viewed this member (plan admins)."""

    serializer_class = AccessLogEntrySerializer

    def get_queryset(self):
        member = access.access_member(
            self.request,
            self.kwargs["member_id"],
            capability=Capability.VIEW_ACCESS_LOG,
            log_as=AccessLog.View.ACCESS_LOG,
        )
        return access_log_for_member(member_id=member.pk)


class AssignSerializer(serializers.Serializer):
    member_ids = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, max_length=10_000
    )
    care_manager_id = serializers.IntegerField(allow_null=True)


class AssignApi(APIView):
    """Assign members to a care manager (supervisors: their team; plan admins: anyone).

    Anyone else gets 404, as on the page: the endpoint is not theirs, whatever the body says.
    """

    @extend_schema(request=AssignSerializer, responses={200: None})
    def post(self, request):
        access.require(request.user, Capability.ASSIGN)
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cm_id = body.validated_data["care_manager_id"]
        care_manager = None
        if cm_id is not None:
            care_manager = assignable_care_manager(request.user, cm_id)
            if care_manager is None:
                raise ValidationError({"care_manager_id": NOT_ON_TEAM})
        changed = services.assign_members(
            member_ids=body.validated_data["member_ids"],
            care_manager=care_manager,
            by=request.user,
        )
        return Response({"assigned": changed})


class RosterImportApi(FileImportApi):
    """Upload members.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    file_name = "the roster"

    def may_upload(self, user) -> bool:
        return access.may(user, Capability.IMPORT)

    def start(self, *, uploaded_file, by):
        return services.start_roster_import(uploaded_file=uploaded_file, by=by)

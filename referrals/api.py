"""REST API for Community Supports over the same access doors, selectors and services as the
pages: a member's referrals (list, refer), a referral (read, move it along the closed loop), the
limit check, offerings, a provider's inbox, the closed-loop report and the two imports.

A service's domain error is a 400 (core/api_errors.py); what the caller may not see or do is a
404, as on the pages.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Capability, may, require
from cbo_partners.models import Partner
from core.api import FileImportApi
from core.models import ImportJob

from . import access, catalog, import_services, limits, offerings, selectors, services
from . import report as closed_loop
from .models import ClosureReason, CsOffering, Reason, Referral, Urgency


class AuthorizationSerializer(serializers.Serializer):
    number = serializers.CharField(source="source_id")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    units = serializers.IntegerField(allow_null=True)
    amount_usd = serializers.DecimalField(max_digits=11, decimal_places=2, allow_null=True)
    status = serializers.CharField()
    override_reason = serializers.CharField()


class ReferralSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.organization.name")
    authorization = AuthorizationSerializer(allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id", "member", "service", "provider", "provider_id", "reason", "urgency", "status",
            "version", "created_at", "sent_at", "decided_at", "decline_reason", "authorization",
            "service_started_on", "completed_at", "closed_at", "closure_reason", "connected",
            "connected_on", "cancel_reason",
        ]  # fmt: skip


class ReferralRequestSerializer(serializers.Serializer):
    service = serializers.ChoiceField(choices=catalog.CHOICES)
    provider_id = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)


MOVE_NEEDS = {
    "send": Capability.DO_CARE_WORK, "close": Capability.DO_CARE_WORK,
    "cancel": Capability.DO_CARE_WORK, "authorize": Capability.AUTHORIZE_SUPPORTS,
    "accept": Capability.ANSWER_REFERRALS, "decline": Capability.ANSWER_REFERRALS,
    "deliver": Capability.ANSWER_REFERRALS, "complete": Capability.ANSWER_REFERRALS,
}  # fmt: skip


class MoveSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(MOVE_NEEDS))
    version = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=Reason.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=100, required=False, default="")
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    units = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    amount = serializers.DecimalField(max_digits=11, decimal_places=2, min_value=0,
                                      required=False, allow_null=True, default=None)  # fmt: skip
    override_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                            default="")  # fmt: skip
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices, required=False)
    connected = serializers.BooleanField(required=False, default=False)
    connected_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, data):
        needs = {
            "authorize": ("start", "end"), "deliver": ("start", "end"), "decline": ("reason",),
            "cancel": ("reason",), "close": ("closure_reason",),
        }  # fmt: skip
        missing = {
            f: "This field is required." for f in needs.get(data["action"], ()) if f not in data
        }
        if missing:
            raise serializers.ValidationError(missing)
        return data


class MemberReferralsApi(APIView):
    """A member's referrals (GET, logged) and a new referral, sent to the provider (POST)."""

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request, member_id: int):
        member = access.member_for_referrals(request, member_id)
        return Response(ReferralSerializer(selectors.referrals_of(member.pk), many=True).data)

    @extend_schema(request=ReferralRequestSerializer, responses={201: ReferralSerializer})
    def post(self, request, member_id: int):
        member = access.member_for_referrals(request, member_id,
                                             capability=Capability.DO_CARE_WORK)  # fmt: skip
        body = ReferralRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        provider = Partner.objects.filter(pk=data["provider_id"]).first()
        if provider is None:
            raise serializers.ValidationError({"provider_id": "No such provider."})
        referral = services.create_referral(member=member, service=data["service"],
                                            provider=provider, reason=data["reason"],
                                            urgency=data["urgency"], by=request.user)  # fmt: skip
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralApi(APIView):
    """One referral: for plan staff who see its member, and for its provider's staff."""

    @extend_schema(responses=ReferralSerializer)
    def get(self, request, referral_id: int):
        return Response(ReferralSerializer(access.referral_for(request, referral_id)).data)


class ReferralMoveApi(APIView):
    """Move a referral along the closed loop; `version` is the one read (a later change by
    someone else refuses the move). authorize answers the limit check's numbers too."""

    @extend_schema(request=MoveSerializer, responses=ReferralSerializer)
    def post(self, request, referral_id: int):
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        action = data["action"]
        require(request.user, MOVE_NEEDS[action])
        referral = access.referral_for(request, referral_id, capability=MOVE_NEEDS[action])
        by, version = request.user, data["version"]
        check = None
        if action == "send":
            referral = services.send_referral(referral, by=by, version=version)
        elif action == "accept":
            referral = services.accept(referral, by=by, version=version)
        elif action == "decline":
            referral = services.decline(referral, by=by, version=version, reason=data["reason"],
                                        note=data["note"])  # fmt: skip
        elif action == "authorize":
            referral, check = services.authorize(
                referral, by=by, version=version, number=data["number"], start=data["start"],
                end=data["end"], units=data["units"], amount=data["amount"],
                override_reason=data["override_reason"],
            )  # fmt: skip
        elif action == "deliver":
            referral = services.record_delivery(referral, by=by, version=version,
                                                start=data["start"], end=data["end"],
                                                units=data["units"])  # fmt: skip
        elif action == "complete":
            referral = services.complete(referral, by=by, version=version)
        elif action == "close":
            referral = services.close(referral, by=by, version=version,
                                      closure_reason=data["closure_reason"],
                                      connected=data["connected"],
                                      connected_on=data["connected_on"])  # fmt: skip
        else:
            referral = services.cancel(referral, by=by, version=version, reason=data["reason"],
                                       note=data["note"])  # fmt: skip
        answer = ReferralSerializer(referral).data
        if check is not None:
            answer["limit_check"] = {"result": check.result, "limit": check.limit,
                                     "detail": check.detail}  # fmt: skip
        return Response(answer)


class LimitCheckRequestSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    service = serializers.ChoiceField(choices=catalog.CHOICES)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    units = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    amount_usd = serializers.DecimalField(
        max_digits=11, decimal_places=2, min_value=0, required=False, allow_null=True,
        default=None,
    )  # fmt: skip


class LimitCheckSerializer(serializers.Serializer):
    result = serializers.CharField()
    limit = serializers.CharField()
    detail = serializers.CharField()


class LimitCheckApi(APIView):
    """The limit check an authorization runs (check_cs_requests' too), without authorizing."""

    @extend_schema(request=LimitCheckRequestSerializer, responses=LimitCheckSerializer)
    def post(self, request):
        require(request.user, Capability.AUTHORIZE_SUPPORTS)
        body = LimitCheckRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        member = access.member_for_referrals(request, data["member_id"],
                                             capability=Capability.AUTHORIZE_SUPPORTS)  # fmt: skip
        found = limits.check(member_id=member.pk, service=data["service"],
                             start=data["start_date"], end=data["end_date"],
                             units=data["units"], amount=data["amount_usd"])  # fmt: skip
        return Response(LimitCheckSerializer(found).data)


class OfferingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CsOffering
        fields = ["id", "county", "service", "effective_from", "effective_to"]


class OfferingsApi(APIView):
    """The plan's offerings with their history (GET); a new period (POST, plan admins)."""

    @extend_schema(responses=OfferingSerializer(many=True))
    def get(self, request):
        require(request.user, Capability.VIEW_MEMBER)
        rows = CsOffering.objects.order_by("county", "service", "effective_from")
        return Response(OfferingSerializer(rows, many=True).data)

    @extend_schema(request=OfferingSerializer, responses={201: OfferingSerializer})
    def post(self, request):
        require(request.user, Capability.CONFIGURE)
        body = OfferingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        offering = offerings.add_offering(county=data["county"], service=data["service"],
                                          start=data["effective_from"],
                                          end=data.get("effective_to"))  # fmt: skip
        return Response(OfferingSerializer(offering).data, status=status.HTTP_201_CREATED)


class InboxApi(APIView):
    """The referrals sent to the caller's organisation (CBO staff); logged."""

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request):
        require(request.user, Capability.ANSWER_REFERRALS)
        partner = access.provider_of(request.user)
        referrals = list(selectors.inbox_of(partner).select_related(
            "provider__organization", "authorization")[:200]) if partner else []  # fmt: skip
        access.record_inbox_shown(request, referrals)
        return Response(ReferralSerializer(referrals, many=True).data)


class ReportApi(APIView):
    """The closed-loop report of `month` (YYYY-MM): the summary and every referral."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        from accounts.access import record_members_shown
        from audit.models import AccessLog
        from members.models import Member

        require(request.user, Capability.EXPORT)
        try:
            month = closed_loop.parse_month(request.query_params.get("month", ""))
        except ValueError:
            raise serializers.ValidationError({"month": "Give the month as YYYY-MM."}) from None
        rows = closed_loop.month_rows(month)
        shown = Member.objects.filter(cin__in=[r[1] for r in rows]).values_list("pk", flat=True)
        record_members_shown(request, members=list(shown), viewed=AccessLog.View.EXPORT)
        return Response({
            "month": f"{month:%Y-%m}",
            "summary": [dict(zip(closed_loop.SUMMARY_COLUMNS, r, strict=True))
                        for r in closed_loop.month_summary(month)],
            "referrals": [dict(zip(closed_loop.MEMBER_COLUMNS, r, strict=True)) for r in rows],
        })  # fmt: skip


class CsImportApi(FileImportApi):
    kind = ""

    def may_upload(self, user) -> bool:
        return may(user, Capability.IMPORT)

    def start(self, *, uploaded_file, by) -> ImportJob:
        return import_services.start_cs_import(kind=self.kind, uploaded_file=uploaded_file, by=by)


class OfferingsImportApi(CsImportApi):
    """Upload cs_offerings.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    kind = ImportJob.Kind.CS_OFFERINGS
    file_name = "cs_offerings.csv"


class AuthorizationsImportApi(CsImportApi):
    """Upload cs_authorizations.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    kind = ImportJob.Kind.CS_AUTHORIZATIONS
    file_name = "cs_authorizations.csv"

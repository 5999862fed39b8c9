"""REST API of consent: a member's consents, recording one (multipart, with the signed form),
revoking, and the form's download as an attachment. The same services and gates as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from cbo_partners.assignments.views import SECTION_LOG, _org_of
from cbo_partners.models import Consent, ConsentMethod, ConsentScope, Partner

from . import services
from .selectors import is_active, member_consents
from .views import form_download, member_consent


class ConsentSerializer(serializers.ModelSerializer):
    recipients = serializers.SerializerMethodField()
    active = serializers.SerializerMethodField()
    has_form = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.username")

    class Meta:
        model = Consent
        fields = [
            "id", "recipients", "scopes", "method", "effective_on", "expires_on", "recorded_by",
            "recorded_at", "revoked_on", "revocation_note", "active", "has_form", "form_name",
        ]  # fmt: skip

    def get_recipients(self, consent) -> list[int]:
        return [partner.pk for partner in consent.recipients.all()]

    def get_active(self, consent) -> bool:
        return is_active(consent)

    def get_has_form(self, consent) -> bool:
        return bool(consent.form)


class ConsentInputSerializer(serializers.Serializer):
    recipients = serializers.ListField(child=serializers.IntegerField(), required=False)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentScope.choices), required=False
    )
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    effective_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)
    form = serializers.FileField(required=False, help_text="PDF, JPEG or PNG (multipart).")


class RevokeInputSerializer(serializers.Serializer):
    revoked_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MemberConsentsApi(APIView):
    """A member's consents (a CBO user: those naming their organisation); POST records one."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=ConsentSerializer(many=True))
    def get(self, request, member_id: int):
        member = access.access_member(request, member_id, log_as=SECTION_LOG)
        rows = member_consents(member.pk, _org_of(request.user))
        return Response(ConsentSerializer(rows, many=True).data)

    @extend_schema(request=ConsentInputSerializer, responses={201: ConsentSerializer})
    def post(self, request, member_id: int):
        member = access.access_member(
            request, member_id, capability=Capability.RECORD_CONSENT, log_as=SECTION_LOG
        )
        body = ConsentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ids = data.get("recipients") or []
        recipients = list(Partner.objects.filter(pk__in=ids))
        if len(recipients) != len(set(ids)):
            raise serializers.ValidationError({"recipients": ["No such partner."]})
        consent = services.record(
            member=member,
            recipients=recipients,
            scopes=data.get("scopes") or [],
            method=data["method"],
            effective_on=data["effective_on"],
            expires_on=data.get("expires_on"),
            form=data.get("form"),
            by=request.user,
        )
        row = member_consents(member.pk).get(pk=consent.pk)
        return Response(ConsentSerializer(row).data, status=status.HTTP_201_CREATED)


class ConsentRevokeApi(APIView):
    @extend_schema(request=RevokeInputSerializer, responses=ConsentSerializer)
    def post(self, request, member_id: int, consent_id: int):
        member, consent = member_consent(request, member_id, consent_id, log_as=SECTION_LOG)
        body = RevokeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.revoke(
            consent=consent,
            by=request.user,
            revoked_on=body.validated_data["revoked_on"],
            note=body.validated_data["note"],
        )
        return Response(ConsentSerializer(member_consents(member.pk).get(pk=consent.pk)).data)


class ConsentFormApi(APIView):
    """The signed form as an attachment (Content-Disposition: attachment)."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, member_id: int, consent_id: int):
        return form_download(request._request, member_id, consent_id)

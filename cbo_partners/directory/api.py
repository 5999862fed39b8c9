"""REST API of the CBO directory (plan admins): the same services and gates as the pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from accounts.models import User
from careplans.community_supports import COMMUNITY_SUPPORTS
from cbo_partners.models import Partner, PartnerContact, PartnerContract
from eligibility.rules import POPULATION_CHOICES
from members.models import Program

from . import selectors, services


class PartnerContractSerializer(serializers.ModelSerializer):
    programs = serializers.ListField(child=serializers.ChoiceField(choices=Program.choices))
    populations = serializers.ListField(
        child=serializers.ChoiceField(choices=POPULATION_CHOICES), required=False
    )
    community_supports = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(COMMUNITY_SUPPORTS.items())), required=False
    )
    counties = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=40), required=False)

    class Meta:
        model = PartnerContract
        fields = [
            "id", "reference", "effective_on", "ends_on", "programs", "counties", "populations",
            "community_supports", "languages",
        ]  # fmt: skip
        read_only_fields = ["id"]


class PartnerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerContact
        fields = ["id", "name", "title", "phone", "email", "primary"]
        read_only_fields = ["id"]


class PartnerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organization.name", read_only=True)
    carried = serializers.IntegerField(read_only=True, help_text="Accepted + pending assignments.")

    class Meta:
        model = Partner
        fields = ["id", "name", "capacity", "carried", "phone", "email", "address", "active"]


class PartnerDetailSerializer(PartnerSerializer):
    contracts = PartnerContractSerializer(many=True, read_only=True)
    contacts = PartnerContactSerializer(many=True, read_only=True)

    class Meta(PartnerSerializer.Meta):
        fields = [*PartnerSerializer.Meta.fields, "contracts", "contacts"]


class PartnerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    capacity = serializers.IntegerField(min_value=0)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False, default=True)


class PartnerPatchSerializer(PartnerInputSerializer):
    name = serializers.CharField(max_length=200, required=False)
    capacity = serializers.IntegerField(min_value=0, required=False)
    active = serializers.BooleanField(required=False)


class StaffInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text="The user's id.")
    lead = serializers.BooleanField(required=False, default=False)


def _partner(request, partner_id) -> Partner:
    access.require(request.user, Capability.MANAGE_PARTNERS)
    partner = selectors.partner_detail(partner_id)
    if partner is None:
        raise Http404
    return partner


class PartnersApi(APIView):
    """The CBO directory with each partner's capacity and current load; POST adds a partner."""

    @extend_schema(responses=PartnerSerializer(many=True))
    def get(self, request):
        access.require(request.user, Capability.MANAGE_PARTNERS)
        return Response(PartnerSerializer(selectors.partners(), many=True).data)

    @extend_schema(request=PartnerInputSerializer, responses={201: PartnerDetailSerializer})
    def post(self, request):
        access.require(request.user, Capability.MANAGE_PARTNERS)
        body = PartnerInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        partner = services.create_partner(by=request.user, **body.validated_data)
        partner = selectors.partner_detail(partner.pk)
        return Response(PartnerDetailSerializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerApi(APIView):
    @extend_schema(responses=PartnerDetailSerializer)
    def get(self, request, partner_id: int):
        return Response(PartnerDetailSerializer(_partner(request, partner_id)).data)

    @extend_schema(request=PartnerPatchSerializer, responses=PartnerDetailSerializer)
    def patch(self, request, partner_id: int):
        partner = _partner(request, partner_id)
        body = PartnerPatchSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.update_partner(partner=partner, by=request.user, **body.validated_data)
        return Response(PartnerDetailSerializer(selectors.partner_detail(partner.pk)).data)


class PartnerContractsApi(APIView):
    @extend_schema(request=PartnerContractSerializer, responses={201: PartnerContractSerializer})
    def post(self, request, partner_id: int):
        partner = _partner(request, partner_id)
        body = PartnerContractSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = services.add_contract(partner=partner, by=request.user, **body.validated_data)
        return Response(PartnerContractSerializer(contract).data, status=status.HTTP_201_CREATED)


class PartnerContactsApi(APIView):
    @extend_schema(request=PartnerContactSerializer, responses={201: PartnerContactSerializer})
    def post(self, request, partner_id: int):
        partner = _partner(request, partner_id)
        body = PartnerContactSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contact = services.add_contact(partner=partner, by=request.user, **body.validated_data)
        return Response(PartnerContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class PartnerStaffApi(APIView):
    """Make a user one of the CBO's staff (its group and the CBO staff role; lead optional)."""

    @extend_schema(request=StaffInputSerializer, responses={204: None})
    def post(self, request, partner_id: int):
        partner = _partner(request, partner_id)
        body = StaffInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = User.objects.filter(pk=body.validated_data["user"], is_active=True).first()
        if user is None:
            raise serializers.ValidationError({"user": ["No such active user."]})
        services.add_staff(
            partner=partner, user=user, lead=body.validated_data["lead"], by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

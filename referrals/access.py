"""Doors onto referrals, through the access layer (accounts.access).

Plan staff reach a referral through its member: `access_member` scopes them (a care manager's
caseload, a supervisor's team, the plan admin's everyone) and logs the read. A provider's staff
reach it through the referral itself: a CBO sees the referrals sent to it, whatever its member
sharing, and only their details and the member's demographics and contact (the templates show
no more); every such read writes the access-log row like any other door. Another provider's
referral, a draft, or a referral of a member out of scope answers 404 like a missing one.
"""

from django.http import Http404

from accounts import access
from accounts.access import Capability, DataCategory
from accounts.access.log import Actor, record_member_access
from audit.models import AccessLog
from cbo_partners.models import Partner

from .models import Referral, Status

VIEW = AccessLog.View.REFERRALS


def provider_of(user) -> Partner | None:
    """The provider (CBO partner) the user works for, if they act for a CBO."""
    if access.organization_kind(user) != access.capabilities.CBO or not user.organization_id:
        return None
    return Partner.objects.filter(organization_id=user.organization_id).first()


def is_provider_user(user) -> bool:
    return access.may(user, Capability.ANSWER_REFERRALS)


def member_for_referrals(request, member_id, *, capability=Capability.VIEW_MEMBER):
    """A member whose referrals a plan user (or a CBO that sees the member) may see; logged."""
    return access.access_member(
        request, member_id, capability=capability, log_as=VIEW, category=DataCategory.REFERRALS
    )


def referral_for(request, referral_id, *, capability: Capability | None = None) -> Referral:
    """The referral for its provider's staff or for plan staff who may see its member (and
    hold `capability`); 404 otherwise. One access-log row."""
    user = request.user
    if not str(referral_id).isdigit():
        raise Http404
    referral = (
        Referral.objects.select_related("member", "provider__organization", "authorization")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    if is_provider_user(user):
        if capability not in (None, Capability.ANSWER_REFERRALS):
            raise Http404
        partner = provider_of(user)
        if partner is None or referral.provider_id != partner.pk or referral.status == Status.DRAFT:
            raise Http404
        record_member_access(Actor.of(request), member_id=referral.member_id, viewed=VIEW)
        return referral
    if capability == Capability.ANSWER_REFERRALS:
        raise Http404
    member_for_referrals(
        request, referral.member_id, capability=capability or Capability.VIEW_MEMBER
    )
    return referral


def record_inbox_shown(request, referrals) -> None:
    """The provider's inbox names members: one access-log row for the page."""
    access.record_members_shown(request, members=[r.member_id for r in referrals], viewed=VIEW)

"""Writes of the CBO directory: partners, their contracts and contacts, and their staff.

Every change is a django-reversion revision with the user and a comment, so the partner page
shows who changed what and when (cbo_partners.directory.history registers the models).
Creating a partner creates its organisation (kind CBO) and the auth group its staff share;
guardian's object grants on shared members go to that group.
"""

import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Organization, User
from accounts.roles import Role, role_group
from cbo_partners.models import Partner, PartnerContact, PartnerContract

from . import history  # noqa: F401 - registers the directory's models with reversion

PARTNER_FIELDS = ("capacity", "phone", "email", "address", "active")
CONTRACT_FIELDS = (
    "reference", "effective_on", "ends_on", "counties", "populations",
    "community_supports", "languages", "programs",
)  # fmt: skip
CONTACT_FIELDS = ("name", "title", "phone", "email", "primary")


def _revision(by, comment: str) -> None:
    reversion.set_user(by)
    reversion.set_comment(comment)


def group_name(organization: Organization) -> str:
    return f"cbo:{organization.pk}"


@transaction.atomic
def create_partner(*, name: str, by, organization: Organization | None = None, **fields):
    """A new partner (and its organisation, unless an existing CBO organisation is given)."""
    name = (name or "").strip()
    if organization is None:
        if not name:
            raise ValidationError({"name": "Enter the organisation's name."})
        if Organization.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": f"An organisation named {name} already exists."})
        organization = Organization.objects.create(name=name, kind=Organization.Kind.CBO)
    elif organization.kind != Organization.Kind.CBO:
        raise ValidationError({"organization": "A partner must be a community-based organisation."})
    if Partner.objects.filter(organization=organization).exists():
        raise ValidationError({"name": f"{organization} is already in the directory."})
    _check_capacity(fields.get("capacity"))
    group = Group.objects.get_or_create(name=group_name(organization))[0]
    with reversion.create_revision():
        _revision(by, "Partner added")
        partner = Partner.objects.create(
            organization=organization,
            group=group,
            **{k: v for k, v in fields.items() if k in PARTNER_FIELDS},
        )
    # Staff already in the organisation join the group.
    group.user_set.add(*User.objects.filter(organization=organization))
    return partner


def _check_capacity(capacity) -> None:
    if capacity is None or capacity < 0:
        raise ValidationError(
            {"capacity": "Enter the most members the CBO will carry (0 or more)."}
        )


@transaction.atomic
def update_partner(*, partner: Partner, by, name: str | None = None, **fields) -> Partner:
    if "capacity" in fields:
        _check_capacity(fields["capacity"])
    with reversion.create_revision():
        changed = [k for k in PARTNER_FIELDS if k in fields and getattr(partner, k) != fields[k]]
        for key in changed:
            setattr(partner, key, fields[key])
        if name is not None and name.strip() and name.strip() != partner.organization.name:
            partner.organization.name = name.strip()
            partner.organization.save(update_fields=["name"])
            changed.append("name")
        _revision(by, "Changed " + ", ".join(changed) if changed else "Saved without changes")
        partner.save()
    return partner


def _check_contract(fields) -> None:
    effective_on, ends_on = fields.get("effective_on"), fields.get("ends_on")
    if effective_on is None:
        raise ValidationError({"effective_on": "Enter the day the contract starts."})
    if ends_on is not None and ends_on < effective_on:
        raise ValidationError({"ends_on": "The contract cannot end before it starts."})
    if not fields.get("programs"):
        raise ValidationError({"programs": "Choose the program(s) the contract covers."})


@transaction.atomic
def add_contract(*, partner: Partner, by, **fields) -> PartnerContract:
    _check_contract(fields)
    with reversion.create_revision():
        _revision(by, "Contract added")
        contract = PartnerContract.objects.create(
            partner=partner, **{k: v for k, v in fields.items() if k in CONTRACT_FIELDS}
        )
        reversion.add_to_revision(partner)
    return contract


@transaction.atomic
def update_contract(*, contract: PartnerContract, by, **fields) -> PartnerContract:
    merged = {k: fields.get(k, getattr(contract, k)) for k in CONTRACT_FIELDS}
    _check_contract(merged)
    with reversion.create_revision():
        for key, value in merged.items():
            setattr(contract, key, value)
        contract.save()
        reversion.add_to_revision(contract.partner)
        _revision(by, f"Contract {contract.reference or contract.effective_on} changed")
    return contract


@transaction.atomic
def add_contact(*, partner: Partner, by, **fields) -> PartnerContact:
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": "Enter the contact's name."})
    with reversion.create_revision():
        _revision(by, "Contact added")
        contact = PartnerContact.objects.create(
            partner=partner, **{k: v for k, v in fields.items() if k in CONTACT_FIELDS}
        )
        reversion.add_to_revision(partner)
    return contact


@transaction.atomic
def remove_contact(*, contact: PartnerContact, by) -> None:
    partner = contact.partner
    with reversion.create_revision():
        _revision(by, f"Contact {contact.name} removed")
        contact.delete()
        reversion.add_to_revision(partner)


@transaction.atomic
def add_staff(*, partner: Partner, user: User, by, lead: bool = False) -> User:
    """Make `user` one of the CBO's staff: its organisation, its group, the CBO staff role (and
    the CBO lead role when `lead`)."""
    if user.organization_id not in (None, partner.organization_id) and user.organization.kind != (
        Organization.Kind.CBO
    ):
        raise ValidationError({"user": "A plan user cannot join a CBO."})
    user.organization = partner.organization
    user.save(update_fields=["organization"])
    user.groups.add(partner.group, role_group(Role.CBO_STAFF))
    if lead:
        user.groups.add(role_group(Role.CBO_LEAD))
    with reversion.create_revision():
        _revision(by, f"{user.username} joined as {'lead' if lead else 'staff'}")
        reversion.add_to_revision(partner)
    return user

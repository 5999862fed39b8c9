"""Pages of the CBO directory (plan admins): partners with capacity and load, a partner's page
with its contracts, contacts, staff and history of changes, and their forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.access import Capability
from accounts.models import Organization, User
from cbo_partners.models import PartnerContact

from . import selectors, services
from .forms import ContactForm, ContractForm, PartnerForm, StaffForm


def _partner(request, partner_id):
    access.require(request.user, Capability.MANAGE_PARTNERS)
    partner = selectors.partner_detail(partner_id)
    if partner is None:
        raise Http404
    return partner


def _candidates(partner):
    """Users who may join the CBO: its organisation's, or CBO users of no partner yet."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(organization_id=partner.organization_id)
            | Q(organization__kind=Organization.Kind.CBO, organization__partner__isnull=True)
        )
        .exclude(groups=partner.group)
        .order_by("username")
    )


@login_required
@require_http_methods(["GET"])
def partners(request):
    access.require(request.user, Capability.MANAGE_PARTNERS)
    return render(request, "cbo_partners/partners.html", {"partners": selectors.partners()})


@login_required
@require_http_methods(["GET", "POST"])
def partner_new(request):
    access.require(request.user, Capability.MANAGE_PARTNERS)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            partner = services.create_partner(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{partner} added to the directory.")
            return redirect("cbo_partners:partner", partner_id=partner.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "cbo_partners/partner_form.html", {"form": form}, status=status)


def _detail(request, partner, status=200, **forms):
    context = {
        "partner": partner,
        "history": selectors.partner_history(partner),
        "staff": User.objects.filter(groups=partner.group).order_by("username"),
        "contract_form": forms.get("contract_form") or ContractForm(),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "staff_form": forms.get("staff_form") or StaffForm(users=_candidates(partner)),
    }
    return render(request, "cbo_partners/partner.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def partner(request, partner_id: int):
    return _detail(request, _partner(request, partner_id))


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, partner_id: int):
    partner = _partner(request, partner_id)
    initial = {
        "name": partner.organization.name,
        **{k: getattr(partner, k) for k in services.PARTNER_FIELDS},
    }
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(partner=partner, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved.")
            return redirect("cbo_partners:partner", partner_id=partner.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "partner": partner}
    return render(request, "cbo_partners/partner_form.html", context, status=status)


@login_required
@require_POST
def contract_add(request, partner_id: int):
    partner = _partner(request, partner_id)
    form = ContractForm(request.POST)
    if form.is_valid():
        try:
            services.add_contract(partner=partner, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Contract added.")
            return redirect("cbo_partners:partner", partner_id=partner.pk)
    return _detail(request, partner, status=422, contract_form=form)


@login_required
@require_POST
def contact_add(request, partner_id: int):
    partner = _partner(request, partner_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact(partner=partner, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Contact added.")
            return redirect("cbo_partners:partner", partner_id=partner.pk)
    return _detail(request, partner, status=422, contact_form=form)


@login_required
@require_POST
def contact_remove(request, partner_id: int, contact_id: int):
    partner = _partner(request, partner_id)
    contact = PartnerContact.objects.filter(pk=contact_id, partner=partner).first()
    if contact is None:
        raise Http404
    services.remove_contact(contact=contact, by=request.user)
    messages.success(request, "Contact removed.")
    return redirect("cbo_partners:partner", partner_id=partner.pk)


@login_required
@require_POST
def staff_add(request, partner_id: int):
    partner = _partner(request, partner_id)
    form = StaffForm(request.POST, users=_candidates(partner))
    if form.is_valid():
        try:
            services.add_staff(
                partner=partner,
                user=form.cleaned_data["user"],
                lead=form.cleaned_data["lead"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Added to the CBO's staff.")
            return redirect("cbo_partners:partner", partner_id=partner.pk)
    return _detail(request, partner, status=422, staff_form=form)

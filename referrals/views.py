"""Referral pages: the member page's section, a new referral, a referral's page with the moves
the reader may make, the provider's inbox, and the plan admins' offerings page.

Every page reads through referrals/access.py (scoped, logged); every move goes through
referrals/services.py. A refused move answers 422 with the form as it was sent.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Capability, may, require
from core.queue import QueueUnavailable

from . import access, catalog, forms, import_services, offerings, selectors, services
from .models import CsOffering, Status


def _fail(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@require_GET
def member_section(request, member_id: int):
    member = access.member_for_referrals(request, member_id)
    context = {
        "member": member,
        "referrals": list(selectors.referrals_of(member.pk)),
        "may_refer": may(request.user, Capability.DO_CARE_WORK),
    }
    template = "referrals/_section.html" if request.htmx else "referrals/section_page.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def new_referral(request, member_id: int):
    """Service, reason, urgency and a provider contracted for the service in the member's
    county; a service not offered there cannot be referred."""
    member = access.member_for_referrals(request, member_id, capability=Capability.DO_CARE_WORK)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    service = (data or request.GET).get("service", "")
    service = service if service in catalog.BY_CODE else ""
    offered = selectors.offered_services(county=member.county, day=today)
    providers = list(selectors.providers_for(service, member.county, today)) if service else []
    form = forms.ReferralForm(data, providers=providers, initial={"service": service})
    status = 200
    if data is not None:
        if form.is_valid():
            chosen = next((p for p in providers if p.pk == form.cleaned_data["provider"]), None)
            try:
                if chosen is None:
                    raise ValidationError({"provider": "Choose a provider from the list."})
                referral = services.create_referral(
                    member=member, service=form.cleaned_data["service"], provider=chosen,
                    reason=form.cleaned_data["reason"], urgency=form.cleaned_data["urgency"],
                    by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(request, f"Referral sent to {chosen}.")
                return redirect("referrals:detail", referral_id=referral.pk)
        status = 422
    context = {
        "member": member,
        "form": form,
        "service": service,
        "service_name": catalog.name_of(service) if service else "",
        "offered": service in offered,
        "providers": providers,
        "services": [(s, s.code in offered) for s in catalog.SERVICES],
    }
    return render(request, "referrals/new.html", context, status=status)


def _detail_context(request, referral, **forms_given):
    user = request.user
    provider_user = access.is_provider_user(user)
    status = referral.status
    v = {"version": referral.version}
    context = {
        "referral": referral,
        "member": referral.member,
        "events": list(referral.events.select_related("actor").order_by("at", "id")),
        "deliveries": list(referral.deliveries.all()),
        "provider_user": provider_user,
        "decide_by": referral.decide_by if status in (Status.SENT, Status.RECEIVED) else None,
    }
    if provider_user:
        if status in (Status.SENT, Status.RECEIVED):
            context["accept_form"] = forms.VersionedForm(initial=v)
            context["decline_form"] = forms_given.get("decline") or forms.DeclineForm(initial=v)
        if status in (Status.AUTHORIZED, Status.IN_SERVICE):
            context["delivery_form"] = forms_given.get("deliver") or forms.DeliveryForm(initial=v)
        if status == Status.IN_SERVICE:
            context["complete_form"] = forms.VersionedForm(initial=v)
        return context
    if may(user, Capability.DO_CARE_WORK):
        if status == Status.DRAFT:
            context["send_form"] = forms.VersionedForm(initial=v)
        if status in (Status.COMPLETED, Status.DECLINED):
            context["close_form"] = forms_given.get("close") or forms.CloseForm(initial=v)
        if services.S.CANCELLED in services.ALLOWED_MOVES[status]:
            context["cancel_form"] = forms_given.get("cancel") or forms.CancelForm(initial=v)
    if status == Status.ACCEPTED and may(user, Capability.AUTHORIZE_SUPPORTS):
        context["authorize_form"] = forms_given.get("authorize") or forms.AuthorizeForm(initial=v)
        context["unit"] = catalog.BY_CODE[referral.service].unit
    context["check"] = forms_given.get("check")
    return context


@login_required
@require_GET
def detail(request, referral_id: int):
    referral = access.referral_for(request, referral_id)
    return render(request, "referrals/detail.html", _detail_context(request, referral))


ACTIONS = {
    # action: (form, capability the move needs)
    "send": (forms.VersionedForm, Capability.DO_CARE_WORK),
    "accept": (forms.VersionedForm, Capability.ANSWER_REFERRALS),
    "decline": (forms.DeclineForm, Capability.ANSWER_REFERRALS),
    "authorize": (forms.AuthorizeForm, Capability.AUTHORIZE_SUPPORTS),
    "deliver": (forms.DeliveryForm, Capability.ANSWER_REFERRALS),
    "complete": (forms.VersionedForm, Capability.ANSWER_REFERRALS),
    "close": (forms.CloseForm, Capability.DO_CARE_WORK),
    "cancel": (forms.CancelForm, Capability.DO_CARE_WORK),
}


def _apply(action: str, referral, data: dict, by):
    v = {"by": by, "version": data["version"]}
    if action == "send":
        return services.send_referral(referral, **v), None
    if action == "accept":
        return services.accept(referral, **v), None
    if action == "decline":
        return services.decline(referral, reason=data["reason"], note=data["note"], **v), None
    if action == "authorize":
        return services.authorize(
            referral, number=data["number"], start=data["start"], end=data["end"],
            units=data["units"], amount=data["amount"],
            override_reason=data["override_reason"], **v,
        )  # fmt: skip
    if action == "deliver":
        return services.record_delivery(
            referral, start=data["start"], end=data["end"], units=data["units"], **v
        ), None
    if action == "complete":
        return services.complete(referral, **v), None
    if action == "close":
        return services.close(referral, closure_reason=data["closure_reason"],
                              connected=data["connected"], connected_on=data["connected_on"],
                              **v), None  # fmt: skip
    return services.cancel(referral, reason=data["reason"], note=data["note"], **v), None


@login_required
@require_POST
def act(request, referral_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    form_class, capability = ACTIONS[action]
    require(request.user, capability)
    referral = access.referral_for(request, referral_id, capability=capability)
    form = form_class(request.POST)
    check = None
    if form.is_valid():
        try:
            referral, check = _apply(action, referral, form.cleaned_data, request.user)
        except ValidationError as error:
            _fail(form, error)
            if action == "authorize" and "override_reason" in getattr(error, "error_dict", {}):
                check = error.error_dict["override_reason"][0].message
        else:
            message = gettext("Referral %(status)s.") % {
                "status": referral.get_status_display().lower()
            }
            if check is not None:
                message += " " + gettext("Limit check: %(detail)s.") % {"detail": check.detail}
            messages.success(request, message)
            return redirect("referrals:detail", referral_id=referral.pk)
    referral.refresh_from_db()
    context = _detail_context(request, referral, **{action: form, "check": check})
    context["failed_action"] = action
    context["errors"] = form.non_field_errors()
    return render(request, "referrals/detail.html", context, status=422)


@login_required
@require_GET
def inbox(request):
    require(request.user, Capability.ANSWER_REFERRALS)
    partner = access.provider_of(request.user)
    referrals = list(selectors.inbox_of(partner)[:200]) if partner else []
    access.record_inbox_shown(request, referrals)
    rows = [(r, r.decide_by if r.status in (Status.SENT, Status.RECEIVED) else None)
            for r in referrals]  # fmt: skip
    return render(request, "referrals/inbox.html", {"partner": partner, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def offerings_page(request):
    """The plan's offerings per county with their history (plan admins)."""
    require(request.user, Capability.CONFIGURE)
    form = forms.OfferingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("end_id"):
                    offering = CsOffering.objects.filter(pk=request.POST["end_id"]).first()
                    if offering is None or data["effective_to"] is None:
                        raise ValidationError({"effective_to": "Enter the end of the period."})
                    offerings.end_offering(offering, end=data["effective_to"])
                else:
                    offerings.add_offering(county=data["county"], service=data["service"],
                                           start=data["effective_from"],
                                           end=data["effective_to"])  # fmt: skip
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(request, "Offering saved.")
                return redirect("referrals:offerings")
        status = 422
    return _offerings(request, form=form, status=status)


def _offerings(request, *, form=None, upload=None, status=200):
    context = {
        "form": form or forms.OfferingForm(),
        "upload": upload
        or (forms.CsUploadForm() if may(request.user, Capability.IMPORT) else None),
        "rows": CsOffering.objects.order_by("county", "service", "effective_from"),
    }
    return render(request, "referrals/offerings.html", context, status=status)


@login_required
@require_POST
def upload(request):
    """cs_offerings.csv or cs_authorizations.csv, queued as an import job the browser watches."""
    require(request.user, Capability.IMPORT)
    form = forms.CsUploadForm(request.POST, request.FILES)
    status = 422
    if form.is_valid():
        try:
            job = import_services.start_cs_import(
                kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("file", error)
        except QueueUnavailable as error:
            form.add_error("file", error.message)
            status = 503
        else:
            return redirect("core:import_job", job_id=job.pk)
    if not may(request.user, Capability.CONFIGURE):
        return render(request, "referrals/upload.html", {"upload": form}, status=status)
    return _offerings(request, upload=form, status=status)

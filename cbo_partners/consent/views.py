"""Pages of consent: record (with the signed form), revoke, and the form's download, served only
through the access layer as an attachment."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from cbo_partners.assignments.views import SECTION_LOG, _done, render_section
from cbo_partners.directory.selectors import partners as all_partners
from cbo_partners.models import Consent

from . import services
from .forms import ConsentForm, RevokeForm


@login_required
@require_POST
def record(request, member_id: int):
    member = access.access_member(
        request, member_id, capability=Capability.RECORD_CONSENT, log_as=SECTION_LOG
    )
    form = ConsentForm(request.POST, request.FILES, partners=all_partners().filter(active=True))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record(
                member=member,
                recipients=list(data["recipients"]),
                scopes=data["scopes"],
                method=data["method"],
                effective_on=data["effective_on"],
                expires_on=data["expires_on"],
                form=data["form"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, member, "Consent recorded.")
    return render_section(request, member, status=422, consent_form=form)


def member_consent(request, member_id, consent_id, *, log_as) -> tuple:
    member = access.access_member(
        request, member_id, capability=Capability.RECORD_CONSENT, log_as=log_as
    )
    consent = Consent.objects.filter(
        pk=consent_id if str(consent_id).isdigit() else 0, member=member
    ).first()
    if consent is None:
        raise Http404
    return member, consent


@login_required
@require_POST
def revoke(request, member_id: int, consent_id: int):
    member, consent = member_consent(request, member_id, consent_id, log_as=SECTION_LOG)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke(
                consent=consent,
                by=request.user,
                revoked_on=form.cleaned_data["revoked_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, member, "Consent revoked; the CBO no longer sees the member.")
    errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
    return render_section(request, member, status=422, revoke_error=(consent.pk, errors))


@login_required
@require_GET
def form_download(request, member_id: int, consent_id: int):
    """The signed form, as an attachment (never shown inline), to plan staff who may record
    consent for a member they see; access-logged."""
    _member, consent = member_consent(
        request, member_id, consent_id, log_as=AccessLog.View.CONSENT_FORM
    )
    if not consent.form:
        raise Http404
    response = FileResponse(
        consent.form.open("rb"),
        as_attachment=True,
        filename=consent.form_name or "consent-form",
        content_type=consent.form_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

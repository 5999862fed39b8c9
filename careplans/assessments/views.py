"""Assessment pages: the member page's Assessments section, starting one, answering it.

The members app may not import careplans, so the member page loads the section with htmx from
here (a plain GET gets it as a page of its own). Reading follows the access layer's member
scope; writing is plan care work (Capability.DO_CARE_WORK), and CBO staff get 404 on every
write. Each request for a member's assessments writes an access-log row
(accounts.access.access_member). Answers travel in POST bodies only, never in URLs. A save from
a stale revision answers 409 with the person's own answers shown back.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import Capability, DataCategory
from audit.models import AccessLog
from careplans.assessments import selectors as assessment_selectors
from careplans.assessments import services as assessments
from careplans.assessments.forms import AssessmentForm, StartAssessmentForm
from careplans.models import Assessment, AssessmentStatus
from members.models import Member

ACCESS_LOG_VIEW = AccessLog.View.ASSESSMENTS


def _render_section(request, member: Member, *, start_form=None, status=200):
    may_write = access.may(request.user, Capability.DO_CARE_WORK)
    context = {
        "member": member,
        "assessments": assessment_selectors.section_assessments(member),
        "may_write": may_write,
        "published_kinds": assessment_selectors.published_kinds() if may_write else set(),
        "start_form": start_form or StartAssessmentForm(member=member),
    }
    template = (
        "careplans/_assessment_section.html"
        if request.htmx
        else "careplans/assessment_section_page.html"
    )
    return render(request, template, context, status=status)


@login_required
@require_GET
def member_assessments(request, member_id: int):
    """The section; a reader who may not see the answers (a CBO partner) gets the flagged
    needs only."""
    if not access.may_see(request.user, DataCategory.ASSESSMENTS):
        return _flagged_needs_only(request, member_id)
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
    return _render_section(request, member)


def _flagged_needs_only(request, member_id: int):
    member = access.access_member(
        request, member_id, log_as=ACCESS_LOG_VIEW, category=DataCategory.FLAGGED_NEEDS
    )
    needs = assessment_selectors.flagged_needs(member, reader=request.user)
    context = {
        "member": member,
        "needs": needs,
        "needs_only": True,
        "part2_notice": assessment_selectors.shows_sud(needs),
    }
    template = (
        "careplans/_flagged_needs.html"
        if request.htmx
        else "careplans/assessment_section_page.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def assessment_start(request, member_id: int):
    """Start an HRA or SDOH screening on the published version, in the chosen language."""
    member = access.access_member(
        request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
    )
    form = StartAssessmentForm(request.POST, member=member)
    if form.is_valid():
        try:
            assessment = assessments.start_assessment(
                member=member,
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = reverse("careplans:assessment", args=[member.pk, assessment.pk])
            if request.htmx:
                return HttpResponse(status=204, headers={"HX-Redirect": url})
            return redirect(url)
    return _render_section(request, member, start_form=form, status=422)


def _worded(assessment: Assessment, answers: dict | None = None):
    return assessment_selectors.worded_questions(
        assessment_selectors.questions_of(assessment.question_set),
        language=assessment.language,
        answers=assessment.answers if answers is None else answers,
    )


def _render_assessment(request, member, assessment, *, form=None, status=200, **extra):
    may_edit = assessment.status == AssessmentStatus.DRAFT and access.may(
        request.user, Capability.DO_CARE_WORK
    )
    if may_edit and form is None:
        form = AssessmentForm(
            initial={"revision": assessment.revision}, questions=_worded(assessment)
        )
    context = {
        "member": member,
        "assessment": assessment,
        "question_set": assessment.question_set,
        "form": form if may_edit else None,
        "questions": None if may_edit else _worded(assessment),
        "needs": list(assessment.needs.all()),
        **extra,
    }
    return render(request, "careplans/assessment.html", context, status=status)


def _back_to_form(request, assessment: Assessment, *, revision: int) -> AssessmentForm:
    """The person's posted answers as a bound form, now based on `revision`."""
    data = request.POST.copy()
    data["revision"] = str(revision)
    form = AssessmentForm(data, questions=_worded(assessment))
    form.is_valid()
    return form


def _differences(form: AssessmentForm, current: Assessment) -> list[str]:
    """The questions where what is saved now differs from what the person posted."""
    if not form.is_valid():
        return []
    posted = {k: v for k, v in form.answers().items() if v is not None}
    return [
        worded.text
        for worded in form.questions
        if posted.get(worded.key) != current.answers.get(worded.key)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request, member_id: int, assessment_id: int):
    """An assessment: its form while a draft (for care staff), read-only once completed."""
    if request.method == "POST":
        return _assessment_post(request, member_id, assessment_id)
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
    assessment = assessment_selectors.member_assessment(member, assessment_id)
    return _render_assessment(request, member, assessment)


def _assessment_post(request, member_id: int, assessment_id: int):
    member = access.access_member(
        request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
    )
    assessment = assessment_selectors.member_assessment(member, assessment_id)
    form = AssessmentForm(request.POST, questions=_worded(assessment))
    if not form.is_valid():
        form.add_error(None, "Your answers were not saved: correct the answers marked below.")
        return _render_assessment(request, member, assessment, form=form, status=422)
    completing = request.POST.get("action") == "complete"
    try:
        saved = assessments.save_answers(
            assessment=assessment,
            answers=form.answers(),
            revision=form.cleaned_data["revision"],
            by=request.user,
        )
        if completing:
            assessments.complete_assessment(
                assessment=saved, revision=saved.revision, by=request.user
            )
    except assessments.StaleRevision as stale:
        current = stale.current
        retry = _back_to_form(request, current, revision=current.revision)
        retry.add_error(
            None, f"{stale} Your answers are shown below: review them and save again to keep them."
        )
        return _render_assessment(
            request,
            member,
            current,
            form=retry,
            status=409,
            differences=_differences(form, current),
        )
    except assessments.AssessmentIncomplete as incomplete:
        retry = _back_to_form(request, assessment, revision=saved.revision)
        retry.add_answer_errors(incomplete.message_dict)
        retry.add_error(None, "Your answers were saved, but the assessment is not complete yet.")
        return _render_assessment(request, member, assessment, form=retry, status=422)
    except ValidationError as error:
        if hasattr(error, "error_dict"):  # answers the rules refuse: marked on their questions
            form.add_answer_errors(error.message_dict)
            form.add_error(None, "Your answers were not saved: correct the answers marked below.")
            return _render_assessment(request, member, assessment, form=form, status=422)
        messages.error(request, " ".join(error.messages))
        return redirect("careplans:assessment", member.pk, assessment.pk)
    if completing:
        messages.success(request, "Assessment completed. The needs it flagged are shown below.")
    else:
        messages.success(request, "Draft saved. You can come back to finish it later.")
    return redirect("careplans:assessment", member.pk, assessment.pk)

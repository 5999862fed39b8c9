"""Question-set pages for plan admins: versions per kind, editing a draft, publishing.

Configuration is for plan admins only (the access layer's Capability.CONFIGURE); everyone else gets
404. Every write goes through careplans.assessments.question_sets, which refuses published and
retired versions; the refusal is shown as a message on the version's page.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import Capability
from careplans.assessments import question_sets
from careplans.assessments.forms import (
    QuestionForm,
    QuestionSetDetailsForm,
    ScoringRulesForm,
    format_rules,
)
from careplans.models import AssessmentKind, Question, QuestionSet


def configuration(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        access.require(request.user, Capability.CONFIGURE)
        return view(request, *args, **kwargs)

    return wrapped


def _refused(request, question_set: QuestionSet, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("careplans:question_set", question_set.pk)


def _render_list(request, *, error: str = "", status: int = 200):
    return render(
        request,
        "careplans/question_set_list.html",
        {"by_kind": question_sets.question_sets_by_kind(), "error": error},
        status=status,
    )


@configuration
@require_GET
def question_set_list(request):
    """Every version of the HRA and the SDOH screening, with its status."""
    return _render_list(request)


@configuration
@require_POST
def question_set_new_version(request):
    """Copy the published version of a kind into a new draft."""
    kind = request.POST.get("kind")
    if kind not in AssessmentKind.values:
        return _render_list(request, error="Choose the HRA or the SDOH screening.", status=422)
    try:
        draft = question_sets.new_version(kind=kind, by=request.user)
    except ValidationError as error:
        return _render_list(request, error=" ".join(error.messages), status=409)
    messages.success(request, f"{draft} created as a draft copy. Edit it, then publish it.")
    return redirect("careplans:question_set", draft.pk)


def _render_question_set(request, question_set, *, details_form=None, rules_form=None, status=200):
    rules = list(question_sets.scoring_rules_of(question_set))
    editable = question_set.is_editable
    context = {
        "question_set": question_set,
        "questions": list(question_set.questions.order_by("position", "id")),
        "rules": rules,
        "needs": list(question_sets.needs_catalog()),
        "editable": editable,
        "problems": question_sets.publication_problems(question_set) if editable else [],
        "details_form": details_form
        or QuestionSetDetailsForm(
            initial={"title": question_set.title, "notes": question_set.notes}
        ),
        "rules_form": rules_form or ScoringRulesForm(initial={"rules_text": format_rules(rules)}),
    }
    return render(request, "careplans/question_set.html", context, status=status)


@configuration
@require_http_methods(["GET", "POST"])
def question_set_page(request, question_set_id: int):
    """A version: its questions and rules; a draft's title and notes are changed here."""
    question_set = get_object_or_404(QuestionSet, pk=question_set_id)
    if request.method == "GET":
        return _render_question_set(request, question_set)
    form = QuestionSetDetailsForm(request.POST)
    if not form.is_valid():
        return _render_question_set(request, question_set, details_form=form, status=422)
    try:
        question_sets.update_details(question_set=question_set, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, question_set, error)
    messages.success(request, "Title and notes saved.")
    return redirect("careplans:question_set", question_set.pk)


@configuration
@require_http_methods(["GET", "POST"])
def question_edit(request, question_set_id: int, question_id: int | None = None):
    """Add a question to a draft, or change one (both languages, choices with points)."""
    question_set = get_object_or_404(QuestionSet, pk=question_set_id)
    question = None
    if question_id is not None:
        question = get_object_or_404(Question, pk=question_id, question_set=question_set)
    try:
        question_sets.check_editable(question_set)
    except question_sets.QuestionSetLocked as error:
        return _refused(request, question_set, error)
    form = QuestionForm(request.POST or None, instance=question or Question())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                question_sets.save_question(
                    question_set=question_set, question=question, **form.question_fields()
                )
            except question_sets.QuestionSetLocked as error:
                return _refused(request, question_set, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Question {form.cleaned_data['key']} saved.")
                return redirect("careplans:question_set", question_set.pk)
        status = 422
    return render(
        request,
        "careplans/question_set_question.html",
        {"question_set": question_set, "question": question, "form": form},
        status=status,
    )


@configuration
@require_POST
def question_move(request, question_set_id: int, question_id: int):
    question = get_object_or_404(Question, pk=question_id, question_set_id=question_set_id)
    try:
        question_sets.move_question(question=question, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        return _refused(request, question.question_set, error)
    return redirect("careplans:question_set", question_set_id)


@configuration
@require_POST
def question_remove(request, question_set_id: int, question_id: int):
    question = get_object_or_404(Question, pk=question_id, question_set_id=question_set_id)
    try:
        question_sets.remove_question(question=question)
    except ValidationError as error:
        return _refused(request, question.question_set, error)
    messages.success(request, f"Question {question.key} removed.")
    return redirect("careplans:question_set", question_set_id)


@configuration
@require_POST
def scoring_rules(request, question_set_id: int):
    question_set = get_object_or_404(QuestionSet, pk=question_set_id)
    form = ScoringRulesForm(request.POST)
    if not form.is_valid():
        return _render_question_set(request, question_set, rules_form=form, status=422)
    try:
        question_sets.replace_scoring_rules(
            question_set=question_set, rules=form.cleaned_data["rules_text"]
        )
    except ValidationError as error:
        return _refused(request, question_set, error)
    messages.success(request, "Scoring rules saved.")
    return redirect("careplans:question_set", question_set.pk)


@configuration
@require_POST
def question_set_publish(request, question_set_id: int):
    question_set = get_object_or_404(QuestionSet, pk=question_set_id)
    try:
        question_sets.publish(question_set=question_set, by=request.user)
    except ValidationError as error:
        return _refused(request, question_set, error)
    messages.success(
        request,
        f"{question_set} published. New assessments use it; ones already started keep theirs.",
    )
    return redirect("careplans:question_set", question_set.pk)

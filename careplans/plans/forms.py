"""Forms of the care plan page. Each change form carries the plan revision it was opened on.

The rules (target date, due date, acknowledgement date) are enforced by the services in
careplans/care_plans.py; the forms only parse input and attach the services' messages to their
fields. Problem and goal choices come from the plan's prefetched parts, so rendering the forms
adds no query per goal or task.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from careplans.models import (
    AcknowledgementMethod,
    AssessmentNeed,
    CarePlan,
    GoalStatus,
    Need,
    TaskOwner,
    TaskStatus,
)
from careplans.plans import selectors as plan_selectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CarePlanCreateForm(forms.Form):
    """The problems to start the plan with: the flagged needs (editable) and any added by hand."""

    other_problems = forms.CharField(
        label=_("Other problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One problem per line."),
    )

    def __init__(self, *args, suggested: list[AssessmentNeed], **kwargs):
        super().__init__(*args, **kwargs)
        self.need_rows = []
        for flag in suggested:
            codes = f" ({flag.need.icd10_codes})" if flag.need.icd10_codes else ""
            include = f"include_{flag.pk}"
            self.fields[include] = forms.BooleanField(
                label=f"{flag.need.label}{codes}", required=False, initial=True
            )
            description = f"description_{flag.pk}"
            self.fields[description] = forms.CharField(
                label=_("Problem for %(need)s") % {"need": flag.need.label},
                max_length=300,
                initial=flag.need.label,
            )
            self.need_rows.append((flag, include, description))

    def problems(self) -> list[dict]:
        chosen = [
            {"source": flag, "description": self.cleaned_data[description]}
            for flag, include, description in self.need_rows
            if self.cleaned_data.get(include)
        ]
        typed = [line.strip() for line in self.cleaned_data["other_problems"].splitlines()]
        return chosen + [{"source": None, "description": line} for line in typed if line]

    def bound_need_rows(self):
        return [
            (flag, self[include], self[description])
            for flag, include, description in self.need_rows
        ]


class PlanChangeForm(forms.Form):
    """Base of every change: the revision the user saw, so a save over someone else's fails."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, plan: CarePlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if not self.is_bound:
            self.initial.setdefault("revision", plan.revision)


def _choice_of(objects, *, label) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(obj.pk), label(obj)) for obj in objects]


def _pick(objects, value):
    if not value:
        return None
    return next((obj for obj in objects if str(obj.pk) == value), None)


SUD_HELP = _(
    "Substance use disorder data (42 CFR Part 2): shown to CBO staff only under a Part 2 "
    "consent naming their organisation."
)


class ProblemForm(PlanChangeForm):
    description = forms.CharField(label=_("Problem or need"), max_length=300)
    need = forms.ChoiceField(
        label=_("Z codes"),
        required=False,
        help_text=_("The need from the catalog whose ICD-10 Z codes this problem carries."),
    )
    resolved_on = forms.DateField(label=_("Resolved on"), required=False, widget=DATE)
    sud = forms.BooleanField(label=_("Substance use (Part 2)"), required=False, help_text=SUD_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(Need.objects.exclude(icd10_codes="").only("id", "label", "icd10_codes"))
        self.fields["need"].choices = _choice_of(
            self.needs, label=lambda n: f"{n.label}: {n.icd10_codes}"
        )

    def clean_need(self):
        return _pick(self.needs, self.cleaned_data["need"])


class GoalForm(PlanChangeForm):
    problem = forms.ChoiceField(label=_("For problem"), required=False)
    member_words = forms.CharField(
        label=_("The member's goal, in their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measurable_goal = forms.CharField(label=_("Measurable goal"), max_length=300)
    target_date = forms.DateField(
        label=_("Target date"),
        widget=DATE,
        error_messages={"required": _("A goal needs a target date.")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED
    )
    sud = forms.BooleanField(label=_("Substance use (Part 2)"), required=False, help_text=SUD_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = list(self.plan.problems.all())
        self.fields["problem"].choices = _choice_of(self.problems, label=lambda p: p.description)

    def clean_problem(self):
        return _pick(self.problems, self.cleaned_data["problem"])


class GoalProposalForm(GoalForm):
    """A CBO partner's proposed goal: no status (it starts when accepted), no SUD tag (it
    follows its problem)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        del self.fields["sud"]


class GoalDecisionForm(PlanChangeForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Why rejected"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the proposed goal is rejected."))
        return data


class TaskForm(PlanChangeForm):
    goal = forms.ChoiceField(label=_("For goal"), required=False)
    description = forms.CharField(label=_("Task or intervention"), max_length=300)
    owner = forms.ChoiceField(label=_("Owner"), choices=TaskOwner.choices)
    owner_user = forms.ModelChoiceField(
        label=_("Owner (portal user)"), queryset=get_user_model().objects.none(), required=False
    )
    owner_name = forms.CharField(
        label=_("Owner (name, if not a portal user)"), max_length=200, required=False
    )
    due_on = forms.DateField(
        label=_("Due date"), widget=DATE, error_messages={"required": _("A task needs a due date.")}
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=TaskStatus.choices, initial=TaskStatus.OPEN
    )
    sud = forms.BooleanField(label=_("Substance use (Part 2)"), required=False, help_text=SUD_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(self.plan.goals.all())
        self.fields["goal"].choices = _choice_of(self.goals, label=lambda g: g.measurable_goal)
        # plan staff, and the member's CBO care manager as a real user (not typed text)
        self.fields["owner_user"].queryset = plan_selectors.task_owner_candidates(
            self.plan.member_id
        )

    def clean_goal(self):
        return _pick(self.goals, self.cleaned_data["goal"])


class NewTaskForm(TaskForm):
    """A new task is open; its status is set when it is edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class TeamMemberForm(PlanChangeForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(
        label=_("Role"), max_length=100, help_text=_("e.g. PCP, CBO care manager, caregiver")
    )
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class AcknowledgementForm(PlanChangeForm):
    acknowledged_on = forms.DateField(label=_("Date of acknowledgement"), widget=DATE)
    method = forms.ChoiceField(
        label=_("How the member acknowledged the plan"),
        choices=AcknowledgementMethod.choices,
        widget=forms.RadioSelect,
    )


class ReviewForm(PlanChangeForm):
    """Mark reviewed: only the revision; the review date is today."""

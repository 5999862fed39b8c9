from django import forms
from django.utils import timezone

from core.dates import validate_as_of
from core.models import ImportJob
from members.models import Program

from .models import DisenrollmentReason, EnrollmentStatus, ReviewDecision
from .reviews import population_choices


class ClinicalUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="File",
        choices=[
            (ImportJob.Kind.DIAGNOSES, "Diagnoses (diagnoses.csv)"),
            (ImportJob.Kind.UTILIZATION, "Utilization (utilization.csv)"),
        ],
        help_text="Which contract file you are uploading.",
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the columns of the diagnoses.csv or utilization.csv contract.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ReviewForm(forms.Form):
    """Confirm or override one population; the service holds the rule that overrides need a
    reason, and its message is attached to the reason field."""

    population = forms.ChoiceField(label="Population of focus")
    decision = forms.ChoiceField(
        label="Decision", choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        help_text="Required for an override: what you found that the data feeds do not show.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, program: str, **kwargs):
        kwargs.setdefault("prefix", "review")
        super().__init__(*args, **kwargs)
        self.fields["population"].choices = [("", "Choose…"), *population_choices(program)]


class EnrollmentChangeForm(forms.Form):
    """The next step for one member's episode in one program; only the allowed steps are offered."""

    program = forms.ChoiceField(choices=Program.choices, widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label="Next step")
    effective_on = forms.DateField(
        label="Effective date", widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label="Disenrollment reason",
        required=False,
        choices=[("", "Choose…"), *DisenrollmentReason.choices],
    )
    reason_text = forms.CharField(
        label="Other reason", required=False, max_length=500, help_text="Required for Other."
    )
    note = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args, program: str, next_statuses=(), **kwargs):
        kwargs.setdefault("prefix", f"enrollment-{program.lower()}")
        kwargs.setdefault("initial", {"program": program, "effective_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["to_status"].choices = [(s, STEP_LABELS[s]) for s in next_statuses]
        self.fields["effective_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    @property
    def disenrolls(self) -> bool:
        steps = self.fields["to_status"].choices
        return any(value == EnrollmentStatus.DISENROLLED for value, _ in steps)


STEP_LABELS = {
    EnrollmentStatus.IDENTIFIED: "Identify for the program",
    EnrollmentStatus.OUTREACH: "Start outreach",
    EnrollmentStatus.ENROLLED: "Enroll",
    EnrollmentStatus.DECLINED: "Member declined",
    EnrollmentStatus.UNABLE_TO_REACH: "Unable to reach",
    EnrollmentStatus.DISENROLLED: "Disenroll",
}


class EvaluateForm(forms.Form):
    as_of = forms.DateField(
        label="Evaluate as of",
        help_text="The day every time window counts back from (YYYY-MM-DD).",
        input_formats=["%Y-%m-%d"],
        validators=[validate_as_of],
        error_messages={
            "required": "Enter the day to evaluate as of (YYYY-MM-DD).",
            "invalid": "Enter a real date as YYYY-MM-DD, e.g. 2026-09-30.",
        },
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

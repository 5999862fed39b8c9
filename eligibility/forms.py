from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import validate_as_of
from core.models import ImportJob

from .models import ReviewDecision
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

    population = forms.ChoiceField(label=_("Population of focus"))
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Required for an override: what you found that the data feeds do not show."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, program: str, **kwargs):
        kwargs.setdefault("prefix", "review")
        super().__init__(*args, **kwargs)
        self.fields["population"].choices = [("", _("Choose…")), *population_choices(program)]


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

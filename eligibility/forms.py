from django import forms

from core.models import ImportJob


class ClinicalUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="File",
        choices=[
            (ImportJob.Kind.DIAGNOSES, "Diagnoses (diagnoses.csv)"),
            (ImportJob.Kind.UTILIZATION, "Utilization (utilization.csv)"),
        ],
        help_text="Which contract file you are uploading.",
        widget=forms.Select(attrs={"aria-describedby": "kind-help"}),
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the columns of the diagnoses.csv or utilization.csv contract.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,text/csv", "aria-describedby": "file-help"}
        ),
    )

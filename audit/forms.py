from django import forms
from django.utils import timezone

from accounts.models import User

MAX_DAYS = 366


class AccessLogExportForm(forms.Form):
    """Which part of the access log to export: the plan's days start..end, and one user or all."""

    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    user = forms.ModelChoiceField(
        label="User",
        queryset=User.objects.order_by("username"),
        to_field_name="username",
        required=False,
        empty_label="Everyone",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", "The end date must be on or after the start date.")
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", f"Export at most {MAX_DAYS} days at a time.")
            if end > timezone.localdate():
                self.add_error("end", "The end date cannot be in the future.")
        return cleaned

"""Forms of the referral pages; the services decide, the forms only parse."""

from django import forms

from . import catalog
from .models import ClosureReason, Reason, Urgency


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReferralForm(forms.Form):
    service = forms.ChoiceField(choices=catalog.CHOICES, label="Community Support")
    provider = forms.TypedChoiceField(
        coerce=int, label="Provider", choices=(),
        error_messages={"invalid_choice": "This provider has no contract for the service in the "
                        "member's county; choose a provider from the list."},
    )  # fmt: skip
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             label="Reason for the referral")  # fmt: skip
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE)

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [
            (p.pk, f"{p} (capacity {p.capacity}, {p.open_referrals} open referrals)")
            for p in providers
        ]


class DeclineForm(VersionedForm):
    reason = forms.ChoiceField(choices=Reason.choices, label="Reason declined")
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))


class CancelForm(DeclineForm):
    reason = forms.ChoiceField(choices=Reason.choices, label="Reason cancelled")


class AuthorizeForm(VersionedForm):
    number = forms.CharField(max_length=100, label="Authorization number")
    start = forms.DateField(label="Start", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="End", widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.IntegerField(required=False, min_value=0, label="Units")
    amount = forms.DecimalField(required=False, min_value=0, max_digits=11, decimal_places=2,
                                label="Amount (USD)")  # fmt: skip
    override_reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea({"rows": 2}),
        label="Override reason (only when over a limit)",
    )  # fmt: skip


class DeliveryForm(VersionedForm):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.IntegerField(required=False, min_value=0, label="Units delivered")


class CloseForm(VersionedForm):
    closure_reason = forms.ChoiceField(choices=ClosureReason.choices, label="Closure reason")
    connected = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes",
        widget=forms.RadioSelect, label="Was the member connected to the service?",
    )  # fmt: skip
    connected_on = forms.DateField(required=False, label="Connected on",
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip


class OfferingForm(forms.Form):
    county = forms.CharField(max_length=40)
    service = forms.ChoiceField(choices=catalog.CHOICES)
    effective_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                                     help_text="A 1 January or a 1 July.")  # fmt: skip
    effective_to = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="A 30 June or a 31 December; empty = open.",
    )  # fmt: skip


class CsUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="File",
        choices=[
            ("cs_offerings", "Offerings (cs_offerings.csv)"),
            ("cs_authorizations", "Authorization history (cs_authorizations.csv)"),
        ],
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the contract's columns; any bad line rejects the whole file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

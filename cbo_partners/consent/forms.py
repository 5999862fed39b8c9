"""Forms of consent; the services decide what is valid and name the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cbo_partners.models import ConsentMethod, ConsentScope


class ConsentForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Shared with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scopes = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=ConsentScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(label=_("How given"), choices=ConsentMethod.choices)
    effective_on = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    form = forms.FileField(
        label=_("Signed form (PDF, JPEG or PNG)"), required=False, allow_empty_file=True
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = partners


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(
        label=_("Revoked on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

"""Forms of CBO assignments; the services decide what is valid and name the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cbo_partners.models import DeclineReason
from members.models import Program


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        carried = getattr(partner, "carried", None)
        if carried is None:
            return str(partner)
        words = {"partner": partner, "carried": carried, "capacity": partner.capacity}
        if carried >= partner.capacity:
            return _("%(partner)s — %(carried)s of %(capacity)s (full)") % words
        return _("%(partner)s — %(carried)s of %(capacity)s") % words


class AssignForm(forms.Form):
    partner = PartnerChoiceField(queryset=None, label=_("CBO"))
    program = forms.ChoiceField(label=_("Program"), choices=Program.choices)
    over_capacity_reason = forms.CharField(
        label=_("Reason to go beyond capacity"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the CBO is at capacity."),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class ReassignForm(AssignForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["program"]


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    cbo_care_manager = forms.ModelChoiceField(queryset=None, label="CBO care manager")
    reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, care_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cbo_care_manager"].queryset = care_managers
        self.fields["cbo_care_manager"].label_from_instance = (
            lambda user: user.get_full_name() or user.username
        )


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(
        label="Reason", choices=[("", "Choose a reason"), *DeclineReason.choices], required=False
    )
    decline_note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

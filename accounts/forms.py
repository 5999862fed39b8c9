"""Login, second-factor and token forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from . import lockout


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's growing delays (accounts.lockout)."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        try:
            lockout.check_not_delayed(username)
        except lockout.LoginDelayed as delayed:
            raise ValidationError(str(delayed), code="delayed") from None
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if any(e.code == "invalid_login" for e in error.error_list):
                lockout.record_failure(username)
            raise
        lockout.record_success(username)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        help_text="After adding the account, type the 6-digit code the app shows.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
